import ConvCore

extension Preset {
    /// The backward pass of whatever the preset computes for its ``gradOutput`` (all ones when absent): dL/dX,
    /// dL/dW (`nil` for pooling) and dL/db (`nil` without a bias), as PyTorch autograd gives them in float64.
    public func gradients() throws(ConvError) -> Gradients {
        switch operation {
        case .convolution:
            return try ConvolutionBackward(try convolution(), outputGradient: gradOutput).gradients()
        case let .transposed(parameters):
            let convolution = try TransposedConvolution(input: input, weight: kernel, bias: bias, parameters: parameters)
            return try TransposedBackward(convolution, outputGradient: gradOutput).gradients()
        case let .pooling(parameters):
            return try PoolingBackward(try Pooling(input: input, parameters: parameters), outputGradient: gradOutput).gradients()
        case .stack:
            throw .gradientOfStack
        }
    }
}
