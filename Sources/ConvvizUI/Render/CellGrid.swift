import Presets

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

    /// The cell at column `x`, row `y`. Storing over half of a wide character blanks its other half.
    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            store(newValue, at: y * width + x)
        }
    }

    /// Writes `text` from column `x` of row `y`, clipped to the grid (and to `limit` columns if given);
    /// returns the column after the last character written. The text is made safe first
    /// (``SafeText/terminal(_:keepingNewlines:)``: controls show as `\e`, `\u{202E}`…), and measured in
    /// terminal columns (``SafeText/columns(_:)-(Character)``): a wide character takes two cells and is
    /// left out when only one is left; zero-width characters are left out.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, limit: Int? = nil) -> Int {
        let text = SafeText.terminal(text)
        guard y >= 0, y < height else { return x + SafeText.width(text) }
        let end = min(width, limit.map { x + max(0, $0) } ?? width)
        var column = x
        for character in text {
            let columns = SafeText.columns(character)
            if column + columns > end { break }
            if column >= 0 && columns > 0 {
                store(Cell(character, style), at: y * width + column)
                if columns == 2 {
                    var tail = Cell(" ", style)
                    tail.isWideTail = true
                    store(tail, at: y * width + column + 1)
                }
            }
            column += columns
        }
        return column
    }

    /// Stores one cell, blanking the other half of any wide character it overwrites.
    private mutating func store(_ cell: Cell, at position: Int) {
        let old = cells[position]
        if old.isWideTail && !cell.isWideTail && position % width > 0 {
            cells[position - 1].character = " "
        }
        let next = position + 1
        if !old.isWideTail, next % width != 0, cells[next].isWideTail {
            cells[next].isWideTail = false
        }
        cells[position] = cell
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
            for column in max(0, x)..<max(max(0, x), min(width, x + w)) { store(cell, at: row * width + column) }
        }
    }

    /// The grid as a terminal without Unicode (`LC_ALL=C`) can show it: every character replaced by its
    /// ASCII stand-in (``SafeText/ascii(_:)-(Character)``), each row re-laid from the left so that a longer
    /// stand-in (`⌊` is `floor(`) pushes the rest of its row right (and off the edge) instead of overwriting it.
    public func asciiOnly() -> CellGrid {
        var result = CellGrid(width: width, height: height)
        for y in 0..<height {
            var x = 0
            for column in 0..<width where x < width {
                let cell = cells[y * width + column]
                if cell.isWideTail { continue }
                for character in SafeText.ascii(cell.character) where x < width {
                    result.cells[y * width + x] = Cell(character, cell.style)
                    x += 1
                }
            }
        }
        return result
    }

    /// The characters, one string per row with trailing spaces removed: the text snapshot of the screen.
    public var text: String {
        (0..<height).map { row in
            var line = String(cells[row * width..<(row + 1) * width].filter { !$0.isWideTail }.map(\.character))
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
