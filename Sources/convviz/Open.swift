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
        try Interactive.run(preset)
    }
}

/// `convviz lesson PRESET`: the visualiser, walking through the preset's lesson.
struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson", abstract: "Open the visualiser on a preset's lesson (PgDn/PgUp step through it).")

    @Argument(help: "A preset file with a lesson:, or the name of a shipped one.")
    var preset: String

    func run() throws {
        try Interactive.run(preset, lesson: true)
    }
}

/// Starts the interactive app on a terminal and runs it until the user quits.
enum Interactive {
    static func run(_ argument: String, lesson: Bool = false) throws {
        let library = PresetLibrary.shipped()
        let path: String
        do {
            path = try library.resolve(argument)
        } catch {
            throw CommandFailure(message: error.description)
        }
        let loaded = try loadPreset(path)
        if lesson && loaded.lesson.isEmpty {
            let withLessons = library.names().filter { name in
                library.path(named: name).flatMap { try? PresetLoader.load(path: $0) }?.lesson.isEmpty == false
            }
            throw CommandFailure(
                message: "\(path): has no lesson: key; presets with lessons: \(withLessons.joined(separator: ", "))")
        }
        let color = ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
        let terminal: Terminal
        do {
            terminal = try Terminal(color: color)
        } catch {
            throw CommandFailure(message: error.description)
        }
        let size = terminal.size
        var state = AppState(
            preset: loaded, presetPath: path, presetNames: library.names(), width: size.width, height: size.height)
        state.catalogue.descriptions = library.descriptions()
        state.colorDepth = terminal.colorDepth
        if lesson { _ = Reducer.reduce(&state, .toggleLesson) }
        if let notice = Recovery.notice() { state.status = notice }
        let runner = AppRunner(
            clock: { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }, color: color, library: library)
        let final = runner.run(state, on: terminal)
        terminal.close()
        if terminal.hungUp && final.isDirty { Recovery.save(final) }
    }
}
