/// Text from untrusted files made safe for where it goes: a terminal (controls shown visibly, never
/// obeyed), a Python script (a string literal, never code), and a screen measured in columns
/// (wcwidth rules: controls and combining marks take no column, wide CJK characters take two).
public enum SafeText {
    /// `text` with every character a terminal would obey shown as a visible escape instead:
    /// ESC as `\e`, other C0 controls as `\0`, `\t`, `\n`, `\r` or `\u{XX}`, DEL and C1 controls
    /// (U+0080...U+009F, including NEL) as `\u{XX}`, and the bidi controls and line/paragraph
    /// separators as `\u{202E}` etc. Everything else is kept. With `keepingNewlines`, `\n` stays a
    /// line break (for multi-line messages; each line is still safe).
    public static func terminal(_ text: String, keepingNewlines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\n" && keepingNewlines {
                result.append(scalar)
            } else if isUnsafe(scalar) {
                result.append(contentsOf: visible(scalar).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Whether a terminal would act on `scalar` rather than show it (or it reorders or breaks lines):
    /// C0 and C1 controls, DEL, bidi embeddings, overrides, isolates and marks, U+2028/U+2029.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        case 0x2028, 0x2029: true
        default: false
        }
    }

    private static func visible(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\u{1B}": "\\e"
        case "\0": "\\0"
        case "\t": "\\t"
        case "\n": "\\n"
        case "\r": "\\r"
        default: "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
    }

    /// `text` as a single-quoted Python string literal of printable ASCII: quotes and backslashes are
    /// escaped, every control, line break (CR, LF, FF, VT, NEL, U+2028/U+2029) and NUL becomes an escape,
    /// and every non-ASCII character becomes `\uXXXX` or `\UXXXXXXXX`. Python reads it back as `text`,
    /// and no content can end the literal, the line or a comment.
    public static func pythonLiteral(_ text: String) -> String {
        var result = "'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "'": result += "\\'"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case " "..."~": result.unicodeScalars.append(scalar)
            default:
                let hex = String(scalar.value, radix: 16)
                if scalar.value < 0x100 {
                    result += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                } else if scalar.value < 0x10000 {
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result += "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
                }
            }
        }
        return result + "'"
    }

    /// `text` as a JSON string literal that is also safe to print on a terminal: quotes and backslashes
    /// escaped, and every character ``isUnsafe(_:)`` (controls, DEL, C1, bidi controls, U+2028/U+2029)
    /// written as `\uXXXX`; other characters are kept as they are.
    public static func jsonLiteral(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if isUnsafe(scalar) {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// The columns `character` takes on a terminal (wcwidth rules): 0 for a control or a lone
    /// combining / zero-width mark, 2 for an East Asian wide or fullwidth character or an emoji
    /// presentation, else 1. A grapheme cluster takes the width of its first scalar.
    public static func columns(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if character.unicodeScalars.contains("\u{FE0F}") && columns(first) == 1 && first.properties.isEmoji { return 2 }
        return columns(first)
    }

    /// The columns one scalar takes (wcwidth): 0, 1 or 2.
    public static func columns(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return 0 }
        if value < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(value) || value == 0x200B { return 0 }
        return isWide(value) ? 2 : 1
    }

    /// The columns `text` takes on a terminal: the sum of its characters' ``columns(_:)-(Character)``.
    public static func width(_ text: String) -> Int {
        text.reduce(0) { $0 + columns($1) }
    }

    /// The longest prefix of `text` that fits in `columns` terminal columns.
    public static func prefix(_ text: String, columns limit: Int) -> String {
        var used = 0, result = ""
        for character in text {
            let width = columns(character)
            if used + width > limit { break }
            used += width
            result.append(character)
        }
        return result
    }

    /// The ASCII stand-in for `character`, for terminals whose locale cannot show Unicode (`LC_ALL=C`):
    /// arithmetic stays true (`·` is `*`, `−` is `-`, `⌊` `⌋` are `floor(` `)`), marks become look-alikes,
    /// and anything else becomes one `?` per column it would take.
    public static func ascii(_ character: Character) -> String {
        if character.isASCII { return String(character) }
        if let replacement = asciiStandIns[character] { return replacement }
        return String(repeating: "?", count: max(1, columns(character)))
    }

    /// `text` with every character replaced by its ``ascii(_:)`` stand-in.
    public static func ascii(_ text: String) -> String {
        text.allSatisfy(\.isASCII) ? text : text.map(ascii).joined()
    }

    private static let asciiStandIns: [Character: String] = [
        "·": "*", "×": "x", "−": "-", "⌊": "floor(", "⌋": ")", "⌈": "ceil(", "⌉": ")", "∞": "inf", "±": "+-",
        "≤": "<=", "≥": ">=", "≠": "!=", "≡": "==", "⁻": "^-", "¹": "1", "—": "-", "…": "...", "⋯": "...",
        "→": "->", "←": "<-", "↑": "^", "↓": "v", "▶": ">", "▸": ">", "■": "#", "◆": "*", "◦": "o", "❚": "|",
        "░": ".", "▒": ":", "▓": "=", "█": "#", "│": "|", "─": "-", "┌": "+", "┐": "+", "└": "+", "┘": "+",
        "é": "e",
    ]

    /// East Asian Wide (W) and Fullwidth (F) ranges, and emoji shown two columns wide (Unicode 15).
    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
            0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB,
            0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA, 0x26FD,
            0x2705, 0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757, 0x2795...0x2797, 0x27B0,
            0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
            0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
            0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4,
            0x17000...0x18CFF, 0x1B000...0x1B2FF, 0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A,
            0x1F200...0x1F251, 0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C, 0x1F37E...0x1F393,
            0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4, 0x1F3F8...0x1F43E, 0x1F440,
            0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A,
            0x1F595...0x1F596, 0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5, 0x1F6CC, 0x1F6D0...0x1F6D2,
            0x1F6D5...0x1F6D7, 0x1F6DC...0x1F6DF, 0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB,
            0x1F7F0, 0x1F90C...0x1F93A, 0x1F93C...0x1F945, 0x1F947...0x1F9FF, 0x1FA70...0x1FAFF,
            0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
