import ConvCore
import Presets

/// What is specific to the preset's operation: one case per operation, each bringing its timeline, its action
/// handling, its screen (panels, parameter bar, arithmetic line) and its lesson steps.
///
/// Every `switch` over a subject is exhaustive, so adding an operation (a case here, built in ``init(_:)``) makes
/// the compiler list each place that must say what the new operation does.
public enum Subject: Sendable {
    /// `conv2d`, editable: its state is the document itself (``AppState/workspace``) and the screen's cursors.
    case convolution
    /// `conv_transpose2d`, for watching: the scatter view and the equivalent direct convolution.
    case transposed(TransposedSubject)
    /// Max or average pooling, for watching.
    case pooling(PoolingSubject)
    /// A stack of layers: every layer's output and a unit's receptive field.
    case pipeline(PipelineSubject)
    /// A preset PyTorch rejects: the screen says why.
    case rejected(ConvError)
    /// The backward pass of the operation (`g`): dL/dY editable, dL/dX and dL/dW stepped.
    indirect case backward(BackwardSubject)

    /// The subject of a preset: the registry of operations.
    init(_ preset: Preset) {
        do throws(ConvError) {
            switch preset.operation {
            case .convolution: self = .convolution
            case let .transposed(parameters): self = .transposed(try TransposedSubject(preset, parameters))
            case let .pooling(parameters): self = .pooling(try PoolingSubject(preset, parameters))
            case .stack: self = .pipeline(try PipelineSubject(preset))
            }
        } catch {
            self = .rejected(error)
        }
    }

    /// Whether the user edits the preset (the other subjects are for watching).
    public var isEditable: Bool {
        switch self {
        case .convolution: true
        case .transposed, .pooling, .pipeline, .rejected, .backward: false
        }
    }

    /// The steps of the animation shown, when there is one.
    func timeline(_ state: AppState) -> Timeline? {
        switch self {
        case .convolution: state.plan?.timeline
        case let .transposed(transposed): transposed.timeline
        case let .pooling(pooling): pooling.timeline
        case .pipeline, .rejected: nil
        case let .backward(backward): backward.timeline
        }
    }

    /// Why `v` (the heatmap) does nothing on this screen; `nil` where it works (the convolution screens).
    var noHeatmap: String? {
        switch self {
        case .convolution: nil
        case let .transposed(transposed):
            transposed.view == .direct ? nil : "no heatmap in the scatter view: e opens the direct view, where v works"
        case .pooling:
            "no heatmap in the pooling view: it shows the numbers each window takes (v works on a conv2d preset)"
        case .pipeline: "the pipeline already draws every grid as a picture: Enter opens a layer, where v works"
        case .backward: "no heatmap in backward mode: g returns to the forward pass, where v works"
        case .rejected: "no heatmap: PyTorch rejects this preset, so there is no output to draw"
        }
    }

    /// The convolution the screen shows as one, if any.
    func shownConvolution(_ state: AppState) -> ShownConvolution? {
        switch self {
        case .convolution: ShownConvolution(workspace: state.workspace, roles: nil)
        case let .transposed(transposed): transposed.shownConvolution
        case .pooling, .pipeline, .rejected, .backward: nil
        }
    }

    /// Sets up the screen for a freshly opened preset: the whole output, with the first cell selected.
    func open(_ state: inout AppState) {
        switch self {
        case .convolution: state.showWholeOutput()
        case let .transposed(transposed): state.playback.jumpToEnd(on: transposed.scatterTimeline)
        case let .pooling(pooling): state.playback.jumpToEnd(on: pooling.timeline)
        case .pipeline, .rejected: break
        case let .backward(backward): state.playback.showWhole(cell: 0, on: backward.timeline)
        }
    }
}

extension AppState {
    /// Runs `body` when the subject is editable, else says why not.
    mutating func editing(_ body: (inout AppState) -> Void) {
        switch subject {
        case .convolution: body(&self)
        case .pipeline:
            fail(
                "in the pipeline only the input is edited: Tab to the input and type a number; "
                    + "Enter opens a convolution layer, whose weights are edited in its own view")
        case .backward:
            fail("backward mode shows the gradients: g returns to the forward pass to edit")
        case .transposed, .pooling, .rejected:
            fail(
                "\(preset.operation.name) presets are for watching: edit the preset file, "
                    + "or :load a conv2d preset to experiment")
        }
    }

    /// Runs `body` when the screen shows a convolution (conv2d, or the transposed direct view); the explorers
    /// select with the playback instead.
    mutating func onConvolutionScreen(_ body: (inout AppState) -> Void) {
        switch subject {
        case .convolution: body(&self)
        case let .transposed(transposed): if transposed.view == .direct { body(&self) }
        case .pooling, .pipeline, .rejected, .backward: break
        }
    }

    /// Moves the cursor: in a convolution's focused panel, or the explorers' selected cell.
    mutating func moveSelection(rows: Int, columns: Int) {
        switch subject {
        case .convolution: moveCursor(rows: rows, columns: columns)
        case let .transposed(transposed):
            if transposed.view == .direct {
                moveCursor(rows: rows, columns: columns)
            } else {
                moveExplorerSelection(rows: rows, columns: columns, on: transposed.scatterTimeline)
            }
        case let .pooling(pooling): moveExplorerSelection(rows: rows, columns: columns, on: pooling.timeline)
        case .pipeline: updatePipeline { $0.move(rows: rows, columns: columns) }
        case let .backward(backward): moveExplorerSelection(rows: rows, columns: columns, on: backward.timeline)
        case .rejected: break
        }
    }

    /// Switches a transposed convolution between its scatter and direct views.
    mutating func toggleTransposedView() {
        switch subject {
        case var .transposed(transposed):
            guard transposed.direct != nil else {
                return fail(
                    "the direct view's zero-inserted input would be too large to show; the scatter view is exact")
            }
            transposed.toggleView(parking: &cursors, &playback, &heatmap)
            subject = .transposed(transposed)
            inform(
                transposed.view == .direct
                    ? "direct view: the same output as a stride-1 convolution over the zero-inserted, padded input "
                        + "with the flipped kernel"
                    : "scatter view: each input cell stamps the kernel, scaled by its value, onto the output")
        case .convolution, .pooling, .pipeline, .rejected, .backward:
            fail("only a transposed convolution has a second view")
        }
    }

    /// The playback actions: one machine over the subject's timeline; the subject keeps its cursors in step
    /// and words what happened.
    mutating func play(_ action: PlaybackAction) {
        var event: PlaybackEvent?
        if case let .changeSpeed(delta) = action {
            event = playback.changeSpeed(by: delta)
        } else if let timeline {
            event = move(playback: action, on: timeline)
        } else {
            if case .tick = action { return }
            if case .pipeline = subject {
                return fail("the pipeline does not animate: Enter opens a convolution or pooling layer, which plays")
            }
            return fail("nothing to animate: \(workspace.error?.description ?? "the combination is invalid")")
        }
        switch subject {
        case .convolution:
            if let event { inform(Self.words(event, speed: playback.speed)) }
        case .transposed, .pooling, .pipeline, .rejected, .backward: break
        }
    }

    private mutating func move(playback action: PlaybackAction, on timeline: Timeline) -> PlaybackEvent? {
        switch action {
        case .togglePlay: return playback.togglePlay(on: timeline)
        case let .step(delta): playback.step(by: delta, on: timeline)
        case let .stepCell(delta): playback.stepCell(by: delta, on: timeline)
        case .jumpToStart: playback.jumpToStart()
        case .jumpToEnd:
            playback.jumpToEnd(on: timeline)
            onConvolutionScreen { $0.cursors.output = timeline.index(ofCell: timeline.cells - 1) }
        case let .changeSpeed(delta): return playback.changeSpeed(by: delta)
        case let .tick(now): return playback.tick(now, on: timeline)
        }
        return nil
    }

    /// What a playback event says on the convolution's status line.
    private static func words(_ event: PlaybackEvent, speed: Double) -> String {
        switch event {
        case .paused: "paused"
        case .started: "playing at \(Int(speed)) multiply-adds per second (space pauses, < > change speed)"
        case .speedChanged: "speed \(NumberText.format(speed)) multiply-adds per second"
        case let .finished(atEnd): atEnd ? "done: every output cell computed" : "done: space plays on"
        }
    }

    /// Opens a lesson step's selection and animation.
    mutating func openLessonStepOnSubject(_ step: LessonStep) {
        switch subject {
        case .convolution: openConvolutionLessonStep(step)
        case var .transposed(transposed):
            if transposed.view == .direct {
                transposed.toggleView(parking: &cursors, &playback, &heatmap)
                subject = .transposed(transposed)
            }
            openExplorerLessonStep(step, on: transposed.scatterTimeline)
        case let .pooling(pooling): openExplorerLessonStep(step, on: pooling.timeline)
        case .pipeline: openPipelineLessonStep(step)
        case .rejected: break
        case let .backward(backward): openExplorerLessonStep(step, on: backward.timeline)
        }
    }
}

/// The actions the one playback machine answers.
enum PlaybackAction: Equatable {
    case togglePlay
    case step(Int)
    case stepCell(Int)
    case jumpToStart
    case jumpToEnd
    case changeSpeed(Int)
    case tick(Double)
}
