import ConvCore
import Presets

/// The screens of the explorer: the scatter view of a transposed convolution and the pooling view.
/// (The direct view is the ordinary convolution screen of the equivalent convolution.)
enum ExplorerScreen {
    static func draw(_ state: AppState, _ explorer: Explorer, into grid: inout CellGrid) {
        let width = grid.width
        let title = explorer.view == .pooling
            ? "convviz · \(state.preset.name) · \(state.preset.operation.name)"
            : "convviz · conv_transpose2d scatter view (e: direct) · \(state.preset.name)"
        grid.put(title, x: 0, y: 0, style: Theme.title, limit: width - 10)
        grid.put("? help  q", x: max(0, width - 9), y: 0, style: Theme.info)
        grid.put(parameterLine(state, explorer), x: 0, y: 1, style: Theme.info, limit: width)
        let footerTop = max(4, grid.height - (width < 110 ? 6 : 5))
        let lessonLines = state.lesson.map { ScreenLayout.lessonText($0, width: width, maxLines: max(2, grid.height / 4)) } ?? []
        for (offset, line) in lessonLines.enumerated() {
            grid.put(line, x: 0, y: footerTop - lessonLines.count + offset, style: offset == 0 ? Theme.focusedTitle : Theme.title, limit: width)
        }
        let panels = explorer.view == .pooling ? poolingPanels(state, explorer) : scatterPanels(state, explorer)
        var x = 0
        let areaHeight = footerTop - 4 - lessonLines.count
        let widths = fit(panels.map(\.contentWidth), into: width)
        for (panel, panelWidth) in zip(panels, widths) {
            PlacedPanel(panel, x: x, y: 3, width: panelWidth, height: areaHeight).draw(into: &grid)
            x += panelWidth + 2
        }
        var lines = explorer.view == .pooling ? poolingFooter(state, explorer) : scatterFooter(state, explorer)
        if width < 110, let formulas = lines.first?.0.components(separatedBy: "   "), formulas.count == 2 {
            lines.replaceSubrange(0...0, with: [(formulas[0], Theme.info), (formulas[1], Theme.info)])
        }
        for (offset, line) in lines.enumerated() {
            grid.put(line.0, x: 0, y: footerTop + offset, style: line.1, limit: width)
        }
        let status = state.status.map { ($0.isError ? "error: " : "") + $0.text }
            ?? "space play  n N step  ] [ cell  arrows select  Home End  < > speed"
        grid.put(status, x: 0, y: grid.height - 1, style: state.status?.isError == true ? Theme.error : Theme.dim, limit: width)
    }

    /// Panel widths that fit side by side, shrinking the widest first.
    static func fit(_ natural: [Int], into width: Int) -> [Int] {
        var widths = natural
        let budget = width - 2 * (natural.count - 1)
        while widths.reduce(0, +) > budget, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 8 {
            widths[widest] -= 1
        }
        return widths
    }

    private static func parameterLine(_ state: AppState, _ explorer: Explorer) -> String {
        if let transposed = explorer.transposed {
            let p = transposed.parameters
            return "stride \(p.stride)  padding \(p.padding)  output_padding \(p.outputPadding)  dilation \(p.dilation)  groups \(p.groups)  bias \(transposed.bias == nil ? "off" : "on")"
        }
        let p = explorer.pooling!.parameters
        var text = "\(p.kind.rawValue) pool  kernel_size \(p.kernel)  stride \(p.stride)  padding \(p.padding)"
        if p.kind == .max { text += "  dilation \(p.dilation)" }
        text += "  ceil_mode \(p.ceilMode)"
        if p.kind == .avg { text += "  count_include_pad \(p.countIncludePad)" }
        return text
    }

    private static func shape(_ shape: Shape4) -> String { "(\(shape.n), \(shape.c), \(shape.h), \(shape.w))" }

    /// The widest formatted value among the first 65,536.
    private static func width<Values: Sequence<Double>>(_ values: Values) -> Int {
        max(1, values.prefix(65_536).map { GridNumber.format($0).count }.max() ?? 1)
    }

    /// Stacked channel planes as panel blocks.
    private static func planes(_ shape: Shape4, n: Int, cellWidth: Int, label: (Int) -> String?,
                               look: @escaping (Int, Int, Int) -> CellLook) -> [PanelBlock] {
        var blocks: [PanelBlock] = []
        for c in 0..<shape.c {
            if let text = label(c) { blocks.append(.text(text, Theme.title)) }
            blocks.append(.grid(GridSpec(rows: shape.h, slices: [shape.w], cellWidth: cellWidth,
                                         look: { row, _, column in look(c, row, column) }, target: nil)))
        }
        return blocks
    }

    // MARK: - Scatter

    private static func scatterPanels(_ state: AppState, _ explorer: Explorer) -> [Panel] {
        let transposed = explorer.transposed!
        let input = transposed.input, weight = transposed.weight, output = explorer.output
        let current = explorer.currentInputCell!
        let revealing = explorer.playback.revealing
        let step = explorer.playback.position
        let sums = revealing ? transposed.stamped(image: current.n, through: step) : []
        let landing = Set(transposed.scatter(of: current).map(\.output))
        let inputWidth = width(input.values), weightWidth = width(weight.values)
        let outputWidth = max(width(output.values), width(sums.lazy.compactMap { $0 }))
        let multiChannel = input.shape.c > 1

        let inputBlocks = planes(input.shape, n: current.n, cellWidth: inputWidth, label: { multiChannel ? "c\($0)" : nil }) { c, row, column in
            let index = TensorIndex(n: current.n, channel: c, row: row, column: column)
            var look = CellLook(text: GridNumber.format(input[current.n, c, row, column]))
            if index == current {
                look.style = Theme.currentTap
                look.bracketed = true
            } else if revealing && Explorer.flat(index, in: input.shape) > step {
                look.style = Theme.dim
            }
            return look
        }
        var weightBlocks: [PanelBlock] = []
        let outPerGroup = weight.shape.c
        for i in 0..<weight.shape.n {
            let first = (i / (input.shape.c / transposed.parameters.groups)) * outPerGroup
            let reads = (first..<first + outPerGroup).map { "c\($0)" }.joined(separator: " ")
            weightBlocks.append(.text("in c\(i) → out \(reads)", i == current.channel ? Theme.title : Theme.dim))
            weightBlocks.append(.grid(GridSpec(rows: weight.shape.h, slices: Array(repeating: weight.shape.w, count: outPerGroup),
                                               cellWidth: weightWidth, look: { row, slice, column in
                var look = CellLook(text: GridNumber.format(weight[i, slice, row, column]))
                if i == current.channel {
                    look.bracketed = true
                } else {
                    look.style = Theme.dim
                }
                return look
            }, target: nil)))
        }
        let outputBlocks = planes(output.shape, n: current.n, cellWidth: outputWidth,
                                  label: { output.shape.c > 1 ? "c\($0)" : nil }) { c, row, column in
            let index = TensorIndex(n: current.n, channel: c, row: row, column: column)
            var look: CellLook
            if revealing {
                look = sums[(c * output.shape.h + row) * output.shape.w + column].map { CellLook(text: GridNumber.format($0)) }
                    ?? CellLook(text: "·", style: Theme.hidden)
            } else {
                look = CellLook(text: GridNumber.format(output[current.n, c, row, column]))
            }
            if landing.contains(index) {
                look.style = revealing ? Theme.selectedOutput : Theme.fedOutput
                look.bracketed = true
            }
            return look
        }
        let anchorRow = current.channel * (input.shape.h + (multiChannel ? 1 : 0)) + current.row
        return [
            Panel(title: "input \(shape(input.shape))", focused: true, blocks: inputBlocks, anchor: (anchorRow, current.column * (inputWidth + 1))),
            Panel(title: "weight \(shape(weight.shape))", focused: false,
                  blocks: [.text("(C_in, C_out/groups, kH, kW)", Theme.dim)] + weightBlocks, anchor: (0, 0)),
            Panel(title: "output \(shape(output.shape))\(revealing ? " so far" : "")", focused: false, blocks: outputBlocks, anchor: (0, 0)),
        ]
    }

    private static func scatterFooter(_ state: AppState, _ explorer: Explorer) -> [(String, Style)] {
        let transposed = explorer.transposed!
        let current = explorer.currentInputCell!
        let batched = state.preset.isBatched
        let value = transposed.input[current.n, current.channel, current.row, current.column]
        let uses = transposed.scatter(of: current)
        let taps = transposed.weight.shape.c * transposed.weight.shape.h * transposed.weight.shape.w
        let terms = uses.map { use -> String in
            let weight = transposed.weight[current.channel, use.kernelChannel, use.kernelRow, use.kernelColumn]
            return "\(Footer.outputName(use.output, batched: batched)) += \(GridNumber.factor(value))·\(GridNumber.factor(weight))"
        }
        let landed = uses.count == taps ? "" : " (\(uses.count) of \(taps) products land inside the output)"
        return [
            (transposed.formula(.height) + "   " + transposed.formula(.width), Theme.info),
            ("\(Footer.name(.input, current, batched: batched)) = \(GridNumber.format(value)) stamps the kernel × \(GridNumber.format(value))\(landed): "
                + terms.joined(separator: "  "), Theme.title),
            ("\(explorer.playback.playing ? "▶ playing" : explorer.playback.revealing ? "❚❚ paused" : "■ whole output")  input cell \(explorer.playback.position + 1)/\(explorer.totalSteps)"
                + (transposed.bias == nil ? "" : "   the bias is added once every stamp has landed"), Theme.info),
        ]
    }

    // MARK: - Pooling

    private static func poolingPanels(_ state: AppState, _ explorer: Explorer) -> [Panel] {
        let pooling = explorer.pooling!
        let p = pooling.parameters, input = pooling.input, output = explorer.output
        let cell = explorer.currentOutputCell!
        let trace = pooling.trace(cell)
        let step = explorer.playback.position % explorer.stepsPerCell
        let revealing = explorer.playback.revealing
        let shownTaps = revealing ? min(step + 1, trace.taps.count) : trace.taps.count
        let taps = Dictionary(trace.taps.enumerated().map { (TensorIndex(channel: 0, row: $0.element.row, column: $0.element.column), $0.offset) },
                              uniquingKeysWith: { first, _ in first })
        let padded = Shape4(n: 1, c: input.shape.c, h: input.shape.h + 2 * p.padding.height, w: input.shape.w + 2 * p.padding.width)
        let cellWidth = max(width(input.values), p.kind == .max && (p.padding.height > 0 || p.padding.width > 0) ? 2 : 1)
        let inputBlocks = planes(padded, n: cell.n, cellWidth: cellWidth, label: { input.shape.c > 1 ? "c\($0)" : nil }) { c, row, column in
            let r = row - p.padding.height, q = column - p.padding.width
            let inside = r >= 0 && r < input.shape.h && q >= 0 && q < input.shape.w
            var look = inside ? CellLook(text: GridNumber.format(input[cell.n, c, r, q]))
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
        let outputWidth = width(output.values.filter { $0.isFinite })
        let outputBlocks = planes(output.shape, n: cell.n, cellWidth: outputWidth, label: { output.shape.c > 1 ? "c\($0)" : nil }) { c, row, column in
            let index = TensorIndex(n: cell.n, channel: c, row: row, column: column)
            let flat = Explorer.flat(index, in: output.shape), current = Explorer.flat(cell, in: output.shape)
            if index == cell {
                let partial = revealing ? trace.taps[shownTaps - 1].result : trace.value
                let shown = p.kind == .avg && revealing && shownTaps < trace.taps.count ? partial : (revealing && shownTaps == trace.taps.count ? trace.value : partial)
                return CellLook(text: GridNumber.format(shown), style: Theme.selectedOutput, bracketed: true)
            }
            if revealing && flat > current { return CellLook(text: "·", style: Theme.hidden) }
            return CellLook(text: GridNumber.format(output[cell.n, c, row, column]))
        }
        let window = "window \(p.kernel.height)x\(p.kernel.width)" + (p.dilation != .uniform(1) ? ", dilation \(p.dilation)" : "")
        let anchorRow = cell.channel * (padded.h + (input.shape.c > 1 ? 1 : 0)) + cell.row * p.stride.height
        return [
            Panel(title: "input \(shape(input.shape))", focused: true, blocks: inputBlocks, anchor: (anchorRow, cell.column * p.stride.width * (cellWidth + 1))),
            Panel(title: window, focused: false, blocks: [.text(p.kind == .max ? "takes the largest" : "takes the mean", Theme.info),
                                                           .text(p.padding == .uniform(0) ? "" : p.kind == .max ? "padding is -∞" : (p.countIncludePad ? "padding counts" : "padding not counted"), Theme.dim)],
                  anchor: (0, 0)),
            Panel(title: "output \(shape(output.shape))", focused: false, blocks: outputBlocks,
                  anchor: (cell.channel * (output.shape.h + (output.shape.c > 1 ? 1 : 0)) + cell.row, cell.column * (outputWidth + 1))),
        ]
    }

    private static func poolingFooter(_ state: AppState, _ explorer: Explorer) -> [(String, Style)] {
        let pooling = explorer.pooling!
        let cell = explorer.currentOutputCell!
        let trace = pooling.trace(cell)
        let revealing = explorer.playback.revealing
        let step = explorer.playback.position % explorer.stepsPerCell
        let shown = revealing ? min(step + 1, trace.taps.count) : trace.taps.count
        let counted = trace.taps.prefix(shown).filter { !($0.isPadding && pooling.parameters.kind == .avg && !pooling.parameters.countIncludePad) }
        let values = counted.map { $0.isPadding && pooling.parameters.kind == .max ? "-∞" : GridNumber.format($0.value) }
        let name = Footer.outputName(cell, batched: state.preset.isBatched)
        let done = shown == trace.taps.count
        let arithmetic: String
        if pooling.parameters.kind == .max {
            arithmetic = "\(name) = max(\(values.joined(separator: ", "))\(done ? "" : ", …")) = \(GridNumber.format(trace.taps[shown - 1].result))\(done ? "" : " so far")"
        } else {
            let tap = trace.taps[shown - 1], divisor = trace.divisor ?? 1
            let terms = values.joined(separator: " + ")
            let skipped = tap.isPadding && !pooling.parameters.countIncludePad ? " (this tap is padding: not counted)" : ""
            arithmetic = done
                ? "\(name) = (\(terms)) / \(divisor) = \(GridNumber.format(tap.result)) / \(divisor) = \(GridNumber.format(trace.value))"
                : "\(name) = (\(terms.isEmpty ? "…" : terms + " + …")) / \(divisor): sum so far \(GridNumber.format(tap.result))\(skipped)"
        }
        let status = explorer.playback.playing ? "▶ playing" : revealing ? "❚❚ paused" : "■ whole output"
        return [
            (pooling.formula(.height) + "   " + pooling.formula(.width), Theme.info),
            (arithmetic, Theme.title),
            ("\(status)  cell \(Explorer.flat(cell, in: pooling.outputShape) + 1)/\(pooling.outputShape.checkedCount ?? 0) · tap \(shown)/\(trace.taps.count)", Theme.info),
        ]
    }
}
