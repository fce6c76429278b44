import ConvCore
import Presets

/// Moving around the convolution screen (a conv2d, or a transposed convolution's direct view): focus, cursors,
/// clicks and wheel turns, and keeping the cursors inside their grids and the animation on the selected cell.
extension AppState {
    /// The panels Tab visits, in screen order.
    var focusOrder: [Focus] {
        shownConvolution?.preset.bias == nil
            ? [.input, .kernel, .output, .parameters] : [.input, .kernel, .bias, .output, .parameters]
    }

    mutating func cycleFocus(by delta: Int) {
        let order = focusOrder
        let current = order.firstIndex(of: cursors.focus) ?? 0
        cursors.focus = order[((current + delta) % order.count + order.count) % order.count]
    }

    mutating func moveCursor(rows: Int, columns: Int) {
        guard let shown = shownConvolution else { return }
        let preset = shown.preset
        switch cursors.focus {
        case .input:
            cursors.input = Cursors.moveStacked(cursors.input, rows: rows, columns: columns, shape: preset.input.shape)
        case .output:
            guard let plan else { return fail("no output to move in: \(shown.workspace.error?.description ?? "")") }
            cursors.output = Cursors.moveStacked(cursors.output, rows: rows, columns: columns, shape: plan.output)
            playback.position = plan.lastPosition(ofCell: plan.cell(of: cursors.output))
        case .kernel:
            cursors.kernel = Cursors.moveKernel(
                cursors.kernel, rows: rows, columns: columns, shape: preset.kernel.shape)
        case .bias:
            cursors.bias = min(max(cursors.bias + rows + columns, 0), preset.kernel.shape.n - 1)
        case .parameters:
            if columns != 0 {
                let all = ParameterField.allCases
                cursors.parameter = all[min(max(cursors.parameter.rawValue + columns, 0), all.count - 1)]
            }
            if rows != 0 { editing { $0.adjustParameter($0.cursors.parameter, by: -rows) } }
        }
    }

    mutating func select(_ target: Focus, _ index: TensorIndex) {
        cursors.focus = target
        switch target {
        case .input: cursors.input = index
        case .kernel: cursors.kernel = index
        case .bias: cursors.bias = index.channel
        case .output:
            cursors.output = index
            if let plan {
                cursors.output = Cursors.clamp(index, to: plan.output)
                playback.position = plan.lastPosition(ofCell: plan.cell(of: cursors.output))
            }
        case .parameters: break
        }
    }

    mutating func selectParameter(_ field: ParameterField) {
        cursors.focus = .parameters
        cursors.parameter = field
    }

    mutating func click(x: Int, y: Int) {
        guard mode == .normal else {
            if mode == .help { mode = .normal }
            if case .browser = mode { mode = .normal }
            return
        }
        onConvolutionScreen { state in
            switch state.layout()?.target(x: x, y: y) {
            case let .cell(focus, index)?: state.select(focus, index)
            case let .parameter(field)?: state.selectParameter(field)
            case nil: break
            }
        }
    }

    mutating func wheel(x: Int, y: Int, delta: Int) {
        guard mode == .normal else { return }
        onConvolutionScreen { state in
            if case let .parameter(field)? = state.layout()?.target(x: x, y: y) {
                state.selectParameter(field)
                state.editing { $0.adjustParameter(field, by: delta) }
            } else {
                state.moveCursor(rows: -delta, columns: 0)
            }
        }
    }

    /// Shows every output value with the selected cell complete (the state after a jump to the end).
    mutating func showWholeOutput() {
        guard let plan else {
            playback.revealing = false
            playback.playing = false
            return
        }
        playback.showWhole(cell: plan.cell(of: cursors.output), on: plan.timeline)
    }

    /// Clamps every cursor to its grid and keeps the output cursor on the animation's cell.
    mutating func normalize() {
        guard let shown = shownConvolution else { return }
        let preset = shown.preset, input = preset.input.shape, kernel = preset.kernel.shape
        cursors.input = Cursors.clamp(cursors.input, to: input)
        cursors.kernel = Cursors.clamp(cursors.kernel, to: kernel)
        cursors.bias = min(max(cursors.bias, 0), max(0, kernel.n - 1))
        if cursors.focus == .bias && preset.bias == nil { cursors.focus = .kernel }
        guard let plan else { return }
        cursors.output = Cursors.clamp(cursors.output, to: plan.output)
        playback.position = min(max(playback.position, 0), max(0, plan.totalSteps - 1))
        if playback.revealing {
            cursors.output = plan.index(ofCell: playback.position / plan.stepsPerCell)
        } else if plan.cell(of: cursors.output) != playback.position / plan.stepsPerCell {
            playback.position = plan.lastPosition(ofCell: plan.cell(of: cursors.output))
        }
    }
}
