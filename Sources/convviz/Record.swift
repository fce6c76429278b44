import ArgumentParser
import ConvvizUI
import Foundation
import Presets

/// `convviz record PRESET --out demo.cast`: an asciicast v2 recording of the animation, headless.
struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record the animation as an asciicast v2 file (asciinema plays and embeds it), no terminal needed.")

    @OptionGroup var preset: PresetArgument

    @Option(help: "Where to write the recording (.cast); an existing file is replaced.")
    var out: String

    @Option(help: "Multiply-adds per second (a recording longer than 2 minutes is sped up to fit).")
    var speed: Double = 4

    @OptionGroup var frame: FrameOptions

    @Flag(help: "Record without colours.")
    var noColor = false

    /// The frame size without --width and --height.
    static let frameSize = (width: 100, height: 30)

    func validate() throws {
        _ = try frame.size(default: Self.frameSize)
        guard speed > 0, speed.isFinite else { throw ValidationError("--speed must be a positive number") }
    }

    func run() throws {
        let loaded = try preset.load()
        _ = try convolve(loaded)
        let size = try frame.size(default: Self.frameSize)
        var state = AppState(preset: loaded, width: size.width, height: size.height)
        state.cursors.focus = .output
        let cast = Recording.asciicast(state, stepsPerSecond: speed, color: !noColor, title: "convviz: \(loaded.name)")
        try writeOutputFileAtomically(cast, to: out)
        FileHandle.standardError.write(Data("wrote \(out)\n".utf8))
    }
}
