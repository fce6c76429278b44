import Foundation
import Testing

/// `convviz compute --grad [--json]` run as the real binary: the seed example exactly, a sample of the autograd
/// fixtures (Tests/ConformanceTests/Fixtures/grad.json) within 1e-9, and a wrong `grad_output:` refused cleanly.
struct GradientCLITests {
    static let seedGradients =
        #""grad_input": [[[[4, 5, 5, 5, 4], [7, 8, 8, 8, 5], [7, 8, 8, 8, 5], [7, 8, 8, 8, 5], [4, 4, 4, 4, 2]]]], "#
        + #""grad_weight": [[[[23, 25, 18], [27, 30, 21], [21, 23, 15]]]], "grad_bias": null}"#

    @Test func theSeedExampleBackwardAsJSON() throws {
        let result = try CLI.run(["compute", "pytorch-example", "--grad", "--json"])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result)")
        #expect(
            result.stdout == ComputeCommandTests.seedJSON.dropLast() + ", " + Self.seedGradients + "\n", "\(result)")
    }

    @Test func theTextFormListsEveryGradient() throws {
        let preset =
            "name: g\ninput: [[[1, 2], [3, 4]]]\nkernel: [[[[1]]], [[[2]]]]\nbias: [0, 1]\ngrad_output: [[[1, 1], [1, 1]], [[0, 1], [0, 0]]]\n"
        try withPresetFile(preset) { path in
            let result = try CLI.run(["compute", path, "--grad"])
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.hasPrefix("output[0]  (2 x 2)\n1 2\n3 4\n\noutput[1]  (2 x 2)\n"), "\(result)")
            #expect(result.stdout.contains("grad_input[0]  (2 x 2)\n1 3\n1 1\n"), "\(result)")
            #expect(
                result.stdout.contains("grad_weight[0, 0]  (1 x 1)\n10\n\ngrad_weight[1, 0]  (1 x 1)\n2\n"), "\(result)"
            )
            #expect(result.stdout.hasSuffix("grad_bias  [4, 1]\n"), "\(result)")
        }
    }

    @Test func poolingHasNoWeightGradient() throws {
        let preset = "name: p\ninput: [[[[1, 5], [5, 2]]]]\npool: max\nkernel_size: 2\ngrad_output: [[[[3]]]]\n"
        try withPresetFile(preset) { path in
            let result = try CLI.run(["compute", path, "--grad", "--json"])
            #expect(
                result.stdout == #"{"shape": [1, 1, 1, 1], "output": [[[[5]]]], "grad_input": [[[[0, 3], [0, 0]]]], "#
                    + #""grad_weight": null, "grad_bias": null}"# + "\n", "\(result)")
        }
    }

    @Test func aWrongGradOutputIsRefusedNamingBothShapes() throws {
        let wrongSize =
            "name: w\ninput: [[1, 2, 3], [4, 5, 6], [7, 8, 9]]\nkernel: [[1, 1], [1, 1]]\ngrad_output: [[1, 2, 3]]\n"
        try withPresetFile(wrongSize) { path in
            CLI.expectFailure(
                try CLI.run(["compute", path, "--grad", "--json"]),
                mentioning: ["grad_output", "(1, 1, 3)", "(1, 2, 2)"])
            CLI.expectFailure(try CLI.run(["compute", path]), mentioning: ["grad_output"])
        }
        let unbatchedForBatch = "name: b\ninput: [[[[1, 2], [3, 4]]]]\nkernel: [[1]]\ngrad_output: [[1, 2], [3, 4]]\n"
        try withPresetFile(unbatchedForBatch) { path in
            CLI.expectFailure(
                try CLI.run(["compute", path, "--grad"]),
                mentioning: ["grad_output", "[N][C_out][H_out][W_out]", "(1, 1, 2, 2)"])
        }
    }

    @Test func anOverflowingGradientIsAnError() throws {
        let preset = "name: o\ninput: [[1, 1]]\nkernel: [[1e300]]\ngrad_output: [[1e300, 1]]\n"
        try withPresetFile(preset) { path in
            CLI.expectFailure(try CLI.run(["compute", path, "--grad", "--json"]), mentioning: ["not finite"])
            #expect(try CLI.run(["compute", path, "--json"]).status == 0)
        }
    }

    @Test(arguments: HostileCorpusCLITests.files) func theHostileCorpusIsRefusedCleanlyWithGrad(name: String) throws {
        let path = HostileCorpusCLITests.folder.appendingPathComponent(name).path
        let result = try CLI.run(["compute", path, "--grad", "--json"], timeout: 20)
        CLI.expectFailure(result)
        #expect(result.stderr.filter { $0 == "\n" }.count == 1, "one line: \(name): \(result)")
    }

    /// About 60 valid autograd cases spread over the fixture, each as a preset file through the binary.
    @Test func aSampleOfTheAutogradFixturesMatchesThroughTheBinary() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ConformanceTests/Fixtures/grad.json")
        let fixture = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let valid = try #require(fixture["valid"] as? [[String: Any]])
        let results = ["id", "shape", "output", "grad_input", "grad_weight", "grad_bias"]
        for testCase in stride(from: 0, to: valid.count, by: max(1, valid.count / 60)).map({ valid[$0] }) {
            var preset = testCase.filter { !results.contains($0.key) }
            preset["name"] = testCase["id"]
            let text = String(
                decoding: try JSONSerialization.data(withJSONObject: preset, options: [.sortedKeys]), as: UTF8.self)
            try withPresetFile(text, named: "case.json") { path in
                let result = try CLI.run(["compute", path, "--grad", "--json"])
                let printed = try #require(
                    try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
                    "\(testCase["id"] ?? ""): \(result)")
                #expect(Set(printed.keys) == ["shape", "output", "grad_input", "grad_weight", "grad_bias"])
                for key in results.dropFirst() {
                    let got = Self.flatten(printed[key]), want = Self.flatten(testCase[key])
                    let close =
                        got.count == want.count
                        && zip(got, want).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) }
                    #expect(close, "\(testCase["id"] ?? "") \(key): \(got) vs torch \(want)")
                }
            }
        }
    }

    /// A nested JSON list's numbers in row-major order (empty for null).
    static func flatten(_ value: Any?) -> [Double] {
        switch value {
        case let number as NSNumber: [number.doubleValue]
        case let list as [Any]: list.flatMap { flatten($0) }
        default: []
        }
    }
}
