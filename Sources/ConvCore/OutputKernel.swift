import CConvKernels
import Dispatch

/// The compute loops of ``Convolution/output()``.
///
/// Every output cell starts from 0.0, adds `weight * input` for each tap that is not zero padding as one fused
/// multiply-add (rounded once), in the order (kernel channel, kernel row, kernel column), and adds the bias last —
/// the steps of ``Convolution/trace(_:)``, so each cell equals its trace bit for bit. Cells are independent, so they can be
/// computed in any order and on any thread. One row driver (``computeRows(_:image:block:rows:)``) walks the rows of
/// a channel block and hands them to ``RowTiles``, which share input reads between the channels of the block and
/// weight reads between columns:
/// - on a CPU with AVX-512, at stride 1, ``WideTileRows`` (the tiles in `CConvKernels`: 4 channels by 16 columns,
///   or 2 or 1 channels by 32, in 512-bit registers) cover every column with zero padding, masking the taps that
///   fall in the padding and the lanes past the row's end; with another padding mode they cover the interior columns;
/// - otherwise ``RegisterTileRows`` (``RegisterTile``s in 256-bit registers) cover the interior columns, the output
///   columns whose taps all read real input columns;
/// - the remaining columns (padding, or a row too narrow for a tile) are computed one column at a time for all
///   channels of a block, looking each tap up in the plan's tables.
///
/// Large convolutions are split into (image, channel block, band of rows) tasks run on all cores.
/// The struct holds raw pointers into buffers that outlive it; tasks write disjoint output cells.
struct OutputKernel: @unchecked Sendable {
    /// The input, (N, C_in, H, W).
    let input: UnsafePointer<Double>
    /// The output being written, (N, C_out, H_out, W_out).
    let output: UnsafeMutablePointer<Double>
    /// The plan's tables (see ``ConvolutionPlan``).
    let rowSources: UnsafePointer<Int>, columnSources: UnsafePointer<Int>
    /// The plan's weights (see ``ConvolutionPlan``).
    let tileWeights: UnsafePointer<SIMD2<Double>>, cellWeights: UnsafePointer<SIMD4<Double>>
    /// The bias, if any.
    let bias: UnsafePointer<Double>?
    /// Input extents.
    let inputChannels: Int, inputHeight: Int, inputWidth: Int
    /// Output extents.
    let outputChannels: Int, outputHeight: Int, outputWidth: Int
    /// Kernel extents: channels per group, rows, columns.
    let kernelChannels: Int, kernelHeight: Int, kernelWidth: Int
    /// Horizontal stride and dilation, and the left padding.
    let strideWidth: Int, dilationWidth: Int, padLeft: Int
    /// The output columns computed by tiles.
    let interiorColumns: Range<Int>
    /// Whether rows at stride 1 use the AVX-512 tiles.
    let wideTile: Bool
    /// Whether the padding is zeros (the AVX-512 tiles then cover the padded edges too).
    let zeroPadding: Bool

    /// Multiply-adds above which a convolution is spread over all cores.
    static let parallelWork = 200_000
    /// Tiles whose running sums wait between chunks of kernel channels at once: an even number, so pairs of
    /// ``RegisterTile``s stay whole, and few enough that a very wide row never needs a large buffer.
    static let tileGroup = 64
    /// Tasks to aim for when running in parallel, so that uneven blocks still balance.
    static let parallelTasks = 16
    /// Bytes of weights and input rows one chunk of kernel channels may touch per output row (half the L1
    /// data cache of a typical core).
    static let chunkBytes = 24 * 1024
    /// Input rows a chunk of kernel channels reads side by side at least (measured best for rows wider than the
    /// L1 cache: 3 kernel channels of a 3x3 kernel).
    static let prefetchStreams = 9

    /// Computes the whole output of `convolution`, with the AVX-512 tiles if `wideTile`.
    static func output(of convolution: Convolution, wideTile: Bool) -> [Double] {
        let plan = ConvolutionPlan(convolution)
        let out = convolution.geometry.outputShape
        let count = out.n * out.c * out.h * out.w
        return withExtendedLifetime(plan) {
            convolution.input.values.withUnsafeBufferPointer { input in
                [Double](unsafeUninitializedCapacity: count) { output, initialized in
                    let kernel = OutputKernel(
                        convolution.geometry, plan, input: input.baseAddress!,
                        output: output.baseAddress!, wideTile: wideTile)
                    kernel.run(blocks: plan.blocks, images: out.n)
                    initialized = count
                }
            }
        }
    }

    private init(
        _ geometry: ConvGeometry, _ plan: ConvolutionPlan, input: UnsafePointer<Double>,
        output: UnsafeMutablePointer<Double>, wideTile: Bool
    ) {
        self.input = input
        self.wideTile = wideTile
        self.output = output
        rowSources = plan.rowSources.baseAddress!
        columnSources = plan.columnSources.baseAddress!
        tileWeights = plan.tileWeights.baseAddress!
        cellWeights = plan.cellWeights.baseAddress!
        bias = plan.bias?.baseAddress
        (inputChannels, inputHeight, inputWidth) = (geometry.inputShape.c, geometry.inputShape.h, geometry.inputShape.w)
        let out = geometry.outputShape, kernel = geometry.weightShape
        (outputChannels, outputHeight, outputWidth) = (out.c, out.h, out.w)
        (kernelChannels, kernelHeight, kernelWidth) = (kernel.c, kernel.h, kernel.w)
        (strideWidth, dilationWidth, padLeft) = (
            geometry.parameters.stride.width, geometry.parameters.dilation.width,
            geometry.padLeft
        )
        interiorColumns = plan.interiorColumns
        zeroPadding = geometry.parameters.paddingMode == .zeros
    }

    /// Runs every (image, block, band of output rows) task: on all cores when the work is large, otherwise
    /// on the calling thread.
    private func run(blocks: [ChannelBlock], images: Int) {
        let work = images * outputChannels * outputHeight * outputWidth * kernelChannels * kernelHeight * kernelWidth
        let planes = images * blocks.count
        guard work > Self.parallelWork else {
            for task in 0..<planes {
                computeRows(
                    image: task / blocks.count, block: blocks[task % blocks.count],
                    rows: 0..<outputHeight)
            }
            return
        }
        let bands = min(outputHeight, (Self.parallelTasks + planes - 1) / planes)
        DispatchQueue.concurrentPerform(iterations: planes * bands) { task in
            let plane = task / bands, band = task % bands
            computeRows(
                image: plane / blocks.count, block: blocks[plane % blocks.count],
                rows: band * outputHeight / bands..<(band + 1) * outputHeight / bands)
        }
    }

    /// Whether this CPU runs the AVX-512 tiles (``WideTileRows``).
    static let hasWideTile = convviz_wide_kernel_available()

    /// Computes output rows `rows` of image `n` for the channels of `block`, with the tiles that suit it.
    private func computeRows(image n: Int, block: ChannelBlock, rows: Range<Int>) {
        let adjacent = strideWidth == 1
        if wideTile && adjacent {
            return computeRows(WideTileRows(self, image: n, block: block), image: n, block: block, rows: rows)
        }
        switch (block.count, adjacent) {
        case (4, true): computeRows(FourByFour.self, AdjacentColumns.self, image: n, block: block, rows: rows)
        case (4, false): computeRows(FourByFour.self, StridedColumns.self, image: n, block: block, rows: rows)
        case (2, true): computeRows(TwoByEight.self, AdjacentColumns.self, image: n, block: block, rows: rows)
        case (2, false): computeRows(TwoByEight.self, StridedColumns.self, image: n, block: block, rows: rows)
        case (_, true): computeRows(OneBySixteen.self, AdjacentColumns.self, image: n, block: block, rows: rows)
        case (_, false): computeRows(OneBySixteen.self, StridedColumns.self, image: n, block: block, rows: rows)
        }
    }

    /// Computes output rows `rows` of image `n` for `block` with ``RegisterTileRows`` of `Tile`.
    private func computeRows<Tile: RegisterTile, Reader: ColumnReader>(
        _ tile: Tile.Type, _ reader: Reader.Type, image n: Int, block: ChannelBlock, rows: Range<Int>
    ) {
        computeRows(RegisterTileRows<Tile, Reader>(self, image: n, block: block), image: n, block: block, rows: rows)
    }

    /// The one row driver: computes output rows `rows` of image `n` for `block`, the columns `tiles` covers with
    /// its tiles and the others cell by cell.
    ///
    /// When the kernel has many channels, each row goes through them in chunks small enough for the chunk's weights
    /// and input rows to stay in the L1 cache: between chunks a tile's running sums wait in a buffer (one slot per
    /// tile, so overlapping tiles never mix), and the final chunk writes them to the output. The tiles of a row go
    /// in groups of ``tileGroup``, each group through every chunk, so the buffer stays small however wide the row.
    private func computeRows<Tiles: RowTiles>(_ tiles: Tiles, image n: Int, block: ChannelBlock, rows: Range<Int>) {
        computeCells(image: n, block: block, rows: rows, columns: 0..<tiles.columns.lowerBound)
        computeCells(image: n, block: block, rows: rows, columns: tiles.columns.upperBound..<outputWidth)
        guard tiles.count > 0 else { return }
        let chunk = channelChunk(block)
        let capacity = min(tiles.count, Self.tileGroup) * tiles.sumsPerTile
        withUnsafeTemporaryAllocation(of: Double.self, capacity: capacity) { sums in
            for i in rows {
                for first in stride(from: 0, to: tiles.count, by: Self.tileGroup) {
                    let group = first..<min(first + Self.tileGroup, tiles.count)
                    for channel in stride(from: 0, to: kernelChannels, by: chunk) {
                        tiles.accumulate(
                            row: i, tiles: group, channels: channel..<min(channel + chunk, kernelChannels),
                            sums: sums.baseAddress!)
                    }
                }
            }
        }
    }

    /// Kernel channels per chunk for `block`: as many as keep their tile weights and input rows within
    /// ``chunkBytes``, but never fewer than keep ``prefetchStreams`` input rows in flight (a wide row then reads a
    /// few long streams of input, which the prefetchers follow, instead of one short pass per kernel channel).
    private func channelChunk(_ block: ChannelBlock) -> Int {
        let weightBytes = kernelHeight * kernelWidth * block.count * MemoryLayout<SIMD2<Double>>.stride
        let rowBytes = kernelHeight * inputWidth * MemoryLayout<Double>.stride
        return max(1, Self.chunkBytes / (weightBytes + rowBytes), Self.prefetchStreams / kernelHeight)
    }

    /// Computes the cells of `block` at output rows `rows`, columns `columns`, one column at a time, four rows at
    /// once (a last group of fewer rows repeats its last row; the repeat writes the same values).
    private func computeCells(image n: Int, block: ChannelBlock, rows: Range<Int>, columns: Range<Int>) {
        guard let last = rows.last else { return }
        for j in columns {
            for first in stride(from: rows.lowerBound, through: last, by: 4) {
                let four = (first, min(first + 1, last), min(first + 2, last), min(first + 3, last))
                let sums = cellSums(image: n, block: block, rows: four, column: j)
                store(sums.0, image: n, block: block, row: four.0, column: j)
                store(sums.1, image: n, block: block, row: four.1, column: j)
                store(sums.2, image: n, block: block, row: four.2, column: j)
                store(sums.3, image: n, block: block, row: four.3, column: j)
            }
        }
    }

    /// Writes one cell's sums (lane `k` for channel `k` of `block`) plus the bias to the output.
    private func store(_ sums: SIMD4<Double>, image n: Int, block: ChannelBlock, row i: Int, column j: Int) {
        for k in 0..<block.count {
            let channel = block.firstChannel + k
            let cell = ((n * outputChannels + channel) * outputHeight + i) * outputWidth + j
            output[cell] = bias.map { sums[k] + $0[channel] } ?? sums[k]
        }
    }

    /// The sums of products (before the bias) of the cells at four output rows of column `j`, for each channel of
    /// `block` (lane `k` for channel `k`), looking every tap up in the tables. The four cells share the weight
    /// loads and accumulate independently, each in its own tap order.
    private func cellSums(image n: Int, block: ChannelBlock, rows: (Int, Int, Int, Int), column j: Int)
        -> (SIMD4<Double>, SIMD4<Double>, SIMD4<Double>, SIMD4<Double>)
    {
        var sums = (SIMD4<Double>(), SIMD4<Double>(), SIMD4<Double>(), SIMD4<Double>())
        var weights = cellWeights + block.cellWeightOffset
        let planeSize = inputHeight &* inputWidth, columns = columnSources + j &* kernelWidth
        var plane = input + (n &* inputChannels &+ block.firstInputChannel) &* planeSize
        for _ in 0..<kernelChannels {
            for a in 0..<kernelHeight {
                let sources = (
                    rowSources[rows.0 &* kernelHeight &+ a], rowSources[rows.1 &* kernelHeight &+ a],
                    rowSources[rows.2 &* kernelHeight &+ a], rowSources[rows.3 &* kernelHeight &+ a]
                )
                for b in 0..<kernelWidth where columns[b] >= 0 {
                    let weight = weights[b], column = plane + columns[b]
                    if sources.0 >= 0 {
                        sums.0 = sums.0.addingProduct(weight, SIMD4(repeating: column[sources.0 &* inputWidth]))
                    }
                    if sources.1 >= 0 {
                        sums.1 = sums.1.addingProduct(weight, SIMD4(repeating: column[sources.1 &* inputWidth]))
                    }
                    if sources.2 >= 0 {
                        sums.2 = sums.2.addingProduct(weight, SIMD4(repeating: column[sources.2 &* inputWidth]))
                    }
                    if sources.3 >= 0 {
                        sums.3 = sums.3.addingProduct(weight, SIMD4(repeating: column[sources.3 &* inputWidth]))
                    }
                }
                weights += kernelWidth
            }
            plane += planeSize
        }
        return sums
    }
}
