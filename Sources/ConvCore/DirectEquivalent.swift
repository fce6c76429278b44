/// What a cell of the direct view's input is: a real input value, a zero inserted between input cells
/// (stride), or padding around them.
public enum DirectCellRole: Hashable, Sendable {
    case real
    case inserted
    case padding
}

/// A transposed convolution written as the ordinary convolution it equals: the input with `stride − 1`
/// zeros inserted between cells, padded by `dilation·(k−1) − padding` on each side (cropped when that is
/// negative) plus `output_padding` at the end, convolved with stride 1 by the kernel flipped in both axes
/// (and its channel axes swapped per group).
public struct DirectEquivalent: Sendable {
    /// The equivalent convolution; its output equals the transposed convolution's (up to summation order).
    public let convolution: Convolution
    /// For each row of the direct view's input: the input row it holds, or why it is zero.
    public let rows: [AxisRole]
    /// For each column of the direct view's input.
    public let columns: [AxisRole]

    /// One row or column of the direct view's input.
    public enum AxisRole: Hashable, Sendable {
        case input(Int)
        case inserted
        case padding

        var index: Int? {
            if case let .input(index) = self { return index }
            return nil
        }
    }

    /// Builds the equivalent of a validated transposed convolution.
    public init(_ transposed: TransposedConvolution) throws(ConvError) {
        let x = transposed.input.shape, w = transposed.weight.shape, p = transposed.parameters
        let size = CheckedSize(key: "stride")
        let height = try Self.length(
            size: x.h, stride: p.stride.height, padding: p.padding.height,
            outputPadding: p.outputPadding.height, dilation: p.dilation.height, kernel: w.h)
        let width = try Self.length(
            size: x.w, stride: p.stride.width, padding: p.padding.width,
            outputPadding: p.outputPadding.width, dilation: p.dilation.width, kernel: w.w)
        try size.require(
            try size.product([x.n, x.c, height, width], "the direct view's input"), atMost: Limits.maxElements,
            "the direct view's input")
        rows = Self.axis(
            size: x.h, stride: p.stride.height, padding: p.padding.height, outputPadding: p.outputPadding.height,
            dilation: p.dilation.height, kernel: w.h)
        columns = Self.axis(
            size: x.w, stride: p.stride.width, padding: p.padding.width, outputPadding: p.outputPadding.width,
            dilation: p.dilation.width, kernel: w.w)
        let inputShape = Shape4(n: x.n, c: x.c, h: rows.count, w: columns.count)
        var input = Tensor(shape: inputShape)
        for n in 0..<x.n {
            for c in 0..<x.c {
                for (t, row) in rows.enumerated() {
                    for (u, column) in columns.enumerated() {
                        if let r = row.index, let q = column.index { input[n, c, t, u] = transposed.input[n, c, r, q] }
                    }
                }
            }
        }
        let groups = p.groups, inPerGroup = x.c / groups, outPerGroup = w.c
        var weight = Tensor(shape: Shape4(n: outPerGroup * groups, c: inPerGroup, h: w.h, w: w.w))
        for g in 0..<groups {
            for o in 0..<outPerGroup {
                for i in 0..<inPerGroup {
                    for a in 0..<w.h {
                        for b in 0..<w.w {
                            weight[g * outPerGroup + o, i, a, b] =
                                transposed.weight[g * inPerGroup + i, o, w.h - 1 - a, w.w - 1 - b]
                        }
                    }
                }
            }
        }
        convolution = try Convolution(
            input: input, weight: weight, bias: transposed.bias,
            parameters: Conv2dParameters(dilation: p.dilation, groups: groups))
    }

    /// The role of a cell of the direct view's input.
    public func role(row: Int, column: Int) -> DirectCellRole {
        switch (rows[row], columns[column]) {
        case (.input, .input): .real
        case (.padding, _), (_, .padding): .padding
        default: .inserted
        }
    }

    /// The length of one axis of the direct view's input, checked for overflow.
    private static func length(size: Int, stride: Int, padding: Int, outputPadding: Int, dilation: Int, kernel: Int)
        throws(ConvError) -> Int
    {
        let checked = CheckedSize(key: "stride")
        let inserted = try checked.add(
            try checked.multiply(size - 1, stride, "the direct view's input"), 1, "the direct view's input")
        let border = try checked.multiply(dilation, kernel - 1, "the direct view's input") - padding
        return try checked.add(
            try checked.add(
                inserted, try checked.multiply(2, border, "the direct view's input"), "the direct view's input"),
            outputPadding, "the direct view's input")
    }

    private static func axis(size: Int, stride: Int, padding: Int, outputPadding: Int, dilation: Int, kernel: Int)
        -> [AxisRole]
    {
        let inserted = (size - 1) * stride + 1
        let border = dilation * (kernel - 1) - padding
        let length = inserted + 2 * border + outputPadding
        return (0..<max(0, length)).map { t in
            let source = t - border
            guard source >= 0, source < inserted else { return .padding }
            return source % stride == 0 ? .input(source / stride) : .inserted
        }
    }
}
