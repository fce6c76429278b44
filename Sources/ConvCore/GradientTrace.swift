/// The gradients of one operation's backward pass, for an upstream gradient dL/dY.
public struct Gradients: Equatable, Sendable {
    /// dL/dX, the input's shape (N = 1 for an unbatched input).
    public let input: Tensor
    /// dL/dW in the kernel's layout, or `nil` for pooling, which has no weight.
    public let weight: Tensor?
    /// dL/db, one value per output channel, or `nil` when there is no bias.
    public let bias: [Double]?

    /// Creates gradients from their parts.
    public init(input: Tensor, weight: Tensor?, bias: [Double]?) {
        self.input = input
        self.weight = weight
        self.bias = bias
    }

    /// Whether every value is finite (products of large values may overflow a 64-bit float).
    public var isFinite: Bool {
        input.values.allSatisfy(\.isFinite) && (weight?.values.allSatisfy(\.isFinite) ?? true)
            && (bias?.allSatisfy(\.isFinite) ?? true)
    }
}

/// What one term of a gradient cell does with its upstream gradient dL/dY.
public enum GradientFactor: Hashable, Sendable {
    /// Multiplied by a weight (dL/dX of a convolution) or by the input value a tap read (dL/dW).
    case times(Double)
    /// Added as it is (dL/db, and max pooling's route to the window's maximum).
    case passThrough
    /// Divided by the window's divisor (average pooling).
    case dividedBy(Int)
}

/// One term of a gradient cell: an upstream gradient dL/dY[output], scaled, added to the running sum.
public struct GradientTerm: Hashable, Sendable {
    /// The dL/dY cell whose gradient the term carries.
    public let output: TensorIndex
    /// dL/dY at ``output``.
    public let upstream: Double
    /// The weight element the term goes through, in the kernel's layout (conv2d (C_out, C_in/groups, kH, kW),
    /// conv_transpose2d (C_in, C_out/groups, kH, kW)); `nil` for dL/db and pooling.
    public let weight: TensorIndex?
    /// The input element the term involves: the traced cell itself for dL/dX, the element the tap read for dL/dW
    /// (`nil` when it read zero padding), the window tap for pooling; `nil` for dL/db.
    public let input: TensorIndex?
    /// conv2d only: the padded input's row and column the tap reads (0 is the first padding row), and where that
    /// value comes from: the input cell itself, zero padding, or a copy of it in reflect, replicate or circular
    /// padding (the copy's gradient folds back onto the cell it copies). `nil` for other operations and dL/db.
    public let padded: PaddedTap?
    /// What is done to ``upstream``.
    public let factor: GradientFactor
    /// ``upstream`` times the weight or input value, or divided by the divisor, or itself.
    public let product: Double
    /// The running sum after this term (unchanged by a zero-padding term).
    public let sum: Double
}

/// A padded position of a conv2d input and its source.
public struct PaddedTap: Hashable, Sendable {
    /// The padded row (0 is the first padding row).
    public let row: Int
    /// The padded column.
    public let column: Int
    /// Where the padded position's value comes from.
    public let source: TapSource
}

/// Every term of one gradient cell in the order it is accumulated, from 0.0; its value equals the whole backward
/// computation's cell bit for bit.
public struct GradientTrace: Hashable, Sendable {
    /// Which gradient the cell belongs to.
    public enum Kind: String, Hashable, Sendable {
        /// dL/dX.
        case input
        /// dL/dW.
        case weight
        /// dL/db.
        case bias
    }

    /// Which gradient the cell belongs to.
    public let kind: Kind
    /// The cell: an index of dL/dX, of dL/dW (in the kernel's layout: filter in ``TensorIndex/n``), or for dL/db
    /// the output channel in ``TensorIndex/channel`` (other coordinates 0).
    public let cell: TensorIndex
    /// The terms, in accumulation order.
    public let terms: [GradientTerm]

    /// The cell's value: the last running sum (0 with no terms).
    public var value: Double { terms.last?.sum ?? 0 }
}

/// The upstream gradient checked against an output shape; all ones when absent.
func upstreamGradient(_ gradient: Tensor?, outputShape: Shape4) throws(ConvError) -> Tensor {
    guard let gradient else { return Tensor(shape: outputShape, repeating: 1) }
    if gradient.shape != outputShape { throw .gradientShape(expected: outputShape, got: gradient.shape) }
    return gradient
}
