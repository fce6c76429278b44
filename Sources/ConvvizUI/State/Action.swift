import ConvCore
import Presets

/// Everything that can happen to the app. Keys, mouse, timers and finished file operations all
/// become actions; only ``Reducer/reduce(_:_:)`` turns them into a new state.
public enum Action: Equatable, Sendable {
    // MARK: Navigation
    /// Moves the cursor of the focused panel.
    case move(rows: Int, columns: Int)
    /// Focuses the next panel (Tab).
    case focusNext
    /// Focuses the previous panel (Shift-Tab).
    case focusPrevious
    /// Focuses a panel and selects a cell in it (a mouse click); for the bias, `channel` is the index.
    case select(Focus, TensorIndex)
    /// Selects a parameter field.
    case selectParameter(ParameterField)

    // MARK: Parameters
    /// Raises (positive) or lowers (negative) a parameter.
    case adjustParameter(ParameterField, Int)
    /// Raises or lowers stride, padding or dilation on both axes (give the height field).
    case adjustBothAxes(ParameterField, Int)
    /// Cycles padding between numbers, `same` and `valid`.
    case cyclePaddingKind
    /// Cycles the padding mode.
    case cyclePaddingMode
    /// Turns the bias on or off.
    case toggleBias

    // MARK: Editing
    /// Starts typing into the focused cell, with initial text (empty: the current value).
    case beginEdit(String)
    /// Types a character into the cell being edited.
    case editType(Character)
    /// Deletes the last character typed.
    case editBackspace
    /// Stores the typed number.
    case commitEdit
    /// Abandons the typed number.
    case cancelEdit
    /// Undoes the last change.
    case undo
    /// Redoes the last undone change.
    case redo
    /// Fills the focused grid with random small integers.
    case randomize
    /// Fills the focused grid with zeros.
    case zero
    /// Grows (positive) or shrinks (negative) the focused grid.
    case resizeGrid(rows: Int, columns: Int)

    // MARK: Animation
    /// Plays or pauses.
    case togglePlay
    /// Moves by single multiply-adds.
    case step(Int)
    /// Moves by whole output cells.
    case stepCell(Int)
    /// Goes to the first multiply-add of the first cell.
    case jumpToStart
    /// Shows the whole output.
    case jumpToEnd
    /// Faster (positive) or slower (negative).
    case changeSpeed(Int)
    /// The clock: the time now, in seconds.
    case tick(Double)

    // MARK: Views
    /// Switches between numbers and heatmaps.
    case toggleHeatmap
    /// Switches a 3-channel input's heatmap between the composite RGB picture and the channel maps.
    case toggleComposite
    /// Zooms the grids in or out, to a level, or back to fitting the screen.
    case zoom(ZoomAction)
    /// Shows the help screen.
    case showHelp
    /// Closes the help screen or clears the status line.
    case dismiss

    // MARK: Lessons
    /// Starts the preset's lesson, or ends the one under way.
    case toggleLesson
    /// Moves through the lesson's steps.
    case lessonStep(Int)
    /// Types into the quiz answer.
    case quizType(Character)
    /// Deletes the last character of the quiz answer.
    case quizBackspace
    /// Checks the quiz answer.
    case quizSubmit

    // MARK: Transposed convolution
    /// Switches between the scatter view and the equivalent direct convolution.
    case toggleTransposedView

    // MARK: Backward pass
    /// Enters or leaves the backward mode (dL/dY, dL/dX, dL/dW).
    case toggleBackward

    // MARK: Pipeline (layer stacks)
    /// Opens the selected layer in its own single-operation view (Enter on a pipeline).
    case openLayer
    /// The next or previous channel of the selected grid.
    case cycleChannel(Int)
    /// Switches earlier grids between their values and the selected unit's path counts.
    case toggleFieldPaths

    // MARK: Preset browser
    /// Opens the preset browser.
    case openBrowser
    /// Moves the browser's selection.
    case browse(Int)
    /// Opens the selected preset.
    case openSelectedPreset

    // MARK: Command line
    /// Opens the `:` prompt.
    case openCommandLine
    /// Types into the prompt.
    case commandType(Character)
    /// Deletes the last character of the prompt; closes it when empty.
    case commandBackspace
    /// Completes the command or argument (Tab).
    case commandComplete
    /// Runs the typed command.
    case commandSubmit
    /// Closes the prompt.
    case commandCancel
    /// Runs a command as if typed after `:`.
    case run(String)

    // MARK: Mouse and terminal
    /// A click at a screen position.
    case click(x: Int, y: Int)
    /// A wheel turn at a screen position.
    case wheel(x: Int, y: Int, delta: Int)
    /// The terminal's new size.
    case resize(width: Int, height: Int)

    // MARK: Lifecycle
    /// `q`: quits, or asks first when there are unsaved edits.
    case requestQuit
    /// The answer to "quit without saving?".
    case confirmQuit(Bool)
    /// The answer to "open this preset without saving?" (the preset browser).
    case confirmOpen(Bool)
    /// A preset finished loading.
    case loaded(Preset, path: String)
    /// A preset could not be loaded.
    case loadFailed(String)
    /// The preset was saved.
    case saved(path: String)
    /// The preset could not be saved.
    case saveFailed(String)

    // MARK: Background work
    /// An ``OutputJob`` has done `done` multiply-adds.
    case computeProgress(generation: Int, done: Int)
    /// An ``OutputJob`` finished.
    case computed(generation: Int, output: Tensor)
}

/// Work the reducer asks the outside world to do; the result comes back as an action.
public enum Effect: Equatable, Sendable {
    /// Leave the app.
    case quit
    /// Write `contents` to `path` atomically; refuse an existing file unless `overwrite`.
    case save(path: String, contents: String, overwrite: Bool)
    /// Load a preset by path or shipped name.
    case load(String)
    /// Compute a large output off the UI thread, superseding any job still running; progress and the result come
    /// back as ``Action/computeProgress(generation:done:)`` and ``Action/computed(generation:output:)``.
    case compute(OutputJob)
    /// Stop the job computing an output that is no longer wanted.
    case cancelCompute
}
