/// One validated 2-D convolution, exactly as PyTorch's `nn.Conv2d` computes it (cross-correlation,
/// the kernel is not flipped): the input, the weight, the optional bias and the parameters.
public struct Convolution: Sendable {
    /// The input, (N, C_in, H, W); an unbatched input has N = 1.
    public private(set) var input: Tensor
    /// The weight, (C_out, C_in/groups, kH, kW).
    public let weight: Tensor
    /// One value per output channel, or `nil` for no bias.
    public let bias: [Double]?
    /// The validated shape arithmetic.
    public let geometry: ConvGeometry

    /// Validates the convolution; throws what PyTorch would reject, in the user's terms.
    public init(input: Tensor, weight: Tensor, bias: [Double]?, parameters: Conv2dParameters) throws(ConvError) {
        self.geometry = try ConvGeometry(
            input: input.shape, weight: weight.shape, biasCount: bias?.count,
            parameters: parameters)
        self.input = input
        self.weight = weight
        self.bias = bias
    }

    /// The same convolution over a new input of the same shape (no revalidation needed).
    /// - Precondition: `input.shape` equals the current input's shape.
    public func replacingInput(_ input: Tensor) -> Convolution {
        precondition(input.shape == self.input.shape, "replacingInput needs an input of the same shape")
        var copy = self
        copy.input = input
        return copy
    }

    /// The parameters.
    public var parameters: Conv2dParameters { geometry.parameters }

    /// The weight of output channel `o`, its in-group channel `kernelChannel`, at kernel row `a`, column `b`.
    @inlinable
    public func weight(_ o: Int, _ kernelChannel: Int, _ a: Int, _ b: Int) -> Double {
        weight[o, kernelChannel, a, b]
    }

    /// The input channel that output channel `o` reads through its in-group channel `kernelChannel`.
    @inlinable
    public func inputChannel(output o: Int, kernelChannel: Int) -> Int {
        geometry.group(ofOutputChannel: o) * geometry.inputChannelsPerGroup + kernelChannel
    }

    /// The whole output, (N, C_out, H_out, W_out).
    ///
    /// Each output cell accumulates its taps in the order of ``trace(_:)`` (input channel, kernel row,
    /// kernel column), one fused multiply-add per tap, starting from zero, skipping zero padding, and adds the
    /// bias last — so every cell equals its trace's final value bit for bit.
    public func output() -> Tensor {
        output(wideTile: OutputKernel.hasWideTile)
    }

    /// The whole output, with or without the AVX-512 tile (tests run both ways; `true` needs a CPU with AVX-512).
    func output(wideTile: Bool) -> Tensor {
        Tensor(shape: geometry.outputShape, values: OutputKernel.output(of: self, wideTile: wideTile))
    }
}
