import ConvCore
import Presets

/// The pooling screen: the padded input with the current window, what the window takes, and the output.
enum PoolingScreen {
    static func draw(_ state: AppState, _ subject: PoolingSubject, into grid: inout CellGrid) {
        let pooling = subject.pooling, p = pooling.parameters
        let timeline = subject.timeline
        let cell = subject.currentCell(state.playback)
        let trace = pooling.trace(cell)
        let revealing = state.playback.revealing
        let step = state.playback.position % timeline.stepsPerCell
        let shown = revealing ? min(step + 1, trace.taps.count) : trace.taps.count
        var parameters = "\(p.kind.rawValue) pool  kernel_size \(p.kernel)  stride \(p.stride)  padding \(p.padding)"
        if p.kind == .max { parameters += "  dilation \(p.dilation)" }
        parameters += "  ceil_mode \(p.ceilMode)"
        if p.kind == .avg { parameters += "  count_include_pad \(p.countIncludePad)" }
        ExplorerScreen.draw(
            state, title: "convviz · \(state.preset.name) · \(state.preset.operation.name)", parameters: parameters,
            panels: panels(state, subject, cell: cell, trace: trace, step: step, shown: shown),
            formulas: [pooling.formula(.height), pooling.formula(.width)],
            arithmetic: arithmetic(state, pooling, cell: cell, trace: trace, shown: shown),
            playback: "\(state.playback.statusText)  cell \(timeline.cell(of: cell) + 1)/\(timeline.cells)"
                + " · tap \(shown)/\(trace.taps.count)",
            into: &grid)
    }

    /// `out[0,0,1] = max(2, 0, …) = 2 so far`, or the mean's sum and divisor.
    private static func arithmetic(
        _ state: AppState, _ pooling: Pooling, cell: TensorIndex, trace: PoolTrace,
        shown: Int
    ) -> String {
        let counted = trace.taps.prefix(shown).filter {
            !($0.isPadding && pooling.parameters.kind == .avg && !pooling.parameters.countIncludePad)
        }
        let values = counted.map {
            $0.isPadding && pooling.parameters.kind == .max ? "-∞" : GridNumber.format($0.value)
        }
        let name = Notation.output(cell, batched: state.preset.isBatched)
        let done = shown == trace.taps.count
        if pooling.parameters.kind == .max {
            let largest = GridNumber.format(trace.taps[shown - 1].result)
            let list = values.joined(separator: ", ") + (done ? "" : ", …")
            return "\(name) = max(\(list)) = \(largest)\(done ? "" : " so far")"
        }
        let tap = trace.taps[shown - 1], divisor = trace.divisor ?? 1
        let terms = values.joined(separator: " + ")
        let skipped = tap.isPadding && !pooling.parameters.countIncludePad ? " (this tap is padding: not counted)" : ""
        let sum = GridNumber.format(tap.result)
        return done
            ? "\(name) = (\(terms)) / \(divisor) = \(sum) / \(divisor) = \(GridNumber.format(trace.value))"
            : "\(name) = (\(terms.isEmpty ? "…" : terms + " + …")) / \(divisor): sum so far \(sum)\(skipped)"
    }

    private static func panels(
        _ state: AppState, _ subject: PoolingSubject, cell: TensorIndex, trace: PoolTrace,
        step: Int, shown shownTaps: Int
    ) -> [Panel] {
        let pooling = subject.pooling
        let p = pooling.parameters, input = pooling.input, output = subject.output
        let revealing = state.playback.revealing
        let taps = Dictionary(
            trace.taps.enumerated().map {
                (TensorIndex(channel: 0, row: $0.element.row, column: $0.element.column), $0.offset)
            },
            uniquingKeysWith: { first, _ in first })
        let padded = Shape4(
            n: 1, c: input.shape.c, h: input.shape.h + 2 * p.padding.height, w: input.shape.w + 2 * p.padding.width)
        let cellWidth = max(
            ExplorerScreen.width(input.values), p.kind == .max && (p.padding.height > 0 || p.padding.width > 0) ? 2 : 1)
        let inputBlocks = ExplorerScreen.planes(
            padded, cellWidth: cellWidth, labelPrefix: input.shape.c > 1 ? "" : nil
        ) { c, row, column in
            let r = row - p.padding.height, q = column - p.padding.width
            let inside = r >= 0 && r < input.shape.h && q >= 0 && q < input.shape.w
            var look =
                inside
                ? CellLook(text: GridNumber.format(input[cell.n, c, r, q]))
                : CellLook(text: p.kind == .max ? "-∞" : "0", style: Theme.zeroPadding)
            if c == cell.channel, let tap = taps[TensorIndex(channel: 0, row: r, column: q)] {
                look.bracketed = true
                look.style = tap < shownTaps ? Theme.window : Theme.dim
                if !inside { look.style.dim = true }
                if revealing && tap == step { look.style = Theme.currentTap }
                if !revealing && tap == trace.maxTap { look.style = Theme.currentTap }
            }
            return look
        }
        let outputWidth = ExplorerScreen.width(output.values.filter { $0.isFinite })
        let current = output.shape.flatIndex(of: cell)
        let outputBlocks = ExplorerScreen.planes(
            output.shape, cellWidth: outputWidth, labelPrefix: output.shape.c > 1 ? "" : nil
        ) { c, row, column in
            let index = TensorIndex(n: cell.n, channel: c, row: row, column: column)
            if index == cell {
                let partial = revealing ? trace.taps[shownTaps - 1].result : trace.value
                let shown =
                    p.kind == .avg && revealing && shownTaps < trace.taps.count
                    ? partial : (revealing && shownTaps == trace.taps.count ? trace.value : partial)
                return CellLook(text: GridNumber.format(shown), style: Theme.selectedOutput, bracketed: true)
            }
            if revealing && output.shape.flatIndex(of: index) > current {
                return CellLook(text: "·", style: Theme.hidden)
            }
            return CellLook(text: GridNumber.format(output[cell.n, c, row, column]))
        }
        let window =
            "window \(p.kernel.height)x\(p.kernel.width)"
            + (p.dilation != .uniform(1) ? ", dilation \(p.dilation)" : "")
        let padding =
            p.padding == .uniform(0)
            ? "" : p.kind == .max ? "padding is -∞" : (p.countIncludePad ? "padding counts" : "padding not counted")
        let anchorRow = cell.channel * (padded.h + (input.shape.c > 1 ? 1 : 0)) + cell.row * p.stride.height
        return [
            Panel(
                title: "input \(Notation.shape(input.shape))", focused: true, blocks: inputBlocks,
                anchor: (anchorRow, cell.column * p.stride.width * (cellWidth + 1))),
            Panel(
                title: window, focused: false,
                blocks: [
                    .text(p.kind == .max ? "takes the largest" : "takes the mean", Theme.info),
                    .text(padding, Theme.dim),
                ],
                anchor: (0, 0)),
            Panel(
                title: "output \(Notation.shape(output.shape))", focused: false, blocks: outputBlocks,
                anchor: (
                    cell.channel * (output.shape.h + (output.shape.c > 1 ? 1 : 0)) + cell.row,
                    cell.column * (outputWidth + 1)
                )),
        ]
    }
}
