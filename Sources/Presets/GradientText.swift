import ConvCore

/// The text forms of a backward pass that `convviz compute --grad` prints.
public enum GradientText {
    /// `{"shape": [...], "output": [[[[...]]]], "grad_input": [[[[...]]]], "grad_weight": [[[[...]]]] or null,
    /// "grad_bias": [...] or null}` — tensors always 4-D, dL/dW in the kernel's layout.
    public static func json(output: Tensor, gradients: Gradients) -> String {
        let output = OutputText.json(output).dropLast()
        let weight = gradients.weight.map(OutputText.nested) ?? "null"
        let bias = gradients.bias.map { "[" + $0.map(NumberText.format).joined(separator: ", ") + "]" } ?? "null"
        return output + ", \"grad_input\": \(OutputText.nested(gradients.input)), "
            + "\"grad_weight\": \(weight), \"grad_bias\": \(bias)}"
    }

    /// The output grids, then dL/dX per input plane, dL/dW per filter and channel, and dL/db:
    ///
    ///     grad_input[0]  (5 x 5)
    ///     grad_weight[0, 0]  (3 x 3)
    ///     grad_bias  [25]
    public static func grids(output: Tensor, gradients: Gradients, batched: Bool) -> String {
        var blocks = [OutputText.grids(output, batched: batched)]
        let input = gradients.input.shape
        for n in 0..<input.n {
            for c in 0..<input.c {
                let heading = batched ? "grad_input[\(n), \(c)]" : "grad_input[\(c)]"
                let grid = OutputText.aligned(gradients.input.plane(n: n, c: c))
                blocks.append("\(heading)  (\(input.h) x \(input.w))\n" + grid)
            }
        }
        if let weight = gradients.weight {
            let shape = weight.shape
            for o in 0..<shape.n {
                for c in 0..<shape.c {
                    let grid = OutputText.aligned(weight.plane(n: o, c: c))
                    blocks.append("grad_weight[\(o), \(c)]  (\(shape.h) x \(shape.w))\n" + grid)
                }
            }
        }
        if let bias = gradients.bias {
            blocks.append("grad_bias  [" + bias.map(NumberText.format).joined(separator: ", ") + "]")
        }
        return blocks.joined(separator: "\n\n")
    }
}
