import ConvCore
import Foundation
import Presets

/// How the app writes tensors, cells, shapes and numbers: one notation for the state's messages and the
/// views alike, in PyTorch's terms (`out[0,1,2]`, `input[0,0,1]`, `(1, 3, 5, 5)`).
enum Notation {
    /// `(N, C, H, W)`.
    static func shape(_ shape: Shape4) -> String { "(\(shape.n), \(shape.c), \(shape.h), \(shape.w))" }

    /// An output cell: `out[c,row,column]`, with the batch index first when the input is batched.
    static func output(_ index: TensorIndex, batched: Bool) -> String {
        "out" + subscripted(index, batched: batched)
    }

    /// An editable cell: `input[c,row,column]` (batch index first when batched), `weight[o,c,row,column]`,
    /// `bias[o]` (the output channel is the index's `channel`).
    static func cell(_ grid: Grid, _ index: TensorIndex, batched: Bool) -> String {
        switch grid {
        case .input: "input" + subscripted(index, batched: batched)
        case .kernel: "weight" + subscripted(index, batched: true)
        case .bias: "bias[\(index.channel)]"
        case .gradOutput: "dL/dY" + subscripted(index, batched: batched)
        }
    }

    private static func subscripted(_ index: TensorIndex, batched: Bool) -> String {
        batched
            ? "[\(index.n),\(index.channel),\(index.row),\(index.column)]"
            : "[\(index.channel),\(index.row),\(index.column)]"
    }
}

/// How grids write numbers: short enough to align in columns. The status line shows exact values.
enum GridNumber {
    static func format(_ value: Double) -> String {
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e6 || magnitude < 1e-4 { return String(format: "%.1e", value) }
        if value == value.rounded() { return String(Int(value)) }
        let exact = NumberText.format(value)
        if exact.count <= 6 { return exact }
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// A factor in the arithmetic line: negative numbers in parentheses, `(-1)·3`.
    static func factor(_ value: Double) -> String {
        let text = format(value)
        return value < 0 ? "(\(text))" : text
    }
}
