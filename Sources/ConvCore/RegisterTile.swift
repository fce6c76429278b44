/// How the input values of four consecutive output columns are read from one input row.
protocol ColumnReader {
    /// The input values at `row[0]`, `row[stride]`, `row[2 * stride]`, `row[3 * stride]`.
    static func four(_ row: UnsafePointer<Double>, stride: Int) -> SIMD4<Double>
}

/// Stride 1: the four values are adjacent, one unaligned vector load.
enum AdjacentColumns: ColumnReader {
    @inline(__always)
    static func four(_ row: UnsafePointer<Double>, stride: Int) -> SIMD4<Double> {
        UnsafeRawPointer(row).loadUnaligned(as: SIMD4<Double>.self)
    }
}

/// Any other stride: four separate loads.
enum StridedColumns: ColumnReader {
    @inline(__always)
    static func four(_ row: UnsafePointer<Double>, stride: Int) -> SIMD4<Double> {
        SIMD4(row[0], row[stride], row[2 &* stride], row[3 &* stride])
    }
}

/// The shape of the block of output cells one accumulator holds: `channels` output channels by `columns`
/// consecutive output columns of one output row, 16 sums in all, lane `k * columns + jj` for channel `k`,
/// column `jj`. Each lane accumulates only its own cell's products, so the order per cell is untouched.
protocol RegisterTile {
    /// Output channels in the tile (the ``ChannelBlock/count`` it serves).
    static var channels: Int { get }
    /// Output columns in the tile; a multiple of 4.
    static var columns: Int { get }
    /// The input values of the tile's columns, repeated for every channel.
    static func inputs<Reader: ColumnReader>(
        _ reader: Reader.Type, _ row: UnsafePointer<Double>,
        stride: Int
    ) -> SIMD16<Double>
    /// The weights of one tap for the tile's channels (`channels` doubled values), each repeated for every column.
    static func weights(_ packed: UnsafePointer<SIMD2<Double>>) -> SIMD16<Double>
}

/// A doubled weight repeated to four lanes.
@inline(__always)
private func four(_ pair: SIMD2<Double>) -> SIMD4<Double> { SIMD4(lowHalf: pair, highHalf: pair) }

/// A doubled weight repeated to eight lanes.
@inline(__always)
private func eight(_ pair: SIMD2<Double>) -> SIMD8<Double> { SIMD8(lowHalf: four(pair), highHalf: four(pair)) }

/// Four channels by four columns.
enum FourByFour: RegisterTile {
    static var channels: Int { 4 }
    static var columns: Int { 4 }

    @inline(__always)
    static func inputs<Reader: ColumnReader>(
        _ reader: Reader.Type, _ row: UnsafePointer<Double>,
        stride: Int
    ) -> SIMD16<Double> {
        let x = Reader.four(row, stride: stride)
        let twice = SIMD8(lowHalf: x, highHalf: x)
        return SIMD16(lowHalf: twice, highHalf: twice)
    }

    @inline(__always)
    static func weights(_ packed: UnsafePointer<SIMD2<Double>>) -> SIMD16<Double> {
        SIMD16(
            lowHalf: SIMD8(lowHalf: four(packed[0]), highHalf: four(packed[1])),
            highHalf: SIMD8(lowHalf: four(packed[2]), highHalf: four(packed[3])))
    }
}

/// Two channels by eight columns.
enum TwoByEight: RegisterTile {
    static var channels: Int { 2 }
    static var columns: Int { 8 }

    @inline(__always)
    static func inputs<Reader: ColumnReader>(
        _ reader: Reader.Type, _ row: UnsafePointer<Double>,
        stride: Int
    ) -> SIMD16<Double> {
        let x = SIMD8(
            lowHalf: Reader.four(row, stride: stride), highHalf: Reader.four(row + 4 &* stride, stride: stride))
        return SIMD16(lowHalf: x, highHalf: x)
    }

    @inline(__always)
    static func weights(_ packed: UnsafePointer<SIMD2<Double>>) -> SIMD16<Double> {
        SIMD16(lowHalf: eight(packed[0]), highHalf: eight(packed[1]))
    }
}

/// One channel by sixteen columns.
enum OneBySixteen: RegisterTile {
    static var channels: Int { 1 }
    static var columns: Int { 16 }

    @inline(__always)
    static func inputs<Reader: ColumnReader>(
        _ reader: Reader.Type, _ row: UnsafePointer<Double>,
        stride: Int
    ) -> SIMD16<Double> {
        SIMD16(
            lowHalf: SIMD8(
                lowHalf: Reader.four(row, stride: stride),
                highHalf: Reader.four(row + 4 &* stride, stride: stride)),
            highHalf: SIMD8(
                lowHalf: Reader.four(row + 8 &* stride, stride: stride),
                highHalf: Reader.four(row + 12 &* stride, stride: stride)))
    }

    @inline(__always)
    static func weights(_ packed: UnsafePointer<SIMD2<Double>>) -> SIMD16<Double> {
        SIMD16(lowHalf: eight(packed[0]), highHalf: eight(packed[0]))
    }
}
