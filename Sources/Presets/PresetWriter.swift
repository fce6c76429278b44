import ConvCore
import Foundation

/// Writes presets as YAML a person can read and edit: one grid row per line.
public enum PresetWriter {
    /// The preset as YAML text that ``PresetLoader`` reads back to an equal preset.
    public static func yaml(_ preset: Preset) -> String {
        var lines = ["name: \(quoted(preset.name))"]
        if let description = preset.description, !description.isEmpty {
            if description.first == " " || description.contains("\r") {
                lines.append("description: \(quoted(description))")
            } else {
                lines.append("description: |")
                lines += description.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.isEmpty ? "" : "  \($0)" }
                if lines.last == "" { lines.removeLast() }
            }
        }
        lines.append("input:")
        lines += grid(preset.input, rank: preset.inputRank, outer: "item")
        switch preset.operation {
        case let .pooling(pool):
            lines.append("pool: \(pool.kind.rawValue)")
            lines.append("kernel_size: \(pool.kernel)")
            lines.append("stride: \(pool.stride)")
            lines.append("padding: \(pool.padding)")
            lines.append("dilation: \(pool.dilation)")
            lines.append("ceil_mode: \(pool.ceilMode)")
            lines.append("count_include_pad: \(pool.countIncludePad)")
            return lines.joined(separator: "\n") + "\n"
        case let .transposed(transposed):
            lines.append("transposed: true")
            lines.append("kernel:")
            lines += grid(preset.kernel, rank: preset.kernel.shape.n == 1 && preset.kernel.shape.c == 1 ? 2 : 4, outer: "input channel")
            if let bias = preset.bias { lines.append("bias: \(row(bias))") }
            lines.append("stride: \(transposed.stride)")
            lines.append("padding: \(transposed.padding)")
            lines.append("output_padding: \(transposed.outputPadding)")
            lines.append("dilation: \(transposed.dilation)")
            lines.append("groups: \(transposed.groups)")
            return lines.joined(separator: "\n") + "\n"
        case .convolution:
            break
        }
        lines.append("kernel:")
        lines += grid(preset.kernel, rank: preset.kernel.shape.n == 1 && preset.kernel.shape.c == 1 ? 2 : 4, outer: "filter")
        if let bias = preset.bias { lines.append("bias: \(row(bias))") }
        let parameters = preset.parameters
        lines.append("stride: \(parameters.stride)")
        lines.append("padding: \(parameters.padding.presetText)")
        lines.append("dilation: \(parameters.dilation)")
        lines.append("groups: \(parameters.groups)")
        lines.append("padding_mode: \(parameters.paddingMode.rawValue)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `text` to `path` through a temporary file and a rename, so a failure never leaves a
    /// half-written file; refuses to replace an existing file unless `overwrite`.
    public static func write(_ text: String, to path: String, overwrite: Bool) throws(PresetError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw PresetError(file: path, message: "is a directory") }
            if !overwrite { throw PresetError(file: path, message: "already exists; use :save! to replace it") }
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            let reason = (error as NSError).userInfo[NSUnderlyingErrorKey].map { "\($0)" } ?? error.localizedDescription
            throw PresetError(file: path, message: "cannot be written: \(reason)")
        }
    }

    private static func grid(_ tensor: Tensor, rank: Int, outer: String) -> [String] {
        let shape = tensor.shape
        func plane(_ n: Int, _ c: Int, indent: String) -> [String] {
            tensor.plane(n: n, c: c).map { "\(indent)- \(row($0))" }
        }
        switch rank {
        case 2: return plane(0, 0, indent: "  ")
        case 3: return (0..<shape.c).flatMap { c in ["  - # channel \(c)"] + plane(0, c, indent: "    ") }
        default:
            return (0..<shape.n).flatMap { n in
                ["  - # \(outer) \(n)"] + (0..<shape.c).flatMap { c in
                    ["    - # channel \(c)"] + plane(n, c, indent: "      ")
                }
            }
        }
    }

    private static func row(_ values: [Double]) -> String {
        "[" + values.map(NumberText.format).joined(separator: ", ") + "]"
    }

    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 { result += String(format: "\\x%02X", scalar.value) } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result + "\""
    }
}
