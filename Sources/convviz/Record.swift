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

    @Option(help: """
        Where to write the recording (.cast); an existing regular file is replaced (never the preset itself).
        """)
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
        let library = PresetLibrary.shipped()
        let path: String
        do {
            path = try library.resolve(preset)
        } catch {
            throw CommandFailure(message: error.description)
        }
        let loaded = try loadPreset(path)
        _ = try convolve(loaded)
        if SameFile.check(out, path) {
            throw CommandFailure(
                message: "\(out): is the preset being recorded; choose another --out (recordings are .cast files)")
        }
        var state = AppState(preset: loaded, width: width, height: height)
        state.focus = .output
        do {
            let file = try AtomicFile(path: out, overwrite: true)
            do {
                try Recording.stream(state, stepsPerSecond: speed, color: !noColor,
                                     title: "convviz: \(loaded.name)") { line in try file.write(line) }
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
