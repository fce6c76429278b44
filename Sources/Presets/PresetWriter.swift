import ConvCore
import Foundation
import Yams

/// Writes presets as YAML a person can read and edit: one grid row per line.
public enum PresetWriter {
    /// The preset as YAML text that ``PresetLoader`` reads back to an equal preset.
    public static func yaml(_ preset: Preset) -> String {
        var lines = [text("name", preset.name, singleLine: .doubleQuoted)]
        if let description = preset.description {
            lines.append(text("description", description, singleLine: .any))
        }
        lines.append("input:")
        lines += grid(preset.input, rank: preset.inputRank, outer: "item")
        // A grad_output that no longer has the output's shape (settings edited since it was loaded) is left out.
        if let gradOutput = preset.gradOutput, (try? preset.outputShape()) == gradOutput.shape {
            lines.append("grad_output:")
            lines += grid(gradOutput, rank: preset.isBatched ? 4 : 3, outer: "item")
        }
        switch preset.operation {
        case let .pooling(pool):
            lines.append("pool: \(pool.kind.rawValue)")
            lines.append("kernel_size: \(pool.kernel)")
            lines.append("stride: \(pool.stride)")
            lines.append("padding: \(pool.padding)")
            lines.append("dilation: \(pool.dilation)")
            lines.append("ceil_mode: \(pool.ceilMode)")
            lines.append("count_include_pad: \(pool.countIncludePad)")
            return finished(lines, lesson: preset.lesson)
        case let .transposed(transposed):
            lines.append("transposed: true")
            lines.append("kernel:")
            lines += grid(
                preset.kernel, rank: preset.kernel.shape.n == 1 && preset.kernel.shape.c == 1 ? 2 : 4,
                outer: "input channel")
            if let bias = preset.bias { lines.append("bias: \(row(bias))") }
            lines.append("stride: \(transposed.stride)")
            lines.append("padding: \(transposed.padding)")
            lines.append("output_padding: \(transposed.outputPadding)")
            lines.append("dilation: \(transposed.dilation)")
            lines.append("groups: \(transposed.groups)")
            return finished(lines, lesson: preset.lesson)
        case let .stack(layers):
            return finished(lines + layerLines(layers), lesson: preset.lesson)
        case .convolution:
            break
        }
        lines.append("kernel:")
        lines += grid(
            preset.kernel, rank: preset.kernel.shape.n == 1 && preset.kernel.shape.c == 1 ? 2 : 4, outer: "filter")
        if let bias = preset.bias { lines.append("bias: \(row(bias))") }
        let parameters = preset.parameters
        lines.append("stride: \(parameters.stride)")
        lines.append("padding: \(parameters.padding.presetText)")
        lines.append("dilation: \(parameters.dilation)")
        lines.append("groups: \(parameters.groups)")
        lines.append("padding_mode: \(parameters.paddingMode.rawValue)")
        return finished(lines, lesson: preset.lesson)
    }

    /// Writes `text` to `path` through ``AtomicFile`` (a flushed temporary file and a rename, so a failure
    /// never leaves a half-written file; only regular files are replaced, permissions are kept); refuses to
    /// replace an existing file unless `overwrite`.
    /// A text that ``PresetLoader`` would refuse for its size is refused before anything is written.
    public static func write(_ text: String, to path: String, overwrite: Bool) throws(PresetError) {
        try checkLoadable(text, file: path)
        try AtomicFile.write(text, to: path, overwrite: overwrite)
    }

    /// Refuses preset text over the loader's file size or value count, with the reason, so that a save never
    /// writes a file that cannot be loaded again.
    public static func checkLoadable(_ text: String, file: String) throws(PresetError) {
        let bytes = text.utf8.count
        if bytes > PresetLoader.maxFileBytes {
            throw PresetError(
                file: file,
                message: "not saved: the preset would be \(bytes) bytes, and presets are "
                    + "limited to \(PresetLoader.maxFileBytes) bytes (the file could not be loaded again)")
        }
        do {
            try NestingScan.check(text, file: file)
        } catch {
            throw PresetError(file: file, message: "not saved: \(error.message) (the file could not be loaded again)")
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
                ["  - # \(outer) \(n)"]
                    + (0..<shape.c).flatMap { c in
                        ["    - # channel \(c)"] + plane(n, c, indent: "      ")
                    }
            }
        }
    }

    private static func row(_ values: [Double]) -> String {
        "[" + values.map(NumberText.format).joined(separator: ", ") + "]"
    }

    private static func finished(_ lines: [String], lesson: [LessonStep]) -> String {
        let text = lines.joined(separator: "\n") + "\n"
        guard !lesson.isEmpty else { return text }
        return text + emitted(Node([(Node("lesson"), Node(lesson.map(step)))]))
    }

    /// One `key: text` entry, quoted or written as a block so that any text reads back unchanged.
    private static func text(_ key: String, _ value: String, singleLine: Node.Scalar.Style) -> String {
        String(emitted(Node([(Node(key), textNode(value, singleLine: singleLine))])).dropLast())
    }

    /// A text scalar: a literal block for lines of text, else `singleLine` (double-quoted when it holds brackets).
    /// Double-quoted when a block could not hold the text: line breaks other than `\n` (libyaml writes them raw, and reading turns them into
    /// `\n` or fails), and a text that ends in a blank line or is one (a `|+` block ends the document with `...`).
    private static func textNode(_ value: String, singleLine: Node.Scalar.Style = .any) -> Node {
        let foreignBreaks: Set<Unicode.Scalar> = ["\r", "\u{85}", "\u{2028}", "\u{2029}"]
        let style: Node.Scalar.Style
        if value.unicodeScalars.contains(where: foreignBreaks.contains) || value.hasSuffix("\n\n") || value == "\n" {
            style = .doubleQuoted
        } else if value.contains("\n") {
            style = .literal
        } else {
            // Brackets in a plain scalar would count as nesting when the file is read back (NestingScan).
            style = value.contains(where: "[]{}".contains) ? .doubleQuoted : singleLine
        }
        return Node(value, .implicit, style)
    }

    private static func step(_ step: LessonStep) -> Node {
        var fields: [(Node, Node)] = [(Node("text"), textNode(step.text))]
        let changes = step.changes
        if let layer = step.layer { fields.append((Node("layer"), Node(String(layer)))) }
        var set: [(Node, Node)] = []
        if let stride = changes.stride { set.append((Node("stride"), pair(stride))) }
        if let padding = changes.padding {
            switch padding {
            case let .explicit(height, width):
                set.append((Node("padding"), pair(AxisPair(height: height, width: width))))
            case .same, .valid: set.append((Node("padding"), Node(padding.presetText)))
            }
        }
        if let dilation = changes.dilation { set.append((Node("dilation"), pair(dilation))) }
        if let groups = changes.groups { set.append((Node("groups"), Node(String(groups)))) }
        if let mode = changes.paddingMode { set.append((Node("padding_mode"), Node(mode.rawValue))) }
        if let bias = changes.bias { set.append((Node("bias"), Node(bias ? "on" : "off"))) }
        if !set.isEmpty { fields.append((Node("set"), Node(set, .implicit, .flow))) }
        if let select = step.select {
            fields.append((Node("select"), Node(select.map { Node(String($0)) }, .implicit, .flow)))
        }
        if let animate = step.animate { fields.append((Node("animate"), Node(animate.rawValue))) }
        if let quiz = step.quiz { fields.append((Node("quiz"), Node(quiz.rawValue))) }
        if let backward = step.backward { fields.append((Node("backward"), Node(backward.rawValue))) }
        if let paths = step.paths { fields.append((Node("paths"), Node(paths ? "on" : "off"))) }
        return Node(fields)
    }

    private static func pair(_ pair: AxisPair) -> Node {
        Node([Node(String(pair.height)), Node(String(pair.width))], .implicit, .flow)
    }

    /// Serialises a node as block YAML, one line per entry, keeping printable Unicode as it is.
    private static func emitted(_ node: Node) -> String {
        // Serialising a tree of plain scalars, sequences and mappings cannot fail.
        (try? Yams.serialize(node: node, width: -1, allowUnicode: true)) ?? ""
    }
}
