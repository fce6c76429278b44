/// The backward pass of one ``TransposedConvolution`` (PyTorch autograd of `nn.ConvTranspose2d`) for an upstream
/// gradient dL/dY.
///
/// - dL/dX: each input cell gathers dL/dY where its stamps landed, times the weight that stamped it (an ordinary
///   convolution of dL/dY): by output channel within the group, kernel row, kernel column, as ``inputTrace(_:)``.
/// - dL/dW: each tap's gradient sums input × dL/dY where the tap landed, by batch item, input row, input column.
/// - dL/db: the sum of dL/dY over the batch, rows and columns of each output channel.
/// Stamps cropped away by padding receive no gradient.
public struct TransposedBackward: Sendable {
    /// The transposed convolution.
    public let convolution: TransposedConvolution
    /// dL/dY, the output's shape.
    public let outputGradient: Tensor

    /// The backward pass for `outputGradient` (all ones when `nil`); throws `.gradientShape` when it does not have
    /// the output's shape.
    public init(_ convolution: TransposedConvolution, outputGradient: Tensor? = nil) throws(ConvError) {
        self.convolution = convolution
        self.outputGradient = try upstreamGradient(outputGradient, outputShape: convolution.outputShape)
    }

    /// dL/dX, dL/dW and dL/db (`nil` without a bias); every cell equals its trace's value bit for bit.
    public func gradients() -> Gradients {
        Gradients(
            input: inputGradient(), weight: weightGradient(),
            bias: convolution.bias.map { _ in channelSums(outputGradient) })
    }

    /// Where input position `index` lands through each kernel index along one axis (-1: cropped away).
    private func landings(_ axis: TransposedAxis, input index: Int) -> [Int] {
        (0..<axis.kernel).map { axis.outputPosition(input: index, kernel: $0) ?? -1 }
    }

    /// dL/dX, each input cell gathering the gradient of every output cell it stamped; on all cores.
    public func inputGradient() -> Tensor {
        let x = convolution.input.shape, k = convolution.weight.shape
        let columnLandings = (0..<x.w).map { landings(convolution.columns, input: $0) }
        let work = x.checkedCount! * k.c * k.h * k.w
        let values = RowFill.values(rows: x.n * x.c * x.h, rowLength: x.w, work: work) { r, row in
            let (n, c, i) = (r / (x.c * x.h), r / x.h % x.c, r % x.h)
            let rows = landings(convolution.rows, input: i)
            for j in 0..<x.w {
                row[j] = gathered(image: n, channel: c, rowLandings: rows, columnLandings: columnLandings[j])
            }
        }
        return Tensor(shape: x, values: values)
    }

    /// dL/dX at one input cell of image `n`, channel `c`, whose stamps land at `rowLandings[a]`, `columnLandings[b]`.
    private func gathered(image n: Int, channel c: Int, rowLandings: [Int], columnLandings: [Int]) -> Double {
        let k = convolution.weight.shape, out = convolution.outputShape, filters = k.c
        let firstChannel = c / convolution.inputChannelsPerGroup * filters
        return convolution.weight.values.withUnsafeBufferPointer { weights in
            outputGradient.values.withUnsafeBufferPointer { upstream in
                var sum = 0.0
                for filter in 0..<filters {
                    let plane = (n * out.c + firstChannel + filter) * out.h, kernel = (c * filters + filter) * k.h
                    for a in 0..<k.h where rowLandings[a] >= 0 {
                        let row = (plane + rowLandings[a]) * out.w, weightRow = (kernel + a) * k.w
                        for b in 0..<k.w where columnLandings[b] >= 0 {
                            sum += upstream[row + columnLandings[b]] * weights[weightRow + b]
                        }
                    }
                }
                return sum
            }
        }
    }

    /// dL/dW in the weight's layout (C_in, C_out/groups, kH, kW); on all cores.
    public func weightGradient() -> Tensor {
        let x = convolution.input.shape, k = convolution.weight.shape
        let work = x.checkedCount! * k.c * k.h * k.w
        let values = RowFill.values(rows: k.n * k.c * k.h, rowLength: k.w, work: work) { r, row in
            let (c, filter, a) = (r / (k.c * k.h), r / k.h % k.c, r % k.h)
            let rows = (0..<x.h).map { convolution.rows.outputPosition(input: $0, kernel: a) ?? -1 }
            for b in 0..<k.w {
                let columns = (0..<x.w).map { convolution.columns.outputPosition(input: $0, kernel: b) ?? -1 }
                row[b] = correlation(channel: c, filter: filter, rows: rows, columns: columns)
            }
        }
        return Tensor(shape: k, values: values)
    }

    /// One dL/dW tap: input channel `c` times dL/dY of its group's filter `filter` where the tap landed (`rows[i]`,
    /// `columns[j]`; -1 when cropped away), by batch item, input row, input column.
    private func correlation(channel c: Int, filter: Int, rows: [Int], columns: [Int]) -> Double {
        let x = convolution.input.shape, out = convolution.outputShape
        let o = c / convolution.inputChannelsPerGroup * convolution.weight.shape.c + filter
        return convolution.input.values.withUnsafeBufferPointer { inputs in
            outputGradient.values.withUnsafeBufferPointer { upstream in
                var sum = 0.0
                for n in 0..<x.n {
                    let plane = (n * x.c + c) * x.h, gradientPlane = (n * out.c + o) * out.h
                    for i in 0..<x.h where rows[i] >= 0 {
                        let row = (plane + i) * x.w, gradientRow = (gradientPlane + rows[i]) * out.w
                        for j in 0..<x.w where columns[j] >= 0 {
                            sum += upstream[gradientRow + columns[j]] * inputs[row + j]
                        }
                    }
                }
                return sum
            }
        }
    }

    /// Every term of dL/dX at `cell`: the output cells it stamped, by output channel within the group, kernel row,
    /// kernel column (the order of ``TransposedConvolution/scatter(of:)``).
    public func inputTrace(_ cell: TensorIndex) -> GradientTrace {
        var terms: [GradientTerm] = []
        var sum = 0.0
        for use in convolution.scatter(of: cell) {
            let weight = TensorIndex(
                n: cell.channel, channel: use.kernelChannel, row: use.kernelRow,
                column: use.kernelColumn)
            let factor = convolution.weight[weight.n, weight.channel, weight.row, weight.column]
            let gradient = outputGradient[use.output.n, use.output.channel, use.output.row, use.output.column]
            let product = gradient * factor
            sum += product
            terms.append(
                GradientTerm(
                    output: use.output, upstream: gradient, weight: weight, input: cell, padded: nil,
                    factor: .times(factor), product: product, sum: sum))
        }
        return GradientTrace(kind: .input, cell: cell, terms: terms)
    }

    /// Every term of dL/dW at `tap` (input channel in ``TensorIndex/n``, output channel within the group, kernel row,
    /// kernel column): by batch item, input row, input column, over the stamps that land inside the output.
    public func weightTrace(_ tap: TensorIndex) -> GradientTrace {
        let x = convolution.input.shape
        let o = tap.n / convolution.inputChannelsPerGroup * convolution.weight.shape.c + tap.channel
        var terms: [GradientTerm] = []
        var sum = 0.0
        for n in 0..<x.n {
            for i in 0..<x.h {
                guard let row = convolution.rows.outputPosition(input: i, kernel: tap.row) else { continue }
                for j in 0..<x.w {
                    guard let column = convolution.columns.outputPosition(input: j, kernel: tap.column) else {
                        continue
                    }
                    let read = TensorIndex(n: n, channel: tap.n, row: i, column: j)
                    let value = convolution.input[n, tap.n, i, j], gradient = outputGradient[n, o, row, column]
                    let product = gradient * value
                    sum += product
                    terms.append(
                        GradientTerm(
                            output: TensorIndex(n: n, channel: o, row: row, column: column),
                            upstream: gradient, weight: tap, input: read, padded: nil,
                            factor: .times(value), product: product, sum: sum))
                }
            }
        }
        return GradientTrace(kind: .weight, cell: tap, terms: terms)
    }

    /// Every term of dL/db for output channel `channel`: dL/dY by batch item, row, column.
    public func biasTrace(_ channel: Int) -> GradientTrace {
        channelSumTrace(outputGradient, channel: channel)
    }
}
