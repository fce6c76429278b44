import ConvCore

/// Where the convolution screen's cursors stand: the focused panel, a cell in each grid, the parameter field.
public struct Cursors: Equatable, Sendable {
    /// The panel with the cursor.
    public var focus: Focus = .input
    /// Cursor in the input: batch item, channel, row, column (unpadded coordinates).
    public var input = TensorIndex(channel: 0, row: 0, column: 0)
    /// Cursor in the kernel: filter (`n`), in-group channel, row, column.
    public var kernel = TensorIndex(channel: 0, row: 0, column: 0)
    /// Cursor in the bias: the output channel.
    public var bias = 0
    /// The selected output cell: the cell the arithmetic line and the animation show.
    public var output = TensorIndex(channel: 0, row: 0, column: 0)
    /// The selected field of the parameter bar.
    public var parameter: ParameterField = .strideHeight

    /// Cursors at the first cell of every grid, with `focus` focused.
    public init(focus: Focus = .input) {
        self.focus = focus
    }

    /// Moves through planes stacked vertically: rows run on into the next channel, then batch item.
    static func moveStacked(_ index: TensorIndex, rows: Int, columns: Int, shape: Shape4) -> TensorIndex {
        let totalRows = shape.n * shape.c * shape.h
        let flat = min(max((index.n * shape.c + index.channel) * shape.h + index.row + rows, 0), totalRows - 1)
        return TensorIndex(
            n: flat / (shape.c * shape.h), channel: (flat / shape.h) % shape.c, row: flat % shape.h,
            column: min(max(index.column + columns, 0), shape.w - 1))
    }

    /// Moves through the kernel: filters stacked vertically, each filter's channels side by side.
    static func moveKernel(_ index: TensorIndex, rows: Int, columns: Int, shape: Shape4) -> TensorIndex {
        let flatRow = min(max(index.n * shape.h + index.row + rows, 0), shape.n * shape.h - 1)
        let flatColumn = min(max(index.channel * shape.w + index.column + columns, 0), shape.c * shape.w - 1)
        return TensorIndex(
            n: flatRow / shape.h, channel: flatColumn / shape.w, row: flatRow % shape.h,
            column: flatColumn % shape.w)
    }

    /// `index` moved inside `shape`, each coordinate clamped.
    static func clamp(_ index: TensorIndex, to shape: Shape4) -> TensorIndex {
        TensorIndex(
            n: min(max(index.n, 0), shape.n - 1), channel: min(max(index.channel, 0), shape.c - 1),
            row: min(max(index.row, 0), shape.h - 1), column: min(max(index.column, 0), shape.w - 1))
    }

    /// A lesson's `select` (`[row, column]`, `[channel, row, column]` or `[n, channel, row, column]`) as an index.
    static func index(selecting select: [Int]) -> TensorIndex {
        let padded = Array(repeating: 0, count: max(0, 4 - select.count)) + select.suffix(4)
        return TensorIndex(n: padded[0], channel: padded[1], row: padded[2], column: padded[3])
    }
}
