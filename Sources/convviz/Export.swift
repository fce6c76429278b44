import ArgumentParser
import ConvvizUI
import Foundation
import Presets

/// `convviz export PRESET --torch | --json | --gif FILE | --svg FILE`.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a preset as a runnable PyTorch script (--torch) or as JSON with its output (--json), or "
            + "draw it as an animated GIF (--gif) or an SVG still (--svg).")

    @OptionGroup var preset: PresetArgument

    @Flag(
        help:
            "A Python script that rebuilds the preset with torch.nn (Conv2d, ConvTranspose2d, MaxPool2d, AvgPool2d) and prints the output."
    )
    var torch = false

    @Flag(help: "The preset and its output as JSON.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "An animated GIF of the output filling in, one frame per output cell "
                + "(at most 1,000 frames and 2 minutes).", valueName: "file.gif"))
    var gif: String?

    @Option(help: ArgumentHelp("An SVG still: the whole output, or multiply-add --step K.", valueName: "file.svg"))
    var svg: String?

    @Option(help: "With --svg: the multiply-add shown (0 is the first).")
    var step: Int?

    @Option(help: "With --gif: output cells per second (a GIF longer than 2 minutes is sped up to fit).")
    var speed: Double = 2

    func validate() throws {
        let chosen = [torch, json, gif != nil, svg != nil].filter { $0 }.count
        if chosen != 1 { throw ValidationError("choose one of --torch, --json, --gif FILE or --svg FILE") }
        if step != nil && svg == nil { throw ValidationError("--step goes with --svg") }
        guard speed > 0, speed.isFinite else { throw ValidationError("--speed must be a positive number") }
    }

    func run() throws {
        let loaded = try preset.load()
        let output = try convolve(loaded)
        if let path = gif ?? svg {
            let bytes: [UInt8]
            do {
                bytes = try picture(loaded)
            } catch {
                throw CommandFailure(message: "\(path): \(error.description)")
            }
            do {
                let file = try AtomicFile(path: path, overwrite: true)
                try file.write(bytes)
                try file.commit()
            } catch {
                throw CommandFailure(message: error.description)
            }
            FileHandle.standardError.write(Data("wrote \(SafeText.terminal(path))\n".utf8))
            return
        }
        print(
            torch ? TorchExport.script(loaded) : StateExport.json(loaded, output: output), terminator: torch ? "" : "\n"
        )
    }
}

extension Export {
    /// The GIF or SVG of a conv2d preset.
    func picture(_ preset: Preset) throws(PictureError) -> [UInt8] {
        guard case .convolution = preset.operation, let convolution = try? preset.convolution() else {
            throw PictureError("--gif and --svg draw conv2d presets (not pooling or transposed ones)")
        }
        if gif != nil { return try PictureExport.gif(convolution, title: preset.name, cellsPerSecond: speed) }
        return Array(try PictureExport.svg(convolution, title: preset.name, step: step).utf8)
    }
}
