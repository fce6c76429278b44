import ConvCore

/// What a preset computes: a convolution (the default), a transposed convolution, pooling, or a stack of layers.
public enum Operation: Equatable, Sendable {
    /// `nn.Conv2d`, with the preset's `parameters`.
    case convolution
    /// `nn.ConvTranspose2d`: the kernel is (C_in, C_out/groups, kH, kW).
    case transposed(TransposedConv2dParameters)
    /// `nn.MaxPool2d` or `nn.AvgPool2d`: no kernel, a window.
    case pooling(Pool2dParameters)
    /// `nn.Sequential`: layers applied in order to the input (the preset's kernel is unused).
    case stack([Layer])

    /// Whether the operation has a weight (and may have a bias).
    public var hasWeight: Bool {
        switch self {
        case .convolution, .transposed: true
        case .pooling, .stack: false
        }
    }

    /// A short name for titles: `conv2d`, `conv_transpose2d`, `max_pool2d`, `avg_pool2d`, `layers`.
    public var name: String {
        switch self {
        case .convolution: "conv2d"
        case .transposed: "conv_transpose2d"
        case let .pooling(parameters): "\(parameters.kind.rawValue)_pool2d"
        case .stack: "layers"
        }
    }
}

extension Preset {
    /// The output of whatever the preset computes (a stack's last layer), or what PyTorch would reject.
    public func output() throws(ConvError) -> Tensor {
        switch operation {
        case .convolution:
            return try convolution().output()
        case let .transposed(parameters):
            return try TransposedConvolution(input: input, weight: kernel, bias: bias, parameters: parameters).output()
        case let .pooling(parameters):
            return try Pooling(input: input, parameters: parameters).output()
        case .stack:
            do {
                return try stack().output
            } catch {
                throw .layer(error)
            }
        }
    }
}

extension Preset {
    /// The preset's stack of layers, validated and computed; a single operation is a stack of one layer.
    public func stack() throws(StackError) -> Stack {
        let layer: Layer
        switch operation {
        case let .stack(layers): return try Stack(input: input, layers: layers)
        case .convolution: layer = .conv2d(Conv2dLayer(weights: .values(kernel), bias: bias, parameters: parameters))
        case let .transposed(parameters):
            layer = .convTranspose2d(
                TransposedConv2dLayer(weights: .values(kernel), bias: bias, parameters: parameters))
        case let .pooling(parameters): layer = .pool(parameters)
        }
        return try Stack(input: input, layers: [layer])
    }
}
