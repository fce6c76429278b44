import ConvCore
import Presets

/// Builds the input, kernel, bias and output panels from the state.
struct PanelBuilder {
    let state: AppState
    /// The convolution shown: the preset's, or a transposed convolution's direct equivalent.
    let shown: ShownConvolution
    let frame: AnimationFrame?
    let geometry: ConvGeometry?
    /// Output cells (and the kernel taps they read through) fed by the input cursor, when the input is focused.
    let fed: [TensorIndex: [InputUse]]
    /// Extra characters per cell, to fill large screens (projectors).
    let zoom: Int
    /// Blank lines between grid rows: about half the extra characters, so cells grow in both directions and
    /// stay about square (a character is twice as tall as wide).
    var rowGap: Int { (zoom + 1) / 2 }

    init(_ state: AppState, _ shown: ShownConvolution, zoom: Int = 0) {
        self.state = state
        self.shown = shown
        self.zoom = zoom
        frame = AnimationFrame(shown, state.playback)
        geometry = shown.workspace.geometry
        var fed: [TensorIndex: [InputUse]] = [:]
        if state.cursors.focus == .input, !state.playback.revealing, let convolution = shown.workspace.convolution {
            for use in convolution.uses(of: state.cursors.input) { fed[use.output, default: []].append(use) }
        }
        self.fed = fed
    }

    private var heatmap: Bool { state.heatmap }

    /// Characters of each cell: the widest number in the tensor, plus the zoom.
    private func cellWidth(_ values: [Double]) -> Int {
        max(1, ValueSummary.width(values)) + zoom
    }

    /// The heatmap scale of a whole grid (remembered: a large grid is not scanned on every frame).
    private static func scale(_ values: [Double]) -> HeatScale {
        let (low, high) = ValueSummary.range(values)
        return HeatScale(low: low, high: high)
    }

    // MARK: - Input

    /// The batch item the input panel shows.
    private var shownBatch: Int { state.cursors.focus == .input ? state.cursors.input.n : state.cursors.output.n }

    func inputPanel() -> Panel {
        let input = shown.preset.input, shape = input.shape
        let n = shownBatch
        let padTop = geometry?.padTop ?? 0, padLeft = geometry?.padLeft ?? 0
        let rows = geometry?.paddedHeight ?? shape.h, columns = geometry?.paddedWidth ?? shape.w
        let width = cellWidth(input.values)
        let groups = max(1, shown.preset.parameters.groups)
        let readGroup = frame.map { geometry?.group(ofOutputChannel: $0.cell.channel) ?? 0 }
        let scale = Self.scale(input.values)
        var blocks: [PanelBlock] = heatmap ? [legend(scale, width: state.screenWidth / 3)] : []
        if let geometry, geometry.paddedHeight > shape.h || geometry.paddedWidth > shape.w {
            blocks.append(
                .text("\(shown.preset.parameters.paddingMode.rawValue) padding → \(rows)x\(columns)", Theme.dim))
        }
        var anchor = (line: 0, column: 0)
        for c in 0..<(heatmap && showsComposite ? 1 : shape.c) {
            let group = geometry?.group(ofInputChannel: c) ?? 0
            var label = shape.c > 1 || shape.n > 1 ? "c\(c)" : ""
            if shape.n > 1 { label = "item \(n) " + label }
            if groups > 1 && geometry != nil { label += " group \(group)" }
            let isRead = readGroup == group
            if frame != nil, shape.c > 1 || groups > 1, isRead { label += " [read]" }
            if heatmap && showsComposite { label = "RGB (V: one map a channel)" }
            if !label.isEmpty {
                blocks.append(.text(label, groups > 1 ? Theme.group(group) : (isRead ? Theme.title : Theme.dim)))
            }
            let firstLine = blocks.reduce(0) { $0 + $1.lineCount }
            if heatmap {
                let pictures = inputPicture(n: n, c: c, scale: scale)
                let picture = pictures.pictures[0]
                if state.cursors.focus == .input && (state.cursors.input.channel == c || showsComposite) {
                    let at = picture.position(
                        row: state.cursors.input.row + padTop, column: state.cursors.input.column + padLeft)
                    anchor = (firstLine + at.y, at.x)
                } else if state.cursors.focus != .input, let frame,
                    let tap = frame.revealing ? frame.currentTap : frame.trace.taps.first,
                    tap.inputChannel == c || showsComposite
                {
                    let at = picture.position(row: tap.paddedRow, column: tap.paddedColumn)
                    anchor = (firstLine + at.y, at.x)
                }
                blocks.append(.pictures(pictures))
                continue
            }
            let pitch = width + 1
            if state.cursors.focus == .input && state.cursors.input.channel == c {
                anchor = (
                    firstLine + (state.cursors.input.row + padTop) * (rowGap + 1),
                    (state.cursors.input.column + padLeft) * pitch
                )
            } else if state.cursors.focus != .input, let frame,
                let tap = frame.revealing ? frame.currentTap : frame.trace.taps.first, tap.inputChannel == c
            {
                anchor = (firstLine + tap.paddedRow * (rowGap + 1), tap.paddedColumn * pitch)
            }
            var spec = GridSpec(
                rows: rows, slices: [columns], cellWidth: width,
                look: { row, _, column in
                    self.inputLook(n: n, c: c, paddedRow: row, paddedColumn: column, isRead: isRead)
                },
                target: { row, _, column in
                    let r = row - padTop, q = column - padLeft
                    guard r >= 0, r < shape.h, q >= 0, q < shape.w else { return nil }
                    return (.input, TensorIndex(n: n, channel: c, row: r, column: q))
                })
            spec.rowGap = rowGap
            blocks.append(.grid(spec))
        }
        return Panel(
            title: "input \(Notation.shape(shape))", focused: state.cursors.focus == .input, blocks: blocks,
            anchor: anchor)
    }

    private func inputLook(n: Int, c: Int, paddedRow: Int, paddedColumn: Int, isRead: Bool) -> CellLook {
        let input = shown.preset.input
        var look: CellLook
        let rowSource = geometry?.rowSource(paddedRow) ?? .inside(paddedRow)
        let columnSource = geometry?.columnSource(paddedColumn) ?? .inside(paddedColumn)
        let isPadding: Bool
        switch (rowSource, columnSource) {
        case let (.inside(r), .inside(q)) where shown.roles.map({ $0.role(row: r, column: q) != .real }) ?? false:
            let inserted = shown.roles?.role(row: r, column: q) == .inserted
            look = CellLook(text: inserted ? "◦" : "0", style: inserted ? Theme.inserted : Theme.zeroPadding)
            isPadding = true
        case let (.inside(r), .inside(q)):
            look = CellLook(text: GridNumber.format(input[n, c, r, q]))
            if !isRead && frame != nil { look.style = Theme.dim }
            isPadding = false
        case (.zero, _), (_, .zero):
            look = CellLook(text: "0", style: Theme.zeroPadding)
            isPadding = true
        case let (.inside(r), .copied(q)), let (.copied(r), .inside(q)), let (.copied(r), .copied(q)):
            let value = input[n, c, r, q]
            look = CellLook(text: GridNumber.format(value), style: Theme.copiedPadding)
            isPadding = true
        }
        if let frame, n == frame.cell.n,
            isTap(paddedRow: paddedRow, paddedColumn: paddedColumn, channel: c, frame: frame)
        {
            look.bracketed = true
            look.style = Theme.window
            if isPadding { look.style.dim = true }
            if let tap = frame.currentTap, tap.inputChannel == c, tap.paddedRow == paddedRow,
                tap.paddedColumn == paddedColumn
            {
                look.style = Theme.currentTap
            }
        }
        if state.cursors.focus == .input, !isPadding,
            state.cursors.input
                == TensorIndex(
                    n: n, channel: c, row: paddedRow - (geometry?.padTop ?? 0),
                    column: paddedColumn - (geometry?.padLeft ?? 0))
        {
            look.style.reverse = true
            if case let .editing(buffer) = state.mode, buffer.grid == .input { look.text = buffer.text + "_" }
        }
        return look
    }

    /// Whether a padded position of channel `channel` is one of the current cell's kernel taps.
    func isTap(paddedRow: Int, paddedColumn: Int, channel: Int, frame: AnimationFrame) -> Bool {
        guard let geometry,
            geometry.group(ofInputChannel: channel) == geometry.group(ofOutputChannel: frame.cell.channel)
        else { return false }
        let parameters = geometry.parameters, kernel = geometry.weightShape
        let rowOffset = paddedRow - frame.cell.row * parameters.stride.height
        let columnOffset = paddedColumn - frame.cell.column * parameters.stride.width
        return rowOffset >= 0 && columnOffset >= 0
            && rowOffset % parameters.dilation.height == 0 && columnOffset % parameters.dilation.width == 0
            && rowOffset / parameters.dilation.height < kernel.h && columnOffset / parameters.dilation.width < kernel.w
    }

    // MARK: - Kernel

    func kernelPanel() -> Panel {
        let kernel = shown.preset.kernel, shape = kernel.shape
        let width = cellWidth(kernel.values)
        let groups = max(1, shown.preset.parameters.groups)
        let perGroup = geometry?.outputChannelsPerGroup ?? max(1, shape.n / groups)
        var blocks: [PanelBlock] = []
        var anchor = (line: 0, column: 0)
        let fedTaps = Set(
            fed.values.joined().map {
                TensorIndex(n: $0.output.channel, channel: $0.kernelChannel, row: $0.kernelRow, column: $0.kernelColumn)
            })
        for o in 0..<shape.n {
            let group = o / perGroup
            let first = group * shape.c
            let reads = (first..<first + shape.c).map { "c\($0)" }.joined(separator: " ")
            let isCurrent = frame?.cell.channel == o
            var label = geometry == nil ? "filter \(o)" : "filter \(o) ← \(reads)"
            if groups > 1 && geometry != nil { label += "  group \(group)" }
            if isCurrent { label = "▸ " + label }
            if shape.n > 1 || shape.c > 1 || groups > 1 {
                blocks.append(.text(label, groups > 1 ? Theme.group(group) : (isCurrent ? Theme.title : Theme.dim)))
            }
            let firstLine = blocks.reduce(0) { $0 + $1.lineCount }
            var spec = GridSpec(
                rows: shape.h, slices: Array(repeating: shape.w, count: shape.c), cellWidth: width,
                look: { row, slice, column in
                    var look = CellLook(text: GridNumber.format(kernel[o, slice, row, column]))
                    if let frame = self.frame, frame.cell.channel == o {
                        look.bracketed = true
                        if let tap = frame.currentTap, tap.kernelChannel == slice, tap.kernelRow == row,
                            tap.kernelColumn == column
                        {
                            look.style = Theme.currentTap
                        }
                    } else if self.frame != nil {
                        look.style = Theme.dim
                    }
                    if fedTaps.contains(TensorIndex(n: o, channel: slice, row: row, column: column)) {
                        look.style = Theme.fedOutput
                    }
                    if self.state.cursors.focus == .kernel,
                        self.state.cursors.kernel == TensorIndex(n: o, channel: slice, row: row, column: column)
                    {
                        look.style.reverse = true
                        if case let .editing(buffer) = self.state.mode, buffer.grid == .kernel {
                            look.text = buffer.text + "_"
                        }
                    }
                    return look
                },
                target: { row, slice, column in (.kernel, TensorIndex(n: o, channel: slice, row: row, column: column)) }
            )
            spec.rowGap = rowGap
            if state.cursors.focus == .kernel && state.cursors.kernel.n == o {
                anchor = (
                    firstLine + spec.line(ofRow: state.cursors.kernel.row),
                    spec.offset(slice: state.cursors.kernel.channel, column: state.cursors.kernel.column)
                )
            } else if state.cursors.focus != .kernel, isCurrent {
                anchor = (firstLine + spec.line(ofRow: frame?.currentTap?.kernelRow ?? 0), 0)
            }
            blocks.append(.grid(spec))
        }
        return Panel(
            title: "weight \(Notation.shape(shape))", focused: state.cursors.focus == .kernel, blocks: blocks,
            anchor: anchor)
    }

    func biasPanel() -> Panel? {
        guard let bias = shown.preset.bias else { return nil }
        let width = cellWidth(bias)
        let spec = GridSpec(
            rows: 1, slices: [bias.count], cellWidth: width,
            look: { _, _, column in
                var look = CellLook(text: GridNumber.format(bias[column]))
                if let frame = self.frame, frame.cell.channel == column {
                    look.bracketed = true
                    if frame.biasAdded { look.style = Theme.currentTap }
                }
                if self.state.cursors.focus == .bias, self.state.cursors.bias == column {
                    look.style.reverse = true
                    if case let .editing(buffer) = self.state.mode, buffer.grid == .bias {
                        look.text = buffer.text + "_"
                    }
                }
                return look
            }, target: { _, _, column in (.bias, TensorIndex(channel: column, row: 0, column: 0)) })
        return Panel(
            title: "bias (\(bias.count),)", focused: state.cursors.focus == .bias, blocks: [.grid(spec)],
            anchor: (0, spec.offset(slice: 0, column: state.cursors.bias)))
    }

    // MARK: - Output

    func outputPanel() -> Panel {
        if state.lesson?.hidesShape == true, let shape = shown.workspace.output?.shape {
            return Panel(
                title: "output (\(shape.n), \(shape.c), ?, ?)", focused: state.cursors.focus == .output,
                blocks: [
                    .text("hidden: how many rows", Theme.latestTerm),
                    .text("and columns will it have?", Theme.latestTerm),
                ],
                anchor: (0, 0))
        }
        if let done = shown.workspace.computed, let job = shown.workspace.job {
            let percent = Int(Double(done) / Double(max(1, job.work)) * 100)
            return Panel(
                title: "output \(Notation.shape(job.convolution.geometry.outputShape))",
                focused: state.cursors.focus == .output,
                blocks: [
                    .text("computing… \(percent)%", Theme.info),
                    .text("keys still answer", Theme.info),
                ], anchor: (0, 0))
        }
        guard let output = shown.workspace.output, let geometry else {
            let reason = shown.workspace.error?.description ?? "invalid combination"
            return Panel(
                title: "output (invalid)", focused: state.cursors.focus == .output,
                blocks: Self.wrap("PyTorch rejects this: \(reason)", width: 30).map { .text($0, Theme.error) } + [
                    .text(
                        state.lesson == nil ? "Change it back, or press u to undo." : "PgDn / PgUp: another step",
                        Theme.info)
                ],
                anchor: (0, 0))
        }
        let shape = output.shape
        let n = state.cursors.output.n
        let width = max(cellWidth(output.values), frame.map { GridNumber.format($0.partialSum).count } ?? 1)
        let scale = Self.scale(output.values)
        var blocks: [PanelBlock] = heatmap ? [legend(scale, width: state.screenWidth / 3)] : []
        if !fed.isEmpty {
            let name = Notation.cell(.input, state.cursors.input, batched: shown.preset.isBatched)
            blocks.append(.text("[ ] read \(name)", Theme.fedOutput))
        }
        var anchor = (line: 0, column: 0)
        // Heatmaps put several feature maps side by side; numbers stack the channels.
        let pictureWidth =
            shape.w * (state.colorDepth.drawsColorPictures ? pixelSize : 2 * pixelSize) + 1 + PictureRow.gap
        let perRow = heatmap ? max(1, min(shape.c, (state.screenWidth * 2 / 5) / pictureWidth)) : 1
        for first in stride(from: 0, to: shape.c, by: perRow) {
            let channels = Array(first..<min(first + perRow, shape.c))
            let labels = channels.map { o -> String in
                var label = shape.c > 1 || shape.n > 1 ? "c\(o)" : ""
                if shape.n > 1 && o == channels.first { label = "item \(n) " + label }
                if geometry.parameters.groups > 1 { label += " g\(geometry.group(ofOutputChannel: o))" }
                return label
            }
            if labels.contains(where: { !$0.isEmpty }) {
                let text = labels.map {
                    $0.padding(toLength: max($0.count + 1, heatmap ? pictureWidth : 0), withPad: " ", startingAt: 0)
                }.joined()
                let style =
                    geometry.parameters.groups > 1 && channels.count == 1
                    ? Theme.group(geometry.group(ofOutputChannel: first)) : Theme.title
                blocks.append(.text(text, style))
            }
            let firstLine = blocks.reduce(0) { $0 + $1.lineCount }
            if heatmap {
                let pictures = outputPictures(n: n, channels: channels, output: output, scale: scale)
                if channels.contains(state.cursors.output.channel) {
                    let slice = state.cursors.output.channel - first
                    let at = pictures.pictures[slice].position(
                        row: state.cursors.output.row, column: state.cursors.output.column)
                    anchor = (firstLine + at.y, pictures.offset(slice: slice) + at.x)
                }
                blocks.append(.pictures(pictures))
                continue
            }
            if channels.contains(state.cursors.output.channel) {
                let slice = state.cursors.output.channel - first
                anchor = (
                    firstLine + state.cursors.output.row * (rowGap + 1),
                    slice * (shape.w + 1) + state.cursors.output.column * (width + 1)
                )
            }
            var spec = GridSpec(
                rows: shape.h, slices: Array(repeating: shape.w, count: channels.count), cellWidth: width,
                look: { row, slice, column in
                    self.outputLook(TensorIndex(n: n, channel: first + slice, row: row, column: column), output: output)
                },
                target: { row, slice, column in
                    (.output, TensorIndex(n: n, channel: first + slice, row: row, column: column))
                })
            spec.rowGap = rowGap
            blocks.append(.grid(spec))
        }
        return Panel(
            title: "output \(Notation.shape(shape))", focused: state.cursors.focus == .output, blocks: blocks,
            anchor: anchor)
    }

    private func outputLook(_ index: TensorIndex, output: Tensor) -> CellLook {
        let value = output[index.n, index.channel, index.row, index.column]
        var look = CellLook(text: GridNumber.format(value))
        if let frame {
            if index == frame.cell {
                look = CellLook(text: GridNumber.format(frame.partialSum), style: Theme.selectedOutput, bracketed: true)
                if !frame.isComplete { look.style.underline = true }
            } else if !frame.isShown(index) {
                look = CellLook(text: "·", style: Theme.hidden)
            }
        }
        if fed[index] != nil {
            look.style = Theme.fedOutput
            look.bracketed = true
        }
        if let lesson = state.lesson, lesson.hidesValue, index == lesson.quizCell {
            look = CellLook(text: "?", style: Theme.latestTerm, bracketed: true)
        }
        return look
    }

    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in SafeText.terminal(text).split(separator: " ") {
            if !line.isEmpty && SafeText.width(line) + 1 + SafeText.width(String(word)) > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
