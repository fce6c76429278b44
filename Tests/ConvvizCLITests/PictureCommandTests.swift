import Foundation
import Testing

/// `export --gif` and `--svg` run as processes: files written atomically, what is not a regular file kept.
struct PictureCommandTests {
    static func temporary(_ suffix: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("convviz-\(UUID().uuidString)\(suffix)").path
    }

    @Test func gifAndSvgAreWritten() throws {
        let gif = Self.temporary(".gif"), svg = Self.temporary(".svg")
        defer { for path in [gif, svg] { try? FileManager.default.removeItem(atPath: path) } }
        #expect(FileManager.default.createFile(atPath: gif, contents: Data("old".utf8)))
        let result = try CLI.run(["export", "pytorch-example", "--gif", gif])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: gif)).prefix(6) == Data("GIF89a".utf8))
        let still = try CLI.run(["export", "pytorch-example", "--svg", svg, "--step", "0"])
        #expect(still.status == 0, "\(still)")
        #expect(try String(contentsOfFile: svg, encoding: .utf8).contains("out[0,0] = 0 (multiply-add 1 of 9)"))
    }

    @Test func aDirectoryIsNotReplacedAndALinkIsWrittenThrough() throws {
        let folder = Self.temporary("-folder.gif"), target = Self.temporary("-target")
        let link = Self.temporary("-link.gif")
        defer { for path in [folder, target, link] { try? FileManager.default.removeItem(atPath: path) } }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        #expect(FileManager.default.createFile(atPath: target, contents: Data("keep".utf8)))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        CLI.expectFailure(
            try CLI.run(["export", "pytorch-example", "--gif", folder]),
            mentioning: ["is a directory"])
        // A symbolic link is written through, as every file convviz writes (docs/reliability.md): the link stays.
        #expect(try CLI.run(["export", "pytorch-example", "--svg", link]).status == 0)
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("<svg"))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == target)
    }

    @Test func picturesRefuseWhatTheyCannotDraw() throws {
        let path = Self.temporary(".gif")
        defer { try? FileManager.default.removeItem(atPath: path) }
        CLI.expectFailure(try CLI.run(["export", "max-pool", "--gif", path]), mentioning: ["conv2d presets"])
        CLI.expectFailure(
            try CLI.run(["export", "pytorch-example", "--svg", path, "--step", "225"]),
            mentioning: ["--step must be"])
        CLI.expectFailure(
            try CLI.run(["export", "pytorch-example", "--gif", path, "--step", "1"]),
            mentioning: ["--step goes with --svg"])
        CLI.expectFailure(
            try CLI.run(["export", "pytorch-example", "--gif", path, "--torch"]),
            mentioning: ["choose one of"])
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
