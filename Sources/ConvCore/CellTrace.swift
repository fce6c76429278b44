/// Where one kernel tap's input value comes from.
public enum TapSource: Hashable, Sendable {
    /// A real input cell.
    case input(row: Int, column: Int)
    /// Zero padding: the tap contributes nothing.
    case zeroPadding
    /// Padding (reflect, replicate or circular) that copies the real cell at `row`, `column`.
    case padding(copyOfRow: Int, column: Int)

    /// The real cell whose value the tap reads, if any.
    public var cell: (row: Int, column: Int)? {
        switch self {
        case let .input(row, column), let .padding(row, column): (row, column)
        case .zeroPadding: nil
        }
    }

    /// Whether the tap falls in the padding ring.
    public var isPadding: Bool {
        if case .input = self { return false }
        return true
    }
}

/// One multiply-add of an output cell.
public struct Tap: Hashable, Sendable {
    /// The absolute input channel read.
    public let inputChannel: Int
    /// The channel within the filter (`0..<C_in/groups`).
    public let kernelChannel: Int
    /// The kernel row.
    public let kernelRow: Int
    /// The kernel column.
    public let kernelColumn: Int
    /// The row in the padded input (0 is the first padding row).
    public let paddedRow: Int
    /// The column in the padded input.
    public let paddedColumn: Int
    /// Where the value comes from.
    public let source: TapSource
    /// The input value read (0 for zero padding).
    public let value: Double
    /// The kernel weight.
    public let weight: Double
    /// `weight * value` (rounded, as shown; the running sum adds the exact product).
    public let product: Double
    /// The running sum after this tap: the sum before it plus `weight * value`, rounded once (a fused multiply-add,
    /// as ``Convolution/output()`` computes it); unchanged by zero padding.
    public let sum: Double
}

/// Every multiply-add of one output cell, in the order they are accumulated, then the bias.
public struct CellTrace: Hashable, Sendable {
    /// The output cell.
    public let output: TensorIndex
    /// The taps, by input channel, then kernel row, then kernel column.
    public let taps: [Tap]
    /// The bias added last, if the convolution has one.
    public let bias: Double?
    /// The cell's value: the last running sum plus the bias.
    public let value: Double
}

extension Convolution {
    /// Every multiply-add of output cell `cell`, agreeing with ``output()`` bit for bit.
    public func trace(_ cell: TensorIndex) -> CellTrace {
        let kernel = weight.shape
        var taps: [Tap] = []
        taps.reserveCapacity(kernel.c * kernel.h * kernel.w)
        var sum = 0.0
        for kernelChannel in 0..<kernel.c {
            let c = inputChannel(output: cell.channel, kernelChannel: kernelChannel)
            for a in 0..<kernel.h {
                let paddedRow = geometry.paddedRow(output: cell.row, kernelRow: a)
                let rowSource = geometry.rowSource(paddedRow)
                for b in 0..<kernel.w {
                    let paddedColumn = geometry.paddedColumn(output: cell.column, kernelColumn: b)
                    let columnSource = geometry.columnSource(paddedColumn)
                    let source: TapSource
                    switch (rowSource, columnSource) {
                    case let (.inside(row), .inside(column)): source = .input(row: row, column: column)
                    case (.zero, _), (_, .zero): source = .zeroPadding
                    default: source = .padding(copyOfRow: rowSource.index!, column: columnSource.index!)
                    }
                    let w = weight(cell.channel, kernelChannel, a, b)
                    let value = source.cell.map { input[cell.n, c, $0.row, $0.column] } ?? 0
                    let product = w * value
                    if source != .zeroPadding { sum = sum.addingProduct(w, value) }
                    taps.append(
                        Tap(
                            inputChannel: c, kernelChannel: kernelChannel, kernelRow: a, kernelColumn: b,
                            paddedRow: paddedRow, paddedColumn: paddedColumn, source: source,
                            value: value, weight: w, product: product, sum: sum))
                }
            }
        }
        let bias = self.bias?[cell.channel]
        return CellTrace(output: cell, taps: taps, bias: bias, value: bias.map { sum + $0 } ?? sum)
    }
}
