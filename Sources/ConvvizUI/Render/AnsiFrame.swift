/// A cell grid as terminal escape sequences: cursor home, then each row with its colours and
/// attributes (SGR). Used for recordings; the live app draws through ncurses instead.
public enum AnsiFrame {
    /// The whole frame, drawn from the top-left corner.
    public static func text(_ grid: CellGrid) -> String {
        var output = "\u{1B}[H"
        var current: Style? = nil
        for y in 0..<grid.height {
            if y > 0 { output += "\r\n" }
            for x in 0..<grid.width {
                let cell = grid[x, y]
                if cell.isWideTail { continue }
                if cell.style != current {
                    output += sgr(cell.style)
                    current = cell.style
                }
                output.append(cell.character)
            }
        }
        return output + "\u{1B}[0m"
    }

    /// The SGR sequence that selects a style from scratch.
    static func sgr(_ style: Style) -> String {
        var codes = ["0"]
        if style.bold { codes.append("1") }
        if style.dim { codes.append("2") }
        if style.underline { codes.append("4") }
        if style.reverse { codes.append("7") }
        if let foreground = style.foreground { codes.append("38;" + code(foreground)) }
        if let background = style.background { codes.append("48;" + code(background)) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    /// The colour part of an SGR colour code: `5;N` for a palette colour, `2;R;G;B` for 24-bit colour.
    private static func code(_ color: Color) -> String {
        switch color.value {
        case let .palette(index): "5;\(index)"
        case let .rgb(red, green, blue): "2;\(red);\(green);\(blue)"
        }
    }

    /// Removes escape sequences and carriage returns: the plain text of a frame, rows separated by `\n`.
    public static func plain(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var escaping = false
        for scalar in text.unicodeScalars {
            if escaping {
                if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) { escaping = false }
            } else if scalar == "\u{1B}" {
                escaping = true
            } else if scalar != "\r" {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
