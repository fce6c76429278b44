/// PyTorch's output-size formula for one axis with the numbers filled in:
/// `H_out = ⌊(H + pad_top + pad_bottom − d·(k−1) − 1) / s⌋ + 1`.
public struct OutputSizeFormula: Hashable, Sendable, CustomStringConvertible {
    /// Which axis the formula is for.
    public let axis: ConvError.Axis
    /// The input's extent along the axis.
    public let size: Int
    /// Padding before the input (top or left).
    public let padBefore: Int
    /// Padding after the input (bottom or right).
    public let padAfter: Int
    /// Dilation along the axis.
    public let dilation: Int
    /// The kernel's extent along the axis.
    public let kernel: Int
    /// Stride along the axis.
    public let stride: Int

    /// Creates the formula from its numbers.
    public init(axis: ConvError.Axis, size: Int, padBefore: Int, padAfter: Int, dilation: Int, kernel: Int, stride: Int)
    {
        self.axis = axis
        self.size = size
        self.padBefore = padBefore
        self.padAfter = padAfter
        self.dilation = dilation
        self.kernel = kernel
        self.stride = stride
    }

    /// The numerator `H + pads − d·(k−1) − 1`, or `nil` when it overflows.
    public var numerator: Int? {
        let (spread, o1) = dilation.multipliedReportingOverflow(by: kernel - 1)
        let (withBefore, o2) = size.addingReportingOverflow(padBefore)
        let (padded, o3) = withBefore.addingReportingOverflow(padAfter)
        let (difference, o4) = padded.subtractingReportingOverflow(spread)
        if o1 || o2 || o3 || o4 || difference == Int.min { return nil }
        return difference - 1
    }

    /// The output extent, or `nil` when the kernel does not fit (or a number overflows).
    public var result: Int? {
        guard let numerator, numerator >= 0, stride > 0 else { return nil }
        return numerator / stride + 1
    }

    /// Rows (or columns) at the end of the padded input that no window reaches, because floor() drops them.
    public var droppedByFloor: Int {
        guard let numerator, numerator >= 0, stride > 0 else { return 0 }
        return numerator % stride
    }

    /// `H_out = ⌊(5 + 1 + 1 − 1·(3−1) − 1) / 1⌋ + 1 = 5`.
    public var description: String {
        let name = axis == .height ? "H_out" : "W_out"
        let body = "⌊(\(size) + \(padBefore) + \(padAfter) − \(dilation)·(\(kernel)−1) − 1) / \(stride)⌋ + 1"
        if let result { return "\(name) = \(body) = \(result)" }
        return "\(name) = \(body) < 1: the kernel does not fit"
    }
}
