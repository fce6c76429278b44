import Foundation
import Testing

/// `convviz compute`, `convviz presets` and the error contract, run as the real binary.
struct ComputeCommandTests {
    static let seedJSON =
        #"{"shape": [1, 1, 5, 5], "output": [[[[1, 3, 3, 5, 1], [5, 10, 11, 9, 5], [7, 17, 11, 8, 3], [11, 13, 9, 3, 4], [14, 13, 9, 7, 4]]]]}"#

    @Test func theBinaryIsBuilt() throws {
        let url = try #require(CLI.executable)
        #expect(url.lastPathComponent == "convviz")
    }

    @Test func computePrintsTheGrids() throws {
        let result = try CLI.run(["compute", "pytorch-example"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "output[0]  (5 x 5)")
        #expect(
            lines.dropFirst().map { $0.split(separator: " ").compactMap { Double($0) } }
                == [[1, 3, 3, 5, 1], [5, 10, 11, 9, 5], [7, 17, 11, 8, 3], [11, 13, 9, 3, 4], [14, 13, 9, 7, 4]])
    }

    @Test func computeJSONIsExact() throws {
        let result = try CLI.run(["compute", "pytorch-example", "--json"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        #expect(result.stdout == Self.seedJSON + "\n")
    }

    @Test func computeTakesAPath() throws {
        let presets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("presets/pytorch-example.yaml").path
        let result = try CLI.run(["compute", presets, "--json"])
        #expect(result.stdout == Self.seedJSON + "\n", "\(result)")
    }

    @Test func jsonIsAlwaysFourDimensional() throws {
        // An unbatched [C][H][W] input gives N = 1; a batch keeps its N. Decimals stay decimals.
        let unbatched = "name: u\ninput: [[[1, 2]], [[3, 4]]]\nkernel: [[[[1]], [[0.5]]]]\n"
        try withPresetFile(unbatched) { path in
            let result = try CLI.run(["compute", path, "--json"])
            #expect(result.stdout == #"{"shape": [1, 1, 1, 2], "output": [[[[2.5, 4]]]]}"# + "\n", "\(result)")
        }
        let batched = "name: b\ninput: [[[[1, 2]]], [[[3, -4]]]]\nkernel: [[1]]\nbias: [0.25]\n"
        try withPresetFile(batched) { path in
            let result = try CLI.run(["compute", path, "--json"])
            #expect(
                result.stdout == #"{"shape": [2, 1, 1, 2], "output": [[[[1.25, 2.25]]], [[[3.25, -3.75]]]]}"# + "\n",
                "\(result)")
            let text = try CLI.run(["compute", path])
            #expect(
                text.stdout.contains("output[0, 0]  (1 x 2)") && text.stdout.contains("output[1, 0]  (1 x 2)"),
                "\(text)")
        }
    }

    @Test func presetsListsTheShippedPresets() throws {
        let result = try CLI.run(["presets"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty)
        let line = try #require(
            result.stdout.split(separator: "\n").first { $0.hasPrefix("pytorch-example ") }, "\(result)")
        #expect(line.contains("5x5 input, 3x3 kernel, padding 1: the output keeps the 5x5 size."))
        #expect(!result.stdout.contains("cannot be loaded"), "\(result)")
    }

    // MARK: - Errors

    @Test func aMissingFile() throws {
        let path = "/nonexistent-\(UUID().uuidString)/preset.yaml"
        CLI.expectFailure(try CLI.run(["compute", path, "--json"]), mentioning: [path, "no such file"])
    }

    @Test func anUnknownShippedNameSuggestsOne() throws {
        CLI.expectFailure(
            try CLI.run(["compute", "pytorch-exampel"]),
            mentioning: ["pytorch-exampel", "did you mean 'pytorch-example'?"])
    }

    @Test func aMalformedFile() throws {
        let text = "name: ragged\ninput:\n  - [1, 2, 3]\n  - [4, 5]\nkernel: [[1]]\n"
        try withPresetFile(text, named: "ragged.yaml") { path in
            CLI.expectFailure(
                try CLI.run(["compute", path, "--json"]), mentioning: ["ragged.yaml", "line 4", "input, row 2"])
        }
        try withPresetFile("name: [unclosed\n", named: "syntax.yaml") { path in
            CLI.expectFailure(try CLI.run(["compute", path]), mentioning: ["syntax.yaml", "YAML"])
        }
        try withPresetFile("name: typo\ninput: [[1]]\nkernel: [[1]]\nstrid: 2\n", named: "typo.yaml") { path in
            CLI.expectFailure(
                try CLI.run(["compute", path]), mentioning: ["typo.yaml", "strid", "did you mean 'stride'?"])
        }
    }

    @Test func anInvalidCombination() throws {
        let text = "name: bad groups\ninput: [[[1]], [[2]], [[3]]]\nkernel: [[[[1]]], [[[1]]]]\ngroups: 2\n"
        try withPresetFile(text, named: "groups.yaml") { path in
            CLI.expectFailure(try CLI.run(["compute", path, "--json"]), mentioning: ["groups.yaml", "groups"])
        }
        try withPresetFile(
            "name: s\ninput: [[1, 2], [3, 4]]\nkernel: [[1]]\npadding: same\nstride: 2\n", named: "same.yaml"
        ) { path in
            CLI.expectFailure(try CLI.run(["compute", path]), mentioning: ["same.yaml", "stride", "same"])
        }
    }

    @Test func hugeSettingsAreErrorsNotCrashes() throws {
        // (A 1x2 kernel, so dilation Int.max overflows the span d·(k−1) + 1.)
        for (name, extra) in [
            ("padding", "padding: 1000000000000000000"), ("dilation", "dilation: 9223372036854775807"),
            ("output", "padding: 4000"), ("negative", "stride: -9223372036854775808"),
            ("overflow", "stride: 9223372036854775808"),
        ] {
            try withPresetFile("name: huge\ninput: [[1, 2]]\nkernel: [[1, 1]]\n\(extra)\n", named: "\(name).yaml") {
                path in
                CLI.expectFailure(try CLI.run(["compute", path, "--json"]), mentioning: ["\(name).yaml"])
            }
        }
    }

    @Test func anOverflowingOutputIsAnError() throws {
        try withPresetFile(
            "name: overflow\ninput: [[1e300, 1e300]]\nkernel: [[1e300, 1e300]]\n", named: "overflow.yaml"
        ) { path in
            CLI.expectFailure(try CLI.run(["compute", path, "--json"]), mentioning: ["overflow"])
        }
    }

    @Test func aDirectoryOrBinaryFile() throws {
        CLI.expectFailure(
            try CLI.run(["compute", FileManager.default.temporaryDirectory.path]), mentioning: ["directory"])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "convviz-cli-bin-\(UUID().uuidString).yaml")
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0xC3, 0x28]).write(to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        CLI.expectFailure(try CLI.run(["compute", folder.path]), mentioning: ["UTF-8"])
    }

    @Test(arguments: [
        ["compute", "pytorch-example", "--bogus"],
        ["compute"],
        ["compute", "pytorch-example", "extra-argument"],
        ["presets", "--json-please"],
    ])
    func badArguments(arguments: [String]) throws {
        CLI.expectFailure(try CLI.run(arguments))
    }
}
