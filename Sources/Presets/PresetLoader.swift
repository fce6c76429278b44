import ConvCore
import Foundation
import Yams

/// Reads preset files (YAML, or JSON, which is YAML too) into ``Preset``s, strictly: every malformed
/// file is an error naming the file, the line, the key and the row.
public enum PresetLoader {
    /// The keys a preset may hold.
    public static let knownKeys = [
        "name", "description", "input", "image", "kernel", "bias", "stride", "padding", "dilation", "groups",
        "padding_mode",
        "lesson", "transposed", "output_padding", "pool", "kernel_size", "ceil_mode", "count_include_pad",
        "grad_output",
        "layers",
    ]
    /// The largest preset file read: 64 MiB.
    public static let maxFileBytes = 64 << 20
    /// The most YAML values (numbers, texts, lists, mappings) a preset file may hold, counted by a scan of the
    /// text before any tree is built (a tree costs over 100 bytes a value): 4,194,304, room for a 2000x2000
    /// input. Larger inputs come from `image:` files.
    public static let maxValues = 1 << 22
    /// The longest name, in characters.
    public static let maxNameCharacters = 200
    /// The longest description or lesson step text, in characters.
    public static let maxTextCharacters = 4000
    /// The most steps a lesson may have.
    public static let maxLessonSteps = 200
    /// The deepest bracket nesting accepted (a batched input needs 4).
    static let maxFlowDepth = 64
    /// The longest run of leading spaces and dashes accepted (block nesting depth).
    static let maxIndent = 1024

    /// Loads and validates the preset at `path`; PyTorch-invalid combinations are errors too.
    public static func load(path: String) throws(PresetError) -> Preset {
        try parse(try read(path: path), file: path, isJSON: path.lowercased().hasSuffix(".json"))
    }

    /// The text of a preset file, or an error for a missing file, a directory or other non-regular file,
    /// a huge or non-UTF-8 file (read through ``BoundedFile``: nothing past the limit is read).
    public static func read(path: String) throws(PresetError) -> String {
        let bytes = try BoundedFile.read(path, limit: maxFileBytes, kind: "presets")
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw PresetError(file: path, message: "is not UTF-8 text (is it a binary file?)")
        }
        return text
    }

    /// Parses and validates preset text; `file` names it in errors.
    public static func parse(_ text: String, file: String, isJSON: Bool = false) throws(PresetError) -> Preset {
        let reader = try PresetReader(text: isJSON ? text.replacingOccurrences(of: "\t", with: " ") : text, file: file)
        return try reader.preset()
    }
}
