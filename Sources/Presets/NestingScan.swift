/// A quick scan that refuses absurdly deep nesting before the YAML parser recurses into it.
///
/// It counts the flow brackets (`[` `{`) open at each point and the indentation of each line, skipping what is
/// text rather than structure: quoted scalars (with their `\` escapes), comments, and the lines of block scalars
/// (`|` and `>`), so a description full of brackets is not mistaken for nesting.
enum NestingScan {
    static func check(_ text: String, file: String) throws(PresetError) {
        var depth = 0
        var blockIndent: Int?
        for (index, line) in text.utf8.split(separator: newline, omittingEmptySubsequences: false).enumerated() {
            let spaces = line.prefix { $0 == space }.count
            if let block = blockIndent {
                if spaces > block || line.allSatisfy(isBlank) { continue }
                blockIndent = nil
            }
            let indent = line.prefix { $0 == space || $0 == dash || $0 == tab }.count
            if indent > PresetLoader.maxIndent {
                throw PresetError(file: file, line: index + 1, message: "nested or indented more than \(PresetLoader.maxIndent) levels deep")
            }
            var quote: UInt8?, escaped = false
            var tail = Tail()
            for byte in line.dropFirst(indent) {
                if let open = quote {
                    if escaped {
                        escaped = false
                    } else if open == doubleQuote && byte == backslash {
                        escaped = true
                    } else if byte == open {
                        quote = nil
                        tail.push(byte)
                    }
                    continue
                }
                let startsScalar = tail.startsScalar
                if startsScalar && byte == hash { break }
                if startsScalar && (byte == doubleQuote || byte == singleQuote) {
                    quote = byte
                    continue
                }
                if byte == openBracket || byte == openBrace {
                    depth += 1
                    if depth > PresetLoader.maxFlowDepth {
                        throw PresetError(file: file, line: index + 1, message: "lists are nested more than \(PresetLoader.maxFlowDepth) levels deep")
                    }
                } else if byte == closeBracket || byte == closeBrace {
                    depth = max(0, depth - 1)
                }
                tail.push(byte)
            }
            if tail.opensBlockScalar { blockIndent = spaces }
        }
    }

    /// The last four bytes of a line outside quotes, blank runs collapsed to one space: enough to tell where a scalar
    /// may start and whether the line is a block scalar's header.
    private struct Tail {
        /// Oldest first; 0 for none.
        var bytes: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)

        mutating func push(_ byte: UInt8) {
            let byte = isBlank(byte) ? space : byte
            if byte == space && bytes.3 == space { return }
            bytes = (bytes.1, bytes.2, bytes.3, byte)
        }

        /// Whether a scalar may start here: at the start of the line, or after a space, `,`, `[`, `{` or `:`.
        var startsScalar: Bool {
            switch bytes.3 {
            case 0, space, comma, openBracket, openBrace, colon: true
            default: false
            }
        }

        /// Whether the line ends with `|` or `>`, then at most a chomping sign and an indentation digit, after a
        /// space or at the start of the line.
        var opensBlockScalar: Bool {
            var window = [bytes.0, bytes.1, bytes.2, bytes.3]
            if window.last == space { window.removeLast() }
            var indicators = 0
            while indicators < 2, let last = window.last, last == plus || last == dash || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(last) {
                window.removeLast()
                indicators += 1
            }
            guard let header = window.popLast(), header == pipe || header == greater else { return false }
            return window.last.map { $0 == space || $0 == 0 } ?? true
        }
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab || byte == carriageReturn }
}

private let newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
private let dash = UInt8(ascii: "-"), plus = UInt8(ascii: "+"), hash = UInt8(ascii: "#"), comma = UInt8(ascii: ","), colon = UInt8(ascii: ":")
private let doubleQuote = UInt8(ascii: "\""), singleQuote = UInt8(ascii: "'"), backslash = UInt8(ascii: "\\")
private let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]"), openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
private let pipe = UInt8(ascii: "|"), greater = UInt8(ascii: ">")
