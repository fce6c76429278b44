/// One way an input cell feeds an output cell: through which kernel tap, and whether via padding.
public struct InputUse: Hashable, Sendable {
    /// The output cell that reads the input cell.
    public let output: TensorIndex
    /// The channel within the filter.
    public let kernelChannel: Int
    /// The kernel row of the tap.
    public let kernelRow: Int
    /// The kernel column of the tap.
    public let kernelColumn: Int
    /// Whether the tap reads a padding copy of the cell (reflect, replicate, circular) rather than the cell itself.
    public let viaPadding: Bool
}

extension Convolution {
    /// Every output cell that reads input cell `cell`, with the kernel tap it reads through, ordered by
    /// output channel, row, column, then tap — the inverse of ``trace(_:)``.
    public func uses(of cell: TensorIndex) -> [InputUse] {
        let g = geometry, kernel = weight.shape
        let group = g.group(ofInputChannel: cell.channel)
        let kernelChannel = cell.channel - group * g.inputChannelsPerGroup
        let rows = Self.reaches(cell.row, outputs: g.outputShape.h, taps: kernel.h) { i, a in
            g.rowSource(g.paddedRow(output: i, kernelRow: a))
        }
        let columns = Self.reaches(cell.column, outputs: g.outputShape.w, taps: kernel.w) { j, b in
            g.columnSource(g.paddedColumn(output: j, kernelColumn: b))
        }
        var uses: [InputUse] = []
        let firstOutput = group * g.outputChannelsPerGroup
        for o in firstOutput..<firstOutput + g.outputChannelsPerGroup {
            for row in rows {
                for column in columns {
                    uses.append(
                        InputUse(
                            output: TensorIndex(n: cell.n, channel: o, row: row.output, column: column.output),
                            kernelChannel: kernelChannel, kernelRow: row.tap, kernelColumn: column.tap,
                            viaPadding: row.viaPadding || column.viaPadding))
                }
            }
        }
        return uses.sorted {
            ($0.output.channel, $0.output.row, $0.output.column, $0.kernelRow, $0.kernelColumn)
                < ($1.output.channel, $1.output.row, $1.output.column, $1.kernelRow, $1.kernelColumn)
        }
    }

    /// The (output, tap) pairs along one axis whose padded coordinate maps to `index`.
    private static func reaches(
        _ index: Int, outputs: Int, taps: Int,
        source: (Int, Int) -> AxisSource
    ) -> [(output: Int, tap: Int, viaPadding: Bool)] {
        var found: [(output: Int, tap: Int, viaPadding: Bool)] = []
        for output in 0..<outputs {
            for tap in 0..<taps {
                switch source(output, tap) {
                case .inside(index): found.append((output, tap, false))
                case .copied(index): found.append((output, tap, true))
                default: continue
                }
            }
        }
        return found
    }
}
