import ConvCore
import Presets
import Testing

/// `PresetLoader.parse`: a valid preset, and every class of malformed text, each an error that names the
/// file, the key (and row), and the line.
struct PresetLoaderTests {
    // MARK: - What loads

    @Test func theSmallPresetLoads() throws {
        let preset = try PresetLoader.parse(validPreset, file: "small.yaml")
        #expect(preset.name == "small")
        #expect(preset.description == nil)
        #expect(preset.input == Tensor(shape: Shape4(n: 1, c: 1, h: 3, w: 3), values: [1, 2, 0, 0, 1, 1, 1, 2, 1]))
        #expect(preset.inputRank == 2 && !preset.isBatched)
        #expect(preset.kernel == Tensor(shape: Shape4(n: 1, c: 1, h: 2, w: 2), values: [1, 0, 0, 1]))
        #expect(preset.bias == nil)
        #expect(preset.parameters == Conv2dParameters())
        #expect(try preset.convolution().output().values == [2, 3, 2, 2])
    }

    @Test func everyKeyIsRead() throws {
        let text = """
            name: all keys
            description: |
              line one
              line two
            input: [[[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [1.5, -2, 0.25]]]]
            kernel: [[[[1]]], [[[2]]]]
            bias: [0.5, -1]
            stride: [1, 2]
            padding: [1, 0]
            dilation: 2
            groups: 2
            padding_mode: replicate
            """
        let preset = try PresetLoader.parse(text, file: "all.yaml")
        #expect(preset.description == "line one\nline two\n")
        #expect(preset.input.shape == Shape4(n: 1, c: 2, h: 2, w: 3))
        #expect(preset.input.values == [1, 2, 3, 4, 5, 6, 7, 8, 9, 1.5, -2, 0.25])
        #expect(preset.inputRank == 4 && preset.isBatched)
        #expect(preset.kernel.shape == Shape4(n: 2, c: 1, h: 1, w: 1))
        #expect(preset.bias == [0.5, -1])
        #expect(
            preset.parameters
                == Conv2dParameters(
                    stride: AxisPair(height: 1, width: 2), padding: .explicit(height: 1, width: 0),
                    dilation: .uniform(2), groups: 2, paddingMode: .replicate))
        // Unbatched [C][H][W] input.
        let chw = try PresetLoader.parse(
            "name: c\ninput: [[[1, 2]], [[3, 4]]]\nkernel: [[[[1]], [[1]]]]\n", file: "c.yaml")
        #expect(chw.inputRank == 3 && !chw.isBatched)
        #expect(chw.input.shape == Shape4(n: 1, c: 2, h: 1, w: 2))
        #expect(try chw.convolution().output().values == [4, 6])
    }

    @Test func paddingStringsAndNullBias() throws {
        let same = try PresetLoader.parse(validPreset + "padding: same\n", file: "s.yaml")
        #expect(same.parameters.padding == .same)
        let valid = try PresetLoader.parse(validPreset + "padding: valid\nbias: null\n", file: "v.yaml")
        #expect(valid.parameters.padding == .valid)
        #expect(valid.bias == nil)
        let scalarBias = try PresetLoader.parse(validPreset + "bias: 2\n", file: "b.yaml")
        #expect(scalarBias.bias == [2])
    }

    // MARK: - The file as a whole

    @Test func anEmptyFile() throws {
        for text in ["", "   \n\n  \n"] {
            let error = try #require(parseError(text, file: "empty.yaml"))
            #expect(error.file == "empty.yaml")
            #expect(error.message.contains("empty"))
            #expect(error.description.hasPrefix("empty.yaml"))
        }
    }

    @Test func notAMapping() throws {
        for text in ["- 1\n- 2\n", "just some words\n", "[1, 2, 3]\n"] {
            let error = try #require(parseError(text, file: "list.yaml"))
            #expect(error.message.contains("mapping"), "\(error)")
            #expect(error.description.contains("list.yaml"))
        }
    }

    @Test func anUnknownKeySuggestsTheNearestOne() throws {
        let error = try #require(parseError(validPreset + "strid: 2\n", file: "typo.yaml"))
        #expect(error.key == "strid")
        #expect(error.line == 9)
        #expect(error.message.contains("did you mean 'stride'?"))
        #expect(error.description.contains("typo.yaml"))
        #expect(error.description.contains("line 9"))
        #expect(error.description.contains("strid"))
        // A word far from every key gets no suggestion but still the list of keys.
        let far = try #require(parseError(validPreset + "zzzzzzzzzz: 2\n", file: "far.yaml"))
        #expect(!far.message.contains("did you mean"))
        #expect(far.message.contains("padding_mode"))
        let mode = try #require(parseError(validPreset + "padding-mode: zeros\n", file: "m.yaml"))
        #expect(mode.message.contains("did you mean 'padding_mode'?"))
    }

    @Test(arguments: ["name", "input", "kernel"])
    func aMissingRequiredKey(key: String) throws {
        let lines = validPreset.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var kept: [String] = []
        var skipping = false
        for line in lines {
            if line.hasPrefix("\(key):") {
                skipping = true
                continue
            }
            if skipping && line.hasPrefix("  ") { continue }
            skipping = false
            kept.append(line)
        }
        let error = try #require(parseError(kept.joined(separator: "\n"), file: "missing.yaml"))
        #expect(error.key == key)
        #expect(error.message.contains("missing"))
        #expect(error.description.contains("missing.yaml"))
        #expect(error.description.contains(key))
    }

    @Test func theNameMustBeOneNonEmptyLine() throws {
        let multi = try #require(
            parseError(
                validPreset.replacingOccurrences(of: "name: small", with: "name: |\n  two\n  lines"), file: "n.yaml"))
        #expect(multi.key == "name")
        let blank = try #require(
            parseError(validPreset.replacingOccurrences(of: "name: small", with: "name: '  '"), file: "n.yaml"))
        #expect(blank.key == "name")
        let list = try #require(
            parseError(validPreset.replacingOccurrences(of: "name: small", with: "name: [a, b]"), file: "n.yaml"))
        #expect(list.key == "name")
    }

    @Test func duplicateKeys() throws {
        let error = try #require(parseError(validPreset + "stride: 1\nstride: 2\n", file: "dup.yaml"))
        #expect(error.key == "stride")
        #expect(error.message.contains("more than once"))
        #expect(error.line != nil)
        #expect(error.description.contains("dup.yaml"))
    }

    @Test func aYAMLSyntaxErrorHasALine() throws {
        let text = "name: broken\ninput:\n  - [1, 2\n  - [3, 4]\nkernel: [[1]]\n"
        let error = try #require(parseError(text, file: "syntax.yaml"))
        #expect(error.message.contains("not valid YAML"))
        let line = try #require(error.line)
        #expect((3...5).contains(line), "line \(line)")
        #expect(error.description.contains("syntax.yaml, line \(line)"))
        let colon = try #require(parseError("name: a: b: c\n", file: "colon.yaml"))
        #expect(colon.line == 1)
        let tab = try #require(parseError("name: t\ninput:\n\t- [1]\nkernel: [[1]]\n", file: "tab.yaml"))
        #expect(tab.line == 3)
    }

    // MARK: - Grids

    @Test func aRaggedRowNamesTheRow() throws {
        let text = validPreset.replacingOccurrences(of: "  - [0, 1, 1]", with: "  - [0, 1]")
        let error = try #require(parseError(text, file: "ragged.yaml"))
        #expect(error.key == "input, row 2")
        #expect(error.line == 4)
        #expect(error.message.contains("2 numbers, expected 3"))
        #expect(error.description == "ragged.yaml, line 4: input, row 2: \(error.message)")
        // A ragged channel in a [C][H][W] input.
        let channels = try #require(
            parseError("name: c\ninput: [[[1, 2], [3, 4]], [[1, 2]]]\nkernel: [[1]]\n", file: "c.yaml"))
        #expect(channels.key == "input, channel 2")
        #expect(channels.message.contains("1 rows, expected 2") || channels.message.contains("1 row"))
        // A ragged kernel filter names the filter.
        let kernel = try #require(
            parseError("name: k\ninput: [[[1, 2], [3, 4]]]\nkernel: [[[[1]]], [[[1, 2]]]]\n", file: "k.yaml"))
        #expect(kernel.key?.hasPrefix("kernel, filter 2") == true, "\(kernel)")
    }

    @Test func anEmptyRow() throws {
        let text = validPreset.replacingOccurrences(of: "  - [0, 1, 1]", with: "  - []")
        let error = try #require(parseError(text, file: "emptyrow.yaml"))
        #expect(error.key == "input, row 2")
        #expect(error.message.contains("empty"))
        let only = try #require(parseError("name: e\ninput: [[]]\nkernel: [[1]]\n", file: "e.yaml"))
        #expect(only.key?.hasPrefix("input") == true)
        #expect(only.message.contains("empty"))
        let kernel = try #require(parseError("name: e\ninput: [[1]]\nkernel: []\n", file: "e.yaml"))
        #expect(kernel.key?.hasPrefix("kernel") == true)
    }

    @Test func wrongRanks() throws {
        let flat = try #require(parseError("name: f\ninput: [1, 2, 3]\nkernel: [[1]]\n", file: "f.yaml"))
        #expect(flat.key == "input")
        #expect(flat.message.contains("flat list"))
        #expect(flat.line == 2)
        let five = try #require(parseError("name: f\ninput: [[[[[1]]]]]\nkernel: [[1]]\n", file: "f.yaml"))
        #expect(five.key == "input")
        #expect(five.message.contains("5 levels"))
        let kernel3 = try #require(parseError("name: f\ninput: [[1, 2], [3, 4]]\nkernel: [[[1]]]\n", file: "f.yaml"))
        #expect(kernel3.key == "kernel")
        #expect(kernel3.message.contains("3 levels"))
        #expect(kernel3.message.contains("[kH][kW]"))
        let scalar = try #require(parseError("name: f\ninput: 5\nkernel: [[1]]\n", file: "f.yaml"))
        #expect(scalar.key == "input")
        // A row that is a mapping, or a number where a row should be.
        let mapping = try #require(parseError("name: f\ninput: [[1, 2], {a: 1}]\nkernel: [[1]]\n", file: "f.yaml"))
        #expect(mapping.key == "input, row 2")
        let mixed = try #require(parseError("name: f\ninput: [[1, 2], 3]\nkernel: [[1]]\n", file: "f.yaml"))
        #expect(mixed.key == "input, row 2")
    }

    // MARK: - Numbers

    @Test(arguments: [
        ("\"2\"", "quoted"), ("'2'", "quoted"), ("true", "true"), ("yes", "yes"), ("abc", "abc"), ("0x10", "0x10"),
        ("[1]", "list"), ("null", "null"), ("1_000", "1_000"),
    ])
    func notANumberInAGrid(value: String, mention: String) throws {
        let text = validPreset.replacingOccurrences(of: "  - [1, 2, 1]", with: "  - [1, \(value), 1]")
        let error = try #require(parseError(text, file: "nan.yaml"))
        #expect(error.key == "input, row 3, column 2", "\(error)")
        #expect(error.line == 5)
        #expect(error.message.contains(mention), "\(error.message)")
    }

    @Test(arguments: [".nan", ".NaN", ".inf", "-.inf", ".Inf"])
    func nonFiniteNumbers(value: String) throws {
        let text = validPreset.replacingOccurrences(of: "  - [1, 0]", with: "  - [1, \(value)]")
        let error = try #require(parseError(text, file: "inf.yaml"))
        #expect(error.key == "kernel, row 1, column 2")
        #expect(error.message.contains(value))
        #expect(error.message.contains("finite"))
    }

    @Test func aNumberTooLargeForADouble() throws {
        let text = validPreset.replacingOccurrences(of: "  - [1, 0]", with: "  - [1e400, 0]")
        let error = try #require(parseError(text, file: "big.yaml"))
        #expect(error.key == "kernel, row 1, column 1")
        #expect(error.message.contains("1e400"))
        let bias = try #require(parseError(validPreset + "bias: [-1e999]\n", file: "big.yaml"))
        #expect(bias.key == "bias, element 1")
    }

    @Test func numbersInTheirUsualForms() throws {
        let text = validPreset.replacingOccurrences(of: "  - [1, 0]", with: "  - [+1.5e1, -.5]")
            .replacingOccurrences(of: "  - [0, 1]", with: "  - [1., 2E-1]")
        let preset = try PresetLoader.parse(text, file: "forms.yaml")
        #expect(preset.kernel.values == [15, -0.5, 1, 0.2])
    }

    @Test func integerSettings() throws {
        let huge = try #require(parseError(validPreset + "stride: 99999999999999999999\n", file: "s.yaml"))
        #expect(huge.key == "stride")
        #expect(huge.line == 9)
        #expect(huge.message.contains("99999999999999999999"))
        #expect(huge.message.contains("too large"))
        let fraction = try #require(parseError(validPreset + "stride: 1.5\n", file: "s.yaml"))
        #expect(fraction.key == "stride")
        #expect(fraction.message.contains("1.5"))
        #expect(fraction.message.contains("whole number"))
        let quoted = try #require(parseError(validPreset + "stride: \"2\"\n", file: "s.yaml"))
        #expect(quoted.key == "stride")
        let boolean = try #require(parseError(validPreset + "groups: true\n", file: "s.yaml"))
        #expect(boolean.key == "groups")
        #expect(boolean.message.contains("true"))
        let three = try #require(parseError(validPreset + "dilation: [1, 1, 1]\n", file: "s.yaml"))
        #expect(three.key == "dilation")
        #expect(three.message.contains("3 values"))
        let empty = try #require(parseError(validPreset + "stride: []\n", file: "s.yaml"))
        #expect(empty.key == "stride")
        let padding = try #require(parseError(validPreset + "padding: [1, 2.5]\n", file: "s.yaml"))
        #expect(padding.key == "padding")
        #expect(padding.message.contains("2.5"))
        let mapping = try #require(parseError(validPreset + "stride: {h: 1}\n", file: "s.yaml"))
        #expect(mapping.key == "stride")
    }

    @Test func paddingWords() throws {
        let capital = try #require(parseError(validPreset + "padding: Same\n", file: "p.yaml"))
        #expect(capital.key == "padding")
        #expect(capital.line == 9)
        #expect(capital.message.contains("did you mean 'same'?"))
        let other = try #require(parseError(validPreset + "padding: full\n", file: "p.yaml"))
        #expect(other.message.contains("'full'"))
        let vallid = try #require(parseError(validPreset + "padding: vaild\n", file: "p.yaml"))
        #expect(vallid.message.contains("did you mean 'valid'?"))
        let quoted = try PresetLoader.parse(validPreset + "padding: \"same\"\n", file: "p.yaml")
        #expect(quoted.parameters.padding == .same)
    }

    @Test func paddingModes() throws {
        let error = try #require(parseError(validPreset + "padding_mode: reflection\n", file: "mode.yaml"))
        #expect(error.key == "padding_mode")
        #expect(error.line == 9)
        #expect(error.message.contains("'reflection'"))
        #expect(error.message.contains("did you mean 'reflect'?"))
        #expect(error.message.contains("zeros, reflect, replicate, circular"))
        let zero = try #require(parseError(validPreset + "padding_mode: zero\n", file: "mode.yaml"))
        #expect(zero.message.contains("did you mean 'zeros'?"))
        let list = try #require(parseError(validPreset + "padding_mode: [zeros]\n", file: "mode.yaml"))
        #expect(list.key == "padding_mode")
        for mode in PaddingMode.allCases {
            let preset = try PresetLoader.parse(validPreset + "padding_mode: \(mode.rawValue)\n", file: "mode.yaml")
            #expect(preset.parameters.paddingMode == mode)
        }
    }

    @Test func biasShapes() throws {
        let nested = try #require(parseError(validPreset + "bias: [[1]]\n", file: "b.yaml"))
        #expect(nested.key == "bias, element 1")
        let text = try #require(parseError(validPreset + "bias: [one]\n", file: "b.yaml"))
        #expect(text.message.contains("one"))
        let count = try #require(parseError(validPreset + "bias: [1, 2]\n", file: "b.yaml"))
        #expect(count.key == "bias")
        #expect(count.line == 9)
        #expect(count.message.contains("expected 1, got 2"))
    }

    // MARK: - PresetError

    @Test func descriptionsJoinFileLineKeyAndMessage() {
        #expect(
            PresetError(file: "a.yaml", line: 4, key: "stride", message: "must be at least 1").description
                == "a.yaml, line 4: stride: must be at least 1")
        #expect(PresetError(file: "a.yaml", message: "no such file").description == "a.yaml: no such file")
        #expect(PresetError(file: "a.yaml", key: "input", message: "m").description == "a.yaml: input: m")
    }
}
