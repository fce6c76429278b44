import ConvCore

/// Where the animation stands: a position in the sequence of every multiply-add of every output cell,
/// advanced only by actions (step, tick) so tests drive it with an injected clock.
public struct Playback: Equatable, Sendable {
    /// The position: `cell * stepsPerCell + step`, where `cell` is the flat (n, c, row, column) index.
    public var position: Int = 0
    /// Whether cells after the current one are hidden (the animation is under way).
    public var revealing = false
    /// Whether ticks advance the position.
    public var playing = false
    /// Index into ``speeds``.
    public var speedIndex = 2
    /// The time of the last tick, in seconds; `nil` until the first tick after play.
    public var lastTick: Double?
    /// Steps owed to the next tick (fractional progress).
    public var carry = 0.0
    /// Where playing stops, if before the end (a lesson animating one cell).
    public var stopAt: Int?

    /// The speeds offered, in multiply-adds per second.
    public static let speeds: [Double] = [1, 2, 4, 8, 16, 32, 64, 256, 1024]

    /// Multiply-adds per second.
    public var speed: Double { Self.speeds[speedIndex] }
}

/// The shape of the animation for one convolution: how many cells, how many steps each.
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

    /// The output cell at flat index `cell`.
    public func index(ofCell cell: Int) -> TensorIndex {
        let plane = output.h * output.w, channels = output.c * plane
        return TensorIndex(n: cell / channels, channel: (cell % channels) / plane,
                           row: (cell % plane) / output.w, column: cell % output.w)
    }

    /// The flat index of an output cell.
    public func cell(of index: TensorIndex) -> Int {
        ((index.n * output.c + index.channel) * output.h + index.row) * output.w + index.column
    }

    /// The position that shows cell `cell` complete.
    public func lastPosition(ofCell cell: Int) -> Int { cell * stepsPerCell + stepsPerCell - 1 }
}
