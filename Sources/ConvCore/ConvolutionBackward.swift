/// The backward pass of one ``Convolution`` (PyTorch autograd of `nn.Conv2d`) for an upstream gradient dL/dY.
///
/// - dL/dX: every dL/dY cell stamps its kernel, scaled by its gradient, back onto the input cells its window read
///   (a transposed convolution). A tap in reflect, replicate or circular padding read a real cell, so its gradient
///   folds back onto that cell; zero padding takes no gradient. Each dL/dX cell adds its terms by output channel,
///   output row, output column, then kernel row and column (the order ``inputTrace(_:)`` lists).
/// - dL/dW: each tap's gradient is the correlation of the input it read with dL/dY, summed over the batch, output
///   rows and columns in that order (zero padding skipped), as ``weightTrace(_:)`` lists.
/// - dL/db: the sum of dL/dY over the batch, rows and columns of each output channel.
public struct ConvolutionBackward: Sendable {
    /// The convolution.
    public let convolution: Convolution
    /// dL/dY, the output's shape.
    public let outputGradient: Tensor

    /// The backward pass for `outputGradient` (all ones when `nil`); throws `.gradientShape` when it does not have
    /// the output's shape.
    public init(_ convolution: Convolution, outputGradient: Tensor? = nil) throws(ConvError) {
        self.convolution = convolution
        self.outputGradient = try upstreamGradient(outputGradient, outputShape: convolution.geometry.outputShape)
    }

    private var geometry: ConvGeometry { convolution.geometry }

    /// dL/dX, dL/dW and dL/db (`nil` without a bias); every cell equals its trace's value bit for bit.
    public func gradients() -> Gradients {
        Gradients(input: inputGradient(), weight: weightGradient(), bias: convolution.bias.map { _ in biasGradient() })
    }

    /// dL/dX, by scattering each dL/dY cell through every kernel tap; the images and groups on all cores.
    public func inputGradient() -> Tensor {
        let x = geometry.inputShape, k = geometry.weightShape, out = geometry.outputShape
        let groups = convolution.parameters.groups, channels = geometry.inputChannelsPerGroup
        let work = out.checkedCount! * channels * k.h * k.w
        let values = RowFill.values(rows: x.n * groups, rowLength: channels * x.h * x.w, work: work) { r, slice in
            slice.initialize(repeating: 0)
            scatter(image: r / groups, group: r % groups, into: slice)
        }
        return Tensor(shape: x, values: values)
    }

    /// Scatters dL/dY of one image's filters in group `group` onto that group's input channels, `slice`.
    private func scatter(image n: Int, group: Int, into slice: UnsafeMutableBufferPointer<Double>) {
        let x = geometry.inputShape, k = geometry.weightShape, out = geometry.outputShape
        let perGroup = geometry.outputChannelsPerGroup, channels = geometry.inputChannelsPerGroup
        var rowCells = [Int](repeating: -1, count: k.h), columnCells = [Int](repeating: -1, count: k.w)
        convolution.weight.values.withUnsafeBufferPointer { weights in
            outputGradient.values.withUnsafeBufferPointer { upstream in
                for o in group * perGroup..<(group + 1) * perGroup {
                    for i in 0..<out.h {
                        for a in 0..<k.h { rowCells[a] = rowCell(output: i, tap: a) }
                        for j in 0..<out.w {
                            for b in 0..<k.w { columnCells[b] = columnCell(output: j, tap: b) }
                            let gradient = upstream[((n * out.c + o) * out.h + i) * out.w + j]
                            for kernelChannel in 0..<channels {
                                let plane = kernelChannel * x.h, filter = (o * channels + kernelChannel) * k.h
                                for a in 0..<k.h where rowCells[a] >= 0 {
                                    let row = (plane + rowCells[a]) * x.w, weightRow = (filter + a) * k.w
                                    for b in 0..<k.w where columnCells[b] >= 0 {
                                        slice[row + columnCells[b]] += gradient * weights[weightRow + b]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// dL/dW in the weight's layout, each tap summed over the batch, output rows and output columns; on all cores.
    public func weightGradient() -> Tensor {
        let k = geometry.weightShape, out = geometry.outputShape
        let work = out.checkedCount! * k.c * k.h * k.w
        let values = RowFill.values(rows: k.n * k.c * k.h, rowLength: k.w, work: work) { r, row in
            let (o, kernelChannel, a) = (r / (k.c * k.h), r / k.h % k.c, r % k.h)
            let c = convolution.inputChannel(output: o, kernelChannel: kernelChannel)
            let rowCells = (0..<out.h).map { rowCell(output: $0, tap: a) }
            for b in 0..<k.w {
                let columnCells = (0..<out.w).map { columnCell(output: $0, tap: b) }
                row[b] = correlation(rowCells: rowCells, columnCells: columnCells, channel: c, filter: o)
            }
        }
        return Tensor(shape: k, values: values)
    }

    /// The input row output row `i` reads through kernel row `a` (directly or through a padding copy), or -1 for
    /// zero padding.
    private func rowCell(output i: Int, tap a: Int) -> Int {
        geometry.rowSource(geometry.paddedRow(output: i, kernelRow: a)).index ?? -1
    }

    /// The input column output column `j` reads through kernel column `b`, or -1 for zero padding.
    private func columnCell(output j: Int, tap b: Int) -> Int {
        geometry.columnSource(geometry.paddedColumn(output: j, kernelColumn: b)).index ?? -1
    }

    /// One dL/dW tap: dL/dY of filter `filter` times the input cells of `channel` the tap read (`rowCells[i]`,
    /// `columnCells[j]`; -1 for zero padding), summed by batch item, output row, output column.
    private func correlation(rowCells: [Int], columnCells: [Int], channel c: Int, filter o: Int) -> Double {
        let x = geometry.inputShape, out = geometry.outputShape
        return convolution.input.values.withUnsafeBufferPointer { inputs in
            outputGradient.values.withUnsafeBufferPointer { upstream in
                var sum = 0.0
                for n in 0..<out.n {
                    let plane = (n * x.c + c) * x.h, gradientPlane = (n * out.c + o) * out.h
                    for i in 0..<out.h where rowCells[i] >= 0 {
                        let row = (plane + rowCells[i]) * x.w, gradientRow = (gradientPlane + i) * out.w
                        for j in 0..<out.w where columnCells[j] >= 0 {
                            sum += upstream[gradientRow + j] * inputs[row + columnCells[j]]
                        }
                    }
                }
                return sum
            }
        }
    }

    /// dL/db: per output channel, the sum of dL/dY over the batch, rows and columns.
    public func biasGradient() -> [Double] {
        channelSums(outputGradient)
    }

    /// dL/dX as a transposed convolution of dL/dY with the weight (the view a teacher draws): the forward's stride,
    /// padding, dilation and groups, and the output padding that restores the rows and columns the forward's last
    /// window left unread. Its output equals ``inputGradient()`` up to the order of the sums (exactly for integers).
    /// `nil` for padding modes other than zeros and for unequal padding before and after (`same` with an even
    /// dilated kernel), which no transposed convolution expresses.
    public func transposedEquivalent() -> TransposedConvolution? {
        let g = geometry, p = convolution.parameters
        guard p.paddingMode == .zeros, g.padTop == g.padBottom, g.padLeft == g.padRight else { return nil }
        let unreadRows = (g.paddedHeight - p.dilation.height * (g.weightShape.h - 1) - 1) % p.stride.height
        let unreadColumns = (g.paddedWidth - p.dilation.width * (g.weightShape.w - 1) - 1) % p.stride.width
        let parameters = TransposedConv2dParameters(
            stride: p.stride, padding: AxisPair(height: g.padTop, width: g.padLeft),
            outputPadding: AxisPair(height: unreadRows, width: unreadColumns), dilation: p.dilation, groups: p.groups)
        return try? TransposedConvolution(
            input: outputGradient, weight: convolution.weight, bias: nil,
            parameters: parameters)
    }

    /// Every term of dL/dX at `cell`: one per (output cell, kernel tap) pair reading it, directly or through a
    /// padding copy, in the order of ``Convolution/uses(of:)`` (output channel, row, column, then tap).
    public func inputTrace(_ cell: TensorIndex) -> GradientTrace {
        var terms: [GradientTerm] = []
        var sum = 0.0
        for use in convolution.uses(of: cell) {
            let output = use.output
            let weight = TensorIndex(
                n: output.channel, channel: use.kernelChannel, row: use.kernelRow,
                column: use.kernelColumn)
            let factor = convolution.weight[weight.n, weight.channel, weight.row, weight.column]
            let gradient = outputGradient[output.n, output.channel, output.row, output.column]
            let product = gradient * factor
            sum += product
            let source: TapSource =
                use.viaPadding
                ? .padding(copyOfRow: cell.row, column: cell.column) : .input(row: cell.row, column: cell.column)
            let padded = PaddedTap(
                row: geometry.paddedRow(output: output.row, kernelRow: use.kernelRow),
                column: geometry.paddedColumn(output: output.column, kernelColumn: use.kernelColumn),
                source: source)
            terms.append(
                GradientTerm(
                    output: output, upstream: gradient, weight: weight, input: cell, padded: padded,
                    factor: .times(factor), product: product, sum: sum))
        }
        return GradientTrace(kind: .input, cell: cell, terms: terms)
    }

    /// Every term of dL/dW at `tap` (filter in ``TensorIndex/n``, in-group channel, kernel row, kernel column): by
    /// batch item, output row, output column; a tap reading zero padding is listed but adds nothing.
    public func weightTrace(_ tap: TensorIndex) -> GradientTrace {
        let out = geometry.outputShape, o = tap.n
        let c = convolution.inputChannel(output: o, kernelChannel: tap.channel)
        var terms: [GradientTerm] = []
        var sum = 0.0
        for n in 0..<out.n {
            for i in 0..<out.h {
                let paddedRow = geometry.paddedRow(output: i, kernelRow: tap.row)
                let rowSource = geometry.rowSource(paddedRow)
                for j in 0..<out.w {
                    let paddedColumn = geometry.paddedColumn(output: j, kernelColumn: tap.column)
                    let columnSource = geometry.columnSource(paddedColumn)
                    let source: TapSource
                    switch (rowSource, columnSource) {
                    case let (.inside(row), .inside(column)): source = .input(row: row, column: column)
                    case (.zero, _), (_, .zero): source = .zeroPadding
                    default: source = .padding(copyOfRow: rowSource.index!, column: columnSource.index!)
                    }
                    let read = source.cell.map { TensorIndex(n: n, channel: c, row: $0.row, column: $0.column) }
                    let value = read.map { convolution.input[$0.n, $0.channel, $0.row, $0.column] } ?? 0
                    let gradient = outputGradient[n, o, i, j], product = gradient * value
                    if read != nil { sum += product }
                    terms.append(
                        GradientTerm(
                            output: TensorIndex(n: n, channel: o, row: i, column: j), upstream: gradient, weight: tap,
                            input: read, padded: PaddedTap(row: paddedRow, column: paddedColumn, source: source),
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

/// Per channel, the sum of a tensor over the batch, rows and columns, in that order (dL/db).
func channelSums(_ gradient: Tensor) -> [Double] {
    let shape = gradient.shape, plane = shape.h * shape.w
    return (0..<shape.c).map { c in
        var sum = 0.0
        for n in 0..<shape.n {
            let start = (n * shape.c + c) * plane
            for index in start..<start + plane { sum += gradient.values[index] }
        }
        return sum
    }
}

/// The terms of ``channelSums(_:)`` for one channel.
func channelSumTrace(_ gradient: Tensor, channel: Int) -> GradientTrace {
    let shape = gradient.shape
    var terms: [GradientTerm] = []
    var sum = 0.0
    for n in 0..<shape.n {
        for row in 0..<shape.h {
            for column in 0..<shape.w {
                let value = gradient[n, channel, row, column]
                sum += value
                terms.append(
                    GradientTerm(
                        output: TensorIndex(n: n, channel: channel, row: row, column: column),
                        upstream: value, weight: nil, input: nil, padded: nil, factor: .passThrough,
                        product: value, sum: sum))
            }
        }
    }
    return GradientTrace(kind: .bias, cell: TensorIndex(channel: channel, row: 0, column: 0), terms: terms)
}
