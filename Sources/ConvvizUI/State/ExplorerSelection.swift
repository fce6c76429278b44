import ConvCore
import Presets

/// The explorers (the transposed scatter view and pooling) select with the animation: the selected cell is the
/// one the playback stands on.
extension AppState {
    /// Moves the selected cell through the stacked planes, showing it complete.
    mutating func moveExplorerSelection(rows: Int, columns: Int, on timeline: Timeline) {
        playback.playing = false
        playback.revealing = true
        let index = timeline.index(ofCell: timeline.cell(atStep: playback.position))
        let moved = Cursors.moveStacked(index, rows: rows, columns: columns, shape: timeline.cellShape)
        playback.position = timeline.lastStep(ofCell: timeline.cell(of: moved))
    }

    /// Opens a lesson step: its selection (an input cell for the scatter view, an output cell for pooling) and
    /// its animation.
    mutating func openExplorerLessonStep(_ step: LessonStep, on timeline: Timeline) {
        var cell = timeline.cells - 1
        if let select = step.select {
            cell = timeline.cell(of: Cursors.clamp(Cursors.index(selecting: select), to: timeline.cellShape))
        }
        playback = Playback(position: timeline.lastStep(ofCell: cell), speedIndex: playback.speedIndex)
        switch step.animate {
        case .cell?: playback.play(from: cell * timeline.stepsPerCell, stoppingAt: timeline.lastStep(ofCell: cell))
        case .all?: playback.play(from: 0)
        case nil: break
        }
    }
}
