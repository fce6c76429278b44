import Foundation

/// Reads one tensor of a `.safetensors` file: an 8-byte little-endian header length, a JSON header naming each
/// tensor's dtype, shape and byte range, then the raw little-endian data.
enum Safetensors {
    /// The largest JSON header read (the safetensors library's own limit): 100 MB.
    static let maxHeaderBytes = 100_000_000

    /// Decodes tensor `name` of a `.safetensors` file (any name when the file holds exactly one tensor).
    static func decode(_ bytes: [UInt8], file: String, tensor name: String?) throws(PresetError) -> StoredTensor {
        guard bytes.count >= 8 else {
            throw PresetError(file: file, message: "not a .safetensors file: shorter than its 8-byte header length")
        }
        var headerLength: UInt64 = 0
        for index in (0..<8).reversed() { headerLength = headerLength << 8 | UInt64(bytes[index]) }
        guard headerLength <= UInt64(min(maxHeaderBytes, bytes.count - 8)) else {
            throw PresetError(
                file: file,
                message: "not a .safetensors file: its header claims \(headerLength) bytes, "
                    + "the file has \(bytes.count - 8) after the length")
        }
        let dataStart = 8 + Int(headerLength)
        let json = Data(bytes[8..<dataStart])
        guard let header = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] else {
            throw PresetError(file: file, message: "the .safetensors header is not a JSON object")
        }
        let names = header.keys.filter { $0 != "__metadata__" }.sorted()
        let chosen: String
        if let name {
            guard header[name] != nil, name != "__metadata__" else {
                let hint = Suggestion.hint(for: name, in: names)
                throw PresetError(file: file, message: "no tensor '\(name)'\(hint); the file holds \(listing(names))")
            }
            chosen = name
        } else {
            guard names.count == 1 else {
                throw PresetError(file: file, message: "the file holds \(listing(names)): name one with tensor: NAME")
            }
            chosen = names[0]
        }
        let what = "tensor '\(chosen)'"
        guard let entry = header[chosen] as? [String: Any], let dtype = entry["dtype"] as? String,
            let shape = integers(entry["shape"]), let offsets = integers(entry["data_offsets"]), offsets.count == 2
        else {
            throw PresetError(
                file: file,
                message: "\(what): the header entry needs dtype, shape and data_offsets [begin, end]")
        }
        guard let type = elementType(dtype) else {
            throw PresetError(
                file: file,
                message: "\(what): unsupported dtype \(dtype) "
                    + "(F16, BF16, F32, F64, integers and BOOL load)")
        }
        let count = try TensorFile.count(shape, file: file, what: what)
        let stored = StoredTensor(shape: shape, values: [])
        let dataLength = bytes.count - dataStart
        guard offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= dataLength else {
            throw PresetError(
                file: file,
                message: "\(what): data_offsets \(offsets) lie outside the \(dataLength) bytes of data")
        }
        guard offsets[1] - offsets[0] == count * type.size else {
            throw PresetError(
                file: file,
                message: "\(what) of shape \(stored.shapeText) and dtype \(dtype) needs "
                    + "\(count * type.size) bytes, its data_offsets \(offsets) hold "
                    + "\(offsets[1] - offsets[0])")
        }
        let values = try type.values(
            bytes[...], offset: dataStart + offsets[0], count: count, bigEndian: false,
            file: file, what: what)
        return StoredTensor(shape: shape, values: values)
    }

    private static func listing(_ names: [String]) -> String {
        if names.isEmpty { return "no tensors" }
        let shown = names.prefix(12).map { "'\($0)'" }.joined(separator: ", ")
        return "\(names.count) tensor\(names.count == 1 ? "" : "s"): \(shown)\(names.count > 12 ? ", ..." : "")"
    }

    /// A JSON array of whole numbers.
    private static func integers(_ value: Any?) -> [Int]? {
        guard let array = value as? [Any] else { return nil }
        var result: [Int] = []
        for item in array {
            guard let number = item as? NSNumber,
                let exact = Int(exactly: number.doubleValue), Double(exactly: number.int64Value) == number.doubleValue
            else { return nil }
            result.append(exact)
        }
        return result
    }

    private static func elementType(_ dtype: String) -> ElementType? {
        switch dtype {
        case "F16": .float16
        case "BF16": .bfloat16
        case "F32": .float32
        case "F64": .float64
        case "BOOL": .bool
        case "I8": .signed(bytes: 1)
        case "I16": .signed(bytes: 2)
        case "I32": .signed(bytes: 4)
        case "I64": .signed(bytes: 8)
        case "U8": .unsigned(bytes: 1)
        case "U16": .unsigned(bytes: 2)
        case "U32": .unsigned(bytes: 4)
        case "U64": .unsigned(bytes: 8)
        default: nil
        }
    }
}
