import Presets

/// Undo and redo of the preset, and the version last loaded or saved (what quitting would not lose).
public struct History: Sendable {
    /// Earlier versions of the preset, most recent last.
    public var undo: [Preset] = []
    /// Versions undone, most recent last.
    public var redo: [Preset] = []
    /// The preset as last loaded or written to a file.
    public var clean: Preset

    /// The most undo steps kept.
    public static let limit = 200
    /// Undo keeps fewer steps for large grids: at most about this many values in all (at least 3 steps).
    public static let elementBudget = 1 << 24

    /// A history that starts clean at `preset`.
    public init(clean preset: Preset) {
        clean = preset
    }

    /// Records `before` as the version an undo brings back; a new change forgets what was undone.
    mutating func record(_ before: Preset) {
        undo.append(before)
        let elements = before.input.values.count + before.kernel.values.count
        let kept = max(3, min(Self.limit, Self.elementBudget / max(1, elements)))
        if undo.count > kept { undo.removeFirst(undo.count - kept) }
        redo.removeAll()
    }
}
