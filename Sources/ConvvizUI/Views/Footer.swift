import ConvCore
import Presets

/// The lines under the panels: the output-size formulas, the arithmetic of the current cell, the
/// animation's state, and the status line.
struct Footer {
    let state: AppState
    let frame: AnimationFrame?

    /// The formulas with the current numbers: from the validated geometry, else from the raw settings.
    func formulas() -> [OutputSizeFormula] {
        if let geometry = state.workspace.geometry { return [geometry.formula(.height), geometry.formula(.width)] }
        let preset = state.preset, parameters = preset.parameters
        let padding = state.explicitPadding()
        return [
            OutputSizeFormula(axis: .height, size: preset.input.shape.h, padBefore: padding.height, padAfter: padding.height,
                              dilation: parameters.dilation.height, kernel: preset.kernel.shape.h, stride: parameters.stride.height),
            OutputSizeFormula(axis: .width, size: preset.input.shape.w, padBefore: padding.width, padAfter: padding.width,
                              dilation: parameters.dilation.width, kernel: preset.kernel.shape.w, stride: parameters.stride.width),
        ]
    }

    func formulaLines(oneLine: Bool) -> [String] {
        if state.lesson?.hidesShape == true {
            return oneLine ? ["H_out = ?   W_out = ?"] : ["H_out = ?", "W_out = ?"]
        }
        let texts = formulas().map { formula in
            var text = formula.description
            if state.workspace.error != nil { text += "  (not valid: see the error)" }
            if formula.droppedByFloor > 0 {
                let unit = formula.axis == .height ? "row" : "column"
                text += " (floor drops \(formula.droppedByFloor) \(unit)\(formula.droppedByFloor == 1 ? "" : "s"))"
            }
            return text
        }
        return oneLine ? [texts.joined(separator: "   ")] : texts
    }

    /// `out[0,1,2] = 1·2 + 2·0 + … + 1 (bias) = 11`, trimmed from the left to fit `width`.
    func arithmetic(width: Int) -> [(String, Style)] {
        guard let frame else {
            return [("no output: \(state.workspace.error?.description ?? "invalid combination")", Theme.error)]
        }
        if state.lesson?.hidesShape == true {
            return [("the output is hidden until you answer: use the formula", Theme.dim)]
        }
        let cell = frame.cell
        let name = state.preset.isBatched
            ? "out[\(cell.n),\(cell.channel),\(cell.row),\(cell.column)]"
            : "out[\(cell.channel),\(cell.row),\(cell.column)]"
        let shownTaps = frame.biasAdded ? frame.trace.taps.count : min(frame.step + 1, frame.trace.taps.count)
        var terms: [(String, Style)] = frame.trace.taps.prefix(shownTaps).enumerated().map { offset, tap in
            let text = "\(GridNumber.factor(tap.weight))·\(GridNumber.factor(tap.value))"
            if offset == frame.step { return (text, Theme.latestTerm) }
            return (text, tap.source == .zeroPadding ? Theme.dim : .plain)
        }
        if frame.biasAdded, let bias = frame.trace.bias {
            terms.append(("\(GridNumber.factor(bias)) (bias)", frame.step == frame.trace.taps.count ? Theme.latestTerm : .plain))
        }
        let total = frame.isComplete ? frame.trace.value : frame.partialSum
        let ending = frame.isComplete ? " = \(GridNumber.format(total))" : " = \(GridNumber.format(total)) so far"
        if let lesson = state.lesson, lesson.hidesValue, cell == lesson.quizCell {
            return [("\(name) = ?", Theme.title), ("   your turn: add up the products", Theme.dim)]
        }
        let head = "\(name) = "
        var budget = width - head.count - ending.count
        var kept: [(String, Style)] = []
        for term in terms.reversed() {
            let cost = term.0.count + 3
            if budget - cost < 4 && !kept.isEmpty {
                kept.append(("…", Theme.dim))
                break
            }
            budget -= cost
            kept.append(term)
        }
        var parts: [(String, Style)] = [(head, Theme.title)]
        for (index, term) in kept.reversed().enumerated() {
            if index > 0 { parts.append((" + ", .plain)) }
            parts.append(term)
        }
        parts.append((ending, Theme.title))
        return parts
    }

    func playbackLine() -> [(String, Style)] {
        guard let frame else {
            return [(state.lesson == nil ? "fix the parameters to see the animation (u undoes)" : "PgDn / PgUp: another step", Theme.dim)]
        }
        let playback = state.playback
        let status = playback.playing ? "▶ playing" : playback.revealing ? "❚❚ paused" : "■ whole output"
        let speed = "\(GridNumber.format(playback.speed))/s"
        let cells = state.lesson?.hidesShape == true ? "cell ?/?" : "cell \(frame.cellNumber + 1)/\(frame.plan.cells)"
        let position = "\(cells) · step \(frame.step + 1)/\(frame.plan.stepsPerCell)"
        return [(status, Theme.title), ("  \(speed)  \(position)   ", .plain),
                ("space", Theme.key), (" play  ", Theme.info), ("n N", Theme.key), (" step  ", Theme.info),
                ("] [", Theme.key), (" cell  ", Theme.info), ("< >", Theme.key), (" speed  ", Theme.info),
                ("?", Theme.key), (" help  ", Theme.info), ("q", Theme.key), (" quit", Theme.info)]
    }

    func statusLine(panelsCut: Bool) -> [(String, Style)] {
        switch state.mode {
        case let .command(line):
            var parts: [(String, Style)] = [(":" + line.text, Theme.title), ("_", Theme.cursor)]
            if !line.candidates.isEmpty { parts.append(("   " + line.candidates.joined(separator: "  "), Theme.info)) }
            return parts
        case let .editing(buffer):
            let hint = state.status.flatMap { $0.isError ? ("   error: \($0.text)", Theme.error) : nil }
                ?? ("   Enter stores · Esc cancels", Theme.info)
            return [("\(Self.name(buffer.grid, buffer.index, batched: state.preset.isBatched)) := ", Theme.title),
                    (buffer.text, Theme.latestTerm), ("_", Theme.cursor), hint]
        case .confirmQuit:
            return [("Unsaved edits. Quit without saving? y or q = quit, any other key = stay (:save FILE keeps them)", Theme.error)]
        case .help, .normal, .browser:
            if let lesson = state.lesson, lesson.step.quiz != nil {
                return quizLine(lesson)
            }
            if let status = state.status {
                return [(status.isError ? "error: \(status.text)" : status.text, status.isError ? Theme.error : Theme.info)]
            }
            if let error = state.workspace.error {
                return [("error: \(error.key): \(error.description)", Theme.error)]
            }
            var parts = cursorValue()
            if panelsCut { parts.append(("  ⋯ scrolls with the cursor", Theme.dim)) }
            return parts
        }
    }

    private func quizLine(_ lesson: LessonState) -> [(String, Style)] {
        if let verdict = lesson.verdict, lesson.answer.isEmpty {
            let retry = verdict.correct ? "   PgDn: next step" : "   type another answer"
            return [(verdict.message, verdict.correct ? Theme.key : Theme.error), (retry, Theme.dim)]
        }
        let question = lesson.step.quiz == .shape
            ? "Quiz: the output's height x width? "
            : "Quiz: the value of \(Self.outputName(lesson.quizCell, batched: state.preset.isBatched))? "
        return [(question, Theme.title), (lesson.answer, Theme.latestTerm), ("_", Theme.cursor), ("   Enter checks", Theme.dim)]
    }

    /// The exact value under the cursor ("values on demand").
    private func cursorValue() -> [(String, Style)] {
        let batched = state.preset.isBatched
        switch state.focus {
        case .input:
            let value = state.value(.input, state.inputCursor)
            return [("\(Self.name(.input, state.inputCursor, batched: batched)) = \(NumberText.format(value))", Theme.info),
                    ("   Tab: next panel · type a number to edit", Theme.dim)]
        case .kernel:
            let value = state.value(.kernel, state.kernelCursor)
            return [("\(Self.name(.kernel, state.kernelCursor, batched: batched)) = \(NumberText.format(value))", Theme.info),
                    ("   Tab: next panel · type a number to edit", Theme.dim)]
        case .bias:
            return [("bias[\(state.biasCursor)] = \(NumberText.format(state.value(.bias, TensorIndex(channel: state.biasCursor, row: 0, column: 0))))", Theme.info)]
        case .output:
            guard let frame, state.lesson?.isAwaitingAnswer != true, !state.playback.revealing else { return [] }
            return [("\(Self.outputName(frame.cell, batched: batched)) = \(NumberText.format(frame.trace.value))", Theme.info),
                    ("   arrows select a cell · Tab: next panel · : commands", Theme.dim)]
        case .parameters:
            return [("parameters: ← → pick a field, ↑ ↓ change it", Theme.info)]
        }
    }

    static func outputName(_ index: TensorIndex, batched: Bool) -> String {
        batched ? "out[\(index.n),\(index.channel),\(index.row),\(index.column)]" : "out[\(index.channel),\(index.row),\(index.column)]"
    }

    static func name(_ grid: Grid, _ index: TensorIndex, batched: Bool) -> String {
        switch grid {
        case .input:
            batched ? "input[\(index.n),\(index.channel),\(index.row),\(index.column)]" : "input[\(index.channel),\(index.row),\(index.column)]"
        case .kernel: "weight[\(index.n),\(index.channel),\(index.row),\(index.column)]"
        case .bias: "bias[\(index.channel)]"
        }
    }
}
