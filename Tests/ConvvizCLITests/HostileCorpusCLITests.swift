import Foundation
import Testing

/// The real binary on every file of the hostile corpus: `error:` on stderr, nothing on stdout, an exit
/// status from 1 to 127, no signal.
struct HostileCorpusCLITests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("HostileCorpus")

    static let files: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter {
            !["ppm", "pgm", "png", "jpg", "npy", "npz", "safetensors"].contains(($0 as NSString).pathExtension)
                && $0 != "text"
        }
        .sorted()

    @Test(arguments: files) func computeRefusesItCleanly(name: String) throws {
        let path = Self.folder.appendingPathComponent(name).path
        for arguments in [["compute", path], ["compute", path, "--json"]] {
            let result = try CLI.run(arguments, timeout: 20)
            #expect(result.exitedNormally, "\(name): \(result)")
            #expect((1..<128).contains(result.status), "\(name): \(result)")
            #expect(result.stdout.isEmpty, "\(name): \(result)")
            #expect(result.stderr.hasPrefix("error: "), "\(name): \(result)")
            #expect(result.stderr.filter { $0 == "\n" }.count == 1, "one line: \(name): \(result)")
            #expect(
                !Self.containsControls(String(result.stderr.dropLast())),
                "\(name): \(result.stderr.debugDescription)")
        }
    }

    /// Valid presets whose texts (name, description, lesson) are hostile: line breaks of every kind,
    /// quotes, terminal escapes, bidi overrides, wide and combining characters.
    static let textFiles: [String] =
        ((try? FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent("text").path)) ?? []).sorted()

    /// Whether `text` holds a character a terminal would obey (C0/C1 controls other than `\n`, DEL, bidi controls).
    static func containsControls(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            scalar != "\n"
                && (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                    || [0x061C, 0x200E, 0x200F, 0x2028, 0x2029].contains(scalar.value)
                    || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value))
        }
    }

    @Test(arguments: textFiles) func hostileTextNeverReachesTheTerminalOrTheScriptRaw(name: String) throws {
        let path = Self.folder.appendingPathComponent("text").appendingPathComponent(name).path
        let render = try CLI.run(["render", path, "--width", "100", "--height", "30"])
        #expect(render.status == 0 && !Self.containsControls(render.stdout), "\(render)")
        let script = try CLI.run(["export", path, "--torch"])
        #expect(script.status == 0, "\(script)")
        #expect(script.stdout.unicodeScalars.allSatisfy { $0 == "\n" || (0x20...0x7E).contains($0.value) })
        #expect(script.stdout.split(separator: "\n").allSatisfy { !$0.hasPrefix("#") || !$0.contains("import os") })
        let json = try CLI.run(["export", path, "--json"])
        #expect(json.status == 0 && !Self.containsControls(json.stdout), "\(json)")
        let exported = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((exported?["name"] as? String)?.isEmpty == false)
        let bad = try CLI.run(["render", path, "--step", "99999"])
        #expect(bad.status == 1 && !Self.containsControls(String(bad.stderr.dropLast())), "\(bad)")
        let cast = FileManager.default.temporaryDirectory
            .appendingPathComponent("hostile-\(UUID().uuidString).cast").path
        defer { try? FileManager.default.removeItem(atPath: cast) }
        let record = try CLI.run(["record", path, "--out", cast, "--width", "60", "--height", "14"])
        #expect(record.status == 0, "\(record)")
        let header = try String(contentsOfFile: cast, encoding: .utf8).split(separator: "\n")[0]
        let object = try JSONSerialization.jsonObject(with: Data(header.utf8)) as? [String: Any]
        #expect(!Self.containsControls(try #require(object?["title"] as? String)))
    }

    @Test func thePresetListShowsHostileNamesAndDescriptionsVisibly() throws {
        let executable = try #require(CLI.executable)
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("hostile-presets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = Self.folder.appendingPathComponent("text/terminal-escapes.yaml")
        try FileManager.default.copyItem(at: source, to: folder.appendingPathComponent("evil\u{1B}]0;t\u{07}.yaml"))
        let process = Process()
        process.executableURL = executable
        process.arguments = ["presets"]
        process.environment = ["CONVVIZ_PRESETS": folder.path, "PATH": "/usr/bin:/bin"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.hasPrefix("evil\\e]0;t\\u{7}  \\e[31mred"), "\(text.debugDescription)")
        #expect(!Self.containsControls(text))
    }

    @Test func errorMessagesShowHostileKeysValuesAndPathsVisibly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases = [
            "name: x\ninput: [[1]]\nkernel: [[1]]\n\"k\\e]0;t\\a\": 1\n",
            "name: x\ninput: [[1]]\nkernel: [[1]]\npadding_mode: \"z\\e[2J\\u202E\"\n",
            "name: x\ninput: [[1]]\npool: \"m\\x9b31m\"\n",
            "name: x\ninput: [[1]]\nkernel: [[1]]\nlesson:\n  - text: hi\n    animate: \"\\e]52;c;aGk=\\a\"\n",
            "name: x\nimage: \"evil\\e]0;t\\a.pgm\"\nkernel: [[1]]\n",
            "name: x\ninput: [[1]]\nkernel: [[1]]\n\"line\\nbreak\\r\\u2028key\": 1\n",
        ]
        for (index, text) in cases.enumerated() {
            let path = folder.appendingPathComponent("case\(index).yaml").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let result = try CLI.run(["compute", path])
            #expect(result.status == 1 && result.stderr.hasPrefix("error: "), "\(index): \(result)")
            #expect(result.stderr.filter { $0 == "\n" }.count == 1, "one line: \(index): \(result)")
            let shown = "\(index): \(result.stderr.debugDescription)"
            #expect(!Self.containsControls(String(result.stderr.dropLast())), "\(shown)")
            #expect(["\\e", "\\u{", "\\n"].contains { result.stderr.contains($0) }, "\(shown)")
        }
        let pathResult = try CLI.run(["compute", "no\u{1B}]0;t\u{07}such.yaml"])
        #expect(pathResult.stderr == "error: no\\e]0;t\\u{7}such.yaml: no such file\n")
    }
}
