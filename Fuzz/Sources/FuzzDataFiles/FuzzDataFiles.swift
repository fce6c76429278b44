// libFuzzer target: arbitrary bytes as an image or tensor file.
//
// The first byte picks the format (PNG, JPEG, .npy, .npz, .safetensors, by its value modulo 5) and the rest is
// the file, decoded as `image:` and `{file: ...}` would decode it. Errors are expected; traps, crashes, hangs and
// huge memory are bugs. A decoded file must satisfy (else "INVARIANT", and libFuzzer saves the input):
//   1. its element count is the product of its shape, at most Limits.maxElements, and every value is finite;
//   2. an image is (1, 1 or 3, H, W) with samples in 0...65535.
import ConvCore
import Foundation
import Presets

func violation(_ message: String) -> Never {
    FileHandle.standardError.write(Data("INVARIANT: \(message)\n".utf8))
    fatalError("INVARIANT: \(message)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDataFiles(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    switch data[0] % 5 {
    case 0, 1:
        let name = data[0] % 5 == 0 ? "fuzz.png" : "fuzz.jpg"
        guard let image = try? ImageFile.decode(bytes, file: name) else { return 0 }
        let shape = image.shape
        if shape.n != 1 || (shape.c != 1 && shape.c != 3) || shape.h < 1 || shape.w < 1 {
            violation("image shape \(shape)")
        }
        if image.values.count != shape.h * shape.w * shape.c || image.values.count > Limits.maxElements {
            violation("image of shape \(shape) holds \(image.values.count) samples")
        }
        if image.values.contains(where: { !(0...65535).contains($0) || $0 != $0.rounded() }) {
            violation("an image sample outside 0...65535")
        }
    default:
        let file = ["fuzz.npy", "fuzz.npz", "fuzz.safetensors"][Int(data[0] % 5) - 2]
        for name in [nil, "a"] as [String?] {
            guard let tensor = try? TensorFile.decode(bytes, file: file, tensor: file.hasSuffix(".npy") ? nil : name)
            else { continue }
            var count = 1
            for dimension in tensor.shape {
                if dimension < 0 { violation("negative dimension in \(tensor.shape)") }
                count *= dimension
            }
            if count != tensor.values.count || count > Limits.maxElements {
                violation("shape \(tensor.shape) with \(tensor.values.count) values")
            }
            if tensor.values.contains(where: { !$0.isFinite }) { violation("a non-finite value") }
        }
    }
    return 0
}
