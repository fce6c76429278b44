/// Output channels of one group that are computed together, so that they share every input read.
struct ChannelBlock: Sendable {
    /// The first output channel of the block.
    let firstChannel: Int
    /// How many output channels the block holds: 4, 2 or 1 (one ``RegisterTile`` shape each).
    let count: Int
    /// The first input channel of the block's group.
    let firstInputChannel: Int
    /// Where the block's weights start in ``ConvolutionPlan/tileWeights`` (`count` entries per tap).
    let tileWeightOffset: Int
    /// Where the block's weights start in ``ConvolutionPlan/cellWeights`` (one entry per tap).
    let cellWeightOffset: Int
}

/// Everything ``Convolution/output()`` derives once per call, so that the inner loops only do arithmetic:
/// where each kernel row and column reads from, which output columns never touch padding, and the weights
/// regrouped by channel block. The tables live in raw buffers that the compute loops read through pointers;
/// the plan frees them when it goes away.
final class ConvolutionPlan: @unchecked Sendable {
    /// The input row that output row `i` reads through kernel row `a`, at `[i * kH + a]`; -1 for zero padding.
    let rowSources: UnsafeBufferPointer<Int>
    /// The input column that output column `j` reads through kernel column `b`, at `[j * kW + b]`;
    /// -1 for zero padding.
    let columnSources: UnsafeBufferPointer<Int>
    /// The output columns whose every kernel column reads a real input column (no padding of any mode).
    let interiorColumns: Range<Int>
    /// The output channels, group by group, in blocks of 4, then 2, then 1.
    let blocks: [ChannelBlock]
    /// The weights for ``RegisterTile``s: block by block, tap by tap (kernel channel, row, column), the block's
    /// channels side by side, each weight stored twice to multiply a pair of input values without a shuffle.
    let tileWeights: UnsafeBufferPointer<SIMD2<Double>>
    /// The weights for single cells: block by block, tap by tap, the block's channels in the lanes (zero in
    /// the lanes a block of 1 or 2 does not use).
    let cellWeights: UnsafeBufferPointer<SIMD4<Double>>
    /// The bias, if any.
    let bias: UnsafeBufferPointer<Double>?

    /// Builds the tables of `convolution`.
    init(_ convolution: Convolution) {
        let geometry = convolution.geometry
        let out = geometry.outputShape, kernel = geometry.weightShape
        rowSources = Self.copy(
            (0..<out.h).flatMap { i in
                (0..<kernel.h).map { a in geometry.rowSource(geometry.paddedRow(output: i, kernelRow: a)).index ?? -1 }
            })
        columnSources = Self.copy(
            (0..<out.w).flatMap { j in
                (0..<kernel.w).map { b in
                    geometry.columnSource(geometry.paddedColumn(output: j, kernelColumn: b)).index ?? -1
                }
            })
        interiorColumns = Self.interiorColumns(geometry)
        blocks = Self.blocks(geometry)
        (tileWeights, cellWeights) = Self.pack(convolution.weight, into: blocks)
        bias = convolution.bias.map(Self.copy)
    }

    deinit {
        rowSources.deallocate()
        columnSources.deallocate()
        tileWeights.deallocate()
        cellWeights.deallocate()
        bias?.deallocate()
    }

    /// A newly allocated buffer holding `values`.
    private static func copy<Element>(_ values: [Element]) -> UnsafeBufferPointer<Element> {
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: values.count)
        _ = buffer.initialize(from: values)
        return UnsafeBufferPointer(buffer)
    }

    /// The output columns `j` with `0 <= j*sW - padLeft` and `j*sW + (kW-1)*dW - padLeft < W`.
    private static func interiorColumns(_ geometry: ConvGeometry) -> Range<Int> {
        let width = geometry.inputShape.w,
            kernelSpan = (geometry.weightShape.w - 1) * geometry.parameters.dilation.width
        let isInterior = { (j: Int) -> Bool in
            let first = geometry.paddedColumn(output: j, kernelColumn: 0) - geometry.padLeft
            return first >= 0 && first + kernelSpan < width
        }
        let columns = 0..<geometry.outputShape.w
        guard let first = columns.first(where: isInterior) else { return 0..<0 }
        let end = columns[first...].first(where: { !isInterior($0) }) ?? columns.upperBound
        return first..<end
    }

    /// Splits each group's output channels into blocks of 4, then at most one of 2 and one of 1.
    private static func blocks(_ geometry: ConvGeometry) -> [ChannelBlock] {
        let perGroup = geometry.outputChannelsPerGroup
        let taps = geometry.weightShape.c * geometry.weightShape.h * geometry.weightShape.w
        var blocks: [ChannelBlock] = []
        for group in 0..<geometry.parameters.groups {
            var channel = group * perGroup
            let end = channel + perGroup
            while channel < end {
                let count = [4, 2, 1].first { $0 <= end - channel }!
                blocks.append(
                    ChannelBlock(
                        firstChannel: channel, count: count,
                        firstInputChannel: group * geometry.inputChannelsPerGroup,
                        tileWeightOffset: channel * taps, cellWeightOffset: blocks.count * taps))
                channel += count
            }
        }
        return blocks
    }

    /// Both weight layouts, ``tileWeights`` and ``cellWeights``, in newly allocated buffers.
    private static func pack(_ weight: Tensor, into blocks: [ChannelBlock])
        -> (tiles: UnsafeBufferPointer<SIMD2<Double>>, cells: UnsafeBufferPointer<SIMD4<Double>>)
    {
        let taps = weight.shape.c * weight.shape.h * weight.shape.w
        let tiles = UnsafeMutableBufferPointer<SIMD2<Double>>.allocate(capacity: weight.values.count)
        let cells = UnsafeMutableBufferPointer<SIMD4<Double>>.allocate(capacity: blocks.count * taps)
        cells.initialize(repeating: .zero)
        weight.values.withUnsafeBufferPointer { values in
            for block in blocks {
                for k in 0..<block.count {
                    let source = (block.firstChannel + k) * taps
                    for tap in 0..<taps {
                        let value = values[source + tap]
                        tiles.initializeElement(
                            at: block.tileWeightOffset + tap * block.count + k, to: SIMD2(repeating: value))
                        cells[block.cellWeightOffset + tap][k] = value
                    }
                }
            }
        }
        return (UnsafeBufferPointer(tiles), UnsafeBufferPointer(cells))
    }
}
