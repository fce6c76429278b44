import ConvCore

/// What the animation shows at its current position: the cell, its trace, and how far along it is.
struct AnimationFrame {
    let plan: AnimationPlan
    let trace: CellTrace
    /// The step within the cell: taps `0...step` are accumulated; `step == taps` adds the bias.
    let step: Int
    /// Whether later cells are hidden.
    let revealing: Bool

    init?(_ shown: ShownConvolution, _ playback: Playback) {
        guard let convolution = shown.workspace.convolution else { return nil }
        plan = AnimationPlan(convolution)
        let cell = playback.position / plan.stepsPerCell
        trace = convolution.trace(plan.index(ofCell: cell))
        step = playback.position % plan.stepsPerCell
        revealing = playback.revealing
    }

    var cell: TensorIndex { trace.output }
    var cellNumber: Int { plan.cell(of: cell) }
    /// The tap being multiplied now, or `nil` on the bias step.
    var currentTap: Tap? { step < trace.taps.count ? trace.taps[step] : nil }
    /// Whether the bias has been added.
    var biasAdded: Bool { trace.bias != nil && step >= trace.taps.count }
    /// Whether the cell's value is final.
    var isComplete: Bool { step == plan.stepsPerCell - 1 }
    /// The sum so far.
    var partialSum: Double { biasAdded ? trace.value : trace.taps[min(step, trace.taps.count - 1)].sum }

    /// Whether output cell `index` is shown (not yet reached cells are hidden while revealing).
    func isShown(_ index: TensorIndex) -> Bool {
        !revealing || plan.cell(of: index) < cellNumber
    }
}
