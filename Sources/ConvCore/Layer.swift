#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The C library's `tanh` (inside ``Activation`` the name means the case).
private func hyperbolicTangent(_ x: Double) -> Double { tanh(x) }

/// An element-wise activation: `nn.ReLU`, `nn.Sigmoid` or `nn.Tanh`.
public enum Activation: String, CaseIterable, Hashable, Sendable {
    /// `max(0, x)`.
    case relu
    /// `1 / (1 + exp(−x))`.
    case sigmoid
    /// `tanh(x)`.
    case tanh

    /// The activation of one value.
    public func callAsFunction(_ x: Double) -> Double {
        switch self {
        case .relu: x > 0 ? x : 0
        case .sigmoid: 1 / (1 + exp(-x))
        case .tanh: hyperbolicTangent(x)
        }
    }
}

/// Where a convolution layer's weights come from: values given in the preset, or a seeded initialisation.
public enum LayerWeights: Equatable, Sendable {
    /// The weight tensor itself.
    case values(Tensor)
    /// `out_channels` filters of `kernelSize`, drawn by ``SeededInit`` from `seed`.
    case seeded(outChannels: Int, kernelSize: AxisPair, seed: UInt64)
}

/// An `nn.Conv2d` layer.
public struct Conv2dLayer: Equatable, Sendable {
    /// The weight, (C_out, C_in/groups, kH, kW), or how to draw it.
    public var weights: LayerWeights
    /// One value per output channel, or `nil` for no bias.
    public var bias: [Double]?
    /// Stride, padding, dilation, groups and padding mode.
    public var parameters: Conv2dParameters

    /// Creates a layer from its parts.
    public init(weights: LayerWeights, bias: [Double]? = nil, parameters: Conv2dParameters = Conv2dParameters()) {
        self.weights = weights
        self.bias = bias
        self.parameters = parameters
    }
}

/// An `nn.ConvTranspose2d` layer.
public struct TransposedConv2dLayer: Equatable, Sendable {
    /// The weight, (C_in, C_out/groups, kH, kW), or how to draw it.
    public var weights: LayerWeights
    /// One value per output channel, or `nil` for no bias.
    public var bias: [Double]?
    /// Stride, padding, output padding, dilation and groups.
    public var parameters: TransposedConv2dParameters

    /// Creates a layer from its parts.
    public init(
        weights: LayerWeights, bias: [Double]? = nil,
        parameters: TransposedConv2dParameters = TransposedConv2dParameters()
    ) {
        self.weights = weights
        self.bias = bias
        self.parameters = parameters
    }
}

/// An `nn.Linear` layer over flat features.
public struct LinearLayer: Equatable, Sendable {
    /// The weight as one plane of `out` rows by `in` columns, shape (1, 1, out, in); or how to draw it
    /// (`outChannels` is then the number of output features, and `kernelSize` is unused).
    public var weights: LayerWeights
    /// One value per output feature, or `nil` for no bias.
    public var bias: [Double]?

    /// Creates a layer from its parts.
    public init(weights: LayerWeights, bias: [Double]? = nil) {
        self.weights = weights
        self.bias = bias
    }

    /// The weight values (an empty plane while they are still to be drawn).
    public var weight: Tensor {
        if case let .values(tensor) = weights { return tensor }
        return Tensor(shape: Shape4(n: 1, c: 1, h: 0, w: 0))
    }

    /// Output features.
    public var outFeatures: Int { weight.shape.h }
    /// Input features.
    public var inFeatures: Int { weight.shape.w }
}

/// One layer of a ``Stack``, as `nn.Sequential` would hold it.
public enum Layer: Equatable, Sendable {
    /// `nn.Conv2d`.
    case conv2d(Conv2dLayer)
    /// `nn.ConvTranspose2d`.
    case convTranspose2d(TransposedConv2dLayer)
    /// `nn.ReLU`, `nn.Sigmoid`, `nn.Tanh`.
    case activation(Activation)
    /// `nn.MaxPool2d` or `nn.AvgPool2d`.
    case pool(Pool2dParameters)
    /// `nn.Flatten()`: (N, C, H, W) to (N, C·H·W); an unbatched input counts as N = 1.
    case flatten
    /// `nn.Linear` on flat features.
    case linear(LinearLayer)
    /// `nn.Softmax(dim=1)`: over the channels (or the features, once flat).
    case softmax

    /// The preset word for the layer: `conv2d`, `conv_transpose2d`, `relu`, `max_pool2d`, `flatten`, ...
    public var kind: String {
        switch self {
        case .conv2d: "conv2d"
        case .convTranspose2d: "conv_transpose2d"
        case let .activation(activation): activation.rawValue
        case let .pool(parameters): "\(parameters.kind.rawValue)_pool2d"
        case .flatten: "flatten"
        case .linear: "linear"
        case .softmax: "softmax"
        }
    }

    /// Whether the layer slides a window over the image plane (a convolution or a pooling).
    public var isWindowed: Bool {
        switch self {
        case .conv2d, .convTranspose2d, .pool: true
        case .activation, .flatten, .linear, .softmax: false
        }
    }
}
