import ConvCore
import Presets

/// A transposed convolution on screen. Two views: the scatter (each input cell stamps the weighted kernel onto
/// the output, one input cell per step) and the equivalent direct convolution (zero-inserted, padded input;
/// flipped kernel), shown as an ordinary convolution screen.
public struct TransposedSubject: Sendable {
    /// The two views.
    public enum View: Hashable, Sendable {
        case scatter
        case direct
    }

    /// The view shown.
    public private(set) var view = View.scatter
    /// The transposed convolution.
    public let convolution: TransposedConvolution
    /// Its output, computed once.
    public let output: Tensor
    /// The equivalent direct convolution, when its zero-inserted input fits in memory (the scatter view works
    /// without it).
    public let direct: ShownConvolution?
    /// The cursors, animation and heatmap setting of the view not shown, kept for switching back.
    private var parked: (cursors: Cursors, playback: Playback, heatmap: Bool)

    /// The subject of a transposed convolution preset; throws what PyTorch would reject.
    init(_ preset: Preset, _ parameters: TransposedConv2dParameters) throws(ConvError) {
        convolution = try TransposedConvolution(
            input: preset.input, weight: preset.kernel, bias: preset.bias,
            parameters: parameters)
        output = convolution.output()
        if let equivalent = try? DirectEquivalent(convolution) {
            let source = equivalent.convolution
            let preset = Preset(
                name: "\(preset.name): the equivalent direct convolution", input: source.input,
                inputRank: preset.inputRank == 4 ? 4 : 3, kernel: source.weight, bias: source.bias,
                parameters: source.parameters)
            direct = ShownConvolution(workspace: Workspace(preset: preset, synchronousLimit: .max), roles: equivalent)
        } else {
            direct = nil
        }
        var playback = Playback()
        if let plan = direct?.workspace.convolution.map(AnimationPlan.init) {
            playback.showWhole(cell: 0, on: plan.timeline)
        }
        parked = (Cursors(focus: .output), playback, direct.map { AppState.prefersHeatmap($0.preset) } ?? false)
    }

    /// The scatter view's steps: one per input cell.
    var scatterTimeline: Timeline {
        Timeline(cellShape: convolution.input.shape, stepsPerCell: 1, entry: .firstStep)
    }

    /// The steps of the view shown.
    var timeline: Timeline? {
        switch view {
        case .scatter: scatterTimeline
        case .direct: direct?.workspace.convolution.map { AnimationPlan($0).timeline }
        }
    }

    /// The convolution shown as one: the direct equivalent, in the direct view.
    var shownConvolution: ShownConvolution? {
        switch view {
        case .scatter: nil
        case .direct: direct
        }
    }

    /// The input cell stamped at `playback`'s step.
    func stampedCell(_ playback: Playback) -> TensorIndex {
        convolution.input.shape.index(atFlat: playback.position)
    }

    /// Shows the other view, swapping the screen's cursors, animation and heatmap setting with the parked ones.
    mutating func toggleView(parking cursors: inout Cursors, _ playback: inout Playback, _ heatmap: inout Bool) {
        view = view == .scatter ? .direct : .scatter
        swap(&parked.cursors, &cursors)
        swap(&parked.playback, &playback)
        swap(&parked.heatmap, &heatmap)
    }
}
