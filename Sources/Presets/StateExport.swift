import ConvCore

/// The JSON form of a preset and its output: everything needed to rebuild or check it, no NumPy.
public enum StateExport {
    /// `{"name", "description", "input": {"shape", "values"}, "weight": {...}, "bias", "parameters": {...},
    /// "output": {"shape", "values"}}`; tensors are 4-D nested lists.
    public static func json(_ preset: Preset, output: Tensor) -> String {
        let parameters = preset.parameters
        let padding: String
        switch parameters.padding {
        case let .explicit(height, width): padding = "[\(height), \(width)]"
        case .same: padding = "\"same\""
        case .valid: padding = "\"valid\""
        }
        let fields = [
            "\"name\": \(string(preset.name))",
            "\"description\": \(preset.description.map(string) ?? "null")",
            "\"input\": \(tensor(preset.input))",
            "\"batched\": \(preset.isBatched)",
            "\"weight\": \(tensor(preset.kernel))",
            "\"bias\": \(preset.bias.map { "[" + $0.map(NumberText.format).joined(separator: ", ") + "]" } ?? "null")",
            "\"parameters\": {\"stride\": [\(parameters.stride.height), \(parameters.stride.width)], \"padding\": \(padding), "
                + "\"dilation\": [\(parameters.dilation.height), \(parameters.dilation.width)], \"groups\": \(parameters.groups), "
                + "\"padding_mode\": \"\(parameters.paddingMode.rawValue)\"}",
            "\"output\": \(tensor(output))",
        ]
        return "{" + fields.joined(separator: ", ") + "}"
    }

    private static func tensor(_ tensor: Tensor) -> String {
        let json = OutputText.json(tensor)
        return json.replacingOccurrences(of: "\"output\":", with: "\"values\":")
    }

    private static func string(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    result += "\\u00" + String(scalar.value, radix: 16).leftPadded(to: 2)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

private extension String {
    func leftPadded(to length: Int) -> String { String(repeating: "0", count: max(0, length - count)) + self }
}
