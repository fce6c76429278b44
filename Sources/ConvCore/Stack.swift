#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The shape arithmetic a layer leaves behind for receptive fields and incremental updates.
enum LayerGeometry: Sendable {
    /// A convolution: padding resolved, padding mode, taps.
    case conv(ConvGeometry)
    /// A transposed convolution, per axis.
    case transposed(rows: TransposedAxis, columns: TransposedAxis)
    /// A pooling, per axis.
    case pool(rows: PoolAxis, columns: PoolAxis)
    /// Each output cell reads only its own position (an activation, or a softmax over channels).
    case pointwise
    /// The output is flat features (flatten, linear, and element-wise layers after them).
    case flat
}

/// A validated stack of layers applied in order to an input, exactly as `nn.Sequential` computes it in float64,
/// with every layer's output.
///
/// Each convolution, transposed convolution and pooling is ConvCore's own (``Convolution``,
/// ``TransposedConvolution``, ``Pooling``), so every layer is exact in the same way a single operation is. An
/// unbatched input counts as a batch of one; `flatten` turns (N, C, H, W) into (N, C·H·W), held as a tensor of shape
/// (N, C·H·W, 1, 1).
///
/// Limits (besides each layer's own, ``Limits``): at most ``maxLayers`` layers, at most ``maxStoredElements`` values
/// over all the layers' outputs, and at most ``Limits/maxMultiplyAdds`` multiply-adds (window reads for pooling, one
/// per value for element-wise layers) over the whole stack.
public struct Stack: Sendable {
    /// The most layers a stack may have.
    public static let maxLayers = 128
    /// The most values all the layers' outputs may hold together: 2^25 (256 MiB of doubles).
    public static let maxStoredElements = 1 << 25

    /// The input, (N, C, H, W); an unbatched input has N = 1.
    public private(set) var input: Tensor
    /// The layers, with every convolution's weights as values (a seeded initialisation drawn).
    public internal(set) var layers: [Layer]
    /// Every layer's output, in order; flat outputs have shape (N, features, 1, 1).
    public internal(set) var outputs: [Tensor]
    /// Whether each layer's output is flat features (N, features) rather than an image (N, C, H, W).
    public let isFlat: [Bool]
    /// The multiply-adds of the whole stack.
    public let multiplyAdds: Int
    /// Each layer's shape arithmetic.
    let geometries: [LayerGeometry]

    /// Validates the stack layer by layer, as shapes flow from one layer to the next, and computes every output;
    /// throws what PyTorch would reject (or a limit), naming the layer.
    public init(input: Tensor, layers: [Layer]) throws(StackError) {
        if layers.isEmpty { throw StackError(message: "the list of layers is empty") }
        if layers.count > Self.maxLayers {
            throw StackError(message: "\(layers.count) layers is too many (the limit is \(Self.maxLayers))")
        }
        var current = input, flat = false, work = 0, stored = input.values.count
        var resolved: [Layer] = [], outputs: [Tensor] = [], flags: [Bool] = [], geometries: [LayerGeometry] = []
        for (index, layer) in layers.enumerated() {
            let step = try LayerStep(layer, index: index, input: current, isFlat: flat)
            current = step.output
            flat = step.isFlat
            var overflow = false
            (work, overflow) = work.addingReportingOverflow(step.multiplyAdds)
            if overflow || work > Limits.maxMultiplyAdds {
                throw StackError(
                    layer: index, kind: layer.kind,
                    message: "the stack needs more than "
                        + "\(Limits.maxMultiplyAdds) multiply-adds up to this layer (the limit for a whole stack)")
            }
            stored += current.values.count
            if stored > Self.maxStoredElements {
                throw StackError(
                    layer: index, kind: layer.kind,
                    message: "the outputs up to this layer hold "
                        + "more than \(Self.maxStoredElements) values (the limit for a whole stack)")
            }
            resolved.append(step.layer)
            outputs.append(current)
            flags.append(flat)
            geometries.append(step.geometry)
        }
        self.input = input
        self.layers = resolved
        self.outputs = outputs
        self.isFlat = flags
        self.multiplyAdds = work
        self.geometries = geometries
    }

    /// The last layer's output.
    public var output: Tensor { outputs[outputs.count - 1] }

    /// The input of layer `index` (0-based): the stack's input, or the previous layer's output.
    public func input(ofLayer index: Int) -> Tensor { index == 0 ? input : outputs[index - 1] }

    /// Layer `index`'s output extents as PyTorch reports them: `[N, C, H, W]`, or `[N, features]` once flat.
    public func outputDimensions(_ index: Int) -> [Int] {
        let shape = outputs[index].shape
        return isFlat[index] ? [shape.n, shape.c] : shape.dimensions
    }

    /// Replaces the input's values with those of a tensor of the same shape (for ``setInput(_:to:)``).
    mutating func storeInput(_ flat: Int, _ value: Double) {
        input.values[flat] = value
    }
}

/// One layer validated against its input and applied to it.
struct LayerStep {
    /// The layer with its weights as values.
    let layer: Layer
    /// The output.
    let output: Tensor
    /// Whether the output is flat.
    let isFlat: Bool
    /// The layer's multiply-adds.
    let multiplyAdds: Int
    /// The layer's shape arithmetic.
    let geometry: LayerGeometry

    init(_ layer: Layer, index: Int, input: Tensor, isFlat: Bool) throws(StackError) {
        let context = LayerContext(index: index, kind: layer.kind, input: input.shape, isFlat: isFlat)
        let x = input.shape
        switch layer {
        case let .conv2d(conv):
            try context.requireImage()
            let weight = try context.weight(conv.weights, groups: conv.parameters.groups, transposed: false)
            let convolution: Convolution
            do {
                convolution = try Convolution(
                    input: input, weight: weight, bias: conv.bias,
                    parameters: conv.parameters)
            } catch {
                throw context.wrap(error)
            }
            self.layer = .conv2d(Conv2dLayer(weights: .values(weight), bias: conv.bias, parameters: conv.parameters))
            output = convolution.output()
            self.isFlat = false
            let w = weight.shape
            multiplyAdds = output.values.count * w.c * w.h * w.w
            geometry = .conv(convolution.geometry)
        case let .convTranspose2d(transposed):
            try context.requireImage()
            let weight = try context.weight(transposed.weights, groups: transposed.parameters.groups, transposed: true)
            let convolution: TransposedConvolution
            do {
                convolution = try TransposedConvolution(
                    input: input, weight: weight, bias: transposed.bias,
                    parameters: transposed.parameters)
            } catch {
                throw context.wrap(error)
            }
            self.layer = .convTranspose2d(
                TransposedConv2dLayer(
                    weights: .values(weight), bias: transposed.bias,
                    parameters: transposed.parameters))
            output = convolution.output()
            self.isFlat = false
            let w = weight.shape
            multiplyAdds = input.values.count * w.c * w.h * w.w
            geometry = .transposed(rows: convolution.rows, columns: convolution.columns)
        case let .pool(parameters):
            try context.requireImage()
            let pooling: Pooling
            do {
                pooling = try Pooling(input: input, parameters: parameters)
            } catch {
                throw context.wrap(error)
            }
            self.layer = layer
            output = pooling.output()
            self.isFlat = false
            multiplyAdds = output.values.count * parameters.kernel.height * parameters.kernel.width
            geometry = .pool(rows: pooling.rows, columns: pooling.columns)
        case let .activation(activation):
            self.layer = layer
            output = Tensor(shape: x, values: input.values.map { activation($0) })
            self.isFlat = isFlat
            multiplyAdds = input.values.count
            geometry = isFlat ? .flat : .pointwise
        case .softmax:
            self.layer = layer
            var values = input.values
            for group in Softmax.groups(of: x) { Softmax.apply(&values, group) }
            output = Tensor(shape: x, values: values)
            self.isFlat = isFlat
            multiplyAdds = input.values.count
            geometry = isFlat ? .flat : .pointwise
        case .flatten:
            self.layer = layer
            output = Tensor(shape: Shape4(n: x.n, c: x.c * x.h * x.w, h: 1, w: 1), values: input.values)
            self.isFlat = true
            multiplyAdds = 0
            geometry = .flat
        case let .linear(given):
            try context.requireFlat()
            let linear = LinearLayer(weights: .values(try context.linearWeight(given.weights)), bias: given.bias)
            try context.check(linear)
            self.layer = .linear(linear)
            var values = [Double](repeating: 0, count: x.n * linear.outFeatures)
            for n in 0..<x.n {
                for o in 0..<linear.outFeatures { values[n * linear.outFeatures + o] = linear.value(input, n: n, o: o) }
            }
            output = Tensor(shape: Shape4(n: x.n, c: linear.outFeatures, h: 1, w: 1), values: values)
            self.isFlat = true
            multiplyAdds = x.n * linear.inFeatures * linear.outFeatures
            geometry = .flat
        }
    }
}

extension LinearLayer {
    /// Output feature `o` of image `n`: `Σ_i x[n, i]·W[o, i]`, in order of `i` from 0.0, plus the bias.
    func value(_ input: Tensor, n: Int, o: Int) -> Double {
        let features = inFeatures, first = n * features, row = o * features
        var sum = 0.0
        for i in 0..<features { sum += input.values[first + i] * weight.values[row + i] }
        return bias.map { sum + $0[o] } ?? sum
    }
}

/// `nn.Softmax(dim=1)`: at each (image, row, column), the channels (or features) `exp(x − max) / Σ exp(x − max)`.
enum Softmax {
    /// The flat indices of one softmax: a start and the step between channels, for `count` channels.
    struct Group: Hashable {
        let start: Int
        let step: Int
        let count: Int
    }

    /// Every group of a tensor of `shape`.
    static func groups(of shape: Shape4) -> [Group] {
        let plane = shape.h * shape.w
        return (0..<shape.n).flatMap { n in
            (0..<plane).map { Group(start: n * shape.c * plane + $0, step: plane, count: shape.c) }
        }
    }

    /// The group holding flat index `flat` of a tensor of `shape`.
    static func group(of flat: Int, in shape: Shape4) -> Group {
        let plane = shape.h * shape.w, image = flat / (shape.c * plane)
        return Group(start: image * shape.c * plane + flat % plane, step: plane, count: shape.c)
    }

    /// Replaces the group's values by their softmax.
    static func apply(_ values: inout [Double], _ group: Group) {
        let indices = (0..<group.count).map { group.start + $0 * group.step }
        let largest = indices.map { values[$0] }.max() ?? 0
        var exps: [Double] = []
        exps.reserveCapacity(group.count)
        var sum = 0.0
        for index in indices {
            let e = exp(values[index] - largest)
            exps.append(e)
            sum += e
        }
        for (index, e) in zip(indices, exps) { values[index] = e / sum }
    }
}

/// Where a layer sits in the stack, for errors that name it and its input.
struct LayerContext {
    let index: Int
    let kind: String
    let input: Shape4
    let isFlat: Bool

    /// `the input` or `the output of layers[2]`.
    var source: String { index == 0 ? "the input" : "the output of layers[\(index - 1)]" }

    func error(_ key: String?, _ message: String) -> StackError {
        StackError(layer: index, kind: kind, key: key, message: message)
    }

    func requireImage() throws(StackError) {
        if isFlat {
            throw error(
                nil,
                "needs an image (N, C, H, W), but \(source) is flat features (N, \(input.c)); put "
                    + "it before flatten")
        }
    }

    func requireFlat() throws(StackError) {
        if !isFlat {
            throw error(
                nil,
                "needs flat features, but \(source) is an image of shape \(input); put a flatten "
                    + "layer before it")
        }
    }

    func check(_ linear: LinearLayer) throws(StackError) {
        if linear.inFeatures != input.c {
            throw error(
                "weight",
                "has \(linear.inFeatures) columns (in_features), but \(source) has \(input.c) "
                    + "features")
        }
        if let bias = linear.bias, bias.count != linear.outFeatures {
            throw error("bias", "needs one value per output feature: expected \(linear.outFeatures), got \(bias.count)")
        }
        let (work, overflow) = input.n.multipliedReportingOverflow(by: linear.weight.values.count)
        if overflow || work > Limits.maxMultiplyAdds {
            throw error("weight", "needs more than \(Limits.maxMultiplyAdds) multiply-adds")
        }
    }

    /// The weight values, drawing a seeded initialisation when the layer gives `out_channels` and `kernel_size`.
    func weight(_ weights: LayerWeights, groups: Int, transposed: Bool) throws(StackError) -> Tensor {
        let (outChannels, kernelSize, seed): (Int, AxisPair, UInt64)
        switch weights {
        case let .values(tensor): return tensor
        case let .seeded(channels, size, value): (outChannels, kernelSize, seed) = (channels, size, value)
        }
        if outChannels < 1 { throw error("out_channels", "must be at least 1 (got \(outChannels))") }
        if kernelSize.height < 1 || kernelSize.width < 1 {
            throw error("kernel_size", "must be at least 1 on each axis (got \(kernelSize))")
        }
        if groups < 1 { throw error("groups", "must be at least 1 (got \(groups))") }
        if input.c % groups != 0 { throw error("groups", "\(groups) does not divide C_in = \(input.c) (\(source))") }
        if transposed && outChannels % groups != 0 {
            throw error("groups", "\(groups) does not divide out_channels = \(outChannels)")
        }
        let shape =
            transposed
            ? Shape4(n: input.c, c: outChannels / groups, h: kernelSize.height, w: kernelSize.width)
            : Shape4(n: outChannels, c: input.c / groups, h: kernelSize.height, w: kernelSize.width)
        if (shape.checkedCount ?? Int.max) > Limits.maxElements {
            throw error("out_channels", "the weight \(shape) would hold more than \(Limits.maxElements) values")
        }
        return SeededInit.weight(shape: shape, fanIn: shape.c * shape.h * shape.w, seed: seed)
    }

    /// A linear layer's weight values, drawing a seeded initialisation when the layer gives `out_features`.
    func linearWeight(_ weights: LayerWeights) throws(StackError) -> Tensor {
        switch weights {
        case let .values(tensor): return tensor
        case let .seeded(outFeatures, _, seed):
            if outFeatures < 1 { throw error("out_features", "must be at least 1 (got \(outFeatures))") }
            let (count, overflow) = outFeatures.multipliedReportingOverflow(by: input.c)
            if overflow || count > Limits.maxElements {
                throw error(
                    "out_features",
                    "the weight (\(outFeatures) x \(input.c)) would hold more than "
                        + "\(Limits.maxElements) values")
            }
            return SeededInit.weight(shape: Shape4(n: 1, c: 1, h: outFeatures, w: input.c), fanIn: input.c, seed: seed)
        }
    }

    /// A ConvCore error in this layer's words: the key it names, and where the layer's input comes from.
    func wrap(_ convError: ConvError) -> StackError {
        switch convError {
        case let .inputChannelsNotDivisible(channels, groups):
            return error("groups", "\(groups) does not divide C_in = \(channels) (\(source))")
        case let .channelMismatch(weight, groups, input):
            return error(
                "kernel",
                "the weight \(weight) with groups=\(groups) expects C_in = "
                    + "\(weight.c * groups), but \(source) has \(input.c) channels")
        case let .transposedChannelMismatch(weight, input):
            return error(
                "kernel",
                "the weight \(weight) is (C_in, C_out/groups, kH, kW) and expects C_in = "
                    + "\(weight.n), but \(source) has \(input.c) channels")
        default:
            return error(convError.key, "\(convError.description) (the layer's input is \(source), of shape \(input))")
        }
    }
}
