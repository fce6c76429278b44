import Foundation
import Testing

/// The real binary on every file of the hostile corpus: `error:` on stderr, nothing on stdout, an exit
/// status from 1 to 127, no signal.
struct HostileCorpusCLITests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("HostileCorpus")

    static let files: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { !["ppm", "pgm", "png", "jpg", "npy", "npz", "safetensors"].contains(($0 as NSString).pathExtension) }
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
        }
    }
}
