/// An in-memory screen: a rectangle of styled cells that views draw into and the backend copies to the
/// terminal. Drawing outside the rectangle is clipped, never a crash.
public struct CellGrid: Equatable, Sendable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// The cells, row by row.
    public private(set) var cells: [Cell]

    /// A blank grid.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    /// The cell at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    /// Writes `text` from column `x` of row `y`, clipped to the grid (and to `limit` columns if given);
    /// returns the column after the last character written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, limit: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x + text.count }
        let end = min(width, limit.map { x + max(0, $0) } ?? width)
        var column = x
        for character in text {
            if column >= end { break }
            if column >= 0 { cells[y * width + column] = Cell(character, style) }
            column += 1
        }
        return column
    }

    /// Restyles a run of cells, keeping their characters.
    public mutating func restyle(x: Int, y: Int, length: Int, _ change: (inout Style) -> Void) {
        guard y >= 0, y < height, x < width, length > 0 else { return }
        for column in max(0, x)..<max(max(0, x), min(width, x + length)) {
            change(&cells[y * width + column].style)
        }
    }

    /// Fills a rectangle with one cell.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, with cell: Cell = Cell()) {
        guard w > 0, h > 0, x < width, y < height else { return }
        for row in max(0, y)..<max(max(0, y), min(height, y + h)) {
            for column in max(0, x)..<max(max(0, x), min(width, x + w)) { cells[row * width + column] = cell }
        }
    }

    /// The characters, one string per row with trailing spaces removed: the text snapshot of the screen.
    public var text: String {
        (0..<height).map { row in
            var line = String(cells[row * width..<(row + 1) * width].map(\.character))
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// The positions whose cells differ from `other` (all of them when the sizes differ).
    public func changes(since other: CellGrid?) -> [Int] {
        guard let other, other.width == width, other.height == height else { return Array(cells.indices) }
        return cells.indices.filter { cells[$0] != other.cells[$0] }
    }
}
