import ConvCore
import Presets

/// The screens of a transposed convolution: the scatter view, and the direct view (the convolution screen of
/// the equivalent direct convolution, under its own title).
enum TransposedScreen {
    static func draw(_ state: AppState, _ subject: TransposedSubject, into grid: inout CellGrid) {
        switch subject.view {
        case .direct:
            guard let direct = subject.direct else { return }
            var screen = ConvolutionScreen(state, direct)
            screen.skeleton.title = [
                ("convviz · conv_transpose2d as a direct convolution (e: scatter view)", Theme.title)
            ]
            screen.skeleton.titleLimit = nil
            screen.skeleton.hint = state.isRecording ? nil : ScreenSkeleton.quitHint
            screen.skeleton.note = ("input: zeros inserted (◦) and padded; weight flipped; stride 1", Theme.info)
            screen.draw(into: &grid)
        case .scatter:
            drawScatter(state, subject, into: &grid)
        }
    }

    private static func drawScatter(_ state: AppState, _ subject: TransposedSubject, into grid: inout CellGrid) {
        let transposed = subject.convolution, p = transposed.parameters
        let current = subject.stampedCell(state.playback)
        let batched = state.preset.isBatched
        let value = transposed.input[current.n, current.channel, current.row, current.column]
        let uses = transposed.scatter(of: current)
        let taps = transposed.weight.shape.c * transposed.weight.shape.h * transposed.weight.shape.w
        let terms = uses.map { use -> String in
            let weight = transposed.weight[current.channel, use.kernelChannel, use.kernelRow, use.kernelColumn]
            let product = "\(GridNumber.factor(value))·\(GridNumber.factor(weight))"
            return "\(Notation.output(use.output, batched: batched)) += \(product)"
        }
        let landed = uses.count == taps ? "" : " (\(uses.count) of \(taps) products land inside the output)"
        let bias = transposed.bias == nil ? "off" : "on"
        ExplorerScreen.draw(
            state, title: "convviz · conv_transpose2d scatter view (e: direct) · \(state.preset.name)",
            parameters: "stride \(p.stride)  padding \(p.padding)  output_padding \(p.outputPadding)  "
                + "dilation \(p.dilation)  groups \(p.groups)  bias \(bias)",
            panels: panels(state, subject, current: current),
            formulas: [transposed.formula(.height), transposed.formula(.width)],
            arithmetic: "\(Notation.cell(.input, current, batched: batched)) = \(GridNumber.format(value)) "
                + "stamps the kernel × \(GridNumber.format(value))\(landed): " + terms.joined(separator: "  "),
            playback: "\(state.playback.statusText)  "
                + "input cell \(state.playback.position + 1)/\(subject.scatterTimeline.totalSteps)"
                + (transposed.bias == nil ? "" : "   the bias is added once every stamp has landed"),
            into: &grid)
    }

    private static func panels(_ state: AppState, _ subject: TransposedSubject, current: TensorIndex) -> [Panel] {
        let transposed = subject.convolution
        let input = transposed.input, weight = transposed.weight, output = subject.output
        let revealing = state.playback.revealing
        let step = state.playback.position
        let sums = revealing ? transposed.stamped(image: current.n, through: step) : []
        let landing = Set(transposed.scatter(of: current).map(\.output))
        let inputWidth = ExplorerScreen.width(input.values), weightWidth = ExplorerScreen.width(weight.values)
        let outputWidth = max(ExplorerScreen.width(output.values), ExplorerScreen.width(sums.lazy.compactMap { $0 }))
        let multiChannel = input.shape.c > 1
        // `stamped` is one image of the output: (C_out, H_out, W_out).
        let image = Shape4(n: 1, c: output.shape.c, h: output.shape.h, w: output.shape.w)

        let inputBlocks = ExplorerScreen.planes(
            input.shape, cellWidth: inputWidth, labelPrefix: multiChannel ? "" : nil
        ) { c, row, column in
            let index = TensorIndex(n: current.n, channel: c, row: row, column: column)
            var look = CellLook(text: GridNumber.format(input[current.n, c, row, column]))
            if index == current {
                look.style = Theme.currentTap
                look.bracketed = true
            } else if revealing && input.shape.flatIndex(of: index) > step {
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
            weightBlocks.append(
                .grid(
                    GridSpec(
                        rows: weight.shape.h, slices: Array(repeating: weight.shape.w, count: outPerGroup),
                        cellWidth: weightWidth,
                        look: { row, slice, column in
                            var look = CellLook(text: GridNumber.format(weight[i, slice, row, column]))
                            if i == current.channel {
                                look.bracketed = true
                            } else {
                                look.style = Theme.dim
                            }
                            return look
                        }, target: nil)))
        }
        let outputBlocks = ExplorerScreen.planes(
            output.shape, cellWidth: outputWidth,
            labelPrefix: output.shape.c > 1 ? "" : nil
        ) { c, row, column in
            let index = TensorIndex(n: current.n, channel: c, row: row, column: column)
            var look: CellLook
            if revealing {
                look =
                    sums[image.flatIndex(of: TensorIndex(channel: c, row: row, column: column))].map {
                        CellLook(text: GridNumber.format($0))
                    }
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
            Panel(
                title: "input \(Notation.shape(input.shape))", focused: true, blocks: inputBlocks,
                anchor: (anchorRow, current.column * (inputWidth + 1))),
            Panel(
                title: "weight \(Notation.shape(weight.shape))", focused: false,
                blocks: [.text("(C_in, C_out/groups, kH, kW)", Theme.dim)] + weightBlocks, anchor: (0, 0)),
            Panel(
                title: "output \(Notation.shape(output.shape))\(revealing ? " so far" : "")", focused: false,
                blocks: outputBlocks, anchor: (0, 0)),
        ]
    }
}
