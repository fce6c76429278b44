import ArgumentParser
import ConvCore
import Presets

/// `convviz compute PRESET [--json] [--layer K]`: prints the output grids.
struct Compute: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute the convolution of a preset and print the output grids.")

    @OptionGroup var preset: PresetArgument

    @Flag(help: "Print {\"shape\": [N, C_out, H_out, W_out], \"output\": [[[[...]]]]} ([N, features] once flat).")
    var json = false

    @Flag(
        help: ArgumentHelp(
            "Also print the backward pass: grad_input, grad_weight, grad_bias.",
            discussion: "dL/dY is the preset's grad_output, all ones when it has none."))
    var grad = false

    @Option(help: "Print the output of layer K (1-based) of a preset with layers: instead of the last layer's.")
    var layer: Int?

    func run() throws {
        let loaded = try preset.load()
        if grad {
            guard layer == nil else {
                throw CommandFailure(
                    message: "--grad and --layer: gradients are computed for single-operation presets only")
            }
            let output = try convolve(loaded)
            let gradients = try backward(loaded)
            print(
                json
                    ? GradientText.json(output: output, gradients: gradients)
                    : GradientText.grids(output: output, gradients: gradients, batched: loaded.isBatched))
            return
        }
        if case .stack = loaded.operation {
        } else if layer == nil {
            let output = try convolve(loaded)
            print(json ? OutputText.json(output) : OutputText.grids(output, batched: loaded.isBatched))
            return
        }
        let stack = try layerStack(loaded)
        let index = try layerIndex(layer, in: stack, preset: loaded) ?? stack.layers.count - 1
        if stack.outputs[index].values.contains(where: { !$0.isFinite }) {
            throw CommandFailure(
                message: "\(loaded.name): the output of layer \(index + 1) is not finite: "
                    + "values overflow a 64-bit float, or a max-pooling window holds only padding")
        }
        print(
            json
                ? StackText.json(stack, layer: index)
                : StackText.grids(stack, layer: index, batched: loaded.isBatched))
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

/// The preset's stack of layers (a single operation is a stack of one), as a ``CommandFailure`` on error.
func layerStack(_ preset: Preset) throws(CommandFailure) -> Stack {
    do {
        return try preset.stack()
    } catch {
        throw CommandFailure(message: "\(preset.name): \(error.description)")
    }
}

/// The 0-based index of `--layer K`, checked against the stack; `nil` when no layer was given.
func layerIndex(_ layer: Int?, in stack: Stack, preset: Preset) throws(CommandFailure) -> Int? {
    guard let layer else { return nil }
    guard (1...stack.layers.count).contains(layer) else {
        let count = stack.layers.count
        throw CommandFailure(
            message: "--layer \(layer): \(preset.name) has \(count) "
                + "layer\(count == 1 ? "" : "s") (1–\(count))")
    }
    return layer - 1
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
        throw CommandFailure(
            message:
                "\(preset.name): the output is not finite: values overflow a 64-bit float, or a max-pooling window holds only padding"
        )
    }
    return output
}
