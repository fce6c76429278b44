import ConvCore
import Foundation
import Presets
import Testing

/// The PyTorch autograd fixtures (tools/golden/make_grad_fixtures.py), each loaded as a preset and run backward
/// exactly as `convviz compute --grad` runs a file; every gradient cell's trace is checked against the whole pass.
struct GradientFixtureTests {
    /// One fixture case: its preset text and torch's results.
    struct Case: @unchecked Sendable {
        let id: String
        let presetText: String
        let fields: [String: Any]
    }

    static let cases: (valid: [Case], rejected: [Case]) = {
        let url = Bundle.module.url(forResource: "grad", withExtension: "json", subdirectory: "Fixtures")!
        let fixture = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let results = ["id", "shape", "output", "grad_input", "grad_weight", "grad_bias", "error", "class"]
        func decode(_ kind: String) -> [Case] {
            (fixture[kind] as! [[String: Any]]).map { testCase in
                var preset = testCase.filter { !results.contains($0.key) }
                preset["name"] = testCase["id"]
                let data = try! JSONSerialization.data(withJSONObject: preset, options: [.sortedKeys])
                return Case(
                    id: testCase["id"] as! String, presetText: String(decoding: data, as: UTF8.self), fields: testCase)
            }
        }
        return (decode("valid"), decode("rejected"))
    }()

    @Test func theFixtureCoversEveryOperation() {
        let valid = Self.cases.valid
        #expect(valid.count >= 400)
        #expect(valid.count { $0.fields["pool"] as? String == "max" } >= 80)
        #expect(valid.count { $0.fields["pool"] as? String == "avg" } >= 50)
        #expect(valid.count { $0.fields["transposed"] as? Bool == true } >= 100)
        for mode in PaddingMode.allCases where mode != .zeros {
            #expect(valid.count { $0.fields["padding_mode"] as? String == mode.rawValue } >= 40)
        }
        #expect(valid.count { $0.fields["grad_output"] != nil } >= 200)
        #expect(Self.cases.rejected.count >= 20)
    }

    /// The worst difference relative to the value's scale (at least 1), or a shape complaint.
    static func mismatch(_ values: [Double]?, _ expected: Any?) -> String? {
        let expected = (expected as? [NSNumber])?.map(\.doubleValue)
        guard let values, let expected else { return values == nil && expected == nil ? nil : "null mismatch" }
        guard values.count == expected.count else { return "\(values.count) values, torch \(expected.count)" }
        let worst = zip(values, expected).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
        return worst <= 1e-9 ? nil : "off by \(worst)"
    }

    @Test func everyValidCaseMatchesPyTorchAutograd() throws {
        for testCase in Self.cases.valid {
            let id = testCase.id
            let preset: Preset
            do {
                preset = try PresetLoader.parse(testCase.presetText, file: id, isJSON: true)
            } catch {
                Issue.record("\(id) was rejected: \(error)")
                continue
            }
            let output = try preset.output(), gradients = try preset.gradients()
            #expect(output.shape.dimensions == (testCase.fields["shape"] as? [NSNumber])?.map(\.intValue), "\(id)")
            for (name, values) in [
                ("output", output.values), ("grad_input", gradients.input.values),
                ("grad_weight", gradients.weight?.values), ("grad_bias", gradients.bias),
            ] {
                let mismatch = Self.mismatch(values, testCase.fields[name])
                #expect(mismatch == nil, "\(id) \(name): \(mismatch ?? "")")
            }
        }
    }

    @Test func everyGradientCellEqualsItsTrace() throws {
        for testCase in Self.cases.valid {
            let preset = try PresetLoader.parse(testCase.presetText, file: testCase.id, isJSON: true)
            let differing = try GradientTraceCheck.differingCells(preset)
            #expect(differing.isEmpty, "\(testCase.id): traces differ at \(differing.prefix(3))")
        }
    }

    @Test func everyWrongGradOutputIsRejected() {
        for testCase in Self.cases.rejected {
            do {
                _ = try PresetLoader.parse(testCase.presetText, file: testCase.id, isJSON: true)
                Issue.record("\(testCase.id) should be rejected: torch said \(testCase.fields["error"] ?? "")")
            } catch {
                #expect(error.key == "grad_output", "\(testCase.id): \(error)")
            }
        }
    }
}

/// Compares every gradient cell of a preset's backward pass with its trace, bit for bit.
enum GradientTraceCheck {
    /// The cells (`input`, `weight` or `bias` and the index) whose trace differs from the whole pass.
    static func differingCells(_ preset: Preset) throws -> [String] {
        let gradients = try preset.gradients()
        var traces:
            (
                input: (TensorIndex) -> GradientTrace, weight: ((TensorIndex) -> GradientTrace)?,
                bias: ((Int) -> GradientTrace)?
            )
        switch preset.operation {
        case .convolution:
            let backward = try ConvolutionBackward(try preset.convolution(), outputGradient: preset.gradOutput)
            traces = (backward.inputTrace, backward.weightTrace, backward.biasTrace)
        case let .transposed(parameters):
            let convolution = try TransposedConvolution(
                input: preset.input, weight: preset.kernel, bias: preset.bias,
                parameters: parameters)
            let backward = try TransposedBackward(convolution, outputGradient: preset.gradOutput)
            traces = (backward.inputTrace, backward.weightTrace, backward.biasTrace)
        case let .pooling(parameters):
            let backward = try PoolingBackward(
                try Pooling(input: preset.input, parameters: parameters),
                outputGradient: preset.gradOutput)
            traces = (backward.inputTrace, nil, nil)
        case .stack:
            return ["a stack has no backward pass"]
        }
        var differing: [String] = []
        for cell in gradients.input.shape.everyIndex
        where traces.input(cell).value.bitPattern != gradients.input[cell].bitPattern {
            differing.append("input\(cell)")
        }
        if let weight = gradients.weight, let trace = traces.weight {
            for cell in weight.shape.everyIndex where trace(cell).value.bitPattern != weight[cell].bitPattern {
                differing.append("weight\(cell)")
            }
        }
        if let bias = gradients.bias, let trace = traces.bias {
            for (channel, value) in bias.enumerated() where trace(channel).value.bitPattern != value.bitPattern {
                differing.append("bias[\(channel)]")
            }
        }
        return differing
    }
}
