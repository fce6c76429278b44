/// A quick scan that refuses absurdly deep nesting before the YAML parser recurses into it, too many values
/// before the parser builds a tree of them, and unknown top-level keys before anything is built.
///
/// The values are counted from above (never fewer than the tree will hold): one per line, plus one per
/// block-sequence dash, flow bracket, comma and colon.
///
/// It counts the flow brackets (`[` `{`) open at each point and the indentation of each line, skipping what is
/// text rather than structure: quoted scalars (with their `\` escapes), comments, and the lines of block scalars
/// (`|` and `>`), so a description full of brackets is not mistaken for nesting.
enum NestingScan {
    static func check(_ text: String, file: String) throws(PresetError) {
        var depth = 0
        var blockIndent: Int?
        var values = 1
        // A quoted scalar may go on over several lines.
        var quote: UInt8?, escaped = false
        for (index, line) in text.utf8.split(separator: newline, omittingEmptySubsequences: false).enumerated() {
            let spaces = line.prefix { $0 == space }.count
            if let block = blockIndent {
                if spaces > block || line.allSatisfy(isBlank) { continue }
                blockIndent = nil
            }
            let indent = line.prefix { $0 == space || $0 == dash || $0 == tab }.count
            if indent > PresetLoader.maxIndent {
                throw PresetError(
                    file: file, line: index + 1,
                    message: "nested or indented more than \(PresetLoader.maxIndent) levels deep")
            }
            if depth == 0 && spaces == 0 && quote == nil { try checkTopLevelKey(line, file: file, line: index + 1) }
            values += 1 + line.prefix(indent).count { $0 == dash }
            if values > PresetLoader.maxValues { throw tooManyValues(file, line: index + 1) }
            var tail = Tail()
            for byte in line.dropFirst(quote == nil ? indent : 0) {
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
                if byte == comma || byte == colon || byte == openBracket || byte == openBrace {
                    values += 1
                    if values > PresetLoader.maxValues { throw tooManyValues(file, line: index + 1) }
                }
                if byte == openBracket || byte == openBrace {
                    depth += 1
                    if depth > PresetLoader.maxFlowDepth {
                        throw PresetError(
                            file: file, line: index + 1,
                            message: "lists are nested more than \(PresetLoader.maxFlowDepth) levels deep")
                    }
                } else if byte == closeBracket || byte == closeBrace {
                    depth = max(0, depth - 1)
                }
                tail.push(byte)
            }
            if tail.opensBlockScalar { blockIndent = spaces }
        }
    }

    private static func tooManyValues(_ file: String, line: Int) -> PresetError {
        PresetError(
            file: file, line: line,
            message: "the file holds more than \(PresetLoader.maxValues) values; "
                + "presets are limited to that many (larger inputs can come from an image: file)")
    }

    /// Refuses an unknown plain key at the start of a top-level line (`word:`), as the reader would, but before
    /// the tree is built (an unknown key may hold millions of values).
    private static func checkTopLevelKey(
        _ line: Substring.UTF8View.SubSequence, file: String,
        line number: Int
    ) throws(PresetError) {
        func isLetter(_ byte: UInt8) -> Bool {
            byte == underscore || (lowerA...lowerZ).contains(byte) || (upperA...upperZ).contains(byte)
        }
        guard let first = line.first, isLetter(first) else { return }
        let word = line.prefix { isLetter($0) || $0 == dash || (zero...nine).contains($0) }
        let rest = line.dropFirst(word.count)
        guard rest.first == colon, rest.count == 1 || rest.dropFirst().first.map(isBlank) == true else { return }
        let key = String(decoding: word, as: UTF8.self)
        guard !PresetLoader.knownKeys.contains(key) else { return }
        throw PresetError(
            file: file, line: number, key: key,
            message: "unknown key\(Suggestion.hint(for: key, in: PresetLoader.knownKeys)); "
                + "known keys: \(PresetLoader.knownKeys.joined(separator: ", "))")
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
            while indicators < 2, let last = window.last,
                last == plus || last == dash || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(last)
            {
                window.removeLast()
                indicators += 1
            }
            guard let header = window.popLast(), header == pipe || header == greater else { return false }
            return window.last.map { $0 == space || $0 == 0 } ?? true
        }
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab || byte == carriageReturn }
}

private let newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r"), space = UInt8(ascii: " "),
    tab = UInt8(ascii: "\t")
private let dash = UInt8(ascii: "-"), plus = UInt8(ascii: "+"), hash = UInt8(ascii: "#"), comma = UInt8(ascii: ","),
    colon = UInt8(ascii: ":")
private let doubleQuote = UInt8(ascii: "\""), singleQuote = UInt8(ascii: "'"), backslash = UInt8(ascii: "\\")
private let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]"), openBrace = UInt8(ascii: "{"),
    closeBrace = UInt8(ascii: "}")
private let pipe = UInt8(ascii: "|"), greater = UInt8(ascii: ">"), underscore = UInt8(ascii: "_")
private let lowerA = UInt8(ascii: "a"), lowerZ = UInt8(ascii: "z")
private let upperA = UInt8(ascii: "A"), upperZ = UInt8(ascii: "Z")
private let zero = UInt8(ascii: "0"), nine = UInt8(ascii: "9")
