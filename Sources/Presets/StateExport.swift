import ConvCore
import Foundation

/// The JSON form of a preset and its output: everything needed to rebuild or check it, no NumPy.
public enum StateExport {
    /// `{"name", "description", "operation", "input": {"shape", "values"}, "batched", "weight": {...} or null,
    /// "bias", "parameters": {...}, "output": {"shape", "values"}}`; tensors are 4-D nested lists; the
    /// parameters are the operation's own (conv2d, conv_transpose2d, max_pool2d or avg_pool2d).
    public static func json(_ preset: Preset, output: Tensor) -> String {
        func pair(_ pair: AxisPair) -> String { "[\(pair.height), \(pair.width)]" }
        let weight: String, parameters: String
        switch preset.operation {
        case .convolution:
            let conv = preset.parameters
            let padding: String
            switch conv.padding {
            case let .explicit(height, width): padding = "[\(height), \(width)]"
            case .same: padding = "\"same\""
            case .valid: padding = "\"valid\""
            }
            weight = tensor(preset.kernel)
            parameters =
                "{\"stride\": \(pair(conv.stride)), \"padding\": \(padding), \"dilation\": \(pair(conv.dilation)), "
                + "\"groups\": \(conv.groups), \"padding_mode\": \"\(conv.paddingMode.rawValue)\"}"
        case let .transposed(transposed):
            weight = tensor(preset.kernel)
            parameters =
                "{\"stride\": \(pair(transposed.stride)), \"padding\": \(pair(transposed.padding)), "
                + "\"output_padding\": \(pair(transposed.outputPadding)), \"dilation\": \(pair(transposed.dilation)), \"groups\": \(transposed.groups)}"
        case let .stack(layers):
            weight = "null"
            parameters = "{\"layers\": [" + layers.map { "\"\($0.kind)\"" }.joined(separator: ", ") + "]}"
        case let .pooling(pool):
            weight = "null"
            parameters =
                "{\"kernel_size\": \(pair(pool.kernel)), \"stride\": \(pair(pool.stride)), \"padding\": \(pair(pool.padding)), "
                + "\"dilation\": \(pair(pool.dilation)), \"ceil_mode\": \(pool.ceilMode), \"count_include_pad\": \(pool.countIncludePad)}"
        }
        let fields = [
            "\"name\": \(string(preset.name))",
            "\"description\": \(preset.description.map(string) ?? "null")",
            "\"operation\": \"\(preset.operation.name)\"",
            "\"input\": \(tensor(preset.input))",
            "\"batched\": \(preset.isBatched)",
            "\"weight\": \(weight)",
            "\"bias\": \(preset.bias.map { "[" + $0.map(NumberText.format).joined(separator: ", ") + "]" } ?? "null")",
            "\"parameters\": \(parameters)",
            "\"output\": \(tensor(output))",
        ]
        return "{" + fields.joined(separator: ", ") + "}"
    }

    private static func tensor(_ tensor: Tensor) -> String {
        let json = OutputText.json(tensor)
        return json.replacingOccurrences(of: "\"output\":", with: "\"values\":")
    }

    /// `text` as a JSON string literal, with terminal controls escaped (``SafeText/jsonLiteral(_:)``).
    private static func string(_ text: String) -> String {
        SafeText.jsonLiteral(text)
    }
}
