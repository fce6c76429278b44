import ConvCore
import Foundation
import Presets
import Testing

/// One operation the PyTorch fixtures cover: its fixture file (tools/golden/make_*_fixtures.py), how many cases it
/// must hold, and how a case's fields become that operation in ConvCore.
struct FixtureOperation: Sendable, CustomTestStringConvertible {
    /// A computation built from a case: its output, and the value its trace gives each output cell.
    struct Computed {
        let output: Tensor
        let traced: (TensorIndex) -> Double
    }

    let fixture: String
    let minimumValid: Int
    let minimumRejected: Int
    /// The case's computation, built straight from its fields; throws ConvCore's `ConvError` for what PyTorch
    /// rejects, and ``Fixture/Unspellable`` for spellings only the preset format can hold.
    let build: @Sendable ([String: Any]) throws -> Computed

    var testDescription: String { fixture }

    static let all = [conv2d, transposed, pooling]

    static let conv2d = FixtureOperation(fixture: "conv2d", minimumValid: 400, minimumRejected: 50) { fields in
        let padding: Padding
        switch fields["padding"] {
        case let text as String where text == "same": padding = .same
        case let text as String where text == "valid": padding = .valid
        case let other:
            let pair = try Fixture.pair(other, default: 0)
            padding = .explicit(height: pair.height, width: pair.width)
        }
        let mode = fields["padding_mode"].map { PaddingMode(rawValue: $0 as? String ?? "") }
        guard let paddingMode = mode ?? .zeros else { throw Fixture.Unspellable(description: "padding_mode") }
        let parameters = Conv2dParameters(
            stride: try Fixture.pair(fields["stride"], default: 1), padding: padding,
            dilation: try Fixture.pair(fields["dilation"], default: 1),
            groups: (fields["groups"] as? NSNumber)?.intValue ?? 1, paddingMode: paddingMode)
        let convolution = try Convolution(
            input: try Fixture.tensor(fields["input"]), weight: try Fixture.tensor(fields["kernel"]),
            bias: Fixture.bias(fields["bias"]), parameters: parameters)
        return Computed(output: convolution.output(), traced: { convolution.trace($0).value })
    }

    static let transposed = FixtureOperation(fixture: "conv_transpose2d", minimumValid: 300, minimumRejected: 40) {
        fields in
        let parameters = TransposedConv2dParameters(
            stride: try Fixture.pair(fields["stride"], default: 1),
            padding: try Fixture.pair(fields["padding"], default: 0),
            outputPadding: try Fixture.pair(fields["output_padding"], default: 0),
            dilation: try Fixture.pair(fields["dilation"], default: 1),
            groups: (fields["groups"] as? NSNumber)?.intValue ?? 1)
        let convolution = try TransposedConvolution(
            input: try Fixture.tensor(fields["input"]),
            weight: try Fixture.tensor(fields["kernel"]),
            bias: Fixture.bias(fields["bias"]), parameters: parameters)
        return Computed(output: convolution.output(), traced: { convolution.trace($0).value })
    }

    static let pooling = FixtureOperation(fixture: "pool2d", minimumValid: 300, minimumRejected: 40) { fields in
        guard let kind = PoolKind(rawValue: fields["pool"] as? String ?? "") else {
            throw Fixture.Unspellable(description: "no pool kind")
        }
        let parameters = Pool2dParameters(
            kind: kind, kernel: try Fixture.pair(fields["kernel_size"], default: 0),
            stride: fields["stride"] == nil ? nil : try Fixture.pair(fields["stride"], default: 0),
            padding: try Fixture.pair(fields["padding"], default: 0),
            dilation: try Fixture.pair(fields["dilation"], default: 1),
            ceilMode: fields["ceil_mode"] as? Bool ?? false,
            countIncludePad: fields["count_include_pad"] as? Bool ?? true)
        let pooling = try Pooling(input: try Fixture.tensor(fields["input"]), parameters: parameters)
        return Computed(output: pooling.output(), traced: { pooling.trace($0).value })
    }

    /// The fixture, loaded once per operation.
    var cases: Fixture { Self.fixtures[fixture] ?? Fixture(name: fixture) }
    private static let fixtures = Dictionary(
        uniqueKeysWithValues: ["conv2d", "conv_transpose2d", "pool2d"].map {
            ($0, Fixture(name: $0))
        })
}

/// Every operation against PyTorch float64: each valid case, loaded as a preset exactly as `convviz compute` loads a
/// file, and built straight in ConvCore, gives torch's output (within 1e-9 relative) with traces equal to the
/// output bit for bit; each case torch rejects is rejected by the preset loader and by ConvCore.
struct ConformanceTests {
    @Test(arguments: FixtureOperation.all) func theFixtureIsLargeEnough(_ operation: FixtureOperation) {
        #expect(operation.cases.valid.count >= operation.minimumValid)
        #expect(operation.cases.rejected.count >= operation.minimumRejected)
    }

    @Test(arguments: FixtureOperation.all) func everyValidPresetMatchesPyTorch(_ operation: FixtureOperation) throws {
        for testCase in operation.cases.valid {
            do {
                let preset = try PresetLoader.parse(testCase.presetText, file: testCase.id, isJSON: true)
                let mismatch = testCase.mismatch(try preset.output())
                #expect(mismatch == nil, "\(testCase.id): \(mismatch ?? "")")
            } catch {
                Issue.record("\(testCase.id) was rejected: \(error)")
            }
        }
    }

    @Test(arguments: FixtureOperation.all) func everyValidCaseMatchesPyTorchInConvCoreAndItsTraces(
        _ operation: FixtureOperation
    ) {
        for testCase in operation.cases.valid {
            do {
                let computed = try operation.build(testCase.fields)
                let mismatch = testCase.mismatch(computed.output)
                #expect(mismatch == nil, "\(testCase.id): \(mismatch ?? "")")
                let output = computed.output
                let differing = output.shape.everyIndex.filter {
                    computed.traced($0).bitPattern != output[$0.n, $0.channel, $0.row, $0.column].bitPattern
                }
                #expect(differing.isEmpty, "\(testCase.id): traces differ from the output at \(differing.prefix(3))")
            } catch {
                Issue.record("\(testCase.id) was rejected: \(error)")
            }
        }
    }

    @Test(arguments: FixtureOperation.all) func everyRejectedCaseIsRejected(_ operation: FixtureOperation) {
        var checkedInConvCore = 0
        for testCase in operation.cases.rejected {
            let torch = testCase.torchError ?? ""
            #expect(throws: PresetError.self, "\(testCase.id) should be rejected: torch said \(torch)") {
                try PresetLoader.parse(testCase.presetText, file: testCase.id, isJSON: true)
            }
            do {
                _ = try operation.build(testCase.fields)
                Issue.record("\(testCase.id) was accepted by ConvCore: torch said \(torch)")
            } catch is ConvError {
                checkedInConvCore += 1
            } catch is Fixture.Unspellable {
                continue
            } catch {
                Issue.record("\(testCase.id): \(error)")
            }
        }
        #expect(checkedInConvCore >= operation.minimumRejected * 3 / 4, "most rejections are ConvCore's own")
    }
}
