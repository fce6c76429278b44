import ConvCore

/// A plane of values drawn as a picture: each screen cell shows two pixels, one above the other, with the upper
/// half block `▀` (its foreground the upper pixel, its background the lower). A plane larger than its box is
/// shrunk by a whole `factor`: each pixel stands for a `factor` x `factor` block of positions.
///
/// The pipeline's pictures are drawn only here, so another way of drawing them replaces this one file.
struct PipelinePicture {
    /// Rows of the plane.
    let height: Int
    /// Columns of the plane.
    let width: Int
    /// Positions per pixel along each axis.
    let factor: Int
    /// The colour of pixel (row, column) of the shrunk picture.
    let color: (Int, Int) -> Color

    /// Screen columns the picture takes.
    var columns: Int { Self.pixels(width, factor) }
    /// Screen rows the picture takes (two pixels per row).
    var rows: Int { (Self.pixels(height, factor) + 1) / 2 }

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
        let pixelRows = Self.pixels(height, factor)
        for row in max(0, firstRow)..<rows {
            let screenY = y + row - firstRow
            guard screenY >= clip.y, screenY < clip.maxY else { continue }
            for column in 0..<columns {
                let screenX = x + column
                guard screenX >= clip.x, screenX < clip.maxX else { continue }
                let upper = color(2 * row, column)
                let lower = 2 * row + 1 < pixelRows ? color(2 * row + 1, column) : nil
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

    /// A colour of the 6x6x6 cube from red, green and blue fractions, dimmed to about a quarter when `dim`.
    static func rgb(_ red: Double, _ green: Double, _ blue: Double, dim: Bool) -> Color {
        let scale = dim ? 1.2 : 5
        func level(_ value: Double) -> UInt8 { UInt8((clamp(value) * scale).rounded()) }
        return Color(16 + 36 * level(red) + 6 * level(green) + level(blue))
    }

    /// Path counts, from few (dark red) to many (pale yellow).
    static func paths(_ fraction: Double) -> Color {
        heat[Int((clamp(fraction) * Double(heat.count - 1)).rounded())]
    }

    /// The unit itself.
    static let unit = Color(226)
    /// A hole: inside the interval, but no path reaches the unit.
    static let hole = Color(27)
    /// Outside the field when the paths are shown.
    static let outside = Color(234)
    /// The selected position of the input.
    static let cursor = Color(51)

    private static let heat: [Color] = [88, 124, 160, 196, 202, 208, 214, 220, 221, 222, 229, 230].map { Color($0) }

    private static func clamp(_ value: Double) -> Double { value.isFinite ? min(max(value, 0), 1) : 0.5 }
}
