/// Which pooling: `F.max_pool2d` or `F.avg_pool2d`.
public enum PoolKind: String, CaseIterable, Hashable, Sendable {
    /// The largest value in each window.
    case max
    /// The mean of each window.
    case avg
}

/// The hyper-parameters of `nn.MaxPool2d` / `nn.AvgPool2d`.
public struct Pool2dParameters: Hashable, Sendable {
    /// Max or average pooling.
    public var kind: PoolKind
    /// The window size, per axis.
    public var kernel: AxisPair
    /// Step between windows, per axis. PyTorch's default is the kernel size; callers pass it explicitly.
    public var stride: AxisPair
    /// Implicit padding on each side, per axis: minus infinity for max pooling, zeros for average pooling.
    public var padding: AxisPair
    /// Spacing between window taps, per axis; max pooling only (average pooling rejects anything but 1).
    public var dilation: AxisPair
    /// Rounds the output size up instead of down, letting a last window overhang the padded input.
    public var ceilMode: Bool
    /// Average pooling divides by the whole window, padding included, rather than by its real cells.
    /// Ignored by max pooling.
    public var countIncludePad: Bool

    /// Creates parameters; the defaults are PyTorch's, and a `nil` stride means the kernel size.
    public init(
        kind: PoolKind,
        kernel: AxisPair,
        stride: AxisPair? = nil,
        padding: AxisPair = .uniform(0),
        dilation: AxisPair = .uniform(1),
        ceilMode: Bool = false,
        countIncludePad: Bool = true
    ) {
        self.kind = kind
        self.kernel = kernel
        self.stride = stride ?? kernel
        self.padding = padding
        self.dilation = dilation
        self.ceilMode = ceilMode
        self.countIncludePad = countIncludePad
    }
}
