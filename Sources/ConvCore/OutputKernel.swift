import Dispatch

/// The compute loops of ``Convolution/output()``.
///
/// Every output cell starts from 0.0, adds `weight * input` (a multiply, then an add) for each tap that is not
/// zero padding, in the order (kernel channel, kernel row, kernel column), and adds the bias last — the order of
/// ``Convolution/trace(_:)``, so each cell equals its trace bit for bit. Cells are independent, so they can be
/// computed in any order and on any thread:
/// - output columns whose taps all read real input columns go through ``RegisterTile``s: 16 cells (up to four
///   output channels of one block by 4 to 16 columns) accumulate in one SIMD register set, sharing input reads;
/// - the remaining columns (padding, or a row too narrow for a tile) are computed cell by cell from the tables.
///
/// The struct holds raw pointers into buffers that outlive it; tasks write disjoint output cells.
struct OutputKernel: @unchecked Sendable {
    /// The input, (N, C_in, H, W).
    let input: UnsafePointer<Double>
    /// The output being written, (N, C_out, H_out, W_out).
    let output: UnsafeMutablePointer<Double>
    /// The plan's tables.
    let rowSources: UnsafePointer<Int>, columnSources: UnsafePointer<Int>, packedWeights: UnsafePointer<SIMD2<Double>>
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

    /// Multiply-adds above which a convolution is spread over all cores.
    static let parallelWork = 200_000
    /// Tasks to aim for when running in parallel, so that uneven blocks still balance.
    static let parallelTasks = 16

    /// Computes the whole output of `convolution`.
    static func output(of convolution: Convolution) -> [Double] {
        let plan = ConvolutionPlan(convolution)
        let out = convolution.geometry.outputShape
        let count = out.n * out.c * out.h * out.w
        return withExtendedLifetime(plan) {
            convolution.input.values.withUnsafeBufferPointer { input in
                [Double](unsafeUninitializedCapacity: count) { output, initialized in
                    let kernel = OutputKernel(convolution.geometry, plan, input: input.baseAddress!,
                                              output: output.baseAddress!)
                    kernel.run(blocks: plan.blocks, images: out.n)
                    initialized = count
                }
            }
        }
    }

    private init(_ geometry: ConvGeometry, _ plan: ConvolutionPlan, input: UnsafePointer<Double>,
                 output: UnsafeMutablePointer<Double>) {
        self.input = input
        self.output = output
        rowSources = plan.rowSources.baseAddress!
        columnSources = plan.columnSources.baseAddress!
        packedWeights = plan.packedWeights.baseAddress!
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

    /// Computes output rows `rows` of image `n` for the channels of `block`.
    private func computeRows(image n: Int, block: ChannelBlock, rows: Range<Int>) {
        switch (block.count, strideWidth == 1) {
        case (4, true): computeRows(FourByFour.self, AdjacentColumns.self, image: n, block: block, rows: rows)
        case (4, false): computeRows(FourByFour.self, StridedColumns.self, image: n, block: block, rows: rows)
        case (2, true): computeRows(TwoByEight.self, AdjacentColumns.self, image: n, block: block, rows: rows)
        case (2, false): computeRows(TwoByEight.self, StridedColumns.self, image: n, block: block, rows: rows)
        case (_, true): computeRows(OneBySixteen.self, AdjacentColumns.self, image: n, block: block, rows: rows)
        case (_, false): computeRows(OneBySixteen.self, StridedColumns.self, image: n, block: block, rows: rows)
        }
    }

    /// Computes output rows `rows` of image `n` for `block`, tiling the interior columns with `Tile`.
    /// The last tile of a row is shifted left to end at the interior's end; the columns it computes twice get
    /// the same value both times.
    private func computeRows<Tile: RegisterTile, Reader: ColumnReader>(
        _ tile: Tile.Type, _ reader: Reader.Type, image n: Int, block: ChannelBlock, rows: Range<Int>
    ) {
        let tiled = interiorColumns.count >= Tile.columns ? interiorColumns : interiorColumns.lowerBound..<interiorColumns.lowerBound
        for i in rows {
            computeCells(image: n, block: block, row: i, columns: 0..<tiled.lowerBound)
            var j = tiled.lowerBound
            while j < tiled.upperBound {
                let start = min(j, tiled.upperBound - Tile.columns)
                computeTile(Tile.self, Reader.self, image: n, block: block, row: i, column: start)
                j = start + Tile.columns
            }
            computeCells(image: n, block: block, row: i, columns: tiled.upperBound..<outputWidth)
        }
    }

    /// Computes the `Tile` of `block` at output row `i`, columns `j..<j + Tile.columns`, all interior.
    @inline(__always)
    private func computeTile<Tile: RegisterTile, Reader: ColumnReader>(
        _ tile: Tile.Type, _ reader: Reader.Type, image n: Int, block: ChannelBlock, row i: Int, column j: Int
    ) {
        var sums = SIMD16<Double>()
        var weights = packedWeights + block.weightOffset
        let tapsPerRow = kernelWidth &* Tile.channels, planeSize = inputHeight &* inputWidth
        var plane = input + ((n &* inputChannels &+ block.firstInputChannel) &* planeSize &+ j &* strideWidth &- padLeft)
        for _ in 0..<kernelChannels {
            for a in 0..<kernelHeight {
                let row = rowSources[a &* outputHeight &+ i]
                guard row >= 0 else {
                    weights += tapsPerRow
                    continue
                }
                var columns = plane + row &* inputWidth
                for _ in 0..<kernelWidth {
                    sums += Tile.weights(weights) * Tile.inputs(Reader.self, columns, stride: strideWidth)
                    weights += Tile.channels
                    columns += dilationWidth
                }
            }
            plane += planeSize
        }
        store(Tile.self, sums, image: n, block: block, row: i, column: j)
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

    /// Computes the cells of `block` at output row `i`, columns `columns`, one at a time.
    private func computeCells(image n: Int, block: ChannelBlock, row i: Int, columns: Range<Int>) {
        for k in 0..<block.count {
            let channel = block.firstChannel + k
            let rowStart = ((n * outputChannels + channel) * outputHeight + i) * outputWidth
            for j in columns {
                let sum = cellSum(image: n, block: block, channelInBlock: k, row: i, column: j)
                output[rowStart + j] = bias.map { sum + $0[channel] } ?? sum
            }
        }
    }

    /// The sum of products of one output cell (before the bias), looking every tap up in the tables.
    private func cellSum(image n: Int, block: ChannelBlock, channelInBlock k: Int, row i: Int, column j: Int) -> Double {
        var sum = 0.0
        var weight = packedWeights + block.weightOffset + k
        for kernelChannel in 0..<kernelChannels {
            let plane = input + (n * inputChannels + block.firstInputChannel + kernelChannel) * inputHeight * inputWidth
            for a in 0..<kernelHeight {
                let row = rowSources[a * outputHeight + i]
                for b in 0..<kernelWidth {
                    let column = columnSources[b * outputWidth + j]
                    if row >= 0 && column >= 0 { sum += weight.pointee.x * plane[row * inputWidth + column] }
                    weight += block.count
                }
            }
        }
        return sum
    }
}
