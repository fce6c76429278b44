import ConvCore
import Presets

/// How a cell of a backward view is marked.
enum BackwardMark {
    /// The cell the step is about (the current dL/dY cell, dL/dX cell, dL/dW tap, or the current term's cells).
    case current
    /// A cell taking part in the step: a term's factor, a stamped dL/dX cell, a window tap.
    case term
    /// A max pooling window's tie: as large as the maximum, but PyTorch routes the gradient to the first one.
    case tie
}

/// What one step of a backward view shows: the marks on each tensor, the partial gradient, the arithmetic line.
struct BackwardFrame {
    /// The batch item the activation panels show.
    var batch = 0
    var inputMarks: [TensorIndex: BackwardMark] = [:]
    var gradientMarks: [TensorIndex: BackwardMark] = [:]
    var weightMarks: [TensorIndex: BackwardMark] = [:]
    var resultMarks: [TensorIndex: BackwardMark] = [:]
    /// Partial values of the result (dL/dX or dL/dW) where they differ from the finished ones; `nil`: not yet.
    var partial: [TensorIndex: Double?] = [:]
    /// Cells of the result not reached yet are hidden when the animation is under way.
    var hidesAfter: Int?
    /// The arithmetic line: a head, terms (the latest marked), an ending.
    var head = ""
    var terms: [(String, Style)] = []
    var ending = ""
    /// What the playback line says about the position.
    var position = ""
    /// What the note row says instead of the view's explanation (max pooling's ties).
    var note: String?

    init(_ state: AppState, _ subject: BackwardSubject) {
        let playback = state.playback, timeline = subject.timeline
        let cell = subject.currentCell(playback)
        let cellNumber = timeline.cell(of: cell)
        let step = playback.revealing ? playback.position - cellNumber * timeline.stepsPerCell : nil
        let batched = state.preset.isBatched
        switch subject.view {
        case .scatter: scatter(subject, cell: cell, revealing: playback.revealing, batched: batched)
        case .gather: gather(subject, cell: cell, step: step, batched: batched)
        case .weight: weight(subject, cell: cell, step: step, batched: batched)
        }
        if playback.revealing && subject.view != .scatter { hidesAfter = cellNumber }
        position += " \(cellNumber + 1)/\(timeline.cells)"
    }

    /// A name with its index: `dL/dY[0,1,2]`, the batch index first when the input is batched; weights always 4-D.
    static func name(_ tensor: String, _ index: TensorIndex, batched: Bool) -> String {
        batched || tensor == "W" || tensor == "dL/dW"
            ? "\(tensor)[\(index.n),\(index.channel),\(index.row),\(index.column)]"
            : "\(tensor)[\(index.channel),\(index.row),\(index.column)]"
    }

    /// dL/dY cell `cell` stamps onto dL/dX: the partial dL/dX of its batch item after every stamp up to it.
    private mutating func scatter(_ subject: BackwardSubject, cell: TensorIndex, revealing: Bool, batched: Bool) {
        let operation = subject.operation
        let x = operation.input.shape, y = operation.outputGradient.shape
        let current = y.flatIndex(of: cell)
        batch = cell.n
        gradientMarks[cell] = .current
        var stamps: [(TensorIndex, GradientTerm)] = []
        for c in 0..<x.c {
            for row in 0..<x.h {
                for column in 0..<x.w {
                    let index = TensorIndex(n: cell.n, channel: c, row: row, column: column)
                    let trace = operation.inputTrace(index)
                    for term in trace.terms where term.output == cell { stamps.append((index, term)) }
                    if revealing {
                        let sum = trace.terms.last { y.flatIndex(of: $0.output) <= current }.map(\.sum)
                        partial[index] = sum ?? 0
                    }
                }
            }
        }
        let upstream = operation.outputGradient[cell.n, cell.channel, cell.row, cell.column]
        head = "\(Self.name("dL/dY", cell, batched: batched)) = \(GridNumber.format(upstream))"
        position = "dL/dY cell"
        for (index, term) in stamps {
            resultMarks[index] = .term
            if let weight = term.weight { weightMarks[weight] = .term }
        }
        if case let .pooling(backward) = operation {
            poolingScatter(backward, cell: cell, stamps: stamps, batched: batched)
            return
        }
        head += " stamps the kernel × \(GridNumber.format(upstream)) onto dL/dX: "
        terms = stamps.map { index, term in
            let factor = term.weight.map { operation.weight?[$0.n, $0.channel, $0.row, $0.column] ?? 0 } ?? 0
            let text =
                "\(Self.name("dX", index, batched: batched)) += "
                + "\(GridNumber.factor(term.upstream))·\(GridNumber.factor(factor))"
            return (text, Style.plain)
        }
        if stamps.isEmpty { ending = "nothing: every tap of this output read padding" }
    }

    private mutating func poolingScatter(
        _ backward: PoolingBackward, cell: TensorIndex, stamps: [(TensorIndex, GradientTerm)], batched: Bool
    ) {
        let trace = backward.pooling.trace(cell)
        let input = backward.pooling.input
        let inside = trace.taps.filter { !$0.isPadding }
        let taps = inside.map { TensorIndex(n: cell.n, channel: cell.channel, row: $0.row, column: $0.column) }
        for tap in taps { inputMarks[tap] = .term }
        if let divisor = trace.divisor {
            head += " spreads over the window, divided by \(divisor): "
            terms = stamps.map { index, term in
                let share = "\(GridNumber.format(term.upstream))/\(divisor)"
                return ("\(Self.name("dX", index, batched: batched)) += \(share)", Style.plain)
            }
            return
        }
        guard let (chosen, term) = stamps.first else {
            ending = " goes nowhere: the window is all padding"
            return
        }
        let largest = input[chosen.n, chosen.channel, chosen.row, chosen.column]
        let ties = taps.filter { $0 != chosen && input[$0.n, $0.channel, $0.row, $0.column] == largest }
        for tie in ties { inputMarks[tie] = .tie }
        inputMarks[chosen] = .current
        head += " goes to the window's maximum "
        terms = [
            (
                "\(Self.name("X", chosen, batched: batched)) = \(GridNumber.format(largest)): "
                    + "\(Self.name("dX", chosen, batched: batched)) += \(GridNumber.format(term.upstream))", .plain
            )
        ]
        if !ties.isEmpty {
            note =
                "tie: \(ties.map { Self.name("X", $0, batched: batched) }.joined(separator: ", ")) "
                + "is \(GridNumber.format(largest)) too, but PyTorch routes the gradient to the first maximum "
                + "(row-major) only"
        }
    }

    /// dL/dX cell `cell`, term by term: every (dL/dY cell, weight tap) pair that feeds it.
    private mutating func gather(_ subject: BackwardSubject, cell: TensorIndex, step: Int?, batched: Bool) {
        let operation = subject.operation
        let trace = operation.inputTrace(cell)
        batch = cell.n
        resultMarks[cell] = .current
        inputMarks[cell] = .current
        let shown = step.map { min($0 + 1, trace.terms.count) } ?? trace.terms.count
        for (offset, term) in trace.terms.enumerated() {
            let mark: BackwardMark = offset == shown - 1 ? .current : .term
            gradientMarks[term.output] = gradientMarks[term.output] == .current ? .current : mark
            if let weight = term.weight { weightMarks[weight] = weightMarks[weight] == .current ? .current : mark }
        }
        partial[cell] = shown == 0 ? 0 : trace.terms[shown - 1].sum
        head = "\(Self.name("dL/dX", cell, batched: batched)) = "
        position = "term \(min(shown, trace.terms.count))/\(trace.terms.count) · dL/dX cell"
        terms = trace.terms.prefix(shown).enumerated().map { offset, term in
            let text = Self.termText(term, operation: operation)
            return (text, offset == shown - 1 && step != nil ? Theme.latestTerm : .plain)
        }
        if trace.terms.isEmpty {
            if case .pooling = operation {
                ending = "0: no window routes a gradient here"
            } else {
                ending = "0: nothing reads this cell (a stride or dilation hole)"
            }
        } else {
            let sum = GridNumber.format(trace.terms[shown - 1].sum)
            ending = " = \(sum)" + (shown < trace.terms.count ? " so far" : "")
        }
    }

    /// dL/dW tap `cell`, one output position per step: the input the tap read times dL/dY there.
    private mutating func weight(_ subject: BackwardSubject, cell: TensorIndex, step: Int?, batched: Bool) {
        let operation = subject.operation
        guard let trace = operation.weightTrace(cell) else { return }
        resultMarks[cell] = .current
        weightMarks[cell] = .current
        let shown = step.map { min($0 + 1, trace.terms.count) } ?? trace.terms.count
        let focus = shown > 0 ? trace.terms[shown - 1] : trace.terms.first
        batch = focus?.output.n ?? 0
        for (offset, term) in trace.terms.enumerated() where term.output.n == batch {
            let mark: BackwardMark = offset == shown - 1 ? .current : .term
            gradientMarks[term.output] = mark
            if let input = term.input, inputMarks[input] != .current { inputMarks[input] = mark }
        }
        partial[cell] = shown == 0 ? 0 : trace.terms[shown - 1].sum
        head = "\(Self.name("dL/dW", cell, batched: true)) = "
        position = "output position \(shown)/\(trace.terms.count) · dL/dW tap"
        terms = trace.terms.prefix(shown).enumerated().map { offset, term in
            let value: String
            if case let .times(factor) = term.factor { value = GridNumber.factor(factor) } else { value = "?" }
            let padding = term.input == nil
            let text = "\(GridNumber.factor(term.upstream))·\(value)\(padding ? "(pad)" : "")"
            let style = offset == shown - 1 && step != nil ? Theme.latestTerm : padding ? Theme.dim : .plain
            return (text, style)
        }
        ending =
            trace.terms.isEmpty
            ? "0: this tap lands nowhere"
            : " = \(GridNumber.format(trace.terms[shown - 1].sum))" + (shown < trace.terms.count ? " so far" : "")
    }

    /// One term of dL/dX: `dY·w`, pooling's `dY` (to the maximum) or `dY/divisor`.
    static func termText(_ term: GradientTerm, operation: BackwardOperation) -> String {
        switch term.factor {
        case let .times(factor): "\(GridNumber.factor(term.upstream))·\(GridNumber.factor(factor))"
        case .passThrough: GridNumber.factor(term.upstream)
        case let .dividedBy(divisor): "\(GridNumber.factor(term.upstream))/\(divisor)"
        }
    }
}
