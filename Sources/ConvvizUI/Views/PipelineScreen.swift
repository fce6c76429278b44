import ConvCore
import Foundation
import Presets

/// The pipeline of a layer stack: the list of layers with their shapes and receptive fields, the input picture,
/// and a strip of every layer's output (its feature maps side by side), with the selected unit's field lit on every
/// earlier grid.
struct PipelineScreen {
    let state: AppState
    let pipeline: PipelineSubject
    /// Each grid's smallest and largest finite value: the ends of its grey scale.
    let ranges: [(Double, Double)]

    static func draw(_ state: AppState, _ pipeline: PipelineSubject, into grid: inout CellGrid) {
        let ranges = (0..<pipeline.gridCount).map { range(pipeline.tensor($0).values) }
        PipelineScreen(state: state, pipeline: pipeline, ranges: ranges).draw(into: &grid)
    }

    /// Rows of grid `g`'s band in the strip: its label line and its pictures (or values, once flat).
    private struct Band {
        let grid: Int
        /// Features per cell, once flat.
        let factor: Int
        let scale: PictureScale
        let perRow: Int
        let lines: Int
        var height: Int { 1 + lines }
    }

    func draw(into grid: inout CellGrid) {
        let width = grid.width
        var skeleton = ScreenSkeleton(title: [("convviz · \(state.preset.name) · layers", Theme.title)])
        if state.isRecording { skeleton.hint = nil }
        skeleton.bar = [ScreenSkeleton.Run(text: selectionLine, x: 0, style: Theme.info)]
        skeleton.note = (fieldLine, Theme.title)
        skeleton.lesson = ScreenSkeleton.lessonLines(state.lesson, width: width, height: grid.height)
        skeleton.footer = [[]]
        skeleton.status = Screen.statusLine(
            state,
            idle: [
                (
                    "Tab S-Tab layer  arrows unit  c channel  f paths  Enter open  0-9 edit input", Theme.dim
                )
            ])
        skeleton.draw(into: &grid)
        let area = skeleton.regions(width: width, height: grid.height).panels
        let list = visibleList(listLines(compact: width < 120), height: max(8, area.height * 55 / 100))
        let listWidth = list.map(\.text.count).max() ?? 0
        let input = pipeline.shape(0)
        var leftWidth = min(listWidth, area.width / 2)
        if width >= 120 { leftWidth = max(leftWidth, min(input.w, width * 34 / 100)) }
        for (offset, line) in list.enumerated() where offset < area.height {
            grid.put(line.text, x: area.x, y: area.y + offset, style: line.style, limit: leftWidth)
        }
        var firstBand = 0
        let room = area.height - list.count - 1
        if room >= 5, !pipeline.isFlat(0) {
            let scale = PictureScale.fitting(
                height: input.h, width: input.w, maps: 1, columns: leftWidth,
                rows: room - 1)
            if scale.rows(input.h) <= room - 1 {
                let y = area.y + list.count + 1
                let shrink = scale.label
                grid.put(
                    "input \(Notation.shape(input))\(shrink)", x: area.x, y: y,
                    style: pipeline.grid == 0 ? Theme.focusedTitle : Theme.title, limit: leftWidth)
                picture(0, channel: isColour(0) ? nil : pipeline.grid == 0 ? pipeline.channel : 0, scale: scale).draw(
                    x: area.x, y: y + 1, clip: Rect(x: area.x, y: area.y, width: leftWidth, height: area.height),
                    into: &grid)
                firstBand = 1
            }
        }
        let strip = Rect(x: area.x + leftWidth + 2, y: area.y, width: area.width - leftWidth - 2, height: area.height)
        drawStrip(from: firstBand, in: strip, into: &grid)
    }

    // MARK: - Words

    /// The bar: what is selected and its value; for a layer, its `r`, `S`, `P`.
    private var selectionLine: String {
        let g = pipeline.grid, shape = pipeline.shape(g), tensor = pipeline.tensor(g)
        let name = g == 0 ? "input" : "layer \(g)/\(pipeline.gridCount - 1) \(pipeline.stack.layers[g - 1].kind)"
        if pipeline.isFlat(g) {
            let value = GridNumber.format(tensor[0, pipeline.channel, 0, 0])
            return "\(name) (\(shape.n), \(shape.c)) · feature \(pipeline.channel) = \(value)"
        }
        let s = pipeline.selection
        let value = GridNumber.format(tensor[0, s.channel, s.row, s.column])
        var line = "\(name) \(Notation.shape(shape)) · [c\(s.channel), \(s.row), \(s.column)] = \(value)"
        if g == 0 {
            line += " · type a number to edit it"
        } else if let field = pipeline.fields[g - 1] {
            line +=
                " · r \(Self.pair(field.height.size, field.width.size))"
                + "  S \(Self.pair(field.height.stride, field.width.stride))"
                + "  P \(Self.pair(field.height.padding, field.width.padding))"
        }
        return line
    }

    /// The note: the unit's field on the input, its paths and holes.
    private var fieldLine: String {
        guard let unit = pipeline.unit else {
            return pipeline.grid == 0
                ? "the input: Tab selects a layer, whose unit's field is traced back here"
                : "flat features have no positions: select a convolution or pooling layer to trace a unit"
        }
        guard let rows = unit.rows[0], let columns = unit.columns[0] else {
            return "no input position reaches this unit (a gap of a strided transposed convolution)"
        }
        let shape = pipeline.shape(0)
        let rowPaths = unit.rowPaths[0], columnPaths = unit.columnPaths[0]
        var holes = 0
        for r in rows.clamped(to: 0...(shape.h - 1)) {
            for c in columns.clamped(to: 0...(shape.w - 1)) where rowPaths[r] == 0 || columnPaths[c] == 0 {
                holes += 1
            }
        }
        let (total, overflow) = rowPaths.reduce(0, +).multipliedReportingOverflow(by: columnPaths.reduce(0, +))
        return "field on the input: rows \(rows.lowerBound)–\(rows.upperBound), columns "
            + "\(columns.lowerBound)–\(columns.upperBound) · \(overflow ? "too many" : String(total)) paths · "
            + "\(holes) hole\(holes == 1 ? "" : "s")" + (pipeline.showsPaths ? " · f: values" : " · f: path counts")
    }

    /// `16` when both axes agree, else `16x12`; fractions as decimals.
    private static func pair(_ height: Double, _ width: Double) -> String {
        height == width ? number(height) : "\(number(height))x\(number(width))"
    }

    /// A whole number as it is, a fraction (after a transposed layer) to at most three decimals.
    private static func number(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    private static func compactShape(_ shape: Shape4, flat: Bool) -> String {
        flat ? "(\(shape.n),\(shape.c))" : "(\(shape.n),\(shape.c),\(shape.h),\(shape.w))"
    }

    /// The layer list: index, kind, output shape and `r`, `S`, `P` (only the kind and `r` when `compact`).
    private func listLines(compact: Bool) -> [(text: String, style: Style)] {
        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
        }
        let header =
            compact
            ? "   # " + pad("layer", 13) + "r"
            : "   # " + pad("layer", 15) + pad("output", 16) + pad("r", 6) + pad("S", 5) + "P"
        var lines: [(text: String, style: Style)] = [(header, Theme.dim)]
        for g in 0..<pipeline.gridCount {
            let mark = g == pipeline.grid ? "▶" : " "
            let index = String(repeating: " ", count: max(0, 2 - String(g).count)) + String(g)
            let kind = g == 0 ? "input" : Self.describe(pipeline.stack.layers[g - 1])
            let field = g == 0 ? nil : pipeline.fields[g - 1]
            let r = g == 0 ? "1" : field.map { Self.pair($0.height.size, $0.width.size) } ?? "-"
            var text = "\(mark)\(index) " + pad(kind, compact ? 13 : 15)
            if compact {
                text += r
            } else {
                let s = g == 0 ? "1" : field.map { Self.pair($0.height.stride, $0.width.stride) } ?? "-"
                let p = g == 0 ? "0" : field.map { Self.pair($0.height.padding, $0.width.padding) } ?? "-"
                text +=
                    pad(Self.compactShape(pipeline.shape(g), flat: pipeline.isFlat(g)), 16) + pad(r, 6)
                    + pad(s, 5) + p
            }
            let reached = pipeline.unit.map { g <= $0.layer + 1 } ?? false
            lines.append((text, g == pipeline.grid ? Theme.focusedTitle : reached ? Theme.title : .plain))
        }
        return lines
    }

    /// The header and, when the list is longer than `height`, the part of it around the selected layer.
    private func visibleList(_ lines: [(text: String, style: Style)], height: Int)
        -> [(text: String, style: Style)]
    {
        guard lines.count > height else { return lines }
        let visible = height - 1
        let first = PlacedPanel.scroll(anchor: pipeline.grid, visible: visible, total: lines.count - 1)
        return [lines[0]] + lines[(first + 1)...(first + visible)]
    }

    /// `conv2d 3x3`, `max_pool2d 2x2`, `relu`.
    private static func describe(_ layer: Layer) -> String {
        switch layer {
        case let .conv2d(conv):
            if case let .values(weight) = conv.weights { return "conv2d \(weight.shape.h)x\(weight.shape.w)" }
            return "conv2d"
        case let .convTranspose2d(conv):
            if case let .values(weight) = conv.weights { return "conv_t \(weight.shape.h)x\(weight.shape.w)" }
            return "conv_t"
        case let .pool(parameters):
            return "\(parameters.kind.rawValue)pool \(parameters.kernel.height)x\(parameters.kernel.width)"
        case .activation, .flatten, .linear, .softmax:
            return layer.kind
        }
    }

    // MARK: - The strip

    private func drawStrip(from first: Int, in strip: Rect, into grid: inout CellGrid) {
        guard strip.width >= 8, strip.height >= 2, first < pipeline.gridCount else { return }
        let large = max(2, strip.height * 6 / 10 - 1), small = max(1, strip.height / 7)
        let bands = (first..<pipeline.gridCount).map { g in
            band(
                g, width: strip.width,
                maxRows:
                    g == pipeline.grid ? large : small)
        }
        var tops: [Int] = [], y = 0
        for band in bands {
            tops.append(y)
            y += band.height
        }
        let total = y
        var firstLine = 0
        if let selected = bands.firstIndex(where: { $0.grid == pipeline.grid }) {
            firstLine = max(0, min(tops[selected], total - strip.height))
        }
        for (band, top) in zip(bands, tops) {
            let y = strip.y + top - firstLine
            if y >= strip.maxY { break }
            if y + band.height <= strip.y { continue }
            drawBand(band, x: strip.x, y: y, clip: strip, into: &grid)
        }
        if firstLine > 0 { grid.put("↑ more", x: strip.maxX - 6, y: strip.y, style: Theme.dim) }
        if total - firstLine > strip.height {
            grid.put("↓ more", x: strip.maxX - 6, y: strip.maxY - 1, style: Theme.dim)
        }
    }

    private func band(_ g: Int, width: Int, maxRows: Int) -> Band {
        let shape = pipeline.shape(g)
        if pipeline.isFlat(g) {
            let lines = shape.c * 7 <= width ? 1 : min(2, (shape.c + width - 1) / width)
            let factor = max(1, (shape.c + width * lines - 1) / (width * lines))
            return Band(grid: g, factor: factor, scale: PictureScale(), perRow: 0, lines: lines)
        }
        let maps = isColour(g) ? 1 : shape.c
        let scale = PictureScale.fitting(height: shape.h, width: shape.w, maps: maps, columns: width, rows: maxRows)
        let perRow = scale.perRow(width: shape.w, maps: maps, columns: width)
        let lines = (maps + perRow - 1) / perRow * scale.rows(shape.h)
        return Band(grid: g, factor: 1, scale: scale, perRow: perRow, lines: lines)
    }

    private func drawBand(_ band: Band, x: Int, y: Int, clip: Rect, into grid: inout CellGrid) {
        let g = band.grid, shape = pipeline.shape(g)
        var label = g == 0 ? "input" : "\(g) \(pipeline.stack.layers[g - 1].kind)"
        label += " " + Self.compactShape(shape, flat: pipeline.isFlat(g))
        label += pipeline.isFlat(g) ? band.factor > 1 ? " · 1 cell = \(band.factor)" : "" : band.scale.label
        if let unit = pipeline.unit, g <= unit.layer {
            if let rows = unit.rows[g], let columns = unit.columns[g] {
                label +=
                    " · field rows \(rows.lowerBound)–\(rows.upperBound),"
                    + " cols \(columns.lowerBound)–\(columns.upperBound)"
            } else {
                label += " · no position reaches the unit"
            }
        } else if let unit = pipeline.unit, g == unit.layer + 1 {
            label += " · unit [\(unit.row), \(unit.column)]"
        }
        if y >= clip.y {
            grid.put(
                (g == pipeline.grid ? "▶ " : "  ") + label, x: x, y: y,
                style: g == pipeline.grid ? Theme.focusedTitle : Theme.title, limit: clip.width)
        }
        if pipeline.isFlat(g) { return drawFeatures(band, x: x, y: y + 1, clip: clip, into: &grid) }
        let maps = isColour(g) ? 1 : shape.c
        let pictureRows = band.scale.rows(shape.h)
        let pitch = band.scale.columns(shape.w) + 1
        for map in 0..<maps {
            let mapX = x + (map % band.perRow) * pitch, mapY = y + 1 + (map / band.perRow) * pictureRows
            picture(g, channel: isColour(g) ? nil : map, scale: band.scale).draw(
                x: mapX, y: mapY, clip: clip, into: &grid)
        }
    }

    /// Flat features: their values on a heat background, or one shaded cell per `factor` features.
    private func drawFeatures(_ band: Band, x: Int, y: Int, clip: Rect, into grid: inout CellGrid) {
        let tensor = pipeline.tensor(band.grid), count = tensor.shape.c
        let range = ranges[band.grid]
        func fraction(_ value: Double) -> Double { range.1 > range.0 ? (value - range.0) / (range.1 - range.0) : 0.5 }
        guard y >= clip.y, y < clip.maxY else { return }
        if count * 7 <= clip.width {
            for feature in 0..<count {
                let value = tensor[0, feature, 0, 0]
                var style = Theme.heat(fraction(value))
                if band.grid == pipeline.grid && feature == pipeline.channel { style = Theme.selectedOutput }
                let text = String(GridNumber.format(value).prefix(6))
                grid.put(String(repeating: " ", count: 6 - text.count) + text, x: x + feature * 7, y: y, style: style)
            }
            return
        }
        let cells = (count + band.factor - 1) / band.factor
        for cell in 0..<cells {
            let line = cell / clip.width, column = cell % clip.width
            guard y + line < clip.maxY, line < band.lines else { break }
            let block = PipelinePicture.block(cell, band.factor, size: count)
            let value = block.map { tensor[0, $0, 0, 0] }.max() ?? 0
            let shade = Theme.shades[min(Theme.shades.count - 1, Int(fraction(value) * Double(Theme.shades.count)))]
            grid[x + column, y + line] = Cell(shade, Theme.heat(fraction(value)))
        }
    }

    // MARK: - Pictures

    private func isColour(_ g: Int) -> Bool { g == 0 && pipeline.shape(0).c == 3 }

    private static func range(_ values: [Double]) -> (Double, Double) {
        var low = Double.infinity, high = -Double.infinity
        for value in values where value.isFinite {
            low = min(low, value)
            high = max(high, value)
        }
        return low <= high ? (low, high) : (0, 1)
    }

    /// Channel `channel` of grid `g` (all three as colour when `nil`) at `scale`, with the unit's field.
    private func picture(_ g: Int, channel: Int?, scale: PictureScale) -> PipelinePicture {
        let factor = scale.shrink
        let tensor = pipeline.tensor(g), shape = tensor.shape
        let (low, high) = ranges[g]
        let span = high > low ? high - low : 1
        let unit = pipeline.unit
        let earlier = unit.map { g <= $0.layer } ?? false
        let own = unit.map { g == $0.layer + 1 } ?? false
        let cursor = g == 0 && pipeline.grid == 0
        let rows = earlier ? unit?.rows[g] : nil, columns = earlier ? unit?.columns[g] : nil
        let rowPaths = earlier ? unit?.rowPaths[g] ?? [] : [], columnPaths = earlier ? unit?.columnPaths[g] ?? [] : []
        let maxPaths = Double(rowPaths.max() ?? 0) * Double(columnPaths.max() ?? 0)
        let showsPaths = pipeline.showsPaths && earlier
        let selection = pipeline.selection
        return PipelinePicture(height: shape.h, width: shape.w, scale: scale) { py, px in
            let rowBlock = PipelinePicture.block(py, factor, size: shape.h)
            let columnBlock = PipelinePicture.block(px, factor, size: shape.w)
            if own || cursor,
                rowBlock.contains(own ? unit!.row : selection.row),
                columnBlock.contains(own ? unit!.column : selection.column)
            {
                guard own else { return PipelinePalette.cursor }
                let selected = channel == nil || channel == selection.channel
                return selected ? PipelinePalette.unit : PipelinePalette.unitElsewhere
            }
            let inside =
                earlier && rows.map { $0.overlaps(rowBlock) } == true
                && columns.map { $0.overlaps(columnBlock) } == true
            if showsPaths {
                guard inside else { return PipelinePalette.outside }
                var most = 0.0
                for r in rowBlock {
                    for c in columnBlock { most = max(most, Double(rowPaths[r]) * Double(columnPaths[c])) }
                }
                return most == 0 ? PipelinePalette.hole : PipelinePalette.paths(maxPaths > 0 ? most / maxPaths : 0)
            }
            let dim = earlier && !inside
            func mean(_ c: Int) -> Double {
                var sum = 0.0
                for r in rowBlock { for q in columnBlock { sum += tensor[0, c, r, q] } }
                return (sum / Double(rowBlock.count * columnBlock.count) - low) / span
            }
            guard let channel = channel ?? (isColour(g) ? nil : 0) else {
                let (red, green, blue) = (mean(0), mean(1), mean(2))
                return dim
                    ? PipelinePalette.dimmed(0.3 * red + 0.59 * green + 0.11 * blue)
                    : PipelinePalette.rgb(red, green, blue)
            }
            return dim ? PipelinePalette.dimmed(mean(channel)) : PipelinePalette.grey(mean(channel))
        }
    }
}
