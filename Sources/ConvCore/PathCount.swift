/// One unit of a layer traced back through every earlier layer to the input: the interval of positions its windows
/// cover on each grid, and the number of spatial paths from each position to the unit.
///
/// Grids are numbered from the input: grid 0 is the stack's input, grid `g` the output of layer `g − 1` (0-based),
/// up to grid `layer + 1`, the unit's own layer. Intervals are inclusive and not clipped: they reach into the padding
/// (negative, or past the grid's end) exactly as the windows do. A transposed convolution's output position reads
/// the input positions `⌈(o + p − d·(k−1)) / s⌉ … ⌊(o + p) / s⌋`; when no input lands on it, the interval is `nil`.
///
/// A path follows one tap of one window per layer (every tap of a convolution or a pooling, a max pooling's
/// included; every landing of a transposed convolution's scatter), through the padding mode: a reflected,
/// replicated or circular tap reaches the real position it copies, a zero-padding tap reaches nothing. Channels are
/// ignored and element-wise layers pass positions through. The count at an input position equals the gradient of
/// the unit with respect to it in a one-channel copy of the stack whose kernels are all ones, pools replaced by
/// sums and element-wise layers removed. It factors into a count per axis, which is how it is computed.
public struct UnitField: Sendable {
    /// The unit's layer (0-based).
    public let layer: Int
    /// The unit's row in the layer's output.
    public let row: Int
    /// The unit's column in the layer's output.
    public let column: Int
    /// Per grid (0 = the input), the rows the unit's windows cover, or `nil` when none.
    public let rows: [ClosedRange<Int>?]
    /// Per grid (0 = the input), the columns the unit's windows cover, or `nil` when none.
    public let columns: [ClosedRange<Int>?]
    /// Per grid, the number of paths from each row to the unit (summed over the columns' own factor).
    public let rowPaths: [[Int]]
    /// Per grid, the number of paths from each column to the unit.
    public let columnPaths: [[Int]]

    /// The number of paths from each position of grid `grid` to the unit, rows by columns; throws if a count
    /// exceeds `Int.max`.
    public func paths(grid: Int) throws(StackError) -> [[Int]] {
        try rowPaths[grid].map { r throws(StackError) in
            try columnPaths[grid].map { c throws(StackError) in
                let (product, overflow) = r.multipliedReportingOverflow(by: c)
                if overflow { throw UnitField.tooManyPaths }
                return product
            }
        }
    }

    static let tooManyPaths = StackError(message: "the number of paths exceeds \(Int.max)")
}

extension Stack {
    /// The field of output position (`row`, `column`) of layer `layer` (0-based), traced back to the input.
    /// Throws when the layer's output is flat or the position is outside it.
    public func unitField(layer: Int, row: Int, column: Int) throws(StackError) -> UnitField {
        guard layers.indices.contains(layer) else {
            throw StackError(message: "there is no layer \(layer + 1): the stack has \(layers.count)")
        }
        let kind = layers[layer].kind
        if isFlat[layer] {
            throw StackError(
                layer: layer, kind: kind,
                message: "its output is flat features, which have no "
                    + "positions; pick a layer before flatten")
        }
        let shape = outputs[layer].shape
        guard (0..<shape.h).contains(row), (0..<shape.w).contains(column) else {
            throw StackError(
                layer: layer, kind: kind,
                message: "[\(row), \(column)] is outside the output "
                    + "(rows 0–\(shape.h - 1), columns 0–\(shape.w - 1))")
        }
        var rows: [ClosedRange<Int>?] = [row...row], columns: [ClosedRange<Int>?] = [column...column]
        var rowPaths = [Self.oneHot(row, count: shape.h)], columnPaths = [Self.oneHot(column, count: shape.w)]
        for index in stride(from: layer, through: 0, by: -1) {
            let before = input(ofLayer: index).shape
            let geometry = geometries[index]
            rows.append(
                try rows.last!.flatMap { range throws(StackError) in
                    try Self.backProject(range, geometry, axis: .height)
                })
            columns.append(
                try columns.last!.flatMap { range throws(StackError) in
                    try Self.backProject(range, geometry, axis: .width)
                })
            rowPaths.append(try Self.backPropagate(rowPaths.last!, geometry, axis: .height, size: before.h))
            columnPaths.append(try Self.backPropagate(columnPaths.last!, geometry, axis: .width, size: before.w))
        }
        return UnitField(
            layer: layer, row: row, column: column, rows: rows.reversed(), columns: columns.reversed(),
            rowPaths: rowPaths.reversed(), columnPaths: columnPaths.reversed())
    }

    private static func oneHot(_ position: Int, count: Int) -> [Int] {
        var vector = [Int](repeating: 0, count: count)
        vector[position] = 1
        return vector
    }

    private static let overflow = StackError(message: "the receptive field's coordinates overflow a 64-bit integer")

    /// The positions of a layer's input that output positions `range` cover, along one axis.
    private static func backProject(
        _ range: ClosedRange<Int>, _ geometry: LayerGeometry,
        axis: ConvError.Axis
    ) throws(StackError) -> ClosedRange<Int>? {
        let (kernel, stride, padding, dilation): (Int, Int, Int, Int)
        switch geometry {
        case let .conv(g):
            let p = g.parameters
            (kernel, stride, padding, dilation) =
                axis == .height
                ? (g.weightShape.h, p.stride.height, g.padTop, p.dilation.height)
                : (g.weightShape.w, p.stride.width, g.padLeft, p.dilation.width)
        case let .pool(rows, columns):
            let a = axis == .height ? rows : columns
            (kernel, stride, padding, dilation) = (a.kernel, a.stride, a.padding, a.dilation)
        case let .transposed(rows, columns):
            let a = axis == .height ? rows : columns
            let spread = a.dilation * (a.kernel - 1)
            let low = try checked(range.lowerBound, plus: a.padding - spread)
            let high = try checked(range.upperBound, plus: a.padding)
            let first = ceilingDivide(low, a.stride), last = floorDivide(high, a.stride)
            return first <= last ? first...last : nil
        case .pointwise, .flat:
            return range
        }
        let (low, o1) = range.lowerBound.multipliedReportingOverflow(by: stride)
        let (high, o2) = range.upperBound.multipliedReportingOverflow(by: stride)
        if o1 || o2 { throw overflow }
        return try checked(low, plus: -padding)...checked(high, plus: dilation * (kernel - 1) - padding)
    }

    private static func checked(_ a: Int, plus b: Int) throws(StackError) -> Int {
        let (sum, overflowed) = a.addingReportingOverflow(b)
        if overflowed { throw overflow }
        return sum
    }

    private static func floorDivide(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
    private static func ceilingDivide(_ a: Int, _ b: Int) -> Int { a >= 0 ? (a + b - 1) / b : -(-a / b) }

    /// The number of paths from each position of a layer's input (`size` of them) to the unit, along one axis,
    /// from the counts at the layer's output.
    private static func backPropagate(
        _ counts: [Int], _ geometry: LayerGeometry, axis: ConvError.Axis,
        size: Int
    ) throws(StackError) -> [Int] {
        var result = [Int](repeating: 0, count: size)
        func add(_ position: Int, _ count: Int) throws(StackError) {
            let (sum, overflowed) = result[position].addingReportingOverflow(count)
            if overflowed { throw UnitField.tooManyPaths }
            result[position] = sum
        }
        switch geometry {
        case let .conv(g):
            let taps = axis == .height ? g.weightShape.h : g.weightShape.w
            for (o, count) in counts.enumerated() where count != 0 {
                for a in 0..<taps {
                    let source =
                        axis == .height
                        ? g.rowSource(g.paddedRow(output: o, kernelRow: a))
                        : g.columnSource(g.paddedColumn(output: o, kernelColumn: a))
                    if let position = source.index { try add(position, count) }
                }
            }
        case let .pool(rows, columns):
            let a = axis == .height ? rows : columns
            for (o, count) in counts.enumerated() where count != 0 {
                for position in a.window(o) where 0 <= position && position < size { try add(position, count) }
            }
        case let .transposed(rows, columns):
            let a = axis == .height ? rows : columns
            for position in 0..<size {
                for tap in 0..<a.kernel {
                    if let o = a.outputPosition(input: position, kernel: tap), counts[o] != 0 {
                        try add(position, counts[o])
                    }
                }
            }
        case .pointwise, .flat:
            return counts
        }
        return result
    }
}
