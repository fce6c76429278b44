/// The four dimensions of a tensor in PyTorch's NCHW order.
public struct Shape4: Hashable, Sendable, CustomStringConvertible {
    /// Batch size.
    public var n: Int
    /// Channels.
    public var c: Int
    /// Height (rows).
    public var h: Int
    /// Width (columns).
    public var w: Int

    /// Creates a shape from its four extents.
    public init(n: Int, c: Int, h: Int, w: Int) {
        self.n = n
        self.c = c
        self.h = h
        self.w = w
    }

    /// The extents as an array, `[n, c, h, w]`.
    public var dimensions: [Int] { [n, c, h, w] }

    /// The number of elements, or `nil` when the product does not fit in an `Int`.
    public var checkedCount: Int? {
        var total = 1
        for extent in dimensions {
            let (product, overflow) = total.multipliedReportingOverflow(by: extent)
            if overflow { return nil }
            total = product
        }
        return total
    }

    public var description: String { "(\(n), \(c), \(h), \(w))" }
}

/// A dense four-dimensional tensor of `Double`s, stored row-major in NCHW order.
public struct Tensor: Equatable, Sendable {
    /// The tensor's extents.
    public let shape: Shape4
    /// The values, row-major: `values[((n * C + c) * H + h) * W + w]`.
    public var values: [Double]

    /// Creates a tensor from a shape and its row-major values.
    /// - Precondition: `values.count` equals the shape's element count.
    public init(shape: Shape4, values: [Double]) {
        precondition(shape.checkedCount == values.count, "tensor values do not match shape \(shape)")
        self.shape = shape
        self.values = values
    }

    /// Creates a tensor of the given shape filled with one value.
    public init(shape: Shape4, repeating value: Double = 0) {
        self.init(shape: shape, values: Array(repeating: value, count: shape.checkedCount ?? 0))
    }

    /// The flat index of an element.
    @inlinable
    public func index(_ n: Int, _ c: Int, _ h: Int, _ w: Int) -> Int {
        ((n * shape.c + c) * shape.h + h) * shape.w + w
    }

    /// Reads or writes one element.
    @inlinable
    public subscript(_ n: Int, _ c: Int, _ h: Int, _ w: Int) -> Double {
        get { values[index(n, c, h, w)] }
        set { values[index(n, c, h, w)] = newValue }
    }

    /// One (h, w) plane as rows, for display and text output.
    public func plane(n: Int, c: Int) -> [[Double]] {
        (0..<shape.h).map { row in
            let start = index(n, c, row, 0)
            return Array(values[start..<start + shape.w])
        }
    }
}
