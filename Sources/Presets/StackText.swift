import ConvCore

/// The text forms of a stack's outputs and receptive fields that `convviz compute` and `convviz rf` print.
public enum StackText {
    /// Layer `index`'s output as `compute --json` prints it: 4-D as ``OutputText/json(_:)``, or
    /// `{"shape": [N, features], "output": [[...], ...]}` once flat.
    public static func json(_ stack: Stack, layer index: Int) -> String {
        let output = stack.outputs[index]
        guard stack.isFlat[index] else { return OutputText.json(output) }
        let shape = output.shape
        let rows = (0..<shape.n).map { n in
            "[" + output.values[n * shape.c..<(n + 1) * shape.c].map(NumberText.format).joined(separator: ", ") + "]"
        }
        return "{\"shape\": [\(shape.n), \(shape.c)], \"output\": [" + rows.joined(separator: ", ") + "]}"
    }

    /// Layer `index`'s output as `compute` prints it: each plane under a heading, or each item's features.
    public static func grids(_ stack: Stack, layer index: Int, batched: Bool) -> String {
        let output = stack.outputs[index]
        guard stack.isFlat[index] else { return OutputText.grids(output, batched: batched) }
        let shape = output.shape
        return (0..<shape.n).map { n in
            let heading = batched ? "output[\(n)]  (\(shape.c) features)" : "output  (\(shape.c) features)"
            return heading + "\n" + OutputText.aligned([Array(output.values[n * shape.c..<(n + 1) * shape.c])])
        }.joined(separator: "\n\n")
    }

    /// `{"layers": [{"index": 1, "kind": "conv2d", "output_shape": [...], "r": [h, w], "S": [h, w], "P": [h, w]},
    /// ...]}` with, for a unit, `"unit": {"layer": K, "position": [Y, X], "rows": [u, v], "cols": [u, v], "paths": [[...]]}`.
    /// Flat layers have `null` fields; an empty interval is `null`.
    public static func receptiveFieldJSON(_ stack: Stack, unit: UnitField?) throws(StackError) -> String {
        let fields = stack.receptiveFields()
        let layers = stack.layers.indices.map { index in
            let field = fields[index]
            func axes(_ value: (AxisField) -> Double) -> String {
                field.map {
                    "[\(NumberText.format(value($0.height))), "
                        + "\(NumberText.format(value($0.width)))]"
                } ?? "null"
            }
            return "{\"index\": \(index + 1), \"kind\": \"\(stack.layers[index].kind)\", "
                + "\"output_shape\": \(list(stack.outputDimensions(index))), "
                + "\"r\": \(axes(\.size)), \"S\": \(axes(\.stride)), \"P\": \(axes(\.padding))}"
        }
        var text = "{\"layers\": [" + layers.joined(separator: ", ") + "]"
        if let unit {
            let paths = try unit.paths(grid: 0).map(list).joined(separator: ", ")
            text +=
                ", \"unit\": {\"layer\": \(unit.layer + 1), \"position\": [\(unit.row), \(unit.column)], "
                + "\"rows\": \(interval(unit.rows[0])), \"cols\": \(interval(unit.columns[0])), \"paths\": [\(paths)]}"
        }
        return text + "}"
    }

    /// The table `convviz rf` prints: one line per layer with its output shape, `r`, `S` and `P`; for a unit, its
    /// interval on every grid, its holes, and the paths over the input where the interval covers it.
    public static func receptiveFieldTable(_ stack: Stack, unit: UnitField?) throws(StackError) -> String {
        let fields = stack.receptiveFields()
        var rows = [["layer", "kind", "output shape", "r (H, W)", "S (H, W)", "P (H, W)"]]
        rows.append([
            "0", "input", stack.input.shape.dimensions.map(String.init).joined(separator: " x "),
            "1, "
                + "1", "1, 1", "0, 0",
        ])
        for index in stack.layers.indices {
            let field = fields[index]
            func axes(_ value: (AxisField) -> Double) -> String {
                field.map { "\(NumberText.format(value($0.height))), \(NumberText.format(value($0.width)))" } ?? "-"
            }
            rows.append([
                "\(index + 1)", stack.layers[index].kind,
                stack.outputDimensions(index).map(String.init).joined(separator: " x "),
                axes(\.size), axes(\.stride), axes(\.padding),
            ])
        }
        let widths = (0..<6).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = rows.map { row in
            zip(row, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: "  ")
                .trimmingTrailingSpaces()
        }
        if let unit { lines += [""] + (try unitLines(stack, unit)) }
        return lines.joined(separator: "\n")
    }

    private static func unitLines(_ stack: Stack, _ unit: UnitField) throws(StackError) -> [String] {
        var lines = [
            "unit [\(unit.row), \(unit.column)] of layer \(unit.layer + 1) "
                + "(\(stack.layers[unit.layer].kind)):"
        ]
        for grid in stride(from: unit.layer, through: 0, by: -1) {
            let name = grid == 0 ? "input  " : "layer \(grid)"
            lines.append("  \(name): rows \(text(unit.rows[grid])), columns \(text(unit.columns[grid]))")
        }
        let shape = stack.input.shape
        guard let rows = unit.rows[0].map({ $0.clamped(to: 0...shape.h - 1) }),
            let columns = unit.columns[0].map({ $0.clamped(to: 0...shape.w - 1) }),
            rows.overlaps(0...shape.h - 1), columns.overlaps(0...shape.w - 1)
        else { return lines + ["  no input position reaches the unit"] }
        let paths = try unit.paths(grid: 0)
        let window = rows.map { Array(paths[$0][columns]) }
        let holes = window.joined().count { $0 == 0 }
        let total = window.joined().reduce(0) { $0 &+ $1 }
        lines.append(
            "  \(holes) hole\(holes == 1 ? "" : "s") (positions inside the field with no path); "
                + "\(total) paths in all")
        guard rows.count <= 48, columns.count <= 48 else {
            return lines + [
                "  paths over rows \(text(rows)), columns \(text(columns)): too large to print "
                    + "here; use --json"
            ]
        }
        lines.append("  paths over input rows \(text(rows)), columns \(text(columns)):")
        return lines + OutputText.aligned(window.map { $0.map(Double.init) }).split(separator: "\n").map { "    " + $0 }
    }

    private static func list(_ values: [Int]) -> String { "[" + values.map(String.init).joined(separator: ", ") + "]" }

    private static func interval(_ range: ClosedRange<Int>?) -> String {
        range.map { "[\($0.lowerBound), \($0.upperBound)]" } ?? "null"
    }

    private static func text(_ range: ClosedRange<Int>?) -> String {
        range.map { "\($0.lowerBound)..\($0.upperBound)" } ?? "none"
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
