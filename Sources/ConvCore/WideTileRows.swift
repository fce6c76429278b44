import CConvKernels

/// A row's columns in the AVX-512 tiles of `CConvKernels` (stride 1 along the width only): 4 channels by 16 columns,
/// or 2 or 1 channels by 32, each sum in a lane of a 512-bit register. Tiles start at the first column they cover and
/// the last one is cut at the row's end (its extra lanes are neither computed nor stored). With zero padding they
/// cover every column, each lane skipping the taps that fall in the padding, as the trace does; with another
/// padding mode (which copies real cells into the padding) they cover the interior columns.
struct WideTileRows: RowTiles {
    let columns: Range<Int>
    let count: Int
    let sumsPerTile: Int
    /// What the C kernel reads and writes.
    private let rows: convviz_tile_rows
    private let blockChannels: Int

    init(_ kernel: OutputKernel, image n: Int, block: ChannelBlock) {
        let k = kernel
        columns = k.zeroPadding ? 0..<k.outputWidth : k.interiorColumns
        let tileColumns = convviz_tile_columns(block.count)
        count = (columns.count + tileColumns - 1) / tileColumns
        sumsPerTile = block.count * tileColumns
        blockChannels = block.count
        let planeSize = k.inputHeight * k.inputWidth, channelStride = k.outputHeight * k.outputWidth
        rows = convviz_tile_rows(
            input: k.input + (n * k.inputChannels + block.firstInputChannel) * planeSize,
            plane_size: planeSize, input_width: k.inputWidth, row_sources: k.rowSources,
            kernel_channels: k.kernelChannels, kernel_height: k.kernelHeight, kernel_width: k.kernelWidth,
            dilation_width: k.dilationWidth, pad_left: k.padLeft,
            weights: UnsafeRawPointer(k.tileWeights + block.tileWeightOffset).assumingMemoryBound(to: Double.self),
            output: k.output + (n * k.outputChannels + block.firstChannel) * channelStride,
            output_width: k.outputWidth, channel_stride: channelStride,
            first_column: columns.lowerBound, end_column: columns.upperBound,
            bias: k.bias.map { $0 + block.firstChannel })
    }

    func accumulate(row: Int, tiles: Range<Int>, channels: Range<Int>, sums: UnsafeMutablePointer<Double>) {
        withUnsafePointer(to: rows) {
            convviz_accumulate_tiles(
                $0, blockChannels, row, tiles.lowerBound, tiles.count, channels.lowerBound,
                channels.count, sums)
        }
    }
}
