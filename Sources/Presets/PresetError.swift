/// Why a preset file cannot be used: which file, where in it, and what is wrong.
public struct PresetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file, as the user named it.
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?
    /// The key (and row or element) at fault, e.g. `input, row 3`.
    public var key: String?
    /// What is wrong, in the user's terms.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// `presets/x.yaml, line 4: stride: must be at least 1` — without the `error:` prefix.
    /// Each part is shortened to ``maxPartCharacters`` (a key of 60 MB is not printed whole).
    public var description: String {
        var text = Self.shortened(file)
        if let line { text += ", line \(line)" }
        text += ": "
        if let key { text += "\(Self.shortened(key)): " }
        return text + Self.shortened(message)
    }

    /// The most characters of the file, the key or the message shown: 1,000.
    public static let maxPartCharacters = 1000

    private static func shortened(_ text: String) -> String {
        guard text.utf8.count > maxPartCharacters else { return text }
        let count = text.count
        guard count > maxPartCharacters else { return text }
        return String(text.prefix(maxPartCharacters)) + "… (\(count) characters)"
    }
}
