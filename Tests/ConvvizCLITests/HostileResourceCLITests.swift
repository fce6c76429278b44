import Foundation
import Testing

/// Hostile resources through the real binary (issue 11): record's size cap and temporary file, writing
/// onto the preset itself, stdout failures.
struct HostileResourceCLITests {
    static func grid(_ size: Int) -> String {
        let rows = (0..<size).map { row in
            "  - [" + (0..<size).map { String(($0 + row) % 10) }.joined(separator: ", ") + "]\n"
        }
        return "name: big\ninput:\n" + rows.joined()
            + "kernel: [[1, 2, 1], [0, 1, 0], [1, 0, 1]]\n"
    }

    @Test func aHugeRecordingIsRefusedBeforeItIsWritten() throws {
        try withPresetFile(Self.grid(400)) { path in
            let out = path + ".cast"
            let result = try CLI.run(["record", path, "--out", out, "--width", "1000", "--height", "500"], timeout: 60)
            CLI.expectFailure(result, mentioning: ["recordings are limited to 256 MiB"])
            #expect(!FileManager.default.fileExists(atPath: out))
            let folder = (path as NSString).deletingLastPathComponent
            let names = try FileManager.default.contentsOfDirectory(atPath: folder)
            #expect(names.filter { $0.contains(".convviz-") }.isEmpty)
        }
    }

    @Test func recordingOntoThePresetItselfIsRefused() throws {
        try withPresetFile("name: p\ninput: [[1, 2], [3, 4]]\nkernel: [[1]]\n") { path in
            let before = try String(contentsOfFile: path, encoding: .utf8)
            let refusal = ["is the preset being recorded"]
            CLI.expectFailure(try CLI.run(["record", path, "--out", path]), mentioning: refusal)
            let link = path + ".link.yaml"
            #expect(symlink(path, link) == 0)
            CLI.expectFailure(try CLI.run(["record", link, "--out", path]), mentioning: refusal)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == before)
            CLI.expectFailure(try CLI.run(["record", path, "--out", "/dev/null"]), mentioning: ["not a regular file"])
        }
    }

    @Test func aFailedWriteToStdoutIsAnError() throws {
        let executable = try #require(CLI.executable)
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        for arguments in [
            ["compute", "pytorch-example", "--json"], ["compute", "pytorch-example"],
            ["render", "pytorch-example"], ["export", "pytorch-example", "--torch"], ["presets"],
        ] {
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            process.standardOutput = full
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            process.waitUntilExit()
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus == 1, "\(arguments)")
            #expect(stderr == "error: cannot write the output: No space left on device\n", "\(arguments)")
        }
    }

    @Test func aTerminatedRecordingLeavesNoTemporaryFile() throws {
        let executable = try #require(CLI.executable)
        try withPresetFile(Self.grid(400)) { path in
            let folder = (path as NSString).deletingLastPathComponent
            let out = (folder as NSString).appendingPathComponent("out.cast")
            let process = Process()
            process.executableURL = executable
            process.arguments = ["record", path, "--out", out, "--width", "160", "--height", "50"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            func temporaries() -> [String] {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
                return names.filter { $0.contains(".convviz-") }
            }
            let deadline = Date().addingTimeInterval(30)
            while temporaries().isEmpty && process.isRunning && Date() < deadline { usleep(5_000) }
            #expect(!temporaries().isEmpty && process.isRunning, "the recording should be under way")
            process.terminate()
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM)
            #expect(temporaries().isEmpty)
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }
}
