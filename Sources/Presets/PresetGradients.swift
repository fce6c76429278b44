import ConvCore

extension Preset {
    /// The backward pass of whatever the preset computes for its ``gradOutput`` (all ones when absent): dL/dX,
    /// dL/dW (`nil` for pooling) and dL/db (`nil` without a bias), as PyTorch autograd gives them in float64.
    public func gradients() throws(ConvError) -> Gradients {
        switch operation {
        case .convolution:
            return try ConvolutionBackward(try convolution(), outputGradient: gradOutput).gradients()
        case let .transposed(parameters):
            let convolution = try TransposedConvolution(
                input: input, weight: kernel, bias: bias,
                parameters: parameters)
            return try TransposedBackward(convolution, outputGradient: gradOutput).gradients()
        case let .pooling(parameters):
            let pooling = try Pooling(input: input, parameters: parameters)
            return try PoolingBackward(pooling, outputGradient: gradOutput).gradients()
        case .stack:
            throw .gradientOfStack
        }
    }

    /// The output's shape, validated but not computed.
    public func outputShape() throws(ConvError) -> Shape4 {
        switch operation {
        case .convolution:
            return try ConvGeometry(
                input: input.shape, weight: kernel.shape, biasCount: bias?.count,
                parameters: parameters
            ).outputShape
        case let .transposed(parameters):
            return try TransposedConvolution(
                input: input, weight: kernel, bias: bias,
                parameters: parameters
            ).outputShape
        case let .pooling(parameters):
            return try Pooling(input: input, parameters: parameters).outputShape
        case .stack:
            do {
                return try stack().output.shape
            } catch {
                throw .layer(error)
            }
        }
    }
}
