/// How `nn.Conv2d` pads the input: explicit amounts per axis, or one of PyTorch's padding strings.
public enum Padding: Hashable, Sendable {
    /// Explicit padding: `height` rows above and below, `width` columns left and right.
    case explicit(height: Int, width: Int)
    /// `padding="same"`: the output keeps the input's size (stride 1 only).
    case same
    /// `padding="valid"`: no padding.
    case valid

    /// The same explicit padding on both axes.
    public static func uniform(_ amount: Int) -> Padding { .explicit(height: amount, width: amount) }

    /// The text a preset uses for this padding: `1`, `[1, 2]`, `same` or `valid`.
    public var presetText: String {
        switch self {
        case let .explicit(height, width): height == width ? "\(height)" : "[\(height), \(width)]"
        case .same: "same"
        case .valid: "valid"
        }
    }
}

/// The values `nn.Conv2d`'s `padding_mode` accepts: what the padding ring is filled with.
public enum PaddingMode: String, CaseIterable, Hashable, Sendable {
    /// Pads with zeros.
    case zeros
    /// Mirrors the input without repeating the edge: `[1,2,3]` pads to `[2,1,2,3,2]`.
    case reflect
    /// Repeats the edge value: `[1,1,2,3,3]`.
    case replicate
    /// Wraps around: `[3,1,2,3,1]`.
    case circular
}

/// A pair of per-axis integers (stride or dilation), height first.
public struct AxisPair: Hashable, Sendable, CustomStringConvertible {
    /// The value along the height axis.
    public var height: Int
    /// The value along the width axis.
    public var width: Int

    /// Creates a pair from its two values.
    public init(height: Int, width: Int) {
        self.height = height
        self.width = width
    }

    /// The same value on both axes.
    public static func uniform(_ value: Int) -> AxisPair { AxisPair(height: value, width: value) }

    /// `2` when both axes agree, `[2, 1]` otherwise.
    public var description: String { height == width ? "\(height)" : "[\(height), \(width)]" }
}

/// The hyper-parameters of `nn.Conv2d` that are not tensors.
public struct Conv2dParameters: Hashable, Sendable {
    /// Step between output positions, per axis.
    public var stride: AxisPair
    /// Padding amounts or strategy.
    public var padding: Padding
    /// Spacing between kernel taps, per axis.
    public var dilation: AxisPair
    /// Number of blocked connections from input to output channels.
    public var groups: Int
    /// What the padding ring holds.
    public var paddingMode: PaddingMode

    /// Creates parameters; the defaults are `nn.Conv2d`'s.
    public init(
        stride: AxisPair = .uniform(1),
        padding: Padding = .uniform(0),
        dilation: AxisPair = .uniform(1),
        groups: Int = 1,
        paddingMode: PaddingMode = .zeros
    ) {
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        self.paddingMode = paddingMode
    }
}
