import ConvCore
import Foundation
import Presets

/// The one place the app's state changes: `reduce(&state, action)` returns the effects to run.
public enum Reducer {
    /// Applies an action; returns the work (quit, save, load) the caller must perform.
    public static func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        var effects: [Effect] = []
        // A message answers the action before it: the next key or click clears it (the clock and resizes do not).
        switch action {
        case .tick, .resize: break
        default: state.status = nil
        }
        if state.explorer != nil, state.explore(action) { return [] }
        switch action {
        case let .move(rows, columns): state.moveCursor(rows: rows, columns: columns)
        case .focusNext: state.cycleFocus(by: 1)
        case .focusPrevious: state.cycleFocus(by: -1)
        case let .select(focus, index): state.select(focus, index)
        case let .selectParameter(field):
            state.focus = .parameters
            state.parameterCursor = field

        case let .adjustParameter(field, delta): state.adjustParameter(field, by: delta)
        case let .adjustBothAxes(field, delta): state.adjustBothAxes(field, by: delta)
        case .cyclePaddingKind: state.cyclePaddingKind()
        case .cyclePaddingMode: state.adjustParameter(.paddingMode, by: 1)
        case .toggleBias: state.adjustParameter(.bias, by: 1)

        case let .beginEdit(text): state.beginEdit(text)
        case let .editType(character): state.editType(character)
        case .editBackspace: state.editBackspace()
        case .commitEdit: state.commitEdit()
        case .cancelEdit: state.mode = .normal
        case .undo: state.undo()
        case .redo: state.redo()
        case .randomize: state.fillFocusedGrid(random: true)
        case .zero: state.fillFocusedGrid(random: false)
        case let .resizeGrid(rows, columns): state.resizeFocusedGrid(rows: rows, columns: columns)

        case .togglePlay: state.togglePlay()
        case let .step(delta): state.step(by: delta)
        case let .stepCell(delta): state.stepCell(by: delta)
        case .jumpToStart: state.jumpToStart()
        case .jumpToEnd: state.jumpToEnd()
        case let .changeSpeed(delta):
            state.playback.speedIndex = min(max(state.playback.speedIndex + delta, 0), Playback.speeds.count - 1)
            state.inform("speed \(NumberText.format(state.playback.speed)) multiply-adds per second")
        case let .tick(now): state.tick(now)

        case .toggleHeatmap:
            state.heatmap.toggle()
            state.inform(state.heatmap ? "heatmap view: the status line shows the value under the cursor" : "number view")
        case .showHelp: state.mode = .help
        case .dismiss:
            state.mode = .normal

        case .toggleTransposedView: state.fail("only a transposed convolution has a second view")
        case .toggleLesson: state.lesson == nil ? state.startLesson() : state.endLesson()
        case let .lessonStep(delta): state.openLessonStep((state.lesson?.index ?? 0) + delta)
        case let .quizType(character): state.quizType(character)
        case .quizBackspace: state.quizBackspace()
        case .quizSubmit: state.quizSubmit()

        case .openBrowser:
            let current = state.presetPath.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
            state.mode = .browser(selection: current.flatMap { state.presetNames.firstIndex(of: $0) } ?? 0)
        case let .browse(delta):
            if case let .browser(selection) = state.mode, !state.presetNames.isEmpty {
                state.mode = .browser(selection: min(max(selection + delta, 0), state.presetNames.count - 1))
            }
        case .openSelectedPreset:
            if case let .browser(selection) = state.mode, state.presetNames.indices.contains(selection) {
                state.mode = .normal
                effects = state.isDirty ? { state.fail("unsaved edits: :save FILE first, or :load! \(state.presetNames[selection])"); return [] }()
                                        : [.load(state.presetNames[selection])]
            }

        case .openCommandLine: state.mode = .command(CommandLineState())
        case let .commandType(character): state.commandType(character)
        case .commandBackspace: state.commandBackspace()
        case .commandComplete: state.commandComplete()
        case .commandSubmit: effects = state.commandSubmit()
        case .commandCancel: state.mode = .normal
        case let .run(command): effects = CommandRunner.run(command, on: &state)

        case let .click(x, y): state.click(x: x, y: y)
        case let .wheel(x, y, delta): state.wheel(x: x, y: y, delta: delta)
        case let .resize(width, height):
            state.screenWidth = max(1, width)
            state.screenHeight = max(1, height)

        case .requestQuit:
            if state.isDirty {
                state.mode = .confirmQuit
            } else {
                effects = [.quit]
            }
        case let .confirmQuit(yes):
            state.mode = .normal
            if yes { effects = [.quit] } else { state.inform("not quitting; :save FILE keeps your edits") }
        case let .loaded(preset, path): state.load(preset, path: path)
        case let .loadFailed(message): state.fail(message)
        case let .saved(path):
            state.cleanPreset = state.presetToSave
            state.presetPath = path
            state.inform(state.lesson == nil ? "saved \(path)" : "saved the lesson as loaded to \(path) (t ends the lesson; then :save keeps the screen)")
        case let .saveFailed(message): state.fail(message)
        }
        state.normalize()
        return effects
    }
}

extension AppState {
    /// Shows an informational message.
    mutating func inform(_ text: String) { status = StatusMessage(text: text, isError: false) }

    /// Shows a problem.
    mutating func fail(_ text: String) { status = StatusMessage(text: text, isError: true) }

    /// Applies an undoable change to the workspace.
    mutating func change(_ body: (inout Workspace) -> Void) {
        let before = workspace.preset
        body(&workspace)
        guard workspace.preset != before else { return }
        undoStack.append(before)
        let elements = before.input.values.count + before.kernel.values.count
        let limit = max(3, min(Self.undoLimit, Self.undoElementBudget / max(1, elements)))
        if undoStack.count > limit { undoStack.removeFirst(undoStack.count - limit) }
        redoStack.removeAll()
        afterWorkspaceChange()
    }

    mutating func undo() {
        guard let previous = undoStack.popLast() else { return inform("nothing to undo") }
        redoStack.append(workspace.preset)
        workspace.replace(with: previous)
        afterWorkspaceChange()
        inform("undone (\(undoStack.count) more)")
    }

    mutating func redo() {
        guard let next = redoStack.popLast() else { return inform("nothing to redo") }
        undoStack.append(workspace.preset)
        workspace.replace(with: next)
        afterWorkspaceChange()
        inform("redone")
    }

    /// Keeps the cursors inside their grids and the animation at the selected cell.
    mutating func afterWorkspaceChange() {
        normalize()
        if let plan {
            let cell = plan.cell(of: outputCursor)
            let step = playback.position % max(1, plan.stepsPerCell)
            playback.position = playback.revealing
                ? cell * plan.stepsPerCell + min(step, plan.stepsPerCell - 1)
                : plan.lastPosition(ofCell: cell)
        }
    }

    mutating func load(_ preset: Preset, path: String) {
        let names = presetNames, descriptions = presetDescriptions
        self = AppState(preset: preset, presetPath: path, presetNames: names, width: screenWidth, height: screenHeight)
        presetDescriptions = descriptions
        inform("loaded \(path)")
    }

    /// Clamps every cursor to its grid and keeps the output cursor on the animation's cell.
    mutating func normalize() {
        let input = preset.input.shape, kernel = preset.kernel.shape
        inputCursor = Self.clamp(inputCursor, to: input)
        kernelCursor = Self.clamp(kernelCursor, to: kernel)
        biasCursor = min(max(biasCursor, 0), max(0, kernel.n - 1))
        if focus == .bias && preset.bias == nil { focus = .kernel }
        guard let plan else { return }
        outputCursor = Self.clamp(outputCursor, to: plan.output)
        playback.position = min(max(playback.position, 0), max(0, plan.totalSteps - 1))
        if playback.revealing {
            outputCursor = plan.index(ofCell: playback.position / plan.stepsPerCell)
        } else if plan.cell(of: outputCursor) != playback.position / plan.stepsPerCell {
            playback.position = plan.lastPosition(ofCell: plan.cell(of: outputCursor))
        }
    }

    static func clamp(_ index: TensorIndex, to shape: Shape4) -> TensorIndex {
        TensorIndex(n: min(max(index.n, 0), shape.n - 1), channel: min(max(index.channel, 0), shape.c - 1),
                    row: min(max(index.row, 0), shape.h - 1), column: min(max(index.column, 0), shape.w - 1))
    }
}
