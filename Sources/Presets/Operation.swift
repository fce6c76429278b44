import ConvCore

/// What a preset computes: a convolution (the default), a transposed convolution, or pooling.
public enum Operation: Equatable, Sendable {
    /// `nn.Conv2d`, with the preset's `parameters`.
    case convolution
    /// `nn.ConvTranspose2d`: the kernel is (C_in, C_out/groups, kH, kW).
    case transposed(TransposedConv2dParameters)
    /// `nn.MaxPool2d` or `nn.AvgPool2d`: no kernel, a window.
    case pooling(Pool2dParameters)

    /// Whether the operation has a weight (and may have a bias).
    public var hasWeight: Bool {
        if case .pooling = self { return false }
        return true
    }

    /// A short name for titles: `conv2d`, `conv_transpose2d`, `max_pool2d`, `avg_pool2d`.
    public var name: String {
        switch self {
        case .convolution: "conv2d"
        case .transposed: "conv_transpose2d"
        case let .pooling(parameters): "\(parameters.kind.rawValue)_pool2d"
        }
    }
}

extension Preset {
    /// The output of whatever the preset computes, or what PyTorch would reject.
    public func output() throws(ConvError) -> Tensor {
        switch operation {
        case .convolution:
            return try convolution().output()
        case let .transposed(parameters):
            return try TransposedConvolution(input: input, weight: kernel, bias: bias, parameters: parameters).output()
        case let .pooling(parameters):
            return try Pooling(input: input, parameters: parameters).output()
        }
    }
}
