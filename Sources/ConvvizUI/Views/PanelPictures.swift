import ConvCore

/// The heatmap view of the input and output panels: pictures with square pixels (see ``Picture``), one per
/// channel (or one composite RGB picture of a 3-channel input), each panel with its legend.
extension PanelBuilder {
    /// Pixel size of the pictures: grows with the zoom.
    var pixelSize: Int { zoom + 1 }

    /// Whether the input is shown as one composite RGB picture rather than three channel maps.
    var showsComposite: Bool { state.compositeRGB && shown.preset.input.shape.c == 3 && shown.roles == nil }

    /// The input picture of channel `c` (all three channels when composite) of batch item `n`, over the
    /// padded input.
    func inputPicture(n: Int, c: Int, scale: HeatScale) -> PictureRow {
        let input = shown.preset.input, shape = input.shape
        let padTop = geometry?.padTop ?? 0, padLeft = geometry?.padLeft ?? 0
        let rows = geometry?.paddedHeight ?? shape.h, columns = geometry?.paddedWidth ?? shape.w
        let channels = showsComposite ? Array(0..<3) : [c]
        let picture = Picture(rows: rows, columns: columns, pixelSize: pixelSize, scale: scale, depth: state.colorDepth)
        { row, column in
            var pixel = self.inputPixel(n: n, c: channels[0], paddedRow: row, paddedColumn: column)
            guard channels.count == 3 else { return pixel }
            let values = channels.map { self.inputPixel(n: n, c: $0, paddedRow: row, paddedColumn: column) }
            pixel.mark = values.map(\.mark).max() ?? .none
            pixel.inWindow = values.contains { $0.inWindow }
            if let red = values[0].value, let green = values[1].value, let blue = values[2].value {
                pixel.color = scale.composite(red: red, green: green, blue: blue)
                pixel.value = nil
            }
            return pixel
        }
        return PictureRow(pictures: [picture]) { _, row, column in
            let r = row - padTop, q = column - padLeft
            guard r >= 0, r < shape.h, q >= 0, q < shape.w else { return nil }
            return (.input, TensorIndex(n: n, channel: c, row: r, column: q))
        }
    }

    /// One pixel of the padded input: its value (none for zero padding and inserted zeros) and its mark.
    private func inputPixel(n: Int, c: Int, paddedRow: Int, paddedColumn: Int) -> Pixel {
        let input = shown.preset.input
        var pixel = Pixel(value: nil)
        let rowSource = geometry?.rowSource(paddedRow) ?? .inside(paddedRow)
        let columnSource = geometry?.columnSource(paddedColumn) ?? .inside(paddedColumn)
        switch (rowSource, columnSource) {
        case let (.inside(r), .inside(q)) where shown.roles.map({ $0.role(row: r, column: q) != .real }) ?? false:
            break
        case (.zero, _), (_, .zero):
            break
        case let (.inside(r), .inside(q)), let (.inside(r), .copied(q)), let (.copied(r), .inside(q)),
            let (.copied(r), .copied(q)):
            pixel.value = input[n, c, r, q]
        }
        if let frame, n == frame.cell.n,
            isTap(paddedRow: paddedRow, paddedColumn: paddedColumn, channel: c, frame: frame)
        {
            pixel.mark = .window
            pixel.inWindow = true
            if let tap = frame.currentTap, tap.inputChannel == c, tap.paddedRow == paddedRow,
                tap.paddedColumn == paddedColumn
            {
                pixel.mark = .currentTap
            }
        }
        let cursor = state.cursors.input
        if state.cursors.focus == .input, cursor.n == n, cursor.channel == c,
            cursor.row + (geometry?.padTop ?? 0) == paddedRow, cursor.column + (geometry?.padLeft ?? 0) == paddedColumn
        {
            pixel.mark = max(pixel.mark, .cursor)
        }
        return pixel
    }

    /// The output pictures of `channels` of batch item `n`, side by side.
    func outputPictures(n: Int, channels: [Int], output: Tensor, scale: HeatScale) -> PictureRow {
        let shape = output.shape
        let pictures = channels.map { o in
            Picture(rows: shape.h, columns: shape.w, pixelSize: pixelSize, scale: scale, depth: state.colorDepth) {
                row, column in
                self.outputPixel(TensorIndex(n: n, channel: o, row: row, column: column), output: output)
            }
        }
        return PictureRow(pictures: pictures) { slice, row, column in
            (.output, TensorIndex(n: n, channel: channels[slice], row: row, column: column))
        }
    }

    /// One output pixel: hidden until the animation reaches it, marked when summed now, read by the input
    /// cursor, or under the cursor.
    private func outputPixel(_ index: TensorIndex, output: Tensor) -> Pixel {
        var pixel = Pixel(value: output[index.n, index.channel, index.row, index.column])
        if let frame {
            if index == frame.cell {
                pixel.mark = .currentTap
                pixel.inWindow = true
            } else if !frame.isShown(index) {
                pixel.value = nil
            }
        }
        if fed[index] != nil {
            pixel.mark = max(pixel.mark, .linked)
            pixel.inWindow = true
        }
        if state.cursors.focus == .output, state.cursors.output == index { pixel.mark = max(pixel.mark, .cursor) }
        if let lesson = state.lesson, lesson.hidesValue, index == lesson.quizCell { pixel.value = nil }
        return pixel
    }

    /// The legend of a panel's pictures, as wide as the panel allows.
    func legend(_ scale: HeatScale, width: Int) -> PanelBlock {
        .cells(HeatLegend.cells(scale, depth: state.colorDepth, width: max(width, 24)))
    }
}
