import CConvKernels
import Dispatch

/// The compute loops of ``Convolution/output()``.
///
/// Every output cell starts from 0.0, adds `weight * input` (a multiply, then an add) for each tap that is not
/// zero padding, in the order (kernel channel, kernel row, kernel column), and adds the bias last — the order of
/// ``Convolution/trace(_:)``, so each cell equals its trace bit for bit. Cells are independent, so they can be
/// computed in any order and on any thread:
/// - output columns whose taps all read real input columns go through ``RegisterTile``s: 16 cells (the output
///   channels of one block by 4 to 16 columns) accumulate in one set of SIMD registers, sharing input reads, and
///   tiles go two at a time, sharing weight reads; on a CPU with AVX-512, blocks of 4 channels at stride 1 use the
///   wider tile in `CConvKernels` instead (4 channels by 16 columns in eight 512-bit registers);
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
    /// Whether blocks of 4 channels at stride 1 use the AVX-512 tile.
    let wideTile: Bool

    /// Multiply-adds above which a convolution is spread over all cores.
    static let parallelWork = 200_000
    /// Tiles whose running sums wait between chunks of kernel channels at once: an even number, so pairs stay whole,
    /// and few enough that a very wide row never needs a large buffer.
    static let tileGroup = 64
    /// Tasks to aim for when running in parallel, so that uneven blocks still balance.
    static let parallelTasks = 16
    /// Bytes of weights and input rows one chunk of kernel channels may touch per output row (half the L1
    /// data cache of a typical core).
    static let chunkBytes = 24 * 1024

    /// Computes the whole output of `convolution`, with the AVX-512 tile if `wideTile`.
    static func output(of convolution: Convolution, wideTile: Bool) -> [Double] {
        let plan = ConvolutionPlan(convolution)
        let out = convolution.geometry.outputShape
        let count = out.n * out.c * out.h * out.w
        return withExtendedLifetime(plan) {
            convolution.input.values.withUnsafeBufferPointer { input in
                [Double](unsafeUninitializedCapacity: count) { output, initialized in
                    let kernel = OutputKernel(convolution.geometry, plan, input: input.baseAddress!,
                                              output: output.baseAddress!, wideTile: wideTile)
                    kernel.run(blocks: plan.blocks, images: out.n)
                    initialized = count
                }
            }
        }
    }

    private init(_ geometry: ConvGeometry, _ plan: ConvolutionPlan, input: UnsafePointer<Double>,
                 output: UnsafeMutablePointer<Double>, wideTile: Bool) {
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
        (strideWidth, dilationWidth, padLeft) = (geometry.parameters.stride.width, geometry.parameters.dilation.width,
                                                 geometry.padLeft)
        interiorColumns = plan.interiorColumns
    }

    /// Runs every (image, block, band of output rows) task: on all cores when the work is large, otherwise
    /// on the calling thread.
    private func run(blocks: [ChannelBlock], images: Int) {
        let work = images * outputChannels * outputHeight * outputWidth * kernelChannels * kernelHeight * kernelWidth
        let planes = images * blocks.count
        guard work > Self.parallelWork else {
            for task in 0..<planes { computeRows(image: task / blocks.count, block: blocks[task % blocks.count],
                                                 rows: 0..<outputHeight) }
            return
        }
        let bands = min(outputHeight, (Self.parallelTasks + planes - 1) / planes)
        DispatchQueue.concurrentPerform(iterations: planes * bands) { task in
            let plane = task / bands, band = task % bands
            computeRows(image: plane / blocks.count, block: blocks[plane % blocks.count],
                        rows: band * outputHeight / bands..<(band + 1) * outputHeight / bands)
        }
    }

    /// Whether this CPU runs the AVX-512 tile (``computeWideRows(image:block:rows:)``).
    static let hasWideTile = convviz_wide_kernel_available()

    /// Computes output rows `rows` of image `n` for the channels of `block`.
    private func computeRows(image n: Int, block: ChannelBlock, rows: Range<Int>) {
        switch (block.count, strideWidth == 1) {
        case (4, true) where wideTile && interiorColumns.count >= 16:
            computeWideRows(image: n, block: block, rows: rows)
        case (4, true): computeRows(FourByFour.self, AdjacentColumns.self, image: n, block: block, rows: rows)
        case (4, false): computeRows(FourByFour.self, StridedColumns.self, image: n, block: block, rows: rows)
        case (2, true): computeRows(TwoByEight.self, AdjacentColumns.self, image: n, block: block, rows: rows)
        case (2, false): computeRows(TwoByEight.self, StridedColumns.self, image: n, block: block, rows: rows)
        case (_, true): computeRows(OneBySixteen.self, AdjacentColumns.self, image: n, block: block, rows: rows)
        case (_, false): computeRows(OneBySixteen.self, StridedColumns.self, image: n, block: block, rows: rows)
        }
    }

    /// Computes output rows `rows` of image `n` for `block`, tiling the interior columns with `Tile`.
    ///
    /// The last tile of a row is shifted left to end at the interior's end; the columns it computes twice get
    /// the same value both times. When the kernel has many channels, each row goes through them in chunks
    /// small enough for the chunk's weights and input rows to stay in the L1 cache: between chunks a tile's
    /// running sums wait in `partialSums` (one slot per tile, so overlapping tiles never mix), and the final
    /// chunk writes them to the output. The tiles of a row go in groups of ``tileGroup``, each group through
    /// every chunk, so the buffer stays small however wide the row.
    private func computeRows<Tile: RegisterTile, Reader: ColumnReader>(
        _ tile: Tile.Type, _ reader: Reader.Type, image n: Int, block: ChannelBlock, rows: Range<Int>
    ) {
        let tiled = interiorColumns.count >= Tile.columns ? interiorColumns : interiorColumns.prefix(0)
        let tileCount = (tiled.count + Tile.columns - 1) / Tile.columns
        let chunk = channelChunk(Tile.self)
        withUnsafeTemporaryAllocation(of: SIMD16<Double>.self, capacity: min(tileCount, Self.tileGroup)) { partialSums in
            computeCells(image: n, block: block, rows: rows, columns: 0..<tiled.lowerBound)
            computeCells(image: n, block: block, rows: rows, columns: tiled.upperBound..<outputWidth)
            for i in rows {
                for group in stride(from: 0, to: tileCount, by: Self.tileGroup) {
                    let groupEnd = min(group + Self.tileGroup, tileCount)
                    for channels in stride(from: 0, to: kernelChannels, by: chunk) {
                        let chunkChannels = channels..<min(channels + chunk, kernelChannels)
                        for first in stride(from: group, to: groupEnd, by: 2) {
                            // Two tiles at a time share the weight loads and give the adds two independent chains;
                            // an odd last tile is paired with itself.
                            let tiles = (first, min(first + 1, groupEnd - 1))
                            let j0 = min(tiled.lowerBound + tiles.0 * Tile.columns, tiled.upperBound - Tile.columns)
                            let j1 = min(tiled.lowerBound + tiles.1 * Tile.columns, tiled.upperBound - Tile.columns)
                            var sums0 = chunkChannels.lowerBound == 0 ? SIMD16<Double>() : partialSums[tiles.0 - group]
                            var sums1 = chunkChannels.lowerBound == 0 ? SIMD16<Double>() : partialSums[tiles.1 - group]
                            accumulate(Tile.self, Reader.self, &sums0, &sums1, image: n, block: block,
                                       channels: chunkChannels, row: i, columns: (j0, j1))
                            if chunkChannels.upperBound == kernelChannels {
                                store(Tile.self, sums0, image: n, block: block, row: i, column: j0)
                                store(Tile.self, sums1, image: n, block: block, row: i, column: j1)
                            } else {
                                partialSums[tiles.0 - group] = sums0
                                partialSums[tiles.1 - group] = sums1
                            }
                        }
                    }
                }
            }
        }
    }

    /// Computes output rows `rows` of image `n` for a block of 4 channels, stride 1, with the AVX-512 tile: 4 channels
    /// by 16 interior columns at a time, the last tile shifted left to end at the interior's end (the columns it
    /// computes twice get the same value both times). Kernel channels go in L1-sized chunks, as in the other tiles.
    private func computeWideRows(image n: Int, block: ChannelBlock, rows: Range<Int>) {
        let columns = 16, planeSize = inputHeight * inputWidth
        let tileCount = (interiorColumns.count + columns - 1) / columns
        let chunk = channelChunk(FourByFour.self)
        let planes = input + (n * inputChannels + block.firstInputChannel) * planeSize
        let weights = UnsafeRawPointer(tileWeights + block.tileWeightOffset).assumingMemoryBound(to: Double.self)
        let weightsPerChannel = kernelHeight * kernelWidth * 8
        withUnsafeTemporaryAllocation(of: Double.self, capacity: min(tileCount, Self.tileGroup) * 4 * columns) { sums in
            computeCells(image: n, block: block, rows: rows, columns: 0..<interiorColumns.lowerBound)
            computeCells(image: n, block: block, rows: rows, columns: interiorColumns.upperBound..<outputWidth)
            for i in rows {
                for group in stride(from: 0, to: tileCount, by: Self.tileGroup) {
                    let tiles = group..<min(group + Self.tileGroup, tileCount)
                    for first in stride(from: 0, to: kernelChannels, by: chunk) {
                        let count = min(chunk, kernelChannels - first)
                        for t in tiles {
                            let j = min(interiorColumns.lowerBound + t * columns, interiorColumns.upperBound - columns)
                            // The last chunk writes the finished cells (plus the bias) straight to the output.
                            let cells = first + count == kernelChannels
                                ? output + ((n * outputChannels + block.firstChannel) * outputHeight + i) * outputWidth + j : nil
                            convviz_accumulate_4x16(planes + (first * planeSize + j - padLeft), planeSize, inputWidth,
                                                    rowSources + i * kernelHeight, kernelHeight, kernelWidth, dilationWidth,
                                                    count, weights + first * weightsPerChannel, first > 0,
                                                    sums.baseAddress! + (t - group) * 4 * columns, cells,
                                                    outputHeight * outputWidth, bias.map { $0 + block.firstChannel })
                        }
                    }
                }
            }
        }
    }

    /// Kernel channels per chunk for `Tile`: as many as keep their tile weights and input rows within
    /// ``chunkBytes``.
    private func channelChunk<Tile: RegisterTile>(_ tile: Tile.Type) -> Int {
        let weightBytes = kernelHeight * kernelWidth * Tile.channels * MemoryLayout<SIMD2<Double>>.stride
        let rowBytes = kernelHeight * inputWidth * MemoryLayout<Double>.stride
        return max(1, Self.chunkBytes / (weightBytes + rowBytes))
    }

    /// Adds to `sums0` and `sums1` the products of kernel channels `channels` for two `Tile`s of `block` at output
    /// row `i`, starting at columns `columns.0` and `columns.1` (all interior), in tap order.
    @inline(__always)
    private func accumulate<Tile: RegisterTile, Reader: ColumnReader>(
        _ tile: Tile.Type, _ reader: Reader.Type, _ sums0: inout SIMD16<Double>, _ sums1: inout SIMD16<Double>,
        image n: Int, block: ChannelBlock, channels: Range<Int>, row i: Int, columns: (Int, Int)
    ) {
        let tapsPerRow = kernelWidth &* Tile.channels, planeSize = inputHeight &* inputWidth
        var weights = tileWeights + (block.tileWeightOffset &+ channels.lowerBound &* kernelHeight &* tapsPerRow)
        var plane = input + ((n &* inputChannels &+ block.firstInputChannel &+ channels.lowerBound) &* planeSize
            &+ columns.0 &* strideWidth &- padLeft)
        let offset = (columns.1 &- columns.0) &* strideWidth
        for _ in channels {
            for a in 0..<kernelHeight {
                let row = rowSources[i &* kernelHeight &+ a]
                guard row >= 0 else {
                    weights += tapsPerRow
                    continue
                }
                var inputs = plane + row &* inputWidth
                for _ in 0..<kernelWidth {
                    let w = Tile.weights(weights)
                    sums0 += w * Tile.inputs(Reader.self, inputs, stride: strideWidth)
                    sums1 += w * Tile.inputs(Reader.self, inputs + offset, stride: strideWidth)
                    weights += Tile.channels
                    inputs += dilationWidth
                }
            }
            plane += planeSize
        }
    }

    /// Writes a tile's sums (plus the bias) to the output, four lanes at a time.
    @inline(__always)
    private func store<Tile: RegisterTile>(_ tile: Tile.Type, _ sums: SIMD16<Double>, image n: Int,
                                           block: ChannelBlock, row i: Int, column j: Int) {
        store(Tile.self, sums.lowHalf.lowHalf, lane: 0, image: n, block: block, row: i, column: j)
        store(Tile.self, sums.lowHalf.highHalf, lane: 4, image: n, block: block, row: i, column: j)
        store(Tile.self, sums.highHalf.lowHalf, lane: 8, image: n, block: block, row: i, column: j)
        store(Tile.self, sums.highHalf.highHalf, lane: 12, image: n, block: block, row: i, column: j)
    }

    /// Writes the four sums of a tile starting at `lane` (all in one channel, as `Tile.columns` is a multiple of 4).
    @inline(__always)
    private func store<Tile: RegisterTile>(_ tile: Tile.Type, _ sums: SIMD4<Double>, lane: Int, image n: Int,
                                           block: ChannelBlock, row i: Int, column j: Int) {
        let channel = block.firstChannel &+ lane / Tile.columns
        let values = bias.map { sums + SIMD4(repeating: $0[channel]) } ?? sums
        let cell = ((n &* outputChannels &+ channel) &* outputHeight &+ i) &* outputWidth &+ j &+ lane % Tile.columns
        UnsafeMutableRawPointer(output + cell).storeBytes(of: values, as: SIMD4<Double>.self)
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
        -> (SIMD4<Double>, SIMD4<Double>, SIMD4<Double>, SIMD4<Double>) {
        var sums = (SIMD4<Double>(), SIMD4<Double>(), SIMD4<Double>(), SIMD4<Double>())
        var weights = cellWeights + block.cellWeightOffset
        let planeSize = inputHeight &* inputWidth, columns = columnSources + j &* kernelWidth
        var plane = input + (n &* inputChannels &+ block.firstInputChannel) &* planeSize
        for _ in 0..<kernelChannels {
            for a in 0..<kernelHeight {
                let sources = (rowSources[rows.0 &* kernelHeight &+ a], rowSources[rows.1 &* kernelHeight &+ a],
                               rowSources[rows.2 &* kernelHeight &+ a], rowSources[rows.3 &* kernelHeight &+ a])
                for b in 0..<kernelWidth where columns[b] >= 0 {
                    let weight = weights[b], column = plane + columns[b]
                    if sources.0 >= 0 { sums.0 += weight * SIMD4(repeating: column[sources.0 &* inputWidth]) }
                    if sources.1 >= 0 { sums.1 += weight * SIMD4(repeating: column[sources.1 &* inputWidth]) }
                    if sources.2 >= 0 { sums.2 += weight * SIMD4(repeating: column[sources.2 &* inputWidth]) }
                    if sources.3 >= 0 { sums.3 += weight * SIMD4(repeating: column[sources.3 &* inputWidth]) }
                }
                weights += kernelWidth
            }
            plane += planeSize
        }
        return sums
    }
}
