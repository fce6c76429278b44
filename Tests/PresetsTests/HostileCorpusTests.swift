import Foundation
import Presets
import Testing

/// Every file of the hostile corpus (Tests/HostileCorpus, made by tools/corpus/make_hostile_corpus.py)
/// gets a clean error that names it, and quickly.
struct HostileCorpusTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("HostileCorpus")

    /// The preset files (the images are referenced by presets, not loaded as presets).
    static let files: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter {
            !["ppm", "pgm", "png", "jpg", "npy", "npz", "safetensors"].contains(($0 as NSString).pathExtension)
                && $0 != "text"
        }
        .sorted()

    @Test func theCorpusIsThere() {
        #expect(Self.files.count >= 70)
    }

    @Test(arguments: files) func isRejectedWithAnErrorNamingTheFile(name: String) {
        let path = Self.folder.appendingPathComponent(name).path
        let start = Date()
        guard let error = loadError(path) else { return }
        #expect(error.description.contains(path))
        #expect(!error.message.isEmpty)
        #expect(Date().timeIntervalSince(start) < 10, "a hang guard, not a speed test")
    }

    @Test func aFileOverTheSizeLimitIsRefusedUnread() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "convviz-huge-\(UUID().uuidString).yaml"
        ).path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(PresetLoader.maxFileBytes) + 1)
        try handle.close()
        let error = loadError(path)
        #expect(error?.message.contains("limited to") == true)
    }
}
