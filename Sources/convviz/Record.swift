import ArgumentParser
import ConvvizUI
import Foundation
import Presets

/// `convviz record PRESET --out demo.cast`: an asciicast v2 recording of the animation, headless.
struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record the animation as an asciicast v2 file (asciinema plays and embeds it), no terminal needed.")

    @OptionGroup var preset: PresetArgument

    @Option(
        help: """
            Where to write the recording (.cast); an existing regular file is replaced (never the preset itself).
            """)
    var out: String

    @Option(help: "Multiply-adds per second (a recording longer than 2 minutes is sped up to fit).")
    var speed: Double = 4

    @OptionGroup var frame: FrameOptions

    @Flag(help: "Record without colours.")
    var noColor = false

    @OptionGroup var backward: BackwardOptions

    /// The frame size without --width and --height.
    static let frameSize = (width: 100, height: 30)

    func validate() throws {
        _ = try frame.size(default: Self.frameSize)
        guard speed > 0, speed.isFinite else { throw ValidationError("--speed must be a positive number") }
    }

    func run() throws {
        let library = PresetLibrary.shipped()
        let path: String
        do {
            path = try library.resolve(preset.preset)
        } catch {
            throw CommandFailure(message: error.description)
        }
        let loaded = try loadPreset(path)
        _ = try convolve(loaded)
        if SameFile.check(out, path) {
            throw CommandFailure(
                message: "\(out): is the preset being recorded; choose another --out (recordings are .cast files)")
        }
        let size = try frame.size(default: Self.frameSize)
        var state = AppState(preset: loaded, width: size.width, height: size.height)
        state.cursors.focus = .output
        try backward.apply(to: &state)
        do {
            let file = try AtomicFile(path: out, overwrite: true)
            do {
                try Recording.stream(
                    state, stepsPerSecond: speed, color: !noColor,
                    title: "convviz: \(loaded.name)"
                ) { line in try file.write(line) }
            } catch let error as Recording.TooLarge {
                file.abandon()
                throw CommandFailure(message: "\(out): \(error.description)")
            }
            try file.commit()
        } catch let error as PresetError {
            throw CommandFailure(message: error.description)
        }
        FileHandle.standardError.write(Data("wrote \(SafeText.terminal(out))\n".utf8))
    }
}

/// Whether two paths name the same file (same device and inode, symbolic links followed).
enum SameFile {
    static func check(_ first: String, _ second: String) -> Bool {
        var a = stat(), b = stat()
        guard stat(first, &a) == 0, stat(second, &b) == 0 else { return false }
        return a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }
}
