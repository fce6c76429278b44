import ArgumentParser
import ConvvizUI
import Foundation
import Presets

/// `convviz record PRESET --out demo.cast`: an asciicast v2 recording of the animation, headless.
struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record the animation as an asciicast v2 file (asciinema plays and embeds it), no terminal needed.")

    @Argument(help: "A preset file, or the name of a shipped preset.")
    var preset: String

    @Option(help: "Where to write the recording (.cast); an existing file is replaced.")
    var out: String

    @Option(help: "Multiply-adds per second (a recording longer than 2 minutes is sped up to fit).")
    var speed: Double = 4

    @Option(help: "Frame width in columns.")
    var width = 100

    @Option(help: "Frame height in rows.")
    var height = 30

    @Flag(help: "Record without colours.")
    var noColor = false

    func validate() throws {
        try FrameSize.validate(width: width, height: height)
        guard speed > 0, speed.isFinite else { throw ValidationError("--speed must be a positive number") }
    }

    func run() throws {
        let loaded = try loadPreset(preset)
        _ = try convolve(loaded)
        var state = AppState(preset: loaded, width: width, height: height)
        state.focus = .output
        let cast = Recording.asciicast(state, stepsPerSecond: speed, color: !noColor, title: "convviz: \(loaded.name)")
        do {
            try PresetWriter.write(cast, to: out, overwrite: true)
        } catch {
            throw CommandFailure(message: error.description)
        }
        FileHandle.standardError.write(Data("wrote \(SafeText.terminal(out))\n".utf8))
    }
}
