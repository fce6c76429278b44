/// Reads NumPy `.npy` arrays: format versions 1, 2 and 3, C and Fortran order, little and big endian,
/// float16/32/64, signed and unsigned integers and bool.
enum Npy {
    /// Decodes one `.npy` file (or `.npz` member); `file` names it in errors.
    static func decode(_ bytes: ArraySlice<UInt8>, file: String) throws(PresetError) -> StoredTensor {
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
        guard bytes.count >= 10, bytes.prefix(6).elementsEqual(magic) else {
            throw PresetError(file: file, message: "not a NumPy .npy array (it does not start with \\x93NUMPY)")
        }
        let start = bytes.startIndex
        let major = bytes[start + 6]
        let lengthBytes: Int
        switch major {
        case 1: lengthBytes = 2
        case 2, 3: lengthBytes = 4
        default: throw PresetError(file: file, message: "unsupported .npy format version \(major) (1, 2 and 3 load)")
        }
        guard bytes.count >= 8 + lengthBytes else {
            throw PresetError(file: file, message: "the .npy header is truncated")
        }
        var headerLength = 0
        for index in (0..<lengthBytes).reversed() { headerLength = headerLength << 8 | Int(bytes[start + 8 + index]) }
        let dataStart = 8 + lengthBytes + headerLength
        guard headerLength <= 1 << 20, dataStart <= bytes.count else {
            throw PresetError(file: file, message: "the .npy header is truncated (it claims \(headerLength) bytes)")
        }
        let headerBytes = bytes[(start + 8 + lengthBytes)..<(start + dataStart)]
        let header = String(decoding: headerBytes, as: UTF8.self)
        var parser = HeaderParser(text: Array(header.unicodeScalars), file: file)
        let fields = try parser.dictionary()
        guard case let .text(descr)? = fields["descr"] else {
            throw PresetError(
                file: file,
                message: "the .npy header has no dtype ('descr'), "
                    + "or a structured one, which does not load")
        }
        guard case let .flag(fortran)? = fields["fortran_order"] else {
            throw PresetError(file: file, message: "the .npy header has no 'fortran_order'")
        }
        guard case let .numbers(shape)? = fields["shape"] else {
            throw PresetError(file: file, message: "the .npy header has no 'shape' tuple")
        }
        let (type, bigEndian) = try dtype(descr, file: file)
        let count = try TensorFile.count(shape, file: file, what: "the array")
        let needed = count * type.size
        guard bytes.count - dataStart == needed else {
            let shapeText = StoredTensor(shape: shape, values: []).shapeText
            throw PresetError(
                file: file,
                message: "the array of shape \(shapeText) and dtype '\(descr)' "
                    + "needs \(needed) bytes of data, the file has \(bytes.count - dataStart)")
        }
        let values = try type.values(
            bytes, offset: dataStart, count: count, bigEndian: bigEndian, file: file,
            what: "the array")
        return StoredTensor(shape: shape, values: fortran ? cOrder(values, shape: shape) : values)
    }

    /// The element type and byte order of a NumPy dtype string such as `<f8`, `>i4` or `|u1`.
    private static func dtype(_ descr: String, file: String) throws(PresetError) -> (ElementType, Bool) {
        let characters = Array(descr)
        guard characters.count >= 3, "<>|=".contains(characters[0]), let size = Int(String(characters[2...])) else {
            throw PresetError(file: file, message: "unsupported dtype '\(descr)'")
        }
        let type: ElementType?
        switch (characters[1], size) {
        case ("f", 2): type = .float16
        case ("f", 4): type = .float32
        case ("f", 8): type = .float64
        case ("i", 1), ("i", 2), ("i", 4), ("i", 8): type = .signed(bytes: size)
        case ("u", 1), ("u", 2), ("u", 4), ("u", 8): type = .unsigned(bytes: size)
        case ("b", 1): type = .bool
        default: type = nil
        }
        guard let type else {
            throw PresetError(
                file: file,
                message: "unsupported dtype '\(descr)': float16/32/64, integers and bool load")
        }
        return (type, characters[0] == ">")
    }

    /// Column-major values reordered row-major.
    private static func cOrder(_ values: [Double], shape: [Int]) -> [Double] {
        guard shape.count > 1 else { return values }
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in 1..<shape.count { strides[axis] = strides[axis - 1] * shape[axis - 1] }
        var result = [Double](repeating: 0, count: values.count)
        var index = [Int](repeating: 0, count: shape.count)
        for position in 0..<values.count {
            var offset = 0
            for axis in 0..<shape.count { offset += index[axis] * strides[axis] }
            result[position] = values[offset]
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return result
    }

    /// A value of the header's Python dictionary literal.
    enum HeaderValue: Equatable {
        case text(String)
        case flag(Bool)
        case numbers([Int])
        case other
    }

    /// Parses the header's Python literal `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`.
    struct HeaderParser {
        let text: [Unicode.Scalar]
        let file: String
        var position = 0

        mutating func dictionary() throws(PresetError) -> [String: HeaderValue] {
            try expect("{")
            var fields: [String: HeaderValue] = [:]
            while true {
                skipSpace()
                if peek == "}" {
                    position += 1
                    return fields
                }
                guard case let .text(key) = try value() else { throw failure("expected a quoted key") }
                try expect(":")
                fields[key] = try value()
                skipSpace()
                if peek == "," { position += 1 } else if peek != "}" { throw failure("expected ',' or '}'") }
            }
        }

        private var peek: Unicode.Scalar? { position < text.count ? text[position] : nil }

        private mutating func skipSpace() {
            while let scalar = peek, scalar == " " || scalar == "\n" || scalar == "\t" { position += 1 }
        }

        private mutating func expect(_ scalar: Unicode.Scalar) throws(PresetError) {
            skipSpace()
            guard peek == scalar else { throw failure("expected '\(scalar)'") }
            position += 1
        }

        private func failure(_ what: String) -> PresetError {
            PresetError(
                file: file,
                message: "the .npy header is not a valid dictionary: \(what) at character \(position + 1)")
        }

        private mutating func value() throws(PresetError) -> HeaderValue {
            skipSpace()
            switch peek {
            case "'", "\"":
                let quote = peek!
                position += 1
                var string = ""
                while let scalar = peek, scalar != quote {
                    string.unicodeScalars.append(scalar)
                    position += 1
                }
                guard peek == quote else { throw failure("unterminated string") }
                position += 1
                return .text(string)
            case "(":
                position += 1
                var numbers: [Int] = []
                while true {
                    skipSpace()
                    if peek == ")" {
                        position += 1
                        return .numbers(numbers)
                    }
                    var digits = ""
                    while let scalar = peek, ("0"..."9").contains(scalar), digits.count < 19 {
                        digits.unicodeScalars.append(scalar)
                        position += 1
                    }
                    if peek == "L" { position += 1 }
                    guard let number = Int(digits) else { throw failure("expected a dimension") }
                    numbers.append(number)
                    skipSpace()
                    if peek == "," { position += 1 } else if peek != ")" { throw failure("expected ',' or ')'") }
                }
            case "T", "F":
                let word = String(String.UnicodeScalarView(text[position..<min(text.count, position + 5)]))
                if word.hasPrefix("True") {
                    position += 4
                    return .flag(true)
                }
                if word == "False" {
                    position += 5
                    return .flag(false)
                }
                throw failure("expected True or False")
            case "[":
                // A structured dtype: skip the balanced brackets; it is refused by its key.
                var depth = 0
                repeat {
                    if peek == "[" { depth += 1 } else if peek == "]" { depth -= 1 }
                    position += 1
                } while depth > 0 && peek != nil
                return .other
            default:
                throw failure("unexpected value")
            }
        }
    }
}
