import ArgumentParser
import ConvCore
import Presets

/// `convviz compute PRESET [--json]`: prints the output grids.
struct Compute: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute the convolution of a preset and print the output grids.")

    @Argument(help: "A preset file, or the name of a shipped preset.")
    var preset: String

    @Flag(help: "Print {\"shape\": [N, C_out, H_out, W_out], \"output\": [[[[...]]]]} instead.")
    var json = false

    @Flag(help: ArgumentHelp("Also print the backward pass: grad_input, grad_weight, grad_bias.",
                             discussion: "dL/dY is the preset's grad_output, all ones when it has none."))
    var grad = false

    func run() throws {
        let loaded = try loadPreset(preset)
        let output = try convolve(loaded)
        guard grad else {
            print(json ? OutputText.json(output) : OutputText.grids(output, batched: loaded.isBatched))
            return
        }
        let gradients = try backward(loaded)
        print(json ? GradientText.json(output: output, gradients: gradients)
                   : GradientText.grids(output: output, gradients: gradients, batched: loaded.isBatched))
    }
}

/// The backward pass of a preset; refuses gradients that are not finite (overflow).
func backward(_ preset: Preset) throws(CommandFailure) -> Gradients {
    let gradients: Gradients
    do {
        gradients = try preset.gradients()
    } catch {
        throw CommandFailure(message: "\(preset.name): \(error.key): \(error.description)")
    }
    if !gradients.isFinite {
        throw CommandFailure(message: "\(preset.name): the gradients are not finite: values overflow a 64-bit float")
    }
    return gradients
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
