import ConvCore

extension AppState {
    /// The panels Tab visits, in screen order.
    var focusOrder: [Focus] {
        preset.bias == nil ? [.input, .kernel, .output, .parameters] : [.input, .kernel, .bias, .output, .parameters]
    }

    mutating func cycleFocus(by delta: Int) {
        let order = focusOrder
        let current = order.firstIndex(of: focus) ?? 0
        focus = order[((current + delta) % order.count + order.count) % order.count]
    }

    mutating func moveCursor(rows: Int, columns: Int) {
        switch focus {
        case .input:
            inputCursor = Self.moveStacked(inputCursor, rows: rows, columns: columns, shape: preset.input.shape)
        case .output:
            guard let plan else { return fail("no output to move in: \(workspace.error?.description ?? "")") }
            outputCursor = Self.moveStacked(outputCursor, rows: rows, columns: columns, shape: plan.output)
            playback.position = plan.lastPosition(ofCell: plan.cell(of: outputCursor))
        case .kernel:
            kernelCursor = Self.moveKernel(kernelCursor, rows: rows, columns: columns, shape: preset.kernel.shape)
        case .bias:
            biasCursor = min(max(biasCursor + rows + columns, 0), preset.kernel.shape.n - 1)
        case .parameters:
            if columns != 0 {
                let all = ParameterField.allCases
                let next = min(max(parameterCursor.rawValue + columns, 0), all.count - 1)
                parameterCursor = all[next]
            }
            if rows != 0 { adjustParameter(parameterCursor, by: -rows) }
        }
    }

    /// Moves through planes stacked vertically: rows run on into the next channel, then batch item.
    static func moveStacked(_ index: TensorIndex, rows: Int, columns: Int, shape: Shape4) -> TensorIndex {
        let totalRows = shape.n * shape.c * shape.h
        let flat = min(max((index.n * shape.c + index.channel) * shape.h + index.row + rows, 0), totalRows - 1)
        return TensorIndex(n: flat / (shape.c * shape.h), channel: (flat / shape.h) % shape.c, row: flat % shape.h,
                           column: min(max(index.column + columns, 0), shape.w - 1))
    }

    /// Moves through the kernel: filters stacked vertically, each filter's channels side by side.
    static func moveKernel(_ index: TensorIndex, rows: Int, columns: Int, shape: Shape4) -> TensorIndex {
        let flatRow = min(max(index.n * shape.h + index.row + rows, 0), shape.n * shape.h - 1)
        let flatColumn = min(max(index.channel * shape.w + index.column + columns, 0), shape.c * shape.w - 1)
        return TensorIndex(n: flatRow / shape.h, channel: flatColumn / shape.w, row: flatRow % shape.h, column: flatColumn % shape.w)
    }

    mutating func select(_ target: Focus, _ index: TensorIndex) {
        focus = target
        switch target {
        case .input: inputCursor = index
        case .kernel: kernelCursor = index
        case .bias: biasCursor = index.channel
        case .output:
            outputCursor = index
            if let plan {
                outputCursor = Self.clamp(index, to: plan.output)
                playback.position = plan.lastPosition(ofCell: plan.cell(of: outputCursor))
            }
        case .parameters: break
        }
    }

    mutating func click(x: Int, y: Int) {
        guard mode == .normal else {
            if mode == .help { mode = .normal }
            if case .browser = mode { mode = .normal }
            return
        }
        switch layout().target(x: x, y: y) {
        case let .cell(focus, index)?: select(focus, index)
        case let .parameter(field)?:
            self.focus = .parameters
            parameterCursor = field
        case nil: break
        }
    }

    mutating func wheel(x: Int, y: Int, delta: Int) {
        guard mode == .normal else { return }
        if case let .parameter(field)? = layout().target(x: x, y: y) {
            parameterCursor = field
            focus = .parameters
            adjustParameter(field, by: delta)
        } else {
            moveCursor(rows: -delta, columns: 0)
        }
    }
}
