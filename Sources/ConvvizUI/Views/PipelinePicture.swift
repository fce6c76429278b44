import ConvCore

/// How a plane becomes a picture: `shrink` x `shrink` positions per pixel (a large plane), or each position as
/// `zoom` x `zoom` pixels (a small one).
struct PictureScale: Equatable {
    var shrink = 1
    var zoom = 1

    /// Screen columns a plane `width` positions wide takes.
    func columns(_ width: Int) -> Int { PipelinePicture.pixels(width, shrink) * zoom }
    /// Screen rows a plane `height` positions high takes (two pixels per row).
    func rows(_ height: Int) -> Int { (PipelinePicture.pixels(height, shrink) * zoom + 1) / 2 }
    /// ` · 1 px = 2x2` for a shrunk picture, else nothing.
    var label: String { shrink > 1 ? " · 1 px = \(shrink)x\(shrink)" : "" }

    /// The scale that shows `maps` planes of `height` x `width`, side by side and wrapping, in `columns` x `rows`
    /// screen cells: as large as fits, up to 4 x 4 pixels a position, else shrunk as little as needed.
    static func fitting(height: Int, width: Int, maps: Int, columns: Int, rows: Int) -> PictureScale {
        func fits(_ scale: PictureScale) -> Bool {
            let perRow = scale.perRow(width: width, maps: maps, columns: columns)
            return scale.columns(width) <= columns && (maps + perRow - 1) / perRow * scale.rows(height) <= rows
        }
        var scale = PictureScale()
        if fits(scale) {
            while scale.zoom < 4 && fits(PictureScale(shrink: 1, zoom: scale.zoom + 1)) { scale.zoom += 1 }
            return scale
        }
        while !fits(scale) && (scale.columns(width) > 1 || scale.rows(height) > 1) { scale.shrink += 1 }
        return scale
    }

    /// How many planes `width` wide fit side by side in `columns` (one column between them), at least one.
    func perRow(width: Int, maps: Int, columns: Int) -> Int {
        max(1, min(maps, (columns + 1) / (self.columns(width) + 1)))
    }
}

/// A plane of values drawn as a picture: each screen cell shows two pixels, one above the other, with the upper
/// half block `▀` (its foreground the upper pixel, its background the lower), at a ``PictureScale``.
///
/// The pipeline's pictures are drawn only here, so another way of drawing them replaces this one file.
struct PipelinePicture {
    /// Rows of the plane.
    let height: Int
    /// Columns of the plane.
    let width: Int
    /// Shrunk or zoomed.
    let scale: PictureScale
    /// The colour of pixel (row, column) of the shrunk picture (before any zoom).
    let color: (Int, Int) -> Color

    /// Screen columns the picture takes.
    var columns: Int { scale.columns(width) }
    /// Screen rows the picture takes (two pixels per row).
    var rows: Int { scale.rows(height) }

    /// Pixels along an axis of `size` positions shrunk by `factor`.
    static func pixels(_ size: Int, _ factor: Int) -> Int { (size + factor - 1) / factor }

    /// The positions pixel `pixel` stands for along an axis of `size`.
    static func block(_ pixel: Int, _ factor: Int, size: Int) -> Range<Int> {
        (pixel * factor)..<min(size, pixel * factor + factor)
    }

    /// The pixel holding position `position`.
    static func pixel(of position: Int, _ factor: Int) -> Int { position / factor }

    /// Draws the picture from (`x`, `y`), only its rows from `firstRow` on and only inside `clip`.
    func draw(x: Int, y: Int, firstRow: Int = 0, clip: Rect, into grid: inout CellGrid) {
        let pixelRows = Self.pixels(height, scale.shrink) * scale.zoom, zoom = scale.zoom
        for row in max(0, firstRow)..<rows {
            let screenY = y + row - firstRow
            guard screenY >= clip.y, screenY < clip.maxY else { continue }
            for column in 0..<columns {
                let screenX = x + column
                guard screenX >= clip.x, screenX < clip.maxX else { continue }
                let upper = color(2 * row / zoom, column / zoom)
                let lower = 2 * row + 1 < pixelRows ? color((2 * row + 1) / zoom, column / zoom) : nil
                grid[screenX, screenY] = Cell("▀", Style(foreground: upper, background: lower))
            }
        }
    }
}

/// The colours of the pipeline's pictures.
enum PipelinePalette {
    /// A grey from black (0) to white (1).
    static func grey(_ fraction: Double) -> Color {
        Color(232 + UInt8(clamp(fraction) * 23))
    }

    /// A grey from black to dark grey: values outside the unit's field.
    static func dimmed(_ fraction: Double) -> Color {
        Color(232 + UInt8(clamp(fraction) * 6))
    }

    /// A colour of the 6x6x6 cube from red, green and blue fractions (outside the field, a picture turns to dark
    /// greys: ``dimmed(_:)`` of its brightness).
    static func rgb(_ red: Double, _ green: Double, _ blue: Double) -> Color {
        func level(_ value: Double) -> UInt8 { UInt8((clamp(value) * 5).rounded()) }
        return Color(16 + 36 * level(red) + 6 * level(green) + level(blue))
    }

    /// Path counts, from few (dark red) to many (pale yellow).
    static func paths(_ fraction: Double) -> Color {
        heat[Int((clamp(fraction) * Double(heat.count - 1)).rounded())]
    }

    /// The unit itself, in the selected channel.
    static let unit = Color(226)
    /// The unit's position in the layer's other channels.
    static let unitElsewhere = Color(130)
    /// A hole: inside the interval, but no path reaches the unit.
    static let hole = Color(27)
    /// Outside the field when the paths are shown.
    static let outside = Color(234)
    /// The selected position of the input.
    static let cursor = Color(51)

    /// The character a picture's cell becomes without colours (NO_COLOR): a shade of the upper pixel's
    /// brightness, `◆` for the unit or the cursor, `·` for a hole.
    static func shade(_ color: Color) -> Character {
        if color == unit || color == cursor { return "◆" }
        if color == unitElsewhere { return "◇" }
        if color == hole { return "·" }
        let index = Int(color.index)
        let brightness: Double
        switch index {
        case 232...255: brightness = Double(index - 232) / 23
        case 16...231:
            let cube = index - 16
            brightness = (0.3 * Double(cube / 36) + 0.59 * Double(cube / 6 % 6) + 0.11 * Double(cube % 6)) / 5
        default: brightness = 0.5
        }
        return Theme.shades[min(Theme.shades.count - 1, Int(brightness * Double(Theme.shades.count)))]
    }

    private static let heat: [Color] = [88, 124, 160, 196, 202, 208, 214, 220, 221, 222, 229, 230].map { Color($0) }

    private static func clamp(_ value: Double) -> Double { value.isFinite ? min(max(value, 0), 1) : 0.5 }
}
