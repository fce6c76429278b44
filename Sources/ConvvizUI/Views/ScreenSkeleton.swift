import Foundation

/// A line of styled parts.
typealias StyledLine = [(String, Style)]

/// What every screen is made of, top to bottom: the title (with the key hint on the right), the parameter bar,
/// a note, the panels, the lesson box, the footer and the status line. Each subject fills it in; the skeleton
/// lays it out with the one solver and draws it.
struct ScreenSkeleton {
    /// One run of text on the parameter bar.
    struct Run {
        let text: String
        let x: Int
        let style: Style
    }

    /// The title's parts, left to right.
    var title: StyledLine
    /// How many columns the title may use (`nil`: the screen's width).
    var titleLimit: Int?
    /// The key hint at the right of the title row: it always ends with ``quitHint``, and the title gives way to it.
    var hint: String? = Self.quitHint
    /// How to get help and how to leave, on every screen whatever its size.
    static let quitHint = "? help  q quit"
    /// The parameter bar.
    var bar: [Run] = []
    /// The row between the parameter bar and the panels.
    var note: (String, Style)?
    /// The lesson box: a heading, then the step's text.
    var lesson: [String] = []
    /// The rows the panels need, when fewer than the screen leaves them: the lesson box then sits right under
    /// them, where the eye is, and the space left goes below it.
    var panelsHeight: Int?
    /// The lines under the lesson box: formulas, arithmetic, animation.
    var footer: [StyledLine] = []
    /// The status line.
    var status: StyledLine = []

    /// The regions of a screen of `width` x `height`.
    struct Regions {
        let title: Rect, bar: Rect, note: Rect, panels: Rect, lesson: Rect, footer: Rect, status: Rect
    }

    /// Where each part goes.
    func regions(width: Int, height: Int) -> Regions {
        let screen = Rect(x: 0, y: 0, width: width, height: height)
        let statusHeight = Self.statusRows(status, width: width).count
        if let panelsHeight, !lesson.isEmpty {
            let rows = Layout.rows(
                of: screen,
                [
                    .fixed(1), .fixed(1), .fixed(1), .fixed(panelsHeight), .fixed(1), .fixed(lesson.count), .fill,
                    .fixed(footer.count), .fixed(statusHeight),
                ])
            if rows[6].height > 0 {
                return Regions(
                    title: rows[0], bar: rows[1], note: rows[2], panels: rows[3], lesson: rows[5], footer: rows[7],
                    status: rows[8])
            }
        }
        let rows = Layout.rows(
            of: screen,
            [
                .fixed(1), .fixed(1), .fixed(1), .fill, .fixed(1), .fixed(lesson.count), .fixed(footer.count),
                .fixed(statusHeight),
            ])
        return Regions(
            title: rows[0], bar: rows[1], note: rows[2], panels: rows[3], lesson: rows[5], footer: rows[6],
            status: rows[7])
    }

    /// Draws everything but the panels (the subject places those in ``Regions/panels``).
    func draw(into grid: inout CellGrid) {
        let regions = regions(width: grid.width, height: grid.height)
        let width = grid.width
        let limit = min(titleLimit ?? width, hint.map { width - $0.count - 2 } ?? width)
        var x = 0
        for (text, style) in title {
            x = grid.put(text, x: x, y: regions.title.y, style: style, limit: limit - x)
        }
        if let hint { grid.put(hint, x: max(0, width - hint.count), y: regions.title.y, style: Theme.info) }
        for run in bar { grid.put(run.text, x: run.x, y: regions.bar.y, style: run.style) }
        if let note { grid.put(note.0, x: 0, y: regions.note.y, style: note.1, limit: width) }
        for (offset, line) in lesson.enumerated() {
            grid.put(
                line, x: 0, y: regions.lesson.y + offset, style: offset == 0 ? Theme.focusedTitle : Theme.title,
                limit: width)
        }
        for (offset, line) in footer.enumerated() { Self.draw(line, y: regions.footer.y + offset, into: &grid) }
        for (offset, line) in Self.statusRows(status, width: width).enumerated() {
            Self.draw(line, y: regions.status.y + offset, into: &grid)
        }
    }

    /// The status line laid out on rows of `width`, so that its end can always be read: whole when it fits; a
    /// prompt (text up to its cursor) scrolled left behind a `…` so the cursor shows; a message longer than the
    /// line wrapped onto up to three rows. Parts after the first that do not fit whole are left out.
    static func statusRows(_ status: StyledLine, width: Int) -> [StyledLine] {
        guard width > 1, status.reduce(0, { $0 + $1.0.count }) > width else { return [status] }
        if let cursor = status.firstIndex(where: { $0.1 == Theme.cursor }) {
            var cells = status[...cursor].flatMap { part in part.0.map { (String($0), part.1) } }
            guard cells.count > width else { return [status] }
            cells = [("…", Theme.dim)] + cells.suffix(width - 1)
            return [cells]
        }
        guard let (text, style) = status.first, text.count > width else { return [status] }
        return wrap(text, width: width).prefix(3).map { [($0, style)] }
    }

    /// `text` in rows of `width`, broken between words, and between key hints (separated by two spaces) when it
    /// has them, so that a key stays with what it does.
    private static func wrap(_ text: String, width: Int) -> [String] {
        let separator = text.contains("  ") ? "  " : " "
        var rows: [String] = [], row = ""
        for word in text.components(separatedBy: separator) where !word.isEmpty {
            if !row.isEmpty && row.count + separator.count + word.count > width {
                rows.append(row)
                row = ""
            }
            row += (row.isEmpty ? "" : separator) + word
        }
        if !row.isEmpty { rows.append(row) }
        return rows
    }

    /// Draws a line of styled parts; a later part that would not fit whole is left out.
    static func draw(_ parts: StyledLine, y: Int, into grid: inout CellGrid) {
        var x = 0
        for (index, (text, style)) in parts.enumerated() {
            if index > 0 && x + text.count > grid.width { break }
            x = grid.put(text, x: x, y: y, style: style)
        }
    }

    /// The lesson box's lines: a heading, then the step's text wrapped to `width`, at most `maxLines`.
    static func lessonLines(_ lesson: LessonState?, width: Int, height: Int) -> [String] {
        guard let lesson else { return [] }
        let heading = "Lesson · step \(lesson.index + 1)/\(lesson.steps.count)   PgDn/} next · PgUp/{ back · t ends"
        var lines = [heading]
        let maxLines = max(2, height / 4)
        // Only what fits is laid out: the text of a step is bounded (PresetLoader.maxTextCharacters), and the
        // paragraphs past the box are never wrapped.
        for paragraph in lesson.step.text.split(separator: "\n", omittingEmptySubsequences: false) {
            if lines.count >= maxLines, lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == false { break }
            lines += PanelBuilder.wrap(String(paragraph), width: max(10, width - 2)).map { " " + $0 }
        }
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        return Array(lines.prefix(maxLines))
    }
}
