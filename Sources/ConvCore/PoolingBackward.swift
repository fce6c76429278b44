/// The backward pass of one ``Pooling`` (PyTorch autograd of `nn.MaxPool2d` / `nn.AvgPool2d`) for an upstream
/// gradient dL/dY. Pooling has no weight: only dL/dX.
///
/// - Max pooling routes each output cell's gradient to the tap its value came from, the first maximum of the window
///   in row-major order (PyTorch's choice among ties); a window of padding only routes nothing.
/// - Average pooling spreads each output cell's gradient, divided by the window's divisor, over the window's real
///   cells (padding takes its share away).
///
/// A dL/dX cell adds its terms by output row, then output column (the order ``inputTrace(_:)`` lists).
public struct PoolingBackward: Sendable {
    /// The pooling.
    public let pooling: Pooling
    /// dL/dY, the output's shape.
    public let outputGradient: Tensor

    /// The backward pass for `outputGradient` (all ones when `nil`); throws `.gradientShape` when it does not have
    /// the output's shape.
    public init(_ pooling: Pooling, outputGradient: Tensor? = nil) throws(ConvError) {
        self.pooling = pooling
        self.outputGradient = try upstreamGradient(outputGradient, outputShape: pooling.outputShape)
    }

    /// dL/dX, with no weight or bias gradient; every cell equals its trace's value bit for bit.
    public func gradients() -> Gradients {
        Gradients(input: inputGradient(), weight: nil, bias: nil)
    }

    /// dL/dX, scattering each output cell's gradient over its window in output order; the planes on all cores.
    public func inputGradient() -> Tensor {
        let x = pooling.input.shape, out = pooling.outputShape
        let work = out.checkedCount! * pooling.parameters.kernel.height * pooling.parameters.kernel.width
        let values = RowFill.values(rows: x.n * x.c, rowLength: x.h * x.w, work: work) { plane, slice in
            slice.initialize(repeating: 0)
            scatter(plane: plane, into: slice)
        }
        return Tensor(shape: x, values: values)
    }

    /// Scatters dL/dY of one plane (image × channel) onto its input plane `slice`.
    private func scatter(plane: Int, into slice: UnsafeMutableBufferPointer<Double>) {
        let x = pooling.input.shape, out = pooling.outputShape, first = plane * x.h * x.w
        for i in 0..<out.h {
            let rowWindow = pooling.rows.window(i)
            for j in 0..<out.w {
                let columnWindow = pooling.columns.window(j)
                let gradient = outputGradient.values[(plane * out.h + i) * out.w + j]
                switch pooling.parameters.kind {
                case .max:
                    var best = -Double.infinity, chosen = -1
                    for r in rowWindow where 0 <= r && r < x.h {
                        for c in columnWindow where 0 <= c && c < x.w {
                            let value = pooling.input.values[first + r * x.w + c]
                            if chosen < 0 { chosen = r * x.w + c }
                            if value > best || value.isNaN {
                                best = value
                                chosen = r * x.w + c
                            }
                        }
                    }
                    if chosen >= 0 { slice[chosen] += gradient }
                case .avg:
                    let share = gradient / Double(pooling.divisor(rowWindow: rowWindow, columnWindow: columnWindow))
                    for r in rowWindow where 0 <= r && r < x.h {
                        for c in columnWindow where 0 <= c && c < x.w { slice[r * x.w + c] += share }
                    }
                }
            }
        }
    }

    /// Every term of dL/dX at `cell`: the output cells whose windows cover it (max pooling: only those whose
    /// maximum it is), by output row, then output column.
    public func inputTrace(_ cell: TensorIndex) -> GradientTrace {
        let out = pooling.outputShape
        let rows = (0..<out.h).filter { pooling.rows.window($0).contains(cell.row) }
        let columns = (0..<out.w).filter { pooling.columns.window($0).contains(cell.column) }
        var terms: [GradientTerm] = []
        var sum = 0.0
        for i in rows {
            for j in columns {
                let output = TensorIndex(n: cell.n, channel: cell.channel, row: i, column: j)
                let gradient = outputGradient[cell.n, cell.channel, i, j]
                let trace = pooling.trace(output)
                let factor: GradientFactor, product: Double
                if let divisor = trace.divisor {
                    (factor, product) = (.dividedBy(divisor), gradient / Double(divisor))
                } else {
                    guard let tap = trace.maxTap.map({ trace.taps[$0] }), tap.row == cell.row, tap.column == cell.column
                    else { continue }
                    (factor, product) = (.passThrough, gradient)
                }
                sum += product
                terms.append(
                    GradientTerm(
                        output: output, upstream: gradient, weight: nil, input: cell, padded: nil,
                        factor: factor, product: product, sum: sum))
            }
        }
        return GradientTrace(kind: .input, cell: cell, terms: terms)
    }
}
