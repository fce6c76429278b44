/// The shape arithmetic of one axis of a pooling: the output size, and the input positions each window covers.
///
/// Window `o` starts at unpadded position `o*s - p` and covers every `d`-th position of the next `d*(k-1) + 1`,
/// clipped at the padded input's far edge `H + p` (only a ceil_mode window reaches past it).
struct PoolAxis: Hashable, Sendable {
    /// Which axis this is.
    let axis: ConvError.Axis
    /// The input extent `H`.
    let size: Int
    /// The window size `k`.
    let kernel: Int
    /// The stride `s`.
    let stride: Int
    /// The padding `p` on each side.
    let padding: Int
    /// The dilation `d`.
    let dilation: Int
    /// Whether the output size is rounded up.
    let ceilMode: Bool
    /// The output extent.
    let output: Int
    /// Whether ceil_mode dropped a last window that would start past the input.
    let droppedLastWindow: Bool

    /// Validates the axis as PyTorch does and derives its output size.
    /// - Precondition: the settings are positive (padding non-negative) and at most ``Limits/maxElements``.
    init(
        _ axis: ConvError.Axis, size: Int, kernel: Int, stride: Int, padding: Int, dilation: Int,
        ceilMode: Bool
    ) throws(ConvError) {
        if padding > kernel / 2 { throw .poolPaddingTooLarge(axis: axis, padding: padding, kernel: kernel) }
        let window = dilation * (kernel - 1) + 1, padded = size + 2 * padding
        // PyTorch: ⌊ or ⌈(H + 2p − d·(k−1) − 1) / s⌉ + 1, then ceil_mode drops a last window starting at H + p or later.
        let numerator = padded - window
        let steps: Int
        if numerator >= 0 {
            steps = numerator / stride + (ceilMode && numerator % stride != 0 ? 1 : 0)
        } else if ceilMode && numerator > -stride {
            steps = 0
        } else {
            throw .poolWindowTooLarge(
                axis: axis, window: window, paddedSize: padded,
                overhang: ceilMode ? stride - 1 : 0)
        }
        droppedLastWindow = ceilMode && steps > 0 && steps * stride >= size + padding
        self.axis = axis
        self.size = size
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.ceilMode = ceilMode
        output = droppedLastWindow ? steps : steps + 1
    }

    /// The unpadded positions window `o` covers, in order; negative or `>= H` ones are padding.
    func window(_ o: Int) -> StrideTo<Int> {
        let start = o * stride - padding
        return Swift.stride(from: start, to: min(start + dilation * (kernel - 1) + 1, size + padding), by: dilation)
    }

    /// `H_out = ⌊(5 + 2·1 − 1·(3−1) − 1) / 2⌋ + 1 = 3`, with ⌈⌉ under ceil_mode, and why a window was dropped.
    var formula: String {
        let name = axis == .height ? "H_out" : "W_out"
        let (open, close) = ceilMode ? ("⌈", "⌉") : ("⌊", "⌋")
        let body = "\(open)(\(size) + 2·\(padding) − \(dilation)·(\(kernel)−1) − 1) / \(stride)\(close) + 1"
        guard droppedLastWindow else { return "\(name) = \(body) = \(output)" }
        let position = axis == .height ? "row" : "column"
        return "\(name) = \(body) − 1 = \(output): ceil_mode drops the last window, which would start at "
            + "\(position) \(output * stride - padding), past the input's last \(position) (\(size - 1))"
    }
}
