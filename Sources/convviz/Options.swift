import ArgumentParser
import Presets

/// The preset a batch command works on: a file, or the name of a shipped preset.
struct PresetArgument: ParsableArguments {
    @Argument(help: "A preset file, or the name of a shipped preset.")
    var preset: String

    /// Loads the preset, as a ``CommandFailure`` on error.
    func load() throws(CommandFailure) -> Preset { try loadPreset(preset) }
}

/// The size of a frame drawn without a terminal (`render`, `record`); each command has its own default.
struct FrameOptions: ParsableArguments {
    @Option(help: "Frame width in columns (default: 80 for render, 100 for record).")
    var width: Int?
    @Option(help: "Frame height in rows (default: 24 for render, 30 for record).")
    var height: Int?

    /// The size asked for, else `fallback`; refuses one outside ``FrameSize``.
    func size(default fallback: (width: Int, height: Int)) throws -> (width: Int, height: Int) {
        let size = (width: width ?? fallback.width, height: height ?? fallback.height)
        try FrameSize.validate(width: size.width, height: size.height)
        return size
    }
}
