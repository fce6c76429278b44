import ConvCore
import Foundation
import Presets

/// The one place the app's state changes: `reduce(&state, action)` returns the effects to run.
///
/// Every action is routed here, in one exhaustive `switch`: app-wide actions (modes, commands, lessons, files)
/// are handled in place; the animation goes to the one playback machine over the subject's timeline; moving,
/// editing and views go to the subject, which says what they mean for its operation.
public enum Reducer {
    /// Applies an action; returns the work (quit, save, load) the caller must perform.
    public static func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        var effects: [Effect] = []
        let (generation, wasComputing) = (state.workspace.generation, state.workspace.isComputing)
        // A message answers the action before it: the next key or click clears it (the clock, resizes and background
        // results do not).
        if !action.isClockOrResize { state.status = nil }
        if let backward = state.reduceBackward(action) {
            state.normalize()
            return backward
        }
        switch action {
        case let .move(rows, columns): state.moveSelection(rows: rows, columns: columns)
        case .focusNext: state.nextPanelOrLayer(by: 1)
        case .focusPrevious: state.nextPanelOrLayer(by: -1)
        case let .select(focus, index): state.onConvolutionScreen { $0.select(focus, index) }
        case let .selectParameter(field): state.onConvolutionScreen { $0.selectParameter(field) }

        case let .adjustParameter(field, delta): state.editing { $0.adjustParameter(field, by: delta) }
        case let .adjustBothAxes(field, delta): state.editing { $0.adjustBothAxes(field, by: delta) }
        case .cyclePaddingKind: state.editing { $0.cyclePaddingKind() }
        case .cyclePaddingMode: state.editing { $0.adjustParameter(.paddingMode, by: 1) }
        case .toggleBias: state.editing { $0.adjustParameter(.bias, by: 1) }

        case let .beginEdit(text):
            if state.pipeline != nil { state.beginPipelineEdit(text) } else { state.editing { $0.beginEdit(text) } }
        case let .editType(character):
            if state.pipeline != nil { state.editType(character) } else { state.editing { $0.editType(character) } }
        case .editBackspace: state.editBackspace()
        case .commitEdit: if state.pipeline != nil { state.commitEdit() } else { state.editing { $0.commitEdit() } }
        case .cancelEdit: state.mode = .normal
        case .undo: if state.pipeline != nil { state.undo() } else { state.editing { $0.undo() } }
        case .redo: if state.pipeline != nil { state.redo() } else { state.editing { $0.redo() } }
        case .randomize: state.editing { $0.fillFocusedGrid(random: true) }
        case .zero: state.editing { $0.fillFocusedGrid(random: false) }
        case let .resizeGrid(rows, columns): state.editing { $0.resizeFocusedGrid(rows: rows, columns: columns) }

        case .togglePlay: state.play(.togglePlay)
        case let .step(delta): state.play(.step(delta))
        case let .stepCell(delta): state.play(.stepCell(delta))
        case .jumpToStart: state.play(.jumpToStart)
        case .jumpToEnd: state.play(.jumpToEnd)
        case let .changeSpeed(delta): state.play(.changeSpeed(delta))
        case let .tick(now): state.play(.tick(now))

        case .toggleHeatmap:
            if let reason = state.subject.noHeatmap {
                state.fail(reason)
            } else {
                state.heatmap.toggle()
                state.inform(
                    state.heatmap ? "heatmap view: the status line shows the value under the cursor" : "number view")
            }
        case .toggleComposite:
            state.compositeRGB.toggle()
            state.inform(
                state.compositeRGB ? "3-channel heatmaps: one RGB picture" : "3-channel heatmaps: one map per channel")
        case let .zoom(action):
            state.inform(state.zoom.apply(action, fitted: state.layout()?.fittedLevel ?? 1))
        case .showHelp: state.mode = .help
        case .dismiss:
            if state.mode == .normal && state.isInsideLayer { state.backToPipeline() } else { state.mode = .normal }
        case .toggleTransposedView: state.toggleTransposedView()
        case .toggleBackward: state.toggleBackward()
        case .openLayer: state.openLayer()
        case let .cycleChannel(delta): state.cycleChannel(by: delta)
        case .toggleFieldPaths: state.toggleFieldPaths()

        case .toggleLesson: state.lesson == nil ? state.startLesson() : state.endLesson()
        case let .lessonStep(delta): state.openLessonStep((state.lesson?.index ?? 0) + delta)
        case let .quizType(character): state.quizType(character)
        case .quizBackspace: state.quizBackspace()
        case .quizSubmit: state.quizSubmit()

        case .openBrowser:
            let current = state.presetPath.map {
                (($0 as NSString).lastPathComponent as NSString).deletingPathExtension
            }
            state.mode = .browser(selection: current.flatMap { state.catalogue.names.firstIndex(of: $0) } ?? 0)
        case let .browse(delta):
            if case let .browser(selection) = state.mode, !state.catalogue.names.isEmpty {
                state.mode = .browser(selection: min(max(selection + delta, 0), state.catalogue.names.count - 1))
            }
        case .openSelectedPreset:
            if case let .browser(selection) = state.mode, state.catalogue.names.indices.contains(selection) {
                state.mode = .normal
                let name = state.catalogue.names[selection]
                if state.isDirty {
                    state.mode = .confirmOpen(name)
                } else {
                    effects = [.load(name)]
                }
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
        case let .confirmOpen(yes):
            if case let .confirmOpen(name) = state.mode, yes {
                effects = [.load(name)]
            } else {
                state.inform("not opened; :save FILE keeps your edits")
            }
            state.mode = .normal
        case let .loaded(preset, path): state.load(preset, path: path)
        case let .loadFailed(message): state.fail(message)
        case let .saved(path): state.saved(to: path)
        case let .saveFailed(message): state.fail(message)
        case let .computeProgress(generation, done): state.workspace.progress(done, generation: generation)
        case let .computed(generation, output): state.workspace.accept(output, generation: generation)
        }
        state.normalize()
        // A change of the document supersedes the output being computed: a new job, or none.
        if state.workspace.generation != generation {
            if let job = state.workspace.job {
                effects.append(.compute(job))
            } else if wasComputing {
                effects.append(.cancelCompute)
            }
        }
        return effects
    }
}

extension Action {
    /// Whether the action is the clock, a resize or a background result, which leave the status line's message
    /// standing.
    var isClockOrResize: Bool {
        if case .tick = self { return true }
        if case .resize = self { return true }
        if case .computeProgress = self { return true }
        if case .computed = self { return true }
        return false
    }
}
