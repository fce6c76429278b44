import ConvCore
import Presets
import Testing

/// Presets PyTorch's nn.Conv2d would reject are rejected by the loader, with the key and line at fault.
struct PyTorchRulesTests {
    /// (extra lines, key named, words in the message)
    @Test(
        arguments: [
            ("stride: 0\n", "stride", ["stride", "0"]),
            ("stride: [1, -1]\n", "stride", ["[1, -1]"]),
            ("dilation: 0\n", "dilation", ["dilation"]),
            ("padding: -1\n", "padding", ["-1"]),
            ("groups: 0\n", "groups", ["groups", "0"]),
            ("groups: 2\n", "groups", ["1", "2"]),
            ("padding: same\nstride: 2\n", "stride", ["same", "2"]),
            ("bias: [1, 2]\n", "bias", ["1", "2"]),
            ("padding: 3\npadding_mode: reflect\n", "padding_mode", ["reflect", "3"]),
            ("padding: 4\npadding_mode: circular\n", "padding_mode", ["circular", "4"]),
            ("dilation: 3\n", "padding", ["3 x 3", "4 x 4"]),
        ] as [(String, String, [String])])
    func rejected(extra: String, key: String, words: [String]) throws {
        let error = try #require(parseError(validPreset + extra, file: "torch.yaml"))
        #expect(error.key == key, "\(error)")
        for word in words { #expect(error.message.contains(word), "\(error.message) should mention \(word)") }
        #expect(error.description.contains("torch.yaml"))
        #expect(error.description.contains(key))
        // The line of the key, when the file has that key.
        let lines = (validPreset + extra).split(separator: "\n", omittingEmptySubsequences: false)
        if let index = lines.firstIndex(where: { $0.hasPrefix("\(key):") }) {
            #expect(error.line == index + 1, "\(error)")
        }
    }

    @Test func channelRules() throws {
        // Three input channels cannot be split into two groups.
        let three = "name: g\ninput: [[[1]], [[2]], [[3]]]\nkernel: [[[[1]]], [[[1]]]]\ngroups: 2\n"
        let divisible = try #require(parseError(three, file: "g.yaml"))
        #expect(divisible.key == "groups")
        #expect(divisible.line == 4)
        #expect(divisible.message.contains("3"))
        // The kernel's filters must split too.
        let filters = "name: g\ninput: [[[1]], [[2]]]\nkernel: [[[[1]]], [[[1]]], [[[1]]]]\ngroups: 2\n"
        #expect(try #require(parseError(filters, file: "g.yaml")).key == "groups")
        // Kernel channels must be C_in / groups.
        let mismatch = "name: g\ninput: [[[1]], [[2]], [[3]]]\nkernel: [[[[1]], [[1]]]]\n"
        let error = try #require(parseError(mismatch, file: "g.yaml"))
        #expect(error.key == "kernel")
        #expect(error.line == 3)
        #expect(error.message.contains("3"))
        #expect(error.message.contains("2"))
    }

    @Test func tooLargeSettingsAreErrorsNotTraps() throws {
        let padding = try #require(parseError(validPreset + "padding: 1000000000000000000\n", file: "huge.yaml"))
        #expect(padding.key == "padding")
        #expect(padding.line == 9)
        let dilation = try #require(parseError(validPreset + "dilation: 9223372036854775807\n", file: "huge.yaml"))
        #expect(dilation.key == "dilation")
        let stride = try PresetLoader.parse(validPreset + "stride: 9223372036854775807\n", file: "huge.yaml")
        #expect(try stride.convolution().output().values == [2])
        let output = try #require(
            parseError("name: o\ninput: [[1]]\nkernel: [[1]]\npadding: 4000\n", file: "huge.yaml"))
        #expect(output.key == "padding")
        #expect(output.message.contains("too large"))
    }

    @Test func aOneElementPaddingListWithReflectPadsOnlyTheWidth() throws {
        // nn.Conv2d(padding=[p], padding_mode='reflect') hands F.pad one pair: only the width is padded.
        let reflect = try PresetLoader.parse(validPreset + "padding: [1]\npadding_mode: reflect\n", file: "quirk.yaml")
        #expect(reflect.parameters.padding == .explicit(height: 0, width: 1))
        #expect(try reflect.convolution().output().shape == Shape4(n: 1, c: 1, h: 2, w: 4))
        // Rows 1 and 2 reflect-pad on the width to [2, 1, 2, 0, 2] and [1, 0, 1, 1, 1]; the kernel adds p1[j] + p2[j + 1].
        let firstRow: [Double] = try reflect.convolution().output().plane(n: 0, c: 0)[0]
        #expect(firstRow == [2, 2, 3, 1])
        for mode in ["replicate", "circular"] {
            let preset = try PresetLoader.parse(
                validPreset + "padding: [1]\npadding_mode: \(mode)\n", file: "quirk.yaml")
            #expect(preset.parameters.padding == .explicit(height: 0, width: 1), "\(mode)")
        }
        // With zeros, [p] pads both axes, as a plain number does.
        let zeros = try PresetLoader.parse(validPreset + "padding: [1]\n", file: "quirk.yaml")
        #expect(zeros.parameters.padding == .uniform(1))
        #expect(try zeros.convolution().output().shape == Shape4(n: 1, c: 1, h: 4, w: 4))
        // A plain number with reflect pads both.
        let number = try PresetLoader.parse(validPreset + "padding: 1\npadding_mode: reflect\n", file: "quirk.yaml")
        #expect(number.parameters.padding == .uniform(1))
    }

    @Test func aOneElementDilationListWithSameAndANonZeroModeIsRefused() throws {
        let error = try #require(
            parseError(validPreset + "padding: same\ndilation: [2]\npadding_mode: reflect\n", file: "d.yaml"))
        #expect(error.key == "dilation")
        #expect(error.line == 10)
        let fine = try PresetLoader.parse(validPreset + "padding: same\ndilation: [2]\n", file: "d.yaml")
        #expect(fine.parameters.dilation == .uniform(2))
    }
}
