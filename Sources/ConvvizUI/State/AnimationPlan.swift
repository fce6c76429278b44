import ConvCore

/// The shape of the animation of one convolution: how many cells, how many steps each.
public struct AnimationPlan: Equatable, Sendable {
    /// The output's shape.
    public let output: Shape4
    /// Taps per cell: `C_in/groups · kH · kW`.
    public let taps: Int
    /// Whether a last step adds the bias.
    public let hasBias: Bool

    /// The plan of a convolution.
    public init(_ convolution: Convolution) {
        output = convolution.geometry.outputShape
        let kernel = convolution.weight.shape
        taps = kernel.c * kernel.h * kernel.w
        hasBias = convolution.bias != nil
    }

    /// Steps per output cell: one per tap, plus one for the bias.
    public var stepsPerCell: Int { taps + (hasBias ? 1 : 0) }
    /// Output cells.
    public var cells: Int { output.n * output.c * output.h * output.w }
    /// Steps in the whole animation.
    public var totalSteps: Int { cells * stepsPerCell }
    /// The steps, for the playback machine: every multiply-add of every output cell; stepping forward from the
    /// whole output starts the selected cell.
    public var timeline: Timeline { Timeline(cellShape: output, stepsPerCell: stepsPerCell, entry: .selectedCell) }

    /// The output cell at flat index `cell`.
    public func index(ofCell cell: Int) -> TensorIndex { output.index(atFlat: cell) }
    /// The flat index of an output cell.
    public func cell(of index: TensorIndex) -> Int { output.flatIndex(of: index) }
    /// The position that shows cell `cell` complete.
    public func lastPosition(ofCell cell: Int) -> Int { cell * stepsPerCell + stepsPerCell - 1 }
}
