import ArgumentParser
import Presets

/// `convviz presets`: the shipped presets with their one-line descriptions.
struct ListPresets: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presets", abstract: "List the shipped presets with their descriptions.")

    func run() throws {
        let library = PresetLibrary.shipped()
        let names = library.names()
        if names.isEmpty { throw CommandFailure(message: "no presets found in \(library.directory)") }
        let width = names.map { SafeText.width(SafeText.terminal($0)) }.max() ?? 0
        for name in names {
            let summary: String
            if let path = library.path(named: name), let preset = try? PresetLoader.load(path: path) {
                let firstLine = preset.description?.split(separator: "\n").first.map(String.init)
                summary = (firstLine ?? preset.name) + (preset.lesson.isEmpty ? "" : "  [lesson]")
            } else {
                summary = "(cannot be loaded: run `convviz compute \(name)` to see why)"
            }
            let shownName = SafeText.terminal(name)
            let padding = String(repeating: " ", count: max(2, width + 2 - SafeText.width(shownName)))
            print(shownName + padding + SafeText.terminal(summary))
        }
    }
}
