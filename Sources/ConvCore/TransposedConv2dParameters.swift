/// The hyper-parameters of `nn.ConvTranspose2d` / `F.conv_transpose2d` that are not tensors.
public struct TransposedConv2dParameters: Hashable, Sendable {
    /// How far apart the input cells are stamped in the output, per axis.
    public var stride: AxisPair
    /// Rows (columns) cropped from each edge of the stamped output, per axis.
    public var padding: AxisPair
    /// Extra rows (columns) added at the bottom (right) of the output, per axis; smaller than the stride or the
    /// dilation.
    public var outputPadding: AxisPair
    /// Spacing between kernel taps, per axis.
    public var dilation: AxisPair
    /// Number of blocked connections from input to output channels.
    public var groups: Int

    /// Creates parameters; the defaults are `nn.ConvTranspose2d`'s.
    public init(
        stride: AxisPair = .uniform(1),
        padding: AxisPair = .uniform(0),
        outputPadding: AxisPair = .uniform(0),
        dilation: AxisPair = .uniform(1),
        groups: Int = 1
    ) {
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
        self.dilation = dilation
        self.groups = groups
    }
}
