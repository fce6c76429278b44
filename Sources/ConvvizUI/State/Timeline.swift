import ConvCore

/// The steps an animation walks through: the cells of `cellShape` in row-major (n, c, row, column) order, each
/// `stepsPerCell` steps long. A subject provides its timeline; the one ``Playback`` machine moves along it.
public struct Timeline: Sendable {
    /// What stepping forward from the whole output starts.
    public enum Entry: Sendable {
        /// The selected cell (the convolution: its output cursor survives the whole-output view).
        case selectedCell
        /// The first step (the explorers: the whole output has no selection of its own).
        case firstStep
    }

    /// The shape whose cells the animation visits.
    public let cellShape: Shape4
    /// Steps per cell.
    public let stepsPerCell: Int
    /// What stepping forward from the whole output starts.
    public let entry: Entry
    /// Steps cell `cell` really has, when some cells have fewer than `stepsPerCell` (a ceil-mode pooling
    /// window clipped at the far edge); `nil` when every cell has them all.
    let stepsInCell: (@Sendable (Int) -> Int)?

    /// A timeline over the cells of `cellShape`.
    init(cellShape: Shape4, stepsPerCell: Int, entry: Entry, stepsInCell: (@Sendable (Int) -> Int)? = nil) {
        self.cellShape = cellShape
        self.stepsPerCell = stepsPerCell
        self.entry = entry
        self.stepsInCell = stepsInCell
    }

    /// Cells.
    public var cells: Int { cellShape.checkedCount ?? 1 }
    /// Steps in the whole animation.
    public var totalSteps: Int { cells * stepsPerCell }
    /// The last step.
    public var lastStep: Int { totalSteps - 1 }

    /// The cell that step `step` belongs to.
    public func cell(atStep step: Int) -> Int { step / stepsPerCell }
    /// The index of cell `cell`.
    public func index(ofCell cell: Int) -> TensorIndex { cellShape.index(atFlat: cell) }
    /// The cell of an index.
    public func cell(of index: TensorIndex) -> Int { cellShape.flatIndex(of: index) }
    /// The step that shows cell `cell` complete.
    public func lastStep(ofCell cell: Int) -> Int { cell * stepsPerCell + stepsPerCell - 1 }

    /// `step`, or, when it lies past the last real step of its cell, the nearest real step: the next cell's
    /// first going forward, else the cell's last.
    func skippingMissingSteps(_ step: Int, forward: Bool) -> Int {
        guard let stepsInCell else { return step }
        let cell = cell(atStep: step), steps = stepsInCell(cell)
        guard step % stepsPerCell >= steps else { return step }
        return forward ? min((cell + 1) * stepsPerCell, lastStep) : cell * stepsPerCell + max(steps, 1) - 1
    }
}
