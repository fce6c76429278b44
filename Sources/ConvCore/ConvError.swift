/// Why a convolution cannot be computed, in the user's terms. Each case names the setting at fault.
public enum ConvError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Stride must be at least 1.
    case nonPositiveStride(AxisPair)
    /// Dilation must be at least 1.
    case nonPositiveDilation(AxisPair)
    /// Padding cannot be negative.
    case negativePadding(height: Int, width: Int)
    /// Groups must be at least 1.
    case nonPositiveGroups(Int)
    /// `padding="same"` needs stride 1.
    case sameWithStride(AxisPair)
    /// The input has a zero extent.
    case emptyInput(Shape4)
    /// The kernel has a zero extent.
    case emptyKernel(Shape4)
    /// The input channel count is not a multiple of groups.
    case inputChannelsNotDivisible(channels: Int, groups: Int)
    /// The output channel count is not a multiple of groups.
    case outputChannelsNotDivisible(channels: Int, groups: Int)
    /// The weight's second dimension does not match `C_in / groups`.
    case channelMismatch(weight: Shape4, groups: Int, input: Shape4)
    /// The bias does not have one value per output channel.
    case biasCount(expected: Int, got: Int)
    /// Reflect padding must be smaller than the padded dimension.
    case reflectPaddingTooLarge(axis: Axis, padding: Int, size: Int)
    /// Circular padding must not exceed the padded dimension.
    case circularPaddingTooLarge(axis: Axis, padding: Int, size: Int)
    /// The (dilated) kernel is larger than the padded input.
    case kernelLargerThanInput(paddedHeight: Int, paddedWidth: Int, kernelHeight: Int, kernelWidth: Int)
    /// A size computed from the settings exceeds a limit or does not fit in an `Int`.
    case tooLarge(key: String, what: String, limit: String)
    /// Output padding cannot be negative (transposed convolution).
    case negativeOutputPadding(AxisPair)
    /// Output padding must be smaller than the stride or the dilation along each axis (transposed convolution).
    case outputPaddingTooLarge(axis: Axis, outputPadding: Int, stride: Int, dilation: Int)
    /// A transposed convolution's weight, (C_in, C_out/groups, kH, kW), does not match the input's channels.
    case transposedChannelMismatch(weight: Shape4, input: Shape4)
    /// Padding crops a transposed convolution's output down to nothing: the output would be `height` x `width`.
    case outputCroppedAway(height: Int, width: Int)
    /// A pooling window size is below 1.
    case nonPositiveKernelSize(AxisPair)
    /// Pooling padding is more than half the window size along an axis.
    case poolPaddingTooLarge(axis: Axis, padding: Int, kernel: Int)
    /// The (dilated) pooling window is larger than the padded input; with ceil_mode it may overhang by at most
    /// `overhang` (stride − 1).
    case poolWindowTooLarge(axis: Axis, window: Int, paddedSize: Int, overhang: Int)
    /// Average pooling has no dilation.
    case dilatedAveragePool(AxisPair)
    /// The upstream gradient dL/dY does not have the output's shape.
    case gradientShape(expected: Shape4, got: Shape4)
    /// The backward pass is computed for one operation, not for a stack of layers.
    case gradientOfStack
    /// A layer of a stack is invalid (see ``Stack``).
    case layer(StackError)

    /// An axis of the image plane.
    public enum Axis: String, Sendable {
        case height
        case width

        var rows: String { self == .height ? "rows" : "columns" }
    }

    /// The preset key this error is about.
    public var key: String {
        switch self {
        case .nonPositiveStride, .sameWithStride: "stride"
        case .nonPositiveDilation: "dilation"
        case .negativePadding, .kernelLargerThanInput: "padding"
        case .nonPositiveGroups, .inputChannelsNotDivisible, .outputChannelsNotDivisible: "groups"
        case .emptyInput: "input"
        case .emptyKernel, .channelMismatch: "kernel"
        case .biasCount: "bias"
        case .reflectPaddingTooLarge, .circularPaddingTooLarge: "padding_mode"
        case let .tooLarge(key, _, _): key
        case .negativeOutputPadding, .outputPaddingTooLarge: "output_padding"
        case .transposedChannelMismatch: "kernel"
        case .outputCroppedAway, .poolPaddingTooLarge: "padding"
        case .nonPositiveKernelSize, .poolWindowTooLarge: "kernel_size"
        case .dilatedAveragePool: "dilation"
        case .gradientShape: "grad_output"
        case .gradientOfStack: "layers"
        case .layer: "layers"
        }
    }

    public var description: String {
        switch self {
        case let .nonPositiveStride(stride):
            "stride must be at least 1 on each axis (got \(stride))"
        case let .nonPositiveDilation(dilation):
            "dilation must be at least 1 on each axis (got \(dilation))"
        case let .negativePadding(height, width):
            "padding cannot be negative (got \(Padding.explicit(height: height, width: width).presetText))"
        case let .nonPositiveGroups(groups):
            "groups must be at least 1 (got \(groups))"
        case let .sameWithStride(stride):
            "padding 'same' is not supported for strided convolutions (stride is \(stride)); use stride 1 or a number for padding"
        case let .emptyInput(shape):
            "the input is empty (shape \(shape)); it needs at least one row and one column"
        case let .emptyKernel(shape):
            "the kernel is empty (shape \(shape)); it needs at least one row and one column"
        case let .inputChannelsNotDivisible(channels, groups):
            "the input's \(channels) channels cannot be split into \(groups) groups (C_in must be divisible by groups)"
        case let .outputChannelsNotDivisible(channels, groups):
            "the kernel's \(channels) filters cannot be split into \(groups) groups (C_out must be divisible by groups)"
        case let .channelMismatch(weight, groups, input):
            "with groups=\(groups), weight of shape \(weight) expects the input to have \(weight.c * groups) channels, but it has \(input.c)"
        case let .biasCount(expected, got):
            "bias needs one value per output channel: expected \(expected), got \(got)"
        case let .reflectPaddingTooLarge(axis, padding, size):
            "reflect padding of \(padding) on the \(axis.rawValue) needs more than \(padding) \(axis.rows), but the input has \(size)"
        case let .circularPaddingTooLarge(axis, padding, size):
            "circular padding of \(padding) on the \(axis.rawValue) cannot wrap around more than once: the input has only \(size) \(axis.rows)"
        case let .kernelLargerThanInput(paddedHeight, paddedWidth, kernelHeight, kernelWidth):
            "the padded input (\(paddedHeight) x \(paddedWidth)) is smaller than the dilated kernel (\(kernelHeight) x \(kernelWidth)); add padding, shrink the kernel or dilation, or grow the input"
        case let .tooLarge(_, what, limit):
            "\(what) is too large (the limit is \(limit))"
        case let .negativeOutputPadding(outputPadding):
            "output_padding cannot be negative (got \(outputPadding))"
        case let .outputPaddingTooLarge(axis, outputPadding, stride, dilation):
            "output_padding must be smaller than the stride or the dilation on each axis, but on the \(axis.rawValue) it is \(outputPadding) with stride \(stride) and dilation \(dilation)"
        case let .transposedChannelMismatch(weight, input):
            "a transposed convolution's weight is (C_in, C_out/groups, kH, kW); weight of shape \(weight) expects the input to have \(weight.n) channels, but it has \(input.c)"
        case let .outputCroppedAway(height, width):
            "padding crops the whole output away: it would be \(height) x \(width); use less padding, or a larger input, stride, kernel or dilation"
        case let .nonPositiveKernelSize(kernel):
            "kernel_size must be at least 1 on each axis (got \(kernel))"
        case let .poolPaddingTooLarge(axis, padding, kernel):
            "padding of \(padding) on the \(axis.rawValue) is more than half of kernel_size \(kernel) (at most \(kernel / 2))"
        case let .poolWindowTooLarge(axis, window, paddedSize, overhang):
            "the pooling window spans \(window) \(axis.rows) but the padded input has only \(paddedSize)"
                + (overhang > 0 ? " (ceil_mode lets a window overhang it by at most stride − 1 = \(overhang))" : "")
                + "; shrink kernel_size or dilation, or add padding"
        case let .dilatedAveragePool(dilation):
            "average pooling has no dilation (nn.AvgPool2d does not take one; got \(dilation)); use dilation 1 or max pooling"
        case let .gradientShape(expected, got):
            "grad_output has shape \(got), but the output's shape is \(expected); dL/dY must have the output's shape"
        case .gradientOfStack:
            "the backward pass (--grad) is computed for single-operation presets (conv2d, conv_transpose2d, pooling), not for layers:"
        case let .layer(error):
            error.description
        }
    }
}
