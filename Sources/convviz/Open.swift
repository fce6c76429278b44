import ArgumentParser
import Presets

/// `convviz [PRESET]`: the interactive visualiser.
struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open", abstract: "Open the interactive visualiser (the default).")

    @Argument(help: "A preset file, or the name of a shipped preset (default: \(PresetLibrary.defaultName)).")
    var preset: String = PresetLibrary.defaultName

    func run() throws {
        let loaded = try loadPreset(preset)
        _ = try convolve(loaded)
        throw CommandFailure(message: "the interactive visualiser is not built yet; try `convviz compute \(preset)`")
    }
}
