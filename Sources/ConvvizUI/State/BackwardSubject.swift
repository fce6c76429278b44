import ConvCore
import Presets

/// The backward pass of one operation, in the terms every view needs: the tensors and the per-cell traces.
public enum BackwardOperation: Sendable {
    case convolution(ConvolutionBackward)
    case transposed(TransposedBackward)
    case pooling(PoolingBackward)

    /// The forward pass's input X.
    public var input: Tensor {
        switch self {
        case let .convolution(backward): backward.convolution.input
        case let .transposed(backward): backward.convolution.input
        case let .pooling(backward): backward.pooling.input
        }
    }

    /// The weight W, `nil` for pooling.
    public var weight: Tensor? {
        switch self {
        case let .convolution(backward): backward.convolution.weight
        case let .transposed(backward): backward.convolution.weight
        case .pooling: nil
        }
    }

    /// Whether the operation has a bias (so a dL/db).
    public var hasBias: Bool {
        switch self {
        case let .convolution(backward): backward.convolution.bias != nil
        case let .transposed(backward): backward.convolution.bias != nil
        case .pooling: false
        }
    }

    /// dL/dY.
    public var outputGradient: Tensor {
        switch self {
        case let .convolution(backward): backward.outputGradient
        case let .transposed(backward): backward.outputGradient
        case let .pooling(backward): backward.outputGradient
        }
    }

    /// dL/dX, dL/dW and dL/db.
    public func gradients() -> Gradients {
        switch self {
        case let .convolution(backward): backward.gradients()
        case let .transposed(backward): backward.gradients()
        case let .pooling(backward): backward.gradients()
        }
    }

    /// The terms of one dL/dX cell.
    public func inputTrace(_ cell: TensorIndex) -> GradientTrace {
        switch self {
        case let .convolution(backward): backward.inputTrace(cell)
        case let .transposed(backward): backward.inputTrace(cell)
        case let .pooling(backward): backward.inputTrace(cell)
        }
    }

    /// The terms of one dL/dW tap; pooling has none.
    public func weightTrace(_ tap: TensorIndex) -> GradientTrace? {
        switch self {
        case let .convolution(backward): backward.weightTrace(tap)
        case let .transposed(backward): backward.weightTrace(tap)
        case .pooling: nil
        }
    }

    /// The terms of dL/db for one output channel, when there is a bias.
    public func biasTrace(_ channel: Int) -> GradientTrace? {
        switch self {
        case let .convolution(backward): backward.convolution.bias == nil ? nil : backward.biasTrace(channel)
        case let .transposed(backward): backward.convolution.bias == nil ? nil : backward.biasTrace(channel)
        case .pooling: nil
        }
    }

    /// The operation's name, as PyTorch calls it.
    var name: String {
        switch self {
        case .convolution: "conv2d"
        case .transposed: "conv_transpose2d"
        case let .pooling(backward): backward.pooling.parameters.kind == .max ? "max_pool2d" : "avg_pool2d"
        }
    }
}

/// The backward mode (`g`, `:grad`) of a single-operation preset: dL/dY (the preset's `grad_output:`, all ones when
/// absent), and three views stepped like the forward pass:
/// - ``View/scatter``: dL/dX built by scattering, one dL/dY cell per step: each stamps the weighted kernel (pooling:
///   routes to the window's maximum, or spreads over the window with its divisor) onto dL/dX;
/// - ``View/gather``: one dL/dX cell at a time, every (dL/dY cell, weight tap) pair feeding it, one term per step;
/// - ``View/weight``: one dL/dW tap at a time, the correlation of the input it read with dL/dY, one output position
///   per step; dL/db is the sum of dL/dY per channel.
public struct BackwardSubject: Sendable {
    /// The views, in the order `e` cycles them.
    public enum View: Hashable, Sendable, CaseIterable {
        case scatter
        case gather
        case weight
    }

    /// The view shown.
    public internal(set) var view: View
    /// The backward pass.
    public let operation: BackwardOperation
    /// Its gradients, computed once.
    public let gradients: Gradients
    /// The forward pass's output Y, shown beside dL/dY when the screen is wide enough.
    public let output: Tensor
    /// The subject of the forward pass, restored when backward mode ends.
    let forward: Subject
    /// The forward pass's cursors, animation and heatmap setting, restored when backward mode ends.
    let parked: (cursors: Cursors, playback: Playback, heatmap: Bool)
    /// Terms per dL/dX cell (flat index), and per dL/dW tap.
    private let inputTerms: [Int], weightTerms: [Int]

    /// The most cells a gradient tensor may have in backward mode (each cell's terms are counted up front).
    public static let maxCells = 1 << 16

    /// The backward pass of `preset`, whose forward subject is `forward`; throws what PyTorch rejects, or
    /// `.gradientShape` when the preset's grad_output does not fit the output.
    init(
        _ preset: Preset, view: View = .scatter, forward: Subject,
        parked: (cursors: Cursors, playback: Playback, heatmap: Bool)
    ) throws(ConvError) {
        switch preset.operation {
        case .convolution:
            operation = .convolution(
                try ConvolutionBackward(try preset.convolution(), outputGradient: preset.gradOutput))
        case let .transposed(parameters):
            let convolution = try TransposedConvolution(
                input: preset.input, weight: preset.kernel, bias: preset.bias, parameters: parameters)
            operation = .transposed(try TransposedBackward(convolution, outputGradient: preset.gradOutput))
        case let .pooling(parameters):
            operation = .pooling(
                try PoolingBackward(
                    try Pooling(input: preset.input, parameters: parameters),
                    outputGradient: preset.gradOutput))
        case .stack:
            throw .gradientOfStack
        }
        gradients = operation.gradients()
        switch operation {
        case let .convolution(backward): output = backward.convolution.output()
        case let .transposed(backward): output = backward.convolution.output()
        case let .pooling(backward): output = backward.pooling.output()
        }
        let operation = operation
        let inputShape = operation.input.shape
        inputTerms = (0..<(inputShape.checkedCount ?? 0)).map {
            operation.inputTrace(inputShape.index(atFlat: $0)).terms.count
        }
        if case let .convolution(backward) = operation {
            // A conv2d tap lists every output position, padding included.
            let out = backward.convolution.geometry.outputShape
            weightTerms = Array(repeating: out.n * out.h * out.w, count: backward.convolution.weight.values.count)
        } else if let weight = operation.weight {
            weightTerms = (0..<(weight.shape.checkedCount ?? 0)).map {
                operation.weightTrace(weight.shape.index(atFlat: $0))?.terms.count ?? 0
            }
        } else {
            weightTerms = []
        }
        self.view = operation.weight == nil && view == .weight ? .scatter : view
        self.forward = forward
        self.parked = parked
    }

    /// The steps of the view shown.
    var timeline: Timeline {
        switch view {
        case .scatter:
            return Timeline(cellShape: operation.outputGradient.shape, stepsPerCell: 1, entry: .selectedCell)
        case .gather:
            let terms = inputTerms
            return Timeline(
                cellShape: operation.input.shape, stepsPerCell: max(1, terms.max() ?? 1), entry: .selectedCell,
                stepsInCell: { max(1, terms[$0]) })
        case .weight:
            let terms = weightTerms
            return Timeline(
                cellShape: operation.weight?.shape ?? operation.input.shape, stepsPerCell: max(1, terms.max() ?? 1),
                entry: .selectedCell, stepsInCell: { max(1, terms[$0]) })
        }
    }

    /// The views this operation has (pooling has no weight).
    var views: [View] { operation.weight == nil ? [.scatter, .gather] : View.allCases }

    /// The cell the playback stands on: a dL/dY cell (scatter), a dL/dX cell (gather) or a dL/dW tap (weight).
    func currentCell(_ playback: Playback) -> TensorIndex {
        let timeline = timeline
        return timeline.index(ofCell: timeline.cell(atStep: playback.position))
    }
}

extension AppState {
    /// Whether the screen shows a backward pass.
    public var isBackward: Bool {
        if case .backward = subject { true } else { false }
    }

    /// `g` and `:grad`: enters backward mode on a single-operation preset, or leaves it.
    mutating func toggleBackward() {
        if case let .backward(backward) = subject {
            subject = backward.forward
            (cursors, playback, heatmap) = backward.parked
            mode = .normal
            return inform("forward pass (g: backward pass)")
        }
        if case .rejected = subject {
            return fail("the backward pass needs an operation PyTorch accepts")
        }
        if workspace.error != nil, case .convolution = subject {
            return fail("the backward pass needs valid parameters: \(workspace.error?.description ?? "")")
        }
        var preset = preset
        var note = ""
        if let gradient = preset.gradOutput, let shape = try? outputShape(of: preset), gradient.shape != shape {
            preset.gradOutput = nil
            note = " (grad_output no longer fits the output: dL/dY is all ones)"
        }
        guard (preset.input.shape.checkedCount ?? .max) <= BackwardSubject.maxCells,
            (preset.kernel.shape.checkedCount ?? .max) <= BackwardSubject.maxCells
        else {
            return fail(
                "the backward view shows at most \(BackwardSubject.maxCells) cells a tensor: "
                    + "`convviz compute --grad` computes it")
        }
        do throws(ConvError) {
            let backward = try BackwardSubject(
                preset, forward: subject, parked: (cursors, playback, heatmap))
            if preset != self.preset { workspace.replace(with: preset) }
            subject = .backward(backward)
            heatmap = false
            playback = Playback(speedIndex: playback.speedIndex)
            playback.showWhole(cell: 0, on: backward.timeline)
            inform(Self.describe(backward.view) + note)
        } catch {
            fail("no backward pass: \(error.description)")
        }
    }

    /// Opens a lesson step in backward mode: the step's view, then its selection and animation there.
    mutating func openBackwardLessonStep(_ step: LessonStep, view: LessonStep.BackwardView) {
        toggleBackward()
        guard case var .backward(backward) = subject else { return }
        let wanted: BackwardSubject.View
        switch view {
        case .scatter: wanted = .scatter
        case .gather: wanted = .gather
        case .weight: wanted = .weight
        }
        if backward.views.contains(wanted) { backward.view = wanted }
        subject = .backward(backward)
        openExplorerLessonStep(step, on: backward.timeline)
        inform(Self.describe(backward.view))
    }

    /// The output's shape of a single-operation preset.
    private func outputShape(of preset: Preset) throws -> Shape4 {
        switch preset.operation {
        case .convolution: return try preset.convolution().geometry.outputShape
        case let .transposed(parameters):
            return try TransposedConvolution(
                input: preset.input, weight: preset.kernel, bias: preset.bias, parameters: parameters
            ).outputShape
        case let .pooling(parameters): return try Pooling(input: preset.input, parameters: parameters).outputShape
        case .stack: throw ConvError.gradientOfStack
        }
    }

    /// What a view shows, for the status line.
    static func describe(_ view: BackwardSubject.View) -> String {
        switch view {
        case .scatter:
            "backward pass, dL/dX by scatter: each dL/dY cell stamps the weighted kernel onto dL/dX (e: next view)"
        case .gather:
            "backward pass, dL/dX cell by cell: every (dL/dY cell, weight tap) pair that feeds it (e: next view)"
        case .weight:
            "backward pass, dL/dW tap by tap: the input it read times dL/dY, over every output position (e: next view)"
        }
    }

    /// The actions backward mode answers itself (its views, editing dL/dY, undo); `nil` for the others.
    mutating func reduceBackward(_ action: Action) -> [Effect]? {
        guard case let .backward(backward) = subject else { return nil }
        switch action {
        case .toggleTransposedView:
            let views = backward.views
            var next = backward
            next.view = views[((views.firstIndex(of: backward.view) ?? 0) + 1) % views.count]
            subject = .backward(next)
            playback = Playback(speedIndex: playback.speedIndex)
            playback.showWhole(cell: 0, on: next.timeline)
            inform(Self.describe(next.view))
        case let .beginEdit(text):
            guard backward.view == .scatter else {
                fail("the scatter view (e) selects the dL/dY cell to edit; r and z fill all of dL/dY")
                return []
            }
            let cell = backward.currentCell(playback)
            let value = backward.operation.outputGradient[cell.n, cell.channel, cell.row, cell.column]
            mode = .editing(
                EditBuffer(
                    grid: .gradOutput, index: cell,
                    text: text.isEmpty ? NumberText.format(value) : text))
        case let .editType(character): editType(character)
        case .commitEdit: commitGradientEdit()
        case .randomize, .zero:
            var generator = random
            let random = action == .randomize
            let shape = backward.operation.outputGradient.shape
            let values = (0..<(shape.checkedCount ?? 0)).map { _ in random ? Double(generator.next(in: -2...2)) : 0 }
            self.random = generator
            setGradOutput(Tensor(shape: shape, values: values))
            inform(random ? "randomised dL/dY (-2..2)" : "zeroed dL/dY")
        case .undo, .redo:
            action == .undo ? undo() : redo()
            rebuildBackward()
        case .adjustParameter, .adjustBothAxes, .cyclePaddingKind, .cyclePaddingMode, .toggleBias, .resizeGrid:
            fail("backward mode shows the gradients: g returns to the forward pass to change the operation")
        default:
            return nil
        }
        return []
    }

    /// Stores the typed dL/dY value.
    private mutating func commitGradientEdit() {
        guard case let .editing(buffer) = mode, case let .backward(backward) = subject else { return }
        let text = buffer.text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else {
            mode = .normal
            return
        }
        guard let value = Self.parseNumber(text) else {
            return fail("'\(text)' is not a number: type digits, with - and . if needed (Esc cancels)")
        }
        mode = .normal
        var gradient = backward.operation.outputGradient
        let index = buffer.index
        gradient[index.n, index.channel, index.row, index.column] = value
        setGradOutput(gradient)
    }

    /// Replaces dL/dY (an undoable edit of the preset's grad_output) and recomputes the gradients.
    private mutating func setGradOutput(_ gradient: Tensor) {
        change { workspace in
            var preset = workspace.preset
            preset.gradOutput = gradient
            workspace.replace(with: preset)
        }
        rebuildBackward()
    }

    /// Recomputes the backward pass from the preset, keeping the view and the playback.
    private mutating func rebuildBackward() {
        guard case let .backward(backward) = subject else { return }
        do throws(ConvError) {
            let rebuilt = try BackwardSubject(
                preset, view: backward.view, forward: backward.forward, parked: backward.parked)
            subject = .backward(rebuilt)
            playback.position = min(playback.position, rebuilt.timeline.lastStep)
        } catch {
            subject = backward.forward
            (cursors, playback, heatmap) = backward.parked
            fail("backward pass ended: \(error.description)")
        }
    }
}

extension AppState {
    /// The backward view shown, in backward mode.
    public var backwardView: BackwardSubject.View? {
        if case let .backward(backward) = subject { backward.view } else { nil }
    }
}
