/// A quick scan that refuses absurdly deep nesting before the YAML parser recurses into it.
enum NestingScan {
    static func check(_ text: String, file: String) throws(PresetError) {
        var depth = 0, line = 1, indent = 0, atLineStart = true
        var quote: UInt8? = nil, inComment = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") {
                line += 1
                (indent, atLineStart, quote, inComment) = (0, true, nil, false)
                continue
            }
            if inComment { continue }
            if atLineStart {
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "\t") {
                    indent += 1
                    if indent > PresetLoader.maxIndent {
                        throw PresetError(file: file, line: line, message: "nested or indented more than \(PresetLoader.maxIndent) levels deep")
                    }
                    continue
                }
                atLineStart = false
            }
            if let open = quote {
                if byte == open { quote = nil }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = byte
            case UInt8(ascii: "#"): inComment = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > PresetLoader.maxFlowDepth {
                    throw PresetError(file: file, line: line, message: "lists are nested more than \(PresetLoader.maxFlowDepth) levels deep")
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
            default: break
            }
        }
    }
}
