import ArgumentParser
import Presets

/// `convviz export PRESET --torch | --json`.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a preset as a runnable PyTorch script (--torch) or as JSON with its output (--json).")

    @OptionGroup var preset: PresetArgument

    @Flag(help: "A Python script that rebuilds the preset with torch.nn (Conv2d, ConvTranspose2d, MaxPool2d, AvgPool2d) and prints the output.")
    var torch = false

    @Flag(help: "The preset and its output as JSON.")
    var json = false

    func validate() throws {
        if torch == json { throw ValidationError("choose one of --torch or --json") }
    }

    func run() throws {
        let loaded = try preset.load()
        let output = try convolve(loaded)
        print(torch ? TorchExport.script(loaded) : StateExport.json(loaded, output: output), terminator: torch ? "" : "\n")
    }
}
