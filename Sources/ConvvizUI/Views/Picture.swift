/// What a pixel stands for besides its value: the cues the number grids give with brackets and colours.
/// Later cases win where several apply.
enum PixelMark: Int, Comparable {
    case none
    /// Linked to the cell under the cursor (outputs an input feeds).
    case linked
    /// Under the kernel window.
    case window
    /// The cursor.
    case cursor
    /// The tap being multiplied now (or the output cell being summed).
    case currentTap

    static func < (lhs: PixelMark, rhs: PixelMark) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether the pixel belongs to the bracketed run (the window and what is linked to the cursor).
    var isBracketed: Bool { self == .linked || self == .window || self == .currentTap }
}

/// One pixel of a picture.
struct Pixel {
    /// The value, or `nil` while it is not computed yet (drawn as `·`).
    var value: Double?
    /// The cue it carries.
    var mark: PixelMark = .none
    /// A colour given directly (a composite RGB pixel) instead of the scale's.
    var color: Color?
    /// Inside the bracketed run (the kernel window, the cells linked to the cursor) whatever its mark.
    var inWindow = false

    /// Whether shade pictures bracket the pixel.
    var isBracketed: Bool { inWindow || mark.isBracketed }
}

/// A 2-D map drawn as a picture with square pixels. In colour (256 colours or 24-bit) every character
/// cell holds two pixels, one above the other, with the upper-half block `▀` (foreground = top pixel,
/// background = bottom pixel); without colour (NO_COLOR, 8/16 colours) a pixel is two shade glyphs side
/// by side (`░▒▓█`, denser is larger), with the kernel window bracketed `[ ]`, the current tap `◆`, the
/// cursor in reverse video and not-yet-computed pixels `·`. A ruler above and left of the picture marks
/// the rows and columns of the window (`━ ┃`), the current tap (`▼ ▶`) and the cursor (`▽ ▷`), so every
/// cue survives without colour.
struct Picture {
    /// Pixel rows.
    let rows: Int
    /// Pixel columns.
    let columns: Int
    /// How big a pixel is: in colour `pixelSize` columns by `pixelSize` half-rows; without colour
    /// `2 * pixelSize` columns by `pixelSize` rows.
    var pixelSize = 1
    /// Values to colours and shades.
    let scale: HeatScale
    /// How the terminal shows colour.
    let depth: ColorDepth
    /// Whether the rulers are drawn (one row above, one column to the left).
    var rulers = true
    /// The pixel at (row, column).
    let pixel: (Int, Int) -> Pixel

    /// Colours used for marks in colour pictures (the tap and cursor replace the pixel; the window tints it).
    static let tapColor = Color.rgb(255, 60, 200)
    static let cursorColor = Color.rgb(0, 220, 255)
    static let windowTint = (30.0, 200.0, 90.0)

    private var inColor: Bool { depth.drawsColorPictures }
    private var size: Int { max(1, pixelSize) }
    /// Character columns of one pixel.
    var pixelColumns: Int { inColor ? size : 2 * size }
    /// Half character rows of one pixel.
    private var pixelHalfRows: Int { inColor ? size : 2 * size }
    private var rulerSize: Int { rulers ? 1 : 0 }

    /// Character columns of the picture with its ruler.
    var width: Int { columns * pixelColumns + rulerSize }
    /// Character rows of the picture with its ruler.
    var height: Int { (rows * pixelHalfRows + 1) / 2 + rulerSize }

    /// The pixel (row, column) under character (`x`, `y`) of the picture, if any (for mouse selection).
    func pixel(atX x: Int, y: Int) -> (row: Int, column: Int)? {
        let column = (x - rulerSize) / pixelColumns, row = ((y - rulerSize) * 2) / pixelHalfRows
        guard x >= rulerSize, y >= rulerSize, row < rows, column < columns else { return nil }
        return (row, column)
    }

    /// The character position of pixel (row, column) within the picture: to keep it in view.
    func position(row: Int, column: Int) -> (x: Int, y: Int) {
        (rulerSize + column * pixelColumns, rulerSize + row * pixelHalfRows / 2)
    }

    /// The cells of character row `y` (0 is the ruler when there is one), `width` of them.
    func line(_ y: Int) -> [Cell] {
        guard y >= 0, y < height else { return [] }
        if rulers && y == 0 { return topRuler() }
        let pictureRow = y - rulerSize
        var cells: [Cell] = []
        cells.reserveCapacity(width)
        let pixelRows = pixelRows(ofLine: pictureRow)
        if rulers {
            let mark =
                pixelRows.compactMap { $0 }.map { row in (0..<columns).map { pixel(row, $0).mark }.max() ?? .none }
                .max() ?? .none
            cells.append(Self.rulerCell(mark, vertical: true))
        }
        let top = pixelRows[0].map { row in (0..<columns).map { pixel(row, $0) } } ?? []
        let bottom = pixelRows[1].flatMap { row in row == pixelRows[0] ? nil : (0..<columns).map { pixel(row, $0) } }
        for x in 0..<columns * pixelColumns {
            let column = x / pixelColumns
            if inColor {
                let center =
                    x % pixelColumns == pixelColumns / 2 && (2 * pictureRow) % pixelHalfRows == 2 * (pixelHalfRows / 4)
                cells.append(
                    colorCell(
                        top: top[column], bottom: bottom?[column] ?? (pixelRows[1] == nil ? nil : top[column]),
                        whole: pixelRows[1] == pixelRows[0], center: center))
            } else {
                cells.append(shadeCell(top, column: column, offset: x % pixelColumns))
            }
        }
        return cells
    }

    /// The pixel rows shown in the top and bottom half of a character row (`nil` past the last row).
    private func pixelRows(ofLine line: Int) -> [Int?] {
        [2 * line, 2 * line + 1].map { half in
            let row = half / pixelHalfRows
            return half < rows * pixelHalfRows ? row : nil
        }
    }

    private func topRuler() -> [Cell] {
        var cells = [Cell(" ")]
        for column in 0..<columns {
            let mark = (0..<rows).map { pixel($0, column).mark }.max() ?? .none
            cells.append(contentsOf: Array(repeating: Self.rulerCell(mark, vertical: false), count: pixelColumns))
        }
        return cells
    }

    private static func rulerCell(_ mark: PixelMark, vertical: Bool) -> Cell {
        switch mark {
        case .none: Cell(" ")
        case .linked: Cell(vertical ? "┆" : "┄", Theme.fedOutput.withoutColor)
        case .window: Cell(vertical ? "┃" : "━", Theme.title)
        case .cursor: Cell(vertical ? "▷" : "▽", Theme.title)
        case .currentTap: Cell(vertical ? "▶" : "▼", Theme.latestTerm)
        }
    }

    /// The colour of a pixel, its mark applied; `nil` when not computed yet.
    private func color(_ pixel: Pixel) -> Color? {
        guard let base = pixel.color ?? pixel.value.map(scale.color) else { return nil }
        let color: Color
        switch pixel.mark {
        case .currentTap: color = Self.tapColor
        case .cursor: color = Self.cursorColor
        case .window, .linked:
            let (red, green, blue) = base.components, tint = Self.windowTint
            func mix(_ value: UInt8, _ toward: Double) -> UInt8 {
                UInt8((Double(value) * 0.55 + toward * 0.45).rounded())
            }
            color = .rgb(mix(red, tint.0), mix(green, tint.1), mix(blue, tint.2))
        case .none: color = base
        }
        return depth.adapt(color)
    }

    /// A colour cell: `▀` with the top pixel as foreground and the bottom one as background. `whole` is a
    /// cell inside one pixel, which can carry a glyph at the pixel's `center` (`◆` for the current tap);
    /// pixels without a value show `·` there.
    private func colorCell(top: Pixel, bottom: Pixel?, whole: Bool, center: Bool) -> Cell {
        let topColor = color(top), bottomColor = bottom.flatMap(color)
        if topColor == nil && (bottom == nil || bottomColor == nil) {
            return center ? Cell("·", Theme.hidden) : Cell()
        }
        if whole && top.mark == .currentTap {
            return Cell(
                center ? "◆" : " ", Style(foreground: depth.adapt(.rgb(0, 0, 0)), background: topColor, bold: true))
        }
        if topColor == nil { return Cell("▄", Style(foreground: bottomColor)) }
        return Cell("▀", Style(foreground: topColor, background: bottomColor))
    }

    /// A shade cell: column `offset` of pixel `column` in a row of pixels.
    private func shadeCell(_ row: [Pixel], column: Int, offset: Int) -> Cell {
        let pixel = row[column]
        let last = pixelColumns - 1
        if pixel.isBracketed && pixel.mark != .currentTap {
            if offset == 0 && (column == 0 || !row[column - 1].isBracketed) { return Cell("[", Theme.title) }
            if offset == last && (column == columns - 1 || !row[column + 1].isBracketed) {
                return Cell("]", Theme.title)
            }
        }
        switch pixel.mark {
        case .currentTap: return Cell("◆", Theme.currentTap)
        case .cursor: return Cell(pixel.value.map(scale.shade) ?? "·", Theme.cursor)
        default: break
        }
        guard let value = pixel.value else {
            return pixel.color.map { Cell(HeatScale.shade(atFraction: $0.luminance)) }
                ?? (offset == 0 ? Cell("·", Theme.hidden) : Cell())
        }
        return Cell(scale.shade(value))
    }
}
