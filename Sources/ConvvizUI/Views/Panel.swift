import ConvCore

/// How one grid cell looks: its text, style, and whether it is bracketed (a kernel tap, a linked cell).
struct CellLook {
    var text: String
    var style: Style = .plain
    var bracketed = false
}

/// A rectangle of cells drawn as aligned columns, possibly as several slices side by side (a filter's
/// channels). Cells are produced on demand, so only the visible part of a huge grid is ever formatted.
struct GridSpec {
    /// Rows.
    let rows: Int
    /// Columns of each side-by-side slice.
    let slices: [Int]
    /// Characters of each cell's text.
    let cellWidth: Int
    /// The look of a cell: row, slice, column.
    let look: (Int, Int, Int) -> CellLook
    /// The tensor position a cell stands for, for mouse selection.
    let target: ((Int, Int, Int) -> (Focus, TensorIndex)?)?
    /// Blank lines between rows, to fill tall screens.
    var rowGap = 0

    /// Lines the grid takes: its rows and the gaps between them.
    var lineCount: Int { rows + max(0, rows - 1) * rowGap }

    /// The row drawn on line `line` of the grid, or `nil` for a gap between rows.
    func row(atLine line: Int) -> Int? { line % (rowGap + 1) == 0 ? line / (rowGap + 1) : nil }

    /// The first line of row `row`.
    func line(ofRow row: Int) -> Int { row * (rowGap + 1) }

    /// Screen columns from one cell to the next.
    var pitch: Int { cellWidth + 1 }
    /// Screen columns between slices.
    private var gap: Int { 2 }

    /// Screen columns one slice takes: its cells, plus the closing marker column.
    func sliceWidth(_ columns: Int) -> Int { columns * pitch + 1 }

    /// Columns one row takes on screen.
    var width: Int { slices.reduce(0) { $0 + sliceWidth($1) } + gap * max(0, slices.count - 1) }

    /// The screen column (relative to the grid) where cell `column` of slice `slice` starts (its marker).
    func offset(slice: Int, column: Int) -> Int {
        var x = 0
        for earlier in 0..<slice { x += sliceWidth(slices[earlier]) + gap }
        return x + column * pitch
    }

    /// The (slice, column) under relative screen column `x`, if any.
    func cell(atColumn x: Int) -> (slice: Int, column: Int)? {
        var start = 0
        for (slice, columns) in slices.enumerated() {
            if x >= start && x < start + sliceWidth(columns) {
                return (slice, min((x - start) / pitch, columns - 1))
            }
            start += sliceWidth(columns) + gap
        }
        return nil
    }
}

/// One part of a panel: a line of text, a grid, pictures side by side, or a line of styled cells (a legend).
enum PanelBlock {
    case text(String, Style)
    case grid(GridSpec)
    case pictures(PictureRow)
    case cells([Cell])

    var lineCount: Int {
        switch self {
        case .text, .cells: 1
        case let .grid(spec): spec.lineCount
        case let .pictures(row): row.height
        }
    }

    var width: Int {
        switch self {
        case let .text(text, _): text.count
        case let .grid(spec): spec.width
        case let .pictures(row): row.width
        case let .cells(cells): cells.count
        }
    }
}

/// Pictures side by side (the channels of a heatmap), and the tensor cell each pixel stands for.
struct PictureRow {
    /// The pictures, left to right.
    let pictures: [Picture]
    /// The tensor position of pixel (row, column) of picture `slice`: slice, row, column.
    let target: ((Int, Int, Int) -> (Focus, TensorIndex)?)?
    /// Columns between pictures.
    static let gap = 2

    var height: Int { pictures.map(\.height).max() ?? 0 }
    var width: Int { pictures.reduce(0) { $0 + $1.width } + Self.gap * max(0, pictures.count - 1) }

    /// Where picture `slice` starts.
    func offset(slice: Int) -> Int { pictures.prefix(slice).reduce(0) { $0 + $1.width + Self.gap } }

    /// Line `line` of every picture, side by side.
    func line(_ line: Int) -> [Cell] {
        var cells: [Cell] = []
        for (slice, picture) in pictures.enumerated() {
            if slice > 0 { cells += Array(repeating: Cell(), count: Self.gap) }
            let own = picture.line(line)
            cells += own + Array(repeating: Cell(), count: max(0, picture.width - own.count))
        }
        return cells
    }

    /// The tensor cell under column `x` of line `line`, if any.
    func target(x: Int, line: Int) -> (Focus, TensorIndex)? {
        for (slice, picture) in pictures.enumerated() {
            let start = offset(slice: slice)
            guard x >= start, x < start + picture.width else { continue }
            return picture.pixel(atX: x - start, y: line).flatMap { target?(slice, $0.row, $0.column) }
        }
        return nil
    }
}

/// A titled, scrollable column of blocks: the input, kernel, bias or output.
struct Panel {
    /// The title line (always visible).
    var title: String
    /// Whether the panel has the keyboard focus.
    var focused: Bool
    /// The content below the title.
    var blocks: [PanelBlock]
    /// The content line and column to keep in view (cursor or animation).
    var anchor: (line: Int, column: Int)

    var contentHeight: Int { blocks.reduce(0) { $0 + $1.lineCount } }
    var contentWidth: Int { max(title.count, blocks.map(\.width).max() ?? 0) }

    /// The panel with every grid's cells `extra` characters wider and about half as many blank lines between
    /// rows (the anchor's line follows its row).
    func scaled(by extra: Int) -> Panel {
        var copy = self
        var old = 0, new = 0
        copy.blocks = blocks.map { block in
            var result = block
            if case let .grid(spec) = block {
                var grown = GridSpec(
                    rows: spec.rows, slices: spec.slices, cellWidth: spec.cellWidth + extra, look: spec.look,
                    target: spec.target)
                grown.rowGap = (extra + 1) / 2
                result = .grid(grown)
                if anchor.line >= old && anchor.line < old + block.lineCount {
                    let row = spec.row(atLine: anchor.line - old) ?? 0
                    copy.anchor = (new + grown.line(ofRow: row), anchor.column * grown.pitch / spec.pitch)
                }
            } else if anchor.line >= old && anchor.line < old + block.lineCount {
                copy.anchor.line = new + anchor.line - old
            }
            old += block.lineCount
            new += result.lineCount
            return result
        }
        return copy
    }

    /// The block holding content line `line`, and the line within it.
    func block(atLine line: Int) -> (block: PanelBlock, row: Int)? {
        var start = 0
        for block in blocks {
            if line < start + block.lineCount { return (block, line - start) }
            start += block.lineCount
        }
        return nil
    }
}

/// Where a panel sits on screen and how far it is scrolled.
struct PlacedPanel {
    var panel: Panel
    var x: Int
    var y: Int
    var width: Int
    var height: Int
    var firstLine: Int
    var firstColumn: Int

    /// `panel` in `rect`, scrolled to keep its anchor in view.
    init(_ panel: Panel, in rect: Rect) {
        self.init(panel, x: rect.x, y: rect.y, width: rect.width, height: rect.height)
    }

    init(_ panel: Panel, x: Int, y: Int, width: Int, height: Int) {
        self.panel = panel
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        let visibleLines = max(0, height - 1)
        firstLine = Self.scroll(anchor: panel.anchor.line, visible: visibleLines, total: panel.contentHeight)
        firstColumn = Self.scroll(anchor: panel.anchor.column, visible: width, total: panel.contentWidth)
    }

    /// Whether some content is out of view.
    var isCut: Bool { panel.contentHeight > height - 1 || panel.contentWidth > width }

    /// The first visible index that keeps `anchor` near the middle of the view.
    static func scroll(anchor: Int, visible: Int, total: Int) -> Int {
        guard total > visible, visible > 0 else { return 0 }
        return min(max(anchor - visible / 2, 0), total - visible)
    }

    func draw(into grid: inout CellGrid) {
        var title = panel.title
        if isCut {
            // The mark survives a narrow panel: the title packs its shape tighter, then gives way.
            if title.count + 2 > width { title = title.replacingOccurrences(of: ", ", with: ",") }
            title = String(title.prefix(max(0, width - 2))) + " ⋯"
        }
        grid.put(title, x: x, y: y, style: panel.focused ? Theme.focusedTitle : Theme.title, limit: width)
        for screenRow in 0..<max(0, height - 1) {
            guard let (block, row) = panel.block(atLine: firstLine + screenRow) else { break }
            let y = self.y + 1 + screenRow
            switch block {
            case let .text(text, style):
                let visible = String(text.dropFirst(firstColumn))
                grid.put(visible, x: x, y: y, style: style, limit: width)
            case let .grid(spec):
                if let row = spec.row(atLine: row) { drawRow(spec, row: row, y: y, into: &grid) }
            case let .pictures(pictures):
                draw(pictures.line(row), y: y, into: &grid)
            case let .cells(cells):
                draw(cells, y: y, into: &grid)
            }
        }
    }

    private func drawRow(_ spec: GridSpec, row: Int, y: Int, into grid: inout CellGrid) {
        let left = x - firstColumn
        for (slice, columns) in spec.slices.enumerated() {
            let sliceStart = spec.offset(slice: slice, column: 0)
            // Skip slices wholly left or right of the view.
            if left + sliceStart > x + width { break }
            if left + sliceStart + spec.sliceWidth(columns) < x { continue }
            let firstColumnInView = max(0, (x - left - sliceStart) / spec.pitch - 1)
            var previousBracketed = false
            for column in firstColumnInView..<columns {
                let cellX = left + sliceStart + column * spec.pitch
                if cellX > x + width { break }
                let look = spec.look(row, slice, column)
                let text =
                    String(repeating: " ", count: max(0, spec.cellWidth - look.text.count))
                    + look.text.prefix(spec.cellWidth)
                put(text, at: cellX + 1, y: y, style: look.style, into: &grid)
                if look.bracketed && !previousBracketed { put("[", at: cellX, y: y, style: Theme.title, into: &grid) }
                if !look.bracketed && previousBracketed { put("]", at: cellX, y: y, style: Theme.title, into: &grid) }
                previousBracketed = look.bracketed
            }
            if previousBracketed {
                put("]", at: left + sliceStart + columns * spec.pitch, y: y, style: Theme.title, into: &grid)
            }
        }
    }

    /// Draws a line of cells, scrolled by ``firstColumn`` and clipped to the panel.
    private func draw(_ cells: [Cell], y: Int, into grid: inout CellGrid) {
        for (offset, cell) in cells.dropFirst(firstColumn).prefix(width).enumerated() { grid[x + offset, y] = cell }
    }

    private func put(_ text: String, at column: Int, y: Int, style: Style, into grid: inout CellGrid) {
        var column = column
        for character in text {
            if column >= x && column < x + width { grid[column, y] = Cell(character, style) }
            column += 1
        }
    }

    /// The cell under a screen position, if it is a grid cell with a target.
    func target(x screenX: Int, y screenY: Int) -> (Focus, TensorIndex)? {
        guard screenX >= x, screenX < x + width, screenY > y, screenY < y + height else { return nil }
        guard let (block, line) = panel.block(atLine: firstLine + screenY - y - 1) else { return nil }
        if case let .pictures(pictures) = block { return pictures.target(x: screenX - x + firstColumn, line: line) }
        guard case let .grid(spec) = block, let target = spec.target, let row = spec.row(atLine: line),
            let (slice, column) = spec.cell(atColumn: screenX - x + firstColumn)
        else { return nil }
        return target(row, slice, column)
    }
}
