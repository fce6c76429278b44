extension TransposedConvolution {
    /// The gather view of output cell `cell`: every (input channel, kernel row, kernel column) tap that lands on it,
    /// ordered by in-group input channel, then kernel row, then kernel column, with running sums from 0.0 and the
    /// bias added last. Agrees with ``output()`` bit for bit.
    ///
    /// Each tap's ``Tap/kernelChannel`` is the in-group input channel, ``Tap/paddedRow`` and ``Tap/paddedColumn``
    /// hold the input row and column read (a transposed convolution reads no padding), and its source is
    /// ``TapSource/input(row:column:)``.
    public func trace(_ cell: TensorIndex) -> CellTrace {
        let perGroup = inputChannelsPerGroup, filters = weight.shape.c
        let firstChannel = cell.channel / filters * perGroup, filter = cell.channel % filters
        let rowLanding = rows.landing(on: cell.row), columnLanding = columns.landing(on: cell.column)
        var taps: [Tap] = []
        taps.reserveCapacity(perGroup * rowLanding.count * columnLanding.count)
        var sum = 0.0
        for kernelChannel in 0..<perGroup {
            let c = firstChannel + kernelChannel
            for m in 0..<rowLanding.count {
                let a = rowLanding.kernel + m * rows.kernelStep, i = rowLanding.input - m * rows.inputStep
                for l in 0..<columnLanding.count {
                    let b = columnLanding.kernel + l * columns.kernelStep,
                        j = columnLanding.input - l * columns.inputStep
                    let w = weight[c, filter, a, b], value = input[cell.n, c, i, j]
                    let product = w * value
                    sum += product
                    taps.append(
                        Tap(
                            inputChannel: c, kernelChannel: kernelChannel, kernelRow: a, kernelColumn: b,
                            paddedRow: i, paddedColumn: j, source: .input(row: i, column: j),
                            value: value, weight: w, product: product, sum: sum))
                }
            }
        }
        let bias = self.bias?[cell.channel]
        return CellTrace(output: cell, taps: taps, bias: bias, value: bias.map { sum + $0 } ?? sum)
    }

    /// The scatter view of input cell `cell`: every output cell it lands on and through which kernel tap, by
    /// output channel, then kernel row, then kernel column. ``InputUse/kernelChannel`` is the output channel within
    /// the group; taps landing outside the output (cropped by padding) are left out.
    public func scatter(of cell: TensorIndex) -> [InputUse] {
        let filters = weight.shape.c, firstChannel = cell.channel / inputChannelsPerGroup * filters
        let rowTaps = (0..<weight.shape.h).compactMap { a in
            rows.outputPosition(input: cell.row, kernel: a).map { (a, $0) }
        }
        let columnTaps = (0..<weight.shape.w).compactMap { b in
            columns.outputPosition(input: cell.column, kernel: b).map { (b, $0) }
        }
        return (0..<filters).flatMap { filter in
            rowTaps.flatMap { a, row in
                columnTaps.map { b, column in
                    InputUse(
                        output: TensorIndex(n: cell.n, channel: firstChannel + filter, row: row, column: column),
                        kernelChannel: filter, kernelRow: a, kernelColumn: b, viaPadding: false)
                }
            }
        }
    }

    /// The output of image `n` as the scatter view builds it: the products of the image's input cells, one input
    /// cell after another in (channel, row, column) order up to the one at flat input position `last`, added where
    /// they land. At the output's (channel, row, column) flat positions; `nil` where nothing has landed yet.
    public func stamped(image n: Int, through last: Int) -> [Double?] {
        let shape = input.shape
        var sums = [Double?](repeating: nil, count: outputShape.c * outputShape.h * outputShape.w)
        for flat in n * shape.c * shape.h * shape.w...last {
            let cell = shape.index(atFlat: flat)
            let value = input[cell.n, cell.channel, cell.row, cell.column]
            for use in scatter(of: cell) {
                let slot = (use.output.channel * outputShape.h + use.output.row) * outputShape.w + use.output.column
                sums[slot] =
                    (sums[slot] ?? 0) + weight[cell.channel, use.kernelChannel, use.kernelRow, use.kernelColumn] * value
            }
        }
        return sums
    }
}
