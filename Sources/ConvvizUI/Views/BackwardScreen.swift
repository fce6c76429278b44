import ConvCore
import Presets

/// The backward mode's screen: the tensors of the view shown side by side, each labelled (X the input, dL/dY the
/// upstream gradient, W the weight, dL/dX or dL/dW the gradient being built), and the arithmetic of the step.
enum BackwardScreen {
    static func draw(_ state: AppState, _ subject: BackwardSubject, into grid: inout CellGrid) {
        let frame = BackwardFrame(state, subject)
        let width = grid.width
        let operation = subject.operation
        var skeleton = ScreenSkeleton(title: [
            (
                "convviz · backward pass of \(operation.name) · \(viewTitle(subject.view)) · \(state.preset.name)",
                Theme.title
            )
        ])
        // Narrow screens keep the title's view name: e and g are on the status line there.
        skeleton.hint =
            state.isRecording ? nil : (width < 120 ? "" : "e view  g forward  ") + ScreenSkeleton.quitHint
        skeleton.bar = [ScreenSkeleton.Run(text: parameters(state.preset), x: 0, style: Theme.info)]
        skeleton.note = frame.note.map { ($0, Theme.latestTerm) } ?? (note(subject.view, operation), Theme.dim)
        skeleton.lesson = ScreenSkeleton.lessonLines(state.lesson, width: width, height: grid.height)
        var footer: [StyledLine] = []
        if subject.view == .weight, let bias = subject.gradients.bias {
            footer.append([
                (
                    "dL/db = the sum of dL/dY over each channel = ["
                        + bias.map(GridNumber.format)
                        .joined(separator: ", ") + "]", Theme.info
                )
            ])
        }
        footer.append(arithmetic(frame, width: width))
        footer.append(
            [("\(state.playback.statusText)  \(frame.position)", Theme.info)]
                + (state.isRecording ? [] : [("   space play  n N step  ] [ cell  arrows select", Theme.dim)]))
        footer.append([])
        skeleton.footer = footer
        skeleton.status = Screen.statusLine(state, idle: idle(subject))
        skeleton.draw(into: &grid)
        let area = skeleton.regions(width: width, height: grid.height).panels
        let panels = panels(state, subject, frame)
        let columns = Layout.columns(
            of: area, widths: Layout.fit(panels.map(\.contentWidth), into: width, gap: 2), gap: 2)
        for (panel, rect) in zip(panels, columns) { PlacedPanel(panel, in: rect).draw(into: &grid) }
    }

    private static func viewTitle(_ view: BackwardSubject.View) -> String {
        switch view {
        case .scatter: "dL/dX by scatter"
        case .gather: "dL/dX cell by cell"
        case .weight: "dL/dW tap by tap"
        }
    }

    private static func note(_ view: BackwardSubject.View, _ operation: BackwardOperation) -> String {
        switch (view, operation) {
        case (.scatter, .pooling):
            "each dL/dY cell goes back to its window: to the maximum (max), or shared by the divisor (avg)"
        case (.scatter, .transposed):
            "each dL/dY cell goes back through every weight that stamped onto it (dL/dX is a convolution of dL/dY)"
        case (.scatter, .convolution):
            "each dL/dY cell stamps the kernel W, scaled by its gradient, onto dL/dX (a transposed convolution)"
        case (.gather, _):
            "one dL/dX cell: [ ] every dL/dY cell (and weight tap) that feeds it; a cell nothing reads stays 0"
        case (.weight, _):
            "one tap of W: the input X it read times dL/dY, summed over every output position (a correlation)"
        }
    }

    private static func idle(_ subject: BackwardSubject) -> StyledLine {
        subject.view == .scatter
            ? [("type a number: the selected dL/dY cell · r randomises, z zeroes dL/dY · u undoes", Theme.dim)]
            : [("r randomises, z zeroes dL/dY · e: the next view · g: back to the forward pass", Theme.dim)]
    }

    /// The operation's settings, one line.
    private static func parameters(_ preset: Preset) -> String {
        let bias = preset.bias == nil ? "off" : "on"
        switch preset.operation {
        case .convolution:
            let p = preset.parameters
            return "stride \(p.stride)  padding \(p.padding.presetText)  dilation \(p.dilation)  groups \(p.groups)  "
                + "mode \(p.paddingMode.rawValue)  bias \(bias)"
                + (preset.gradOutput == nil ? "   dL/dY: all ones" : "   dL/dY: grad_output")
        case let .transposed(p):
            return "stride \(p.stride)  padding \(p.padding)  output_padding \(p.outputPadding)  "
                + "dilation \(p.dilation)  groups \(p.groups)  bias \(bias)"
        case let .pooling(p):
            return "\(p.kind.rawValue) pool  kernel_size \(p.kernel)  stride \(p.stride)  padding \(p.padding)"
                + "  dilation \(p.dilation)  ceil_mode \(p.ceilMode)"
                + (p.kind == .avg ? "  count_include_pad \(p.countIncludePad)" : "")
        case .stack:
            return ""
        }
    }

    /// `head term + term + … ending`, the oldest terms giving way to `…` when the line is too long.
    private static func arithmetic(_ frame: BackwardFrame, width: Int) -> StyledLine {
        let separator = frame.head.hasSuffix(": ") ? "  " : " + "
        var budget = width - frame.head.count - frame.ending.count
        var kept: StyledLine = []
        for term in frame.terms.reversed() {
            let cost = term.0.count + separator.count
            if budget - cost < 2 && !kept.isEmpty {
                kept.append(("…", Theme.dim))
                break
            }
            budget -= cost
            kept.append(term)
        }
        var parts: StyledLine = [(frame.head, Theme.title)]
        for (index, term) in kept.reversed().enumerated() {
            if index > 0 { parts.append((separator, .plain)) }
            parts.append(term)
        }
        parts.append((frame.ending, Theme.title))
        return parts
    }

    private static func panels(_ state: AppState, _ subject: BackwardSubject, _ frame: BackwardFrame) -> [Panel] {
        let operation = subject.operation
        let gradient = Panel.activation(
            title: "dL/dY \(Notation.shape(operation.outputGradient.shape))",
            operation.outputGradient, batch: frame.batch, marks: frame.gradientMarks)
        let input = Panel.activation(
            title: "X input \(Notation.shape(operation.input.shape))", operation.input, batch: frame.batch,
            marks: frame.inputMarks)
        let weight = operation.weight.map {
            Panel.weight(title: "W weight \(Notation.shape($0.shape))", $0, marks: frame.weightMarks)
        }
        let output = Panel.activation(
            title: "Y output \(Notation.shape(subject.output.shape))", subject.output, batch: frame.batch, marks: [:])
        let compact: [Panel], wide: [Panel]
        switch subject.view {
        case .scatter, .gather:
            let result = Panel.activation(
                title: "dL/dX \(Notation.shape(operation.input.shape))" + (state.playback.revealing ? " so far" : ""),
                subject.gradients.input, batch: frame.batch, marks: frame.resultMarks, partial: frame.partial,
                hidesAfter: frame.hidesAfter, isResult: true)
            compact = weight.map { [gradient, $0, result] } ?? [input, gradient, result]
            wide = [input] + (weight.map { [$0] } ?? []) + [output, gradient, result]
        case .weight:
            let result = Panel.weight(
                title: "dL/dW \(Notation.shape(operation.weight?.shape ?? operation.input.shape))",
                subject.gradients.weight ?? operation.input, marks: frame.resultMarks, partial: frame.partial,
                hidesAfter: frame.hidesAfter, isResult: true)
            compact = [input, gradient, result]
            wide = [input] + (weight.map { [$0] } ?? []) + [output, gradient, result]
        }
        // Forward (X, W, Y) and backward (dL/dY, the gradient) side by side when every panel fits whole.
        let wideWidth = wide.reduce(0) { $0 + $1.contentWidth + 2 }
        return wideWidth <= state.screenWidth ? wide : compact
    }
}

extension Panel {
    /// A cell's look in a backward view.
    fileprivate static func look(
        _ value: Double?, mark: BackwardMark?, hidden: Bool, isResult: Bool
    ) -> CellLook {
        guard let value, !hidden else { return CellLook(text: "·", style: Theme.hidden) }
        var look = CellLook(text: GridNumber.format(value))
        switch mark {
        case .current?:
            look.style = isResult ? Theme.selectedOutput : Theme.currentTap
            look.bracketed = true
        case .term?:
            look.style = isResult ? Theme.fedOutput : Theme.window
            look.bracketed = true
        case .tie?:
            look.style = Theme.latestTerm
            look.bracketed = true
        case nil: break
        }
        return look
    }

    /// The channels of one batch item of an activation (X, dL/dY, dL/dX), stacked.
    fileprivate static func activation(
        title: String, _ tensor: Tensor, batch: Int, marks: [TensorIndex: BackwardMark],
        partial: [TensorIndex: Double?] = [:], hidesAfter: Int? = nil, isResult: Bool = false
    ) -> Panel {
        let shape = tensor.shape
        let cellWidth = max(
            ExplorerScreen.width(tensor.values), ExplorerScreen.width(partial.values.compactMap { $0 }))
        let current = marks.first { $0.value == .current }?.key
        let blocks = ExplorerScreen.planes(
            shape, cellWidth: cellWidth, labelPrefix: shape.c > 1 || shape.n > 1 ? "item \(batch) " : nil
        ) { c, row, column in
            let index = TensorIndex(n: batch, channel: c, row: row, column: column)
            let value = partial[index] ?? tensor[batch, c, row, column]
            let hidden = hidesAfter.map { shape.flatIndex(of: index) > $0 } ?? false
            return look(value, mark: marks[index], hidden: hidden, isResult: isResult)
        }
        let labelled = shape.c > 1 || shape.n > 1 ? 1 : 0
        let anchor = current.map {
            ($0.channel * (shape.h + labelled) + labelled + $0.row, $0.column * (cellWidth + 1))
        }
        return Panel(title: title, focused: isResult, blocks: blocks, anchor: anchor ?? (0, 0))
    }

    /// A weight (W or dL/dW): filters stacked, each filter's channels side by side.
    fileprivate static func weight(
        title: String, _ tensor: Tensor, marks: [TensorIndex: BackwardMark],
        partial: [TensorIndex: Double?] = [:], hidesAfter: Int? = nil, isResult: Bool = false
    ) -> Panel {
        let shape = tensor.shape
        let cellWidth = max(
            ExplorerScreen.width(tensor.values), ExplorerScreen.width(partial.values.compactMap { $0 }))
        var blocks: [PanelBlock] = []
        for filter in 0..<shape.n {
            if shape.n > 1 || shape.c > 1 { blocks.append(.text("[\(filter)]", Theme.dim)) }
            blocks.append(
                .grid(
                    GridSpec(
                        rows: shape.h, slices: Array(repeating: shape.w, count: shape.c), cellWidth: cellWidth,
                        look: { row, slice, column in
                            let index = TensorIndex(n: filter, channel: slice, row: row, column: column)
                            let value = partial[index] ?? tensor[filter, slice, row, column]
                            let hidden = hidesAfter.map { shape.flatIndex(of: index) > $0 } ?? false
                            return look(value, mark: marks[index], hidden: hidden, isResult: isResult)
                        }, target: nil)))
        }
        let labelled = shape.n > 1 || shape.c > 1 ? 1 : 0
        let current = marks.first { $0.value == .current }?.key
        let anchor = current.map { ($0.n * (shape.h + labelled) + labelled + $0.row, 0) }
        return Panel(title: title, focused: isResult, blocks: blocks, anchor: anchor ?? (0, 0))
    }
}
