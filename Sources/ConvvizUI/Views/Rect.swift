/// A rectangle of screen cells: where a region of a screen goes.
struct Rect: Equatable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int

    /// The row after the last.
    var maxY: Int { y + height }
    /// The column after the last.
    var maxX: Int { x + width }
}

/// The one layout solver every screen uses: rows of fixed heights around one that takes what is left, and
/// columns side by side that shrink to fit.
enum Layout {
    /// The height of a row.
    enum Extent: Equatable {
        case fixed(Int)
        /// What the fixed rows leave (never negative).
        case fill
    }

    /// Splits `rect` into rows: those before the `.fill` row are stacked from the top, those after it from the
    /// bottom, and the `.fill` row takes the rest (without a `.fill`, every row is stacked from the top).
    static func rows(of rect: Rect, _ extents: [Extent]) -> [Rect] {
        let fill = extents.firstIndex(of: .fill) ?? extents.count
        func height(_ extent: Extent) -> Int {
            if case let .fixed(height) = extent { return max(0, height) }
            return 0
        }
        var rows: [Rect] = []
        var y = rect.y
        for extent in extents[..<fill] {
            rows.append(Rect(x: rect.x, y: y, width: rect.width, height: height(extent)))
            y += height(extent)
        }
        guard fill < extents.count else { return rows }
        var bottom = rect.maxY
        var below: [Rect] = []
        for extent in extents[(fill + 1)...].reversed() {
            bottom -= height(extent)
            below.insert(Rect(x: rect.x, y: bottom, width: rect.width, height: height(extent)), at: 0)
        }
        rows.append(Rect(x: rect.x, y: y, width: rect.width, height: max(0, bottom - y)))
        return rows + below
    }

    /// Widths that fit side by side in `width` with `gap` columns between them, shrinking the widest first
    /// (never below `minimum`).
    static func fit(_ natural: [Int], into width: Int, gap: Int, minimum: Int = 8) -> [Int] {
        var widths = natural
        let budget = width - gap * max(0, natural.count - 1)
        while widths.reduce(0, +) > budget, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }),
            widths[widest] > minimum
        {
            widths[widest] -= 1
        }
        return widths
    }

    /// Rectangles of `widths`, side by side from the left of `rect` with `gap` columns between them.
    static func columns(of rect: Rect, widths: [Int], gap: Int) -> [Rect] {
        var x = rect.x
        return widths.map { width in
            defer { x += width + gap }
            return Rect(x: x, y: rect.y, width: width, height: rect.height)
        }
    }
}
