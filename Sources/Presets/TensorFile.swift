import ConvCore
import Foundation

/// A tensor read from a file: its shape as stored and its values in C (row-major) order.
public struct StoredTensor: Equatable, Sendable {
    /// The dimensions, outermost first (empty for a scalar).
    public var shape: [Int]
    /// The values, row-major.
    public var values: [Double]

    /// Creates a tensor.
    public init(shape: [Int], values: [Double]) {
        self.shape = shape
        self.values = values
    }

    /// `(6, 3, 3, 3)`, as NumPy and PyTorch print shapes.
    public var shapeText: String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}

/// Reads the tensor a preset's `{file: PATH}` or `{file: PATH, tensor: NAME}` names: a NumPy `.npy`, a member of
/// a NumPy `.npz` archive, or a tensor of a `.safetensors` file.
public enum TensorFile {
    /// The largest tensor file read: room for the largest grid as float64, plus 1 MiB of headers.
    public static let maxFileBytes = Limits.maxElements * 8 + (1 << 20)

    /// Reads the tensor `tensor` (required for archives holding several) of the file `name`, relative to the
    /// preset file `preset`.
    public static func load(
        file name: String, tensor: String?,
        relativeTo preset: String
    ) throws(PresetError) -> StoredTensor {
        let path = DataFile.resolve(name, relativeTo: preset)
        return try decode(DataFile.read(path: path, limit: maxFileBytes, what: "tensor"), file: path, tensor: tensor)
    }

    /// Decodes tensor-file bytes; `file` names it in errors and its extension picks the format.
    public static func decode(_ bytes: [UInt8], file: String, tensor: String?) throws(PresetError) -> StoredTensor {
        switch (file as NSString).pathExtension.lowercased() {
        case "npy":
            if let tensor {
                throw PresetError(file: file, message: "a .npy file holds one array: remove tensor: \(tensor)")
            }
            return try Npy.decode(bytes[...], file: file)
        case "npz": return try Npz.decode(bytes, file: file, member: tensor)
        case "safetensors": return try Safetensors.decode(bytes, file: file, tensor: tensor)
        default:
            throw PresetError(file: file, message: "unknown tensor file type: use a .npy, .npz or .safetensors file")
        }
    }

    /// The tensor as a grid of one of `ranks` dimensions (leading ones padded to four), or an error naming the file,
    /// the tensor, its shape and the `expected` layouts.
    public static func grid(
        _ stored: StoredTensor, file: String, tensor: String?, ranks: [Int],
        expected: String
    ) throws(PresetError) -> (tensor: Tensor, rank: Int) {
        let what = tensor.map { "tensor '\($0)'" } ?? "the array"
        guard ranks.contains(stored.shape.count) else {
            let dimensions = stored.shape.count == 1 ? "1 dimension" : "\(stored.shape.count) dimensions"
            throw PresetError(
                file: file,
                message: "\(what) has shape \(stored.shapeText) (\(dimensions)); expected \(expected)")
        }
        if stored.shape.contains(0) {
            throw PresetError(file: file, message: "\(what) has shape \(stored.shapeText): it is empty")
        }
        let padded = Array(repeating: 1, count: max(0, 4 - stored.shape.count)) + stored.shape
        guard padded.count == 4 else {
            throw PresetError(file: file, message: "\(what) has shape \(stored.shapeText); expected \(expected)")
        }
        return (
            Tensor(shape: Shape4(n: padded[0], c: padded[1], h: padded[2], w: padded[3]), values: stored.values),
            stored.shape.count
        )
    }

    /// The number of elements of `shape`, refused above ``Limits/maxElements``.
    static func count(_ shape: [Int], file: String, what: String) throws(PresetError) -> Int {
        var total = 1
        for size in shape {
            guard size >= 0 else {
                throw PresetError(file: file, message: "\(what) has a negative dimension (\(size))")
            }
            let (product, overflow) = total.multipliedReportingOverflow(by: size)
            guard !overflow, product <= Limits.maxElements else {
                throw PresetError(
                    file: file,
                    message: "\(what) has more than \(Limits.maxElements) elements; "
                        + "grids are limited to that many")
            }
            total = product
        }
        return total
    }
}

/// The element types tensor files store, and their conversion to Double.
enum ElementType: Equatable {
    case float16, bfloat16, float32, float64, bool
    case signed(bytes: Int)
    case unsigned(bytes: Int)

    /// Bytes per element.
    var size: Int {
        switch self {
        case .float16, .bfloat16: 2
        case .float32: 4
        case .float64: 8
        case .bool: 1
        case let .signed(bytes), let .unsigned(bytes): bytes
        }
    }

    /// `count` elements from `bytes` at `offset`, as Doubles; non-finite values are refused.
    func values(
        _ bytes: ArraySlice<UInt8>, offset: Int, count: Int, bigEndian: Bool,
        file: String, what: String
    ) throws(PresetError) -> [Double] {
        let size = self.size
        var result = [Double](repeating: 0, count: count)
        var position = bytes.startIndex + offset
        for index in 0..<count {
            var bits: UInt64 = 0
            if bigEndian {
                for byte in 0..<size { bits = bits << 8 | UInt64(bytes[position + byte]) }
            } else {
                for byte in (0..<size).reversed() { bits = bits << 8 | UInt64(bytes[position + byte]) }
            }
            position += size
            let value = convert(bits)
            guard value.isFinite else {
                throw PresetError(
                    file: file,
                    message: "\(what): element \(index) is \(value): values must be finite numbers")
            }
            result[index] = value
        }
        return result
    }

    private func convert(_ bits: UInt64) -> Double {
        switch self {
        case .float16: return Self.half(UInt16(truncatingIfNeeded: bits))
        case .bfloat16: return Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits) << 16))
        case .float32: return Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
        case .float64: return Double(bitPattern: bits)
        case .bool: return bits == 0 ? 0 : 1
        case let .signed(bytes):
            let shift = UInt64(64 - 8 * bytes)
            return Double(Int64(bitPattern: bits << shift) >> Int64(shift))
        case .unsigned: return Double(bits)
        }
    }

    /// IEEE 754 binary16 to Double (exact).
    private static func half(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int(bits >> 10 & 0x1F), fraction = Double(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
