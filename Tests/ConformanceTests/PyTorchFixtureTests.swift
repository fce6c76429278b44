import ConvCore
import Foundation
import Presets
import Testing

/// The PyTorch fixtures (tools/golden/make_conv2d_fixtures.py), each run through the preset loader
/// and the core exactly as `convviz compute` runs a file.
struct PyTorchFixtureTests {
    /// One fixture case: its preset text and, for valid cases, torch's result.
    struct Case: Sendable {
        let id: String
        let presetText: String
        let shape: [Int]?
        let output: [Double]?
        let torchError: String?
    }

    static let cases = load("conv2d")

    /// The cases of one fixture file (conv2d, conv_transpose2d or pool2d).
    static func load(_ name: String) -> (valid: [Case], rejected: [Case]) {
        let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures")!
        let fixture = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        func decode(_ kind: String) -> [Case] {
            (fixture[kind] as! [[String: Any]]).map { testCase in
                var preset = testCase.filter { !["id", "shape", "output", "error", "class"].contains($0.key) }
                preset["name"] = testCase["id"]
                let data = try! JSONSerialization.data(withJSONObject: preset, options: [.sortedKeys])
                return Case(id: testCase["id"] as! String, presetText: String(decoding: data, as: UTF8.self),
                            shape: (testCase["shape"] as? [NSNumber])?.map(\.intValue),
                            output: (testCase["output"] as? [NSNumber])?.map(\.doubleValue),
                            torchError: testCase["error"] as? String)
            }
        }
        return (decode("valid"), decode("rejected"))
    }

    @Test func theFixtureIsLargeEnough() {
        #expect(Self.cases.valid.count >= 400)
        #expect(Self.cases.rejected.count >= 50)
    }

    static let fixtureNames = ["conv2d", "conv_transpose2d", "pool2d"]

    @Test(arguments: fixtureNames) func everyValidCaseMatchesPyTorch(fixture: String) throws {
        for testCase in Self.load(fixture).valid {
            let id = testCase.id
            let preset: Preset
            do {
                preset = try PresetLoader.parse(testCase.presetText, file: id, isJSON: true)
            } catch {
                Issue.record("\(id) was rejected: \(error)")
                continue
            }
            let output = try preset.output()
            let expected = try #require(testCase.output)
            #expect(output.shape.dimensions == testCase.shape, "\(id)")
            guard output.values.count == expected.count else { continue }
            let worst = zip(output.values, expected).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
            #expect(worst <= 1e-9, "\(id): off by \(worst)")
        }
    }

    @Test(arguments: fixtureNames) func everyRejectedCaseIsRejected(fixture: String) {
        for testCase in Self.load(fixture).rejected {
            #expect(throws: PresetError.self, "\(testCase.id) should be rejected: torch said \(testCase.torchError ?? "")") {
                try PresetLoader.parse(testCase.presetText, file: testCase.id, isJSON: true)
            }
        }
    }
}
