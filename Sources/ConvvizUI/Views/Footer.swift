import ConvCore
import Presets

/// The lines under the panels: the output-size formulas, the arithmetic of the current cell, the
/// animation's state, and the status line.
struct Footer {
    let state: AppState
    /// The convolution shown.
    let shown: ShownConvolution
    let frame: AnimationFrame?

    /// The formulas with the current numbers: from the validated geometry, else from the raw settings.
    func formulas() -> [OutputSizeFormula] {
        if let geometry = shown.workspace.geometry { return [geometry.formula(.height), geometry.formula(.width)] }
        let preset = shown.preset, parameters = preset.parameters
        let padding = AppState.explicitPadding(preset)
        return [
            OutputSizeFormula(
                axis: .height, size: preset.input.shape.h, padBefore: padding.height, padAfter: padding.height,
                dilation: parameters.dilation.height, kernel: preset.kernel.shape.h, stride: parameters.stride.height),
            OutputSizeFormula(
                axis: .width, size: preset.input.shape.w, padBefore: padding.width, padAfter: padding.width,
                dilation: parameters.dilation.width, kernel: preset.kernel.shape.w, stride: parameters.stride.width),
        ]
    }

    func formulaLines(oneLine: Bool) -> [String] {
        if state.lesson?.hidesShape == true {
            return oneLine ? ["H_out = ?   W_out = ?"] : ["H_out = ?", "W_out = ?"]
        }
        let texts = formulas().map { formula in
            var text = formula.description
            if shown.workspace.error != nil { text += "  (not valid: see the error)" }
            if formula.droppedByFloor > 0 {
                let unit = formula.axis == .height ? "row" : "column"
                text += " (floor drops \(formula.droppedByFloor) \(unit)\(formula.droppedByFloor == 1 ? "" : "s"))"
            }
            return text
        }
        return oneLine ? [texts.joined(separator: "   ")] : texts
    }

    /// The sum of the current cell, grouped by input channel (``ArithmeticLines``), in at most `maxLines`
    /// lines of `width`.
    func arithmetic(width: Int, maxLines: Int) -> [StyledLine] {
        guard let frame else {
            return [[("no output: \(shown.workspace.error?.description ?? "invalid combination")", Theme.error)]]
        }
        if state.lesson?.hidesShape == true {
            return [[("the output is hidden until you answer: use the formula", Theme.dim)]]
        }
        let cell = frame.cell
        let name = Notation.output(cell, batched: shown.preset.isBatched)
        if let lesson = state.lesson, lesson.hidesValue, cell == lesson.quizCell {
            return [[("\(name) = ?", Theme.title), ("   your turn: add up the products", Theme.dim)]]
        }
        let shownTaps = frame.biasAdded ? frame.trace.taps.count : min(frame.step + 1, frame.trace.taps.count)
        let terms = frame.trace.taps.prefix(shownTaps).map { tap in
            ArithmeticTerm(
                channel: tap.inputChannel, weight: tap.weight, value: tap.value,
                isZeroPadding: tap.source == .zeroPadding)
        }
        let arithmetic = ArithmeticLines(
            name: name, terms: Array(terms), current: frame.step < shownTaps ? frame.step : nil,
            groupsChannels: (shown.workspace.geometry?.weightShape.c ?? 1) > 1,
            bias: frame.biasAdded ? frame.trace.bias : nil, biasIsCurrent: frame.step == frame.trace.taps.count,
            total: frame.isComplete ? frame.trace.value : frame.partialSum, isComplete: frame.isComplete)
        return arithmetic.lines(width: width, maxLines: maxLines).map { $0.map { ($0.text, $0.style) } }
    }

    /// The animation's line: its state, speed and position, then the keys that fit whole in `width` (the title
    /// always shows `? help  q quit`, so they come last and are the first to go).
    func playbackLine(width: Int) -> [(String, Style)] {
        guard let frame else {
            return [
                (
                    state.lesson == nil
                        ? "fix the parameters to see the animation (u undoes)" : "PgDn / PgUp: another step", Theme.dim
                )
            ]
        }
        let playback = state.playback
        let status = playback.statusText
        let speed = "\(GridNumber.format(playback.speed))/s"
        let cells = state.lesson?.hidesShape == true ? "cell ?/?" : "cell \(frame.cellNumber + 1)/\(frame.plan.cells)"
        let position = "\(cells) · step \(frame.step + 1)/\(frame.plan.stepsPerCell)"
        var line: [(String, Style)] = [(status, Theme.title), ("  \(speed)  \(position)   ", .plain)]
        if state.isRecording { return line }
        var used = line.reduce(0) { $0 + $1.0.count }
        for (key, label) in [
            ("space", "play"), ("n N", "step"), ("] [", "cell"), ("< >", "speed"), ("?", "help"),
            ("q", "quit"),
        ] {
            guard used + key.count + 1 + label.count <= width else { break }
            line += [(key, Theme.key), (" \(label)  ", Theme.info)]
            used += key.count + label.count + 3
        }
        if let last = line.last, line.count > 2 { line[line.count - 1] = (String(last.0.dropLast(2)), last.1) }
        return line
    }

    /// The status line when there is nothing else to say: the error, or the value under the cursor.
    func idleStatus(panelsCut: Bool) -> StyledLine {
        if let error = shown.workspace.error {
            return [("error: \(error.key): \(error.description)", Theme.error)]
        }
        var parts = cursorValue()
        if panelsCut { parts.append(("  ⋯ scrolls with the cursor", Theme.dim)) }
        return parts
    }

    /// The exact value under the cursor ("values on demand").
    private func cursorValue() -> [(String, Style)] {
        let batched = shown.preset.isBatched
        switch state.cursors.focus {
        case .input:
            let value = shown.preset.value(.input, state.cursors.input)
            return [
                (
                    "\(Notation.cell(.input, state.cursors.input, batched: batched)) = \(NumberText.format(value))",
                    Theme.info
                ),
                ("   Tab: next panel · type a number to edit", Theme.dim),
            ]
        case .kernel:
            let value = shown.preset.value(.kernel, state.cursors.kernel)
            return [
                (
                    "\(Notation.cell(.kernel, state.cursors.kernel, batched: batched)) = \(NumberText.format(value))",
                    Theme.info
                ),
                ("   Tab: next panel · type a number to edit", Theme.dim),
            ]
        case .bias:
            return [
                (
                    "bias[\(state.cursors.bias)] = \(NumberText.format(shown.preset.value(.bias, TensorIndex(channel: state.cursors.bias, row: 0, column: 0))))",
                    Theme.info
                )
            ]
        case .output:
            guard let frame, state.lesson?.isAwaitingAnswer != true, !state.playback.revealing else { return [] }
            return [
                (
                    "\(Notation.output(frame.cell, batched: batched)) = \(NumberText.format(frame.trace.value))",
                    Theme.info
                ),
                ("   arrows select a cell · Tab: next panel · : commands", Theme.dim),
            ]
        case .parameters:
            return [("parameters: ← → pick a field, ↑ ↓ change it", Theme.info)]
        }
    }
}
