/// Output channels of one group that are computed together, so that they share every input read.
struct ChannelBlock: Sendable {
    /// The first output channel of the block.
    let firstChannel: Int
    /// How many output channels the block holds: 4, 2 or 1 (one ``RegisterTile`` shape each).
    let count: Int
    /// The first input channel of the block's group.
    let firstInputChannel: Int
    /// Where the block's weights start in ``ConvolutionPlan/packedWeights``.
    let weightOffset: Int
}

/// Everything ``Convolution/output()`` derives once per call, so that the inner loops only do arithmetic:
/// where each kernel row and column reads from, which output columns never touch padding, and the weights
/// regrouped by channel block. The tables live in raw buffers that the compute loops read through pointers;
/// the plan frees them when it goes away.
final class ConvolutionPlan: @unchecked Sendable {
    /// The input row that output row `i` reads through kernel row `a`, at `[a * H_out + i]`; -1 for zero padding.
    let rowSources: UnsafeBufferPointer<Int>
    /// The input column that output column `j` reads through kernel column `b`, at `[b * W_out + j]`;
    /// -1 for zero padding.
    let columnSources: UnsafeBufferPointer<Int>
    /// The output columns whose every kernel column reads a real input column (no padding of any mode).
    let interiorColumns: Range<Int>
    /// The output channels, group by group, in blocks of 4, then 2, then 1.
    let blocks: [ChannelBlock]
    /// The weights block by block; within a block by (kernel channel, kernel row, kernel column), and for each
    /// tap the block's output channels side by side. Each weight is stored twice, ready to multiply a pair of
    /// input values without a shuffle.
    let packedWeights: UnsafeBufferPointer<SIMD2<Double>>
    /// The bias, if any.
    let bias: UnsafeBufferPointer<Double>?

    /// Builds the tables of `convolution`.
    init(_ convolution: Convolution) {
        let geometry = convolution.geometry
        let out = geometry.outputShape, kernel = geometry.weightShape
        rowSources = Self.copy((0..<kernel.h).flatMap { a in
            (0..<out.h).map { i in geometry.rowSource(geometry.paddedRow(output: i, kernelRow: a)).index ?? -1 }
        })
        columnSources = Self.copy((0..<kernel.w).flatMap { b in
            (0..<out.w).map { j in geometry.columnSource(geometry.paddedColumn(output: j, kernelColumn: b)).index ?? -1 }
        })
        interiorColumns = Self.interiorColumns(geometry)
        blocks = Self.blocks(geometry)
        packedWeights = Self.copy(Self.pack(convolution.weight, into: blocks))
        bias = convolution.bias.map(Self.copy)
    }

    deinit {
        rowSources.deallocate()
        columnSources.deallocate()
        packedWeights.deallocate()
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
        let width = geometry.inputShape.w, kernelSpan = (geometry.weightShape.w - 1) * geometry.parameters.dilation.width
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
        let perGroup = geometry.outputChannelsPerGroup, tapsPerChannel = geometry.weightShape.c * geometry.weightShape.h
            * geometry.weightShape.w
        var blocks: [ChannelBlock] = []
        for group in 0..<geometry.parameters.groups {
            var channel = group * perGroup
            let end = channel + perGroup
            while channel < end {
                let count = [4, 2, 1].first { $0 <= end - channel }!
                blocks.append(ChannelBlock(firstChannel: channel, count: count,
                                           firstInputChannel: group * geometry.inputChannelsPerGroup,
                                           weightOffset: channel * tapsPerChannel))
                channel += count
            }
        }
        return blocks
    }

    /// Interleaves the weights of each block's channels tap by tap, each weight doubled.
    private static func pack(_ weight: Tensor, into blocks: [ChannelBlock]) -> [SIMD2<Double>] {
        let taps = weight.shape.c * weight.shape.h * weight.shape.w
        var packed = [SIMD2<Double>](repeating: .zero, count: weight.values.count)
        for block in blocks {
            for k in 0..<block.count {
                let source = (block.firstChannel + k) * taps
                for tap in 0..<taps {
                    packed[block.weightOffset + tap * block.count + k] = SIMD2(repeating: weight.values[source + tap])
                }
            }
        }
        return packed
    }
}
