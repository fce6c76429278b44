import ConvCore
import Foundation

/// Reads Netpbm images — P2/P5 (greyscale, one channel) and P3/P6 (colour, three channels) — into
/// a (1, C, H, W) tensor of the raw sample values (0...maxval).
public enum Netpbm {
    /// The largest text (P2/P3) image file read: 64 MiB, like presets.
    public static let maxTextFileBytes = 64 << 20
    /// The most header bytes (magic number, sizes, maxval and comments) read before the samples.
    public static let maxHeaderBytes = 64 << 10

    /// Reads the image at `path` (which names it in errors) through ``BoundedFile``: the header is read and
    /// checked first (type, sizes within the pixel limit); then only as many bytes as the samples need.
    public static func load(path: String) throws(PresetError) -> Tensor {
        let head = try BoundedFile.prefix(path, count: maxHeaderBytes)
        let header = try Header(head, file: path)
        let bytes: [UInt8]
        if header.isBinary {
            bytes =
                header.end + header.bodyBytes <= head.count
                ? head : try BoundedFile.prefix(path, count: header.end + header.bodyBytes)
        } else {
            bytes = try BoundedFile.read(path, limit: maxTextFileBytes, kind: "text (P2/P3) images")
        }
        return try decode(bytes, file: path)
    }

    /// What the header says: the type, the size and maxval, checked against the limits, and where it ends.
    struct Header {
        let channels: Int, width: Int, height: Int, maxValue: Int
        let isBinary: Bool
        /// The offset of the first sample: for binary images, after the one whitespace byte that ends the header.
        let end: Int
        var pixels: Int { width * height }
        var samples: Int { pixels * channels }
        /// The bytes of binary samples.
        var bodyBytes: Int { samples * (maxValue > 255 ? 2 : 1) }

        init(_ bytes: [UInt8], file: String) throws(PresetError) {
            guard bytes.count >= 2, bytes[0] == UInt8(ascii: "P") else {
                throw PresetError(file: file, message: "not a Netpbm image: it must start with P2, P3, P5 or P6")
            }
            let kind = bytes[1]
            switch kind {
            case UInt8(ascii: "2"), UInt8(ascii: "5"): channels = 1
            case UInt8(ascii: "3"), UInt8(ascii: "6"): channels = 3
            default:
                let shown = SafeText.terminal(String(decoding: [kind], as: UTF8.self))
                throw PresetError(file: file, message: "unsupported Netpbm type P\(shown): use P2, P3, P5 or P6")
            }
            isBinary = kind == UInt8(ascii: "5") || kind == UInt8(ascii: "6")
            var reader = HeaderReader(bytes: bytes, file: file)
            reader.position = 2
            width = try reader.number("width")
            height = try reader.number("height")
            maxValue = try reader.number("maxval")
            end = reader.position + 1
            guard width > 0, height > 0 else {
                throw PresetError(file: file, message: "the image is empty (\(width)x\(height))")
            }
            guard (1...65535).contains(maxValue) else {
                throw PresetError(file: file, message: "maxval must be 1...65535, got \(maxValue)")
            }
            let (count, overflow) = width.multipliedReportingOverflow(by: height)
            guard !overflow, count <= Limits.maxElements / channels else {
                throw PresetError(
                    file: file,
                    message: "the image is \(width)x\(height); "
                        + "images are limited to \(Limits.maxElements / channels) pixels")
            }
        }
    }

    /// Decodes Netpbm bytes.
    public static func decode(_ bytes: [UInt8], file: String) throws(PresetError) -> Tensor {
        let header = try Header(bytes, file: file)
        let width = header.width, height = header.height, maxValue = header.maxValue, channels = header.channels
        let count = header.pixels, samples = header.samples
        var reader = HeaderReader(bytes: bytes, file: file)
        reader.position = header.end - 1
        var values = [Double](repeating: 0, count: samples)
        if !header.isBinary {
            for index in 0..<samples {
                let sample = try reader.number("pixel value \(index + 1)")
                guard sample <= maxValue else {
                    throw PresetError(file: file, message: "pixel value \(sample) is above maxval \(maxValue)")
                }
                values[index] = Double(sample)
            }
        } else {
            // Exactly one whitespace byte separates the header from the binary samples.
            let start = header.end
            let size = maxValue > 255 ? 2 : 1
            guard bytes.count >= start + samples * size else {
                throw PresetError(
                    file: file,
                    message:
                        "the image is truncated: \(width)x\(height) needs \(samples * size) bytes of samples, found \(max(0, bytes.count - start))"
                )
            }
            for index in 0..<samples {
                let offset = start + index * size
                let sample = size == 2 ? Int(bytes[offset]) << 8 | Int(bytes[offset + 1]) : Int(bytes[offset])
                guard sample <= maxValue else {
                    throw PresetError(file: file, message: "pixel value \(sample) is above maxval \(maxValue)")
                }
                values[index] = Double(sample)
            }
        }
        // Netpbm interleaves channels per pixel; tensors keep each channel as a plane.
        var planes = [Double](repeating: 0, count: samples)
        for pixel in 0..<count {
            for channel in 0..<channels { planes[channel * count + pixel] = values[pixel * channels + channel] }
        }
        return Tensor(shape: Shape4(n: 1, c: channels, h: height, w: width), values: planes)
    }

    /// Reads whitespace-separated decimal numbers, skipping `#` comments.
    private struct HeaderReader {
        let bytes: [UInt8]
        let file: String
        var position = 0

        mutating func number(_ what: String) throws(PresetError) -> Int {
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "#") {
                    while position < bytes.count && bytes[position] != UInt8(ascii: "\n") { position += 1 }
                } else if byte == 32 || (9...13).contains(byte) {
                    position += 1
                } else {
                    break
                }
            }
            var value = 0, digits = 0
            while position < bytes.count, (48...57).contains(bytes[position]) {
                let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
                let (sum, o2) = shifted.addingReportingOverflow(Int(bytes[position] - 48))
                if o1 || o2 || digits > 12 { throw PresetError(file: file, message: "the \(what) is too large") }
                value = sum
                digits += 1
                position += 1
            }
            if digits == 0 {
                let found =
                    position < bytes.count
                    ? "'\(SafeText.terminal(String(decoding: [bytes[position]], as: UTF8.self)))'"
                    : "the end of the file"
                throw PresetError(file: file, message: "expected the \(what) (a whole number), found \(found)")
            }
            return value
        }
    }
}
