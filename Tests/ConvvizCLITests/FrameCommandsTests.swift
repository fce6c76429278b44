import Foundation
import Testing

/// `render`, `record`, `export` and `--version` run as processes.
struct FrameCommandsTests {
    @Test func versionIsPrinted() throws {
        let result = try CLI.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1.0.0")
    }

    @Test func renderPrintsOneFrameOfTheAnimation() throws {
        let result = try CLI.run(["render", "pytorch-example", "--step", "3"])
        #expect(result.status == 0, "\(result)")
        #expect(
            result.stdout.split(separator: "\n", omittingEmptySubsequences: false).count == 24 + 1,
            "24 rows, each ending in a newline")
        #expect(result.stdout.contains("out[0,0,0] (weight·input) = 1·0 + 2·0 + 1·0 + 0·0 = 0 so far"))
        #expect(result.stdout.contains("cell 1/25 · step 4/9"))
    }

    @Test func renderRefusesWhatItCannotDraw() throws {
        CLI.expectFailure(
            try CLI.run(["render", "pytorch-example", "--step", "-1"]), mentioning: ["--step must be 0 or more"])
        CLI.expectFailure(
            try CLI.run(["render", "pytorch-example", "--width", "30", "--height", "10"]),
            mentioning: ["--width must be 40...1000 and --height 12...500"])
        CLI.expectFailure(
            try CLI.run(["render", "pytorch-example", "--step", "225"]), mentioning: ["past the last multiply-add"])
    }

    @Test func recordWritesAnAsciicast() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("convviz-\(UUID().uuidString).cast")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try CLI.run(["record", "pytorch-example", "--out", path])
        #expect(result.status == 0, "\(result)")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let header = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect((header?["version"] as? NSNumber)?.intValue == 2)
        #expect(lines.count == 1 + 25 * 9 + 1)
    }

    @Test func exportWritesATorchScript() throws {
        let result = try CLI.run(["export", "padding-reflect", "--torch"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("padding_mode='reflect'") || result.stdout.contains("padding_mode=\"reflect\""))
        #expect(result.stdout.contains("print(output)"))
    }
}
