import ConvCore
import Foundation
import Presets
import Testing

/// A small valid preset (3x3 input, 2x2 kernel) that tests break one line of.
let validPreset = """
    name: small
    input:
      - [1, 2, 0]
      - [0, 1, 1]
      - [1, 2, 1]
    kernel:
      - [1, 0]
      - [0, 1]

    """

/// The error `parse` throws for `text`, or `nil` (recorded as an issue) when it loads.
func parseError(
    _ text: String, file: String = "test.yaml", isJSON: Bool = false,
    sourceLocation: SourceLocation = #_sourceLocation
) -> PresetError? {
    do {
        let preset = try PresetLoader.parse(text, file: file, isJSON: isJSON)
        Issue.record("expected an error, but the preset loaded: \(preset.name)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// The error `load(path:)` throws, or `nil` (recorded as an issue) when it loads.
func loadError(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) -> PresetError? {
    do {
        let preset = try PresetLoader.load(path: path)
        Issue.record("expected an error, but \(path) loaded: \(preset.name)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// A fresh temporary folder, removed when `body` returns.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("convviz-presets-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try body(folder)
}

/// Writes `data` to `name` in `folder` and returns its path.
func write(_ data: Data, _ name: String, in folder: URL) throws -> String {
    let url = folder.appendingPathComponent(name)
    try data.write(to: url)
    return url.path
}

/// The repository's `presets/` folder, found from this file.
let shippedPresetsDirectory: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("presets").path

/// CPU seconds the calling thread spends in `body`: unlike wall time, not inflated when other tests or
/// processes share the cores.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
    let start = now()
    try body()
    return now() - start
}
