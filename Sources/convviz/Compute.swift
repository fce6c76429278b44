import ArgumentParser
import ConvCore
import Presets

/// `convviz compute PRESET [--json]`: prints the output grids.
struct Compute: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute the convolution of a preset and print the output grids.")

    @OptionGroup var preset: PresetArgument

    @Flag(help: "Print {\"shape\": [N, C_out, H_out, W_out], \"output\": [[[[...]]]]} instead.")
    var json = false

    func run() throws {
        let loaded = try preset.load()
        let output = try convolve(loaded)
        print(json ? OutputText.json(output) : OutputText.grids(output, batched: loaded.isBatched))
    }
}

/// Loads a preset by path or shipped name, as a ``CommandFailure`` on error.
func loadPreset(_ argument: String) throws(CommandFailure) -> Preset {
    do {
        return try PresetLibrary.shipped().load(argument)
    } catch {
        throw CommandFailure(message: error.description)
    }
}

/// Computes a preset's output (convolution, transposed convolution or pooling); refuses a result that
/// is not finite (overflow, or a max-pooling window of padding only).
func convolve(_ preset: Preset) throws(CommandFailure) -> Tensor {
    let output: Tensor
    do {
        output = try preset.output()
    } catch {
        throw CommandFailure(message: "\(preset.name): \(error.key): \(error.description)")
    }
    if output.values.contains(where: { !$0.isFinite }) {
        throw CommandFailure(message: "\(preset.name): the output is not finite: values overflow a 64-bit float, or a max-pooling window holds only padding")
    }
    return output
}
