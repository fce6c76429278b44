/// One position of a pooling window.
public struct PoolTap: Hashable, Sendable {
    /// The input row, unpadded: negative or `>= H` inside the padding.
    public let row: Int
    /// The input column, unpadded: negative or `>= W` inside the padding.
    public let column: Int
    /// Whether the position lies in the padding ring rather than on a real input cell. Positions past the padded
    /// input's far edge, which only a ceil_mode window reaches, are not taps at all: PyTorch's window stops there.
    public let isPadding: Bool
    /// The value read: the input value, or for padding minus infinity (max) or 0 (average).
    public let value: Double
    /// The running max, or the running sum, after this tap (padding leaves it unchanged).
    public let result: Double
}

/// Every read of one pooling output cell, in the order PyTorch makes them.
public struct PoolTrace: Hashable, Sendable {
    /// The output cell.
    public let output: TensorIndex
    /// The window's positions in row-major order, padding included, clipped at the padded input's far edge.
    public let taps: [PoolTap]
    /// Max pooling: the index in ``taps`` of the value kept. PyTorch keeps the first largest real value in
    /// row-major order (a later value replaces it only if strictly larger, or if it is NaN, so the last NaN wins);
    /// with no larger value than minus infinity, the first real tap. `nil` for average pooling, and for a (dilated)
    /// window whose every tap is padding, whose value is minus infinity.
    public let maxTap: Int?
    /// Average pooling: what the sum is divided by — the number of taps with count_include_pad, the number of real
    /// taps without. `nil` for max pooling.
    public let divisor: Int?
    /// The cell's value: the max, or the sum divided by ``divisor``.
    public let value: Double
}

extension Pooling {
    /// Every read of output cell `cell`, agreeing with ``output()`` bit for bit.
    public func trace(_ cell: TensorIndex) -> PoolTrace {
        let height = input.shape.h, width = input.shape.w
        let rowWindow = rows.window(cell.row), columnWindow = columns.window(cell.column)
        let isMax = parameters.kind == .max
        var taps: [PoolTap] = []
        var result = isMax ? -Double.infinity : 0.0
        var maxTap: Int?
        for i in rowWindow {
            for j in columnWindow {
                guard 0 <= i && i < height && 0 <= j && j < width else {
                    taps.append(
                        PoolTap(row: i, column: j, isPadding: true, value: isMax ? -.infinity : 0, result: result))
                    continue
                }
                let value = input[cell.n, cell.channel, i, j]
                if !isMax {
                    result += value
                } else {
                    if maxTap == nil { maxTap = taps.count }
                    if value > result || value.isNaN {
                        result = value
                        maxTap = taps.count
                    }
                }
                taps.append(PoolTap(row: i, column: j, isPadding: false, value: value, result: result))
            }
        }
        if isMax { return PoolTrace(output: cell, taps: taps, maxTap: maxTap, divisor: nil, value: result) }
        let divisor = self.divisor(rowWindow: rowWindow, columnWindow: columnWindow)
        return PoolTrace(output: cell, taps: taps, maxTap: nil, divisor: divisor, value: result / Double(divisor))
    }
}
