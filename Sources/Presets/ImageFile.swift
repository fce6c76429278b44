import CImageCodecs
import ConvCore
import Foundation

/// Reads an `image:` file — PNG, JPEG or Netpbm — into a (1, C, H, W) tensor of its raw sample values: one
/// channel for greyscale, three (RGB) for colour; a palette is expanded and an alpha channel dropped.
public enum ImageFile {
    /// The largest image file read: 64 MiB.
    public static let maxFileBytes = 64 << 20

    /// Reads the image at `path` (which names it in errors), choosing the decoder by extension, then by content.
    public static func load(path: String) throws(PresetError) -> Tensor {
        try decode(DataFile.read(path: path, limit: maxFileBytes, what: "image"), file: path)
    }

    /// Decodes image bytes; `file` names it in errors and its extension picks the format.
    public static func decode(_ bytes: [UInt8], file: String) throws(PresetError) -> Tensor {
        let suffix = (file as NSString).pathExtension.lowercased()
        if suffix == "png" || (suffix != "jpg" && suffix != "jpeg" && bytes.starts(with: [0x89, 0x50, 0x4E, 0x47])) {
            return try decode(bytes, file: file, format: "PNG", convviz_png_decode)
        }
        if suffix == "jpg" || suffix == "jpeg" || bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            return try decode(bytes, file: file, format: "JPEG", convviz_jpeg_decode)
        }
        return try Netpbm.decode(bytes, file: file)
    }

    private typealias Decoder = (UnsafePointer<UInt8>?, Int, Int, UnsafeMutablePointer<convviz_image>?) -> Int32

    private static func decode(
        _ bytes: [UInt8], file: String, format: String,
        _ decoder: Decoder
    ) throws(PresetError) -> Tensor {
        var image = convviz_image()
        let status = bytes.withUnsafeBufferPointer { buffer in
            decoder(buffer.baseAddress, buffer.count, Limits.maxElements, &image)
        }
        defer { convviz_image_free(&image) }
        switch Int(status) {
        case CONVVIZ_IMAGE_OK: break
        case CONVVIZ_IMAGE_TOO_LARGE:
            throw PresetError(
                file: file,
                message: "the image is \(image.width)x\(image.height) with \(image.channels) "
                    + "channel(s); images are limited to \(Limits.maxElements) samples")
        default:
            let reason = withUnsafeBytes(of: image.message) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            throw PresetError(file: file, message: "not a valid \(format) image: \(reason)")
        }
        let width = Int(image.width), height = Int(image.height), channels = Int(image.channels)
        guard width > 0, height > 0, let samples = image.samples else {
            throw PresetError(file: file, message: "the image is empty (\(width)x\(height))")
        }
        // Decoders interleave channels per pixel; tensors keep each channel as a plane.
        let pixels = width * height
        var planes = [Double](repeating: 0, count: pixels * channels)
        for pixel in 0..<pixels {
            for channel in 0..<channels {
                planes[channel * pixels + pixel] = Double(samples[pixel * channels + channel])
            }
        }
        return Tensor(shape: Shape4(n: 1, c: channels, h: height, w: width), values: planes)
    }
}
