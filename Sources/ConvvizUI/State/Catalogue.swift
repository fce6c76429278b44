import Presets

/// The shipped presets, for `:load` completion and the preset browser.
public struct Catalogue: Sendable {
    /// The presets' names.
    public var names: [String]
    /// The presets' descriptions, by name.
    public var descriptions: [String: String] = [:]

    /// A catalogue of `names` (descriptions are added when known).
    public init(names: [String] = [], descriptions: [String: String] = [:]) {
        self.names = names
        self.descriptions = descriptions
    }

    /// Whether the preset `name` has a lesson (its description says so: `PresetLibrary.descriptions()`).
    public func hasLesson(_ name: String) -> Bool {
        descriptions[name]?.hasSuffix(PresetLibrary.lessonMark) == true
    }
}
