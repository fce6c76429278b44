import Foundation
import Testing

/// What one run of the `convviz` binary produced.
struct CLIResult: Sendable, CustomStringConvertible {
    var status: Int32
    /// `false` when a signal (a Swift trap is SIGILL or SIGTRAP) ended the process.
    var exitedNormally: Bool
    var stdout: String
    var stderr: String

    var description: String {
        "status \(status)\(exitedNormally ? "" : " (signal)")\nstdout: \(stdout.prefix(500))\nstderr: \(stderr.prefix(500))"
    }
}

enum CLI {
    /// The built `convviz` executable: next to the test bundle (`.build/debug`), or found by walking up
    /// from the test runner or from this source file to a `.build*/debug/convviz`.
    static let executable: URL? = {
        let fileManager = FileManager.default
        func isExecutable(_ url: URL) -> Bool {
            var isDirectory: ObjCBool = false
            return fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && fileManager.isExecutableFile(atPath: url.path)
        }
        var folders = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        if let runner = CommandLine.arguments.first {
            folders.append(URL(fileURLWithPath: runner).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        for folder in folders where isExecutable(folder.appendingPathComponent("convviz")) {
            return folder.appendingPathComponent("convviz")
        }
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            for scratch in [".build", ".build-tests"] {
                let candidate = folder.appendingPathComponent(scratch).appendingPathComponent("debug")
                    .appendingPathComponent("convviz")
                if isExecutable(candidate) { return candidate }
            }
            folder.deleteLastPathComponent()
        }
        return nil
    }()

    /// Runs `convviz arguments`, waiting at most `timeout` seconds, and returns its status and output.
    static func run(_ arguments: [String], timeout: Double = 60) throws -> CLIResult {
        let executable = try #require(Self.executable, "convviz was not built next to the tests")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("convviz-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("stdout"), errURL = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["CONVVIZ_PRESETS"] = nil
        environment["TERM"] = "dumb"
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(2_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("convviz \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
        }
        process.waitUntilExit()
        try out.close()
        try err.close()
        return CLIResult(
            status: process.terminationStatus, exitedNormally: process.terminationReason == .exit,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// Checks the error contract: `error:` on stderr, nothing on stdout, a status in 1..<128, no trap.
    static func expectFailure(
        _ result: CLIResult, mentioning words: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.stderr.hasPrefix("error:"), "\(result)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(result)", sourceLocation: sourceLocation)
        #expect((1..<128).contains(result.status), "\(result)", sourceLocation: sourceLocation)
        #expect(result.exitedNormally, "killed by a signal: \(result)", sourceLocation: sourceLocation)
        for bad in ["Fatal error", "Stack dump", "Backtrace", "SIGILL", "SIGTRAP", "Illegal instruction", "💣"] {
            #expect(!result.stderr.contains(bad), "\(result)", sourceLocation: sourceLocation)
        }
        for word in words {
            #expect(
                result.stderr.contains(word), "stderr should mention \(word): \(result)", sourceLocation: sourceLocation
            )
        }
    }
}

/// Writes `text` to a fresh temporary file named `name` and passes its path to `body`.
func withPresetFile<T>(_ text: String, named name: String = "preset.yaml", _ body: (String) throws -> T) throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "convviz-cli-presets-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent(name).path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return try body(path)
}
