import ConvCore

/// A convolution as a preset file describes it: the tensors, the parameters, and the words around them.
/// A preset may hold a combination PyTorch rejects (while the user is editing); ``convolution()`` says why.
public struct Preset: Equatable, Sendable {
    /// One-line title.
    public var name: String
    /// What the preset teaches, shown in the preset browser.
    public var description: String?
    /// The input, (N, C_in, H, W).
    public var input: Tensor
    /// How the file wrote the input: 2 (`[H][W]`), 3 (`[C][H][W]`) or 4 (`[N][C][H][W]`, batched).
    public var inputRank: Int
    /// The weight, (C_out, C_in/groups, kH, kW).
    public var kernel: Tensor
    /// One value per output channel, or `nil` for no bias.
    public var bias: [Double]?
    /// Stride, padding, dilation, groups and padding mode.
    public var parameters: Conv2dParameters
    /// The lesson this preset teaches, step by step; empty when it has none.
    public var lesson: [LessonStep]
    /// What the preset computes; `parameters` apply to `.convolution` only.
    public var operation: Operation
    /// The upstream gradient dL/dY for the backward pass (`grad_output:`), the output's shape (N = 1 when
    /// unbatched); `nil` means all ones.
    public var gradOutput: Tensor?

    /// Creates a preset from its parts.
    public init(
        name: String, description: String? = nil, input: Tensor, inputRank: Int, kernel: Tensor,
        bias: [Double]? = nil, parameters: Conv2dParameters = Conv2dParameters(), lesson: [LessonStep] = [],
        operation: Operation = .convolution, gradOutput: Tensor? = nil
    ) {
        self.name = name
        self.description = description
        self.input = input
        self.inputRank = inputRank
        self.kernel = kernel
        self.bias = bias
        self.parameters = parameters
        self.lesson = lesson
        self.operation = operation
        self.gradOutput = gradOutput
    }

    /// Whether the input is a batch (`[N][C][H][W]`); otherwise PyTorch sees it unbatched.
    public var isBatched: Bool { inputRank == 4 }

    /// Validates the combination and returns the convolution, or what PyTorch would reject.
    public func convolution() throws(ConvError) -> Convolution {
        try Convolution(input: input, weight: kernel, bias: bias, parameters: parameters)
    }
}
