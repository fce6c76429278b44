import ConvCore

/// The text forms of a convolution's output that `convviz compute` prints.
public enum OutputText {
    /// `{"shape": [N, C_out, H_out, W_out], "output": [[[[...]]]]}` — always 4-D.
    public static func json(_ output: Tensor) -> String {
        let shape = output.shape.dimensions.map(String.init).joined(separator: ", ")
        return "{\"shape\": [\(shape)], \"output\": \(nested(output))}"
    }

    /// A tensor as 4-D nested JSON lists.
    static func nested(_ tensor: Tensor) -> String {
        let shape = tensor.shape
        return "["
            + (0..<shape.n).map { n in
                "["
                    + (0..<shape.c).map { c in
                        "["
                            + tensor.plane(n: n, c: c).map { row in
                                "[" + row.map(NumberText.format).joined(separator: ", ") + "]"
                            }.joined(separator: ", ") + "]"
                    }.joined(separator: ", ") + "]"
            }.joined(separator: ", ") + "]"
    }

    /// Each output plane under a heading, every number right-aligned to the widest:
    ///
    ///     output[0]  (5 x 5)
    ///      1  3  3  5  1
    public static func grids(_ output: Tensor, batched: Bool) -> String {
        let shape = output.shape
        var blocks: [String] = []
        for n in 0..<shape.n {
            for c in 0..<shape.c {
                let heading = batched ? "output[\(n), \(c)]" : "output[\(c)]"
                blocks.append("\(heading)  (\(shape.h) x \(shape.w))\n" + aligned(output.plane(n: n, c: c)))
            }
        }
        return blocks.joined(separator: "\n\n")
    }

    /// Rows of numbers, each right-aligned to the widest number of the grid.
    public static func aligned(_ rows: [[Double]]) -> String {
        let cells = rows.map { $0.map(NumberText.format) }
        let width = cells.flatMap { $0 }.map(\.count).max() ?? 0
        return cells.map { row in
            row.map { String(repeating: " ", count: width - $0.count) + $0 }.joined(separator: " ")
        }.joined(separator: "\n")
    }
}
