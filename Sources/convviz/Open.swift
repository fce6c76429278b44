import ArgumentParser
import ConvvizUI
import Foundation
import Presets
import TerminalBackend

/// `convviz [PRESET]`: the interactive visualiser.
struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open", abstract: "Open the interactive visualiser (the default).")

    @Argument(help: "A preset file, or the name of a shipped preset (default: \(PresetLibrary.defaultName)).")
    var preset: String = PresetLibrary.defaultName

    func run() throws {
        let library = PresetLibrary.shipped()
        let path: String
        do {
            path = try library.resolve(preset)
        } catch {
            throw CommandFailure(message: error.description)
        }
        let loaded = try loadPreset(path)
        let color = ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
        let terminal: Terminal
        do {
            terminal = try Terminal(color: color)
        } catch {
            throw CommandFailure(message: error.description)
        }
        let size = terminal.size
        let state = AppState(preset: loaded, presetPath: path, presetNames: library.names(), width: size.width, height: size.height)
        let runner = AppRunner(clock: { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }, color: color, library: library)
        runner.run(state, on: terminal)
        terminal.close()
    }
}
