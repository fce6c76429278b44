/// How the row driver of ``OutputKernel`` computes the tiled columns of one channel block's output rows in one
/// image: tiles of consecutive output columns, each holding the running sums of every channel of the block.
protocol RowTiles {
    /// The output columns the tiles compute; the others are computed cell by cell.
    var columns: Range<Int> { get }
    /// How many tiles cover ``columns``.
    var count: Int { get }
    /// Doubles of running sums one tile keeps between chunks of kernel channels.
    var sumsPerTile: Int { get }
    /// Adds the products of kernel channels `channels` to tiles `tiles` of output row `row`.
    ///
    /// The sums start at +0.0 when `channels` starts at 0 and otherwise resume from `sums` (tile `t` at
    /// `sums + (t - tiles.lowerBound) * sumsPerTile`); when `channels` ends at the last kernel channel the finished
    /// cells (plus the bias) go to the output, otherwise the running sums go back to `sums`.
    func accumulate(row: Int, tiles: Range<Int>, channels: Range<Int>, sums: UnsafeMutablePointer<Double>)
}

/// The interior columns of a row in ``RegisterTile``s, two tiles at a time (sharing the weight loads and giving
/// the adds two independent chains). The last tile is shifted left to end at the interior's end; the columns it
/// computes twice get the same value both times.
struct RegisterTileRows<Tile: RegisterTile, Reader: ColumnReader>: RowTiles {
    let kernel: OutputKernel
    let image: Int
    let block: ChannelBlock
    let columns: Range<Int>

    init(_ kernel: OutputKernel, image: Int, block: ChannelBlock) {
        self.kernel = kernel
        self.image = image
        self.block = block
        let interior = kernel.interiorColumns
        columns = interior.count >= Tile.columns ? interior : interior.prefix(0)
    }

    var count: Int { (columns.count + Tile.columns - 1) / Tile.columns }
    var sumsPerTile: Int { 16 }

    func accumulate(row i: Int, tiles: Range<Int>, channels: Range<Int>, sums: UnsafeMutablePointer<Double>) {
        let slots = UnsafeMutableRawPointer(sums)
        let slotBytes = MemoryLayout<SIMD16<Double>>.stride
        for first in stride(from: tiles.lowerBound, to: tiles.upperBound, by: 2) {
            // An odd last tile is paired with itself.
            let pair = (first, min(first + 1, tiles.upperBound - 1))
            let j0 = min(columns.lowerBound + pair.0 * Tile.columns, columns.upperBound - Tile.columns)
            let j1 = min(columns.lowerBound + pair.1 * Tile.columns, columns.upperBound - Tile.columns)
            let slot0 = (pair.0 - tiles.lowerBound) * slotBytes, slot1 = (pair.1 - tiles.lowerBound) * slotBytes
            let resume = channels.lowerBound > 0
            var sums0 = resume ? slots.loadUnaligned(fromByteOffset: slot0, as: SIMD16<Double>.self) : SIMD16<Double>()
            var sums1 = resume ? slots.loadUnaligned(fromByteOffset: slot1, as: SIMD16<Double>.self) : SIMD16<Double>()
            accumulate(&sums0, &sums1, channels: channels, row: i, columns: (j0, j1))
            if channels.upperBound == kernel.kernelChannels {
                store(sums0, row: i, column: j0)
                store(sums1, row: i, column: j1)
            } else {
                slots.storeBytes(of: sums0, toByteOffset: slot0, as: SIMD16<Double>.self)
                slots.storeBytes(of: sums1, toByteOffset: slot1, as: SIMD16<Double>.self)
            }
        }
    }

    /// Adds to `sums0` and `sums1` the products of kernel channels `channels` for the tiles at output row `i` starting
    /// at columns `columns.0` and `columns.1` (all interior), in tap order, one fused multiply-add per tap.
    @inline(__always)
    private func accumulate(
        _ sums0: inout SIMD16<Double>, _ sums1: inout SIMD16<Double>, channels: Range<Int>,
        row i: Int, columns: (Int, Int)
    ) {
        let k = kernel
        let tapsPerRow = k.kernelWidth &* Tile.channels, planeSize = k.inputHeight &* k.inputWidth
        var weights = k.tileWeights + (block.tileWeightOffset &+ channels.lowerBound &* k.kernelHeight &* tapsPerRow)
        var plane =
            k.input
            + ((image &* k.inputChannels &+ block.firstInputChannel &+ channels.lowerBound) &* planeSize
                &+ columns.0 &* k.strideWidth &- k.padLeft)
        let offset = (columns.1 &- columns.0) &* k.strideWidth
        for _ in channels {
            for a in 0..<k.kernelHeight {
                let row = k.rowSources[i &* k.kernelHeight &+ a]
                guard row >= 0 else {
                    weights += tapsPerRow
                    continue
                }
                var inputs = plane + row &* k.inputWidth
                for _ in 0..<k.kernelWidth {
                    let w = Tile.weights(weights)
                    sums0 = sums0.addingProduct(w, Tile.inputs(Reader.self, inputs, stride: k.strideWidth))
                    sums1 = sums1.addingProduct(w, Tile.inputs(Reader.self, inputs + offset, stride: k.strideWidth))
                    weights += Tile.channels
                    inputs += k.dilationWidth
                }
            }
            plane += planeSize
        }
    }

    /// Writes a tile's sums (plus the bias) to the output, four lanes at a time.
    @inline(__always)
    private func store(_ sums: SIMD16<Double>, row i: Int, column j: Int) {
        store(sums.lowHalf.lowHalf, lane: 0, row: i, column: j)
        store(sums.lowHalf.highHalf, lane: 4, row: i, column: j)
        store(sums.highHalf.lowHalf, lane: 8, row: i, column: j)
        store(sums.highHalf.highHalf, lane: 12, row: i, column: j)
    }

    /// Writes the four sums of a tile starting at `lane` (all in one channel, as `Tile.columns` is a multiple of 4).
    @inline(__always)
    private func store(_ sums: SIMD4<Double>, lane: Int, row i: Int, column j: Int) {
        let k = kernel
        let channel = block.firstChannel &+ lane / Tile.columns
        let values = k.bias.map { sums + SIMD4(repeating: $0[channel]) } ?? sums
        let cell =
            ((image &* k.outputChannels &+ channel) &* k.outputHeight &+ i) &* k.outputWidth
            &+ j &+ lane % Tile.columns
        UnsafeMutableRawPointer(k.output + cell).storeBytes(of: values, as: SIMD4<Double>.self)
    }
}
