import ConvCore
import Foundation
import Presets
import Testing

/// The Netpbm reader: P2/P5 greyscale, P3/P6 colour (channels become planes), comments, 16-bit
/// samples, and every malformed header.
struct NetpbmTests {
    func decode(_ text: String) throws(PresetError) -> Tensor { try Netpbm.decode(Array(text.utf8), file: "x.pnm") }

    @Test func asciiGreyscaleWithComments() throws {
        let image = try decode("P2\n# a comment\n3 2\n# another\n9\n0 1 2\n3 4 9\n")
        #expect(image.shape == Shape4(n: 1, c: 1, h: 2, w: 3))
        #expect(image.values == [0, 1, 2, 3, 4, 9])
    }

    @Test func asciiColourBecomesThreePlanes() throws {
        let image = try decode("P3 2 1 255  10 20 30  40 50 60")
        #expect(image.shape == Shape4(n: 1, c: 3, h: 1, w: 2))
        #expect(image.plane(n: 0, c: 0) == [[10, 40]])
        #expect(image.plane(n: 0, c: 1) == [[20, 50]])
        #expect(image.plane(n: 0, c: 2) == [[30, 60]])
    }

    @Test func binaryGreyAndColourAndSixteenBit() throws {
        let grey = try Netpbm.decode(Array("P5\n2 2\n255\n".utf8) + [0, 7, 128, 255], file: "g.pgm")
        #expect(grey.values == [0, 7, 128, 255])
        let colour = try Netpbm.decode(Array("P6 1 2 255\n".utf8) + [1, 2, 3, 4, 5, 6], file: "c.ppm")
        #expect(colour.values == [1, 4, 2, 5, 3, 6])
        let deep = try Netpbm.decode(Array("P5 2 1 65535\n".utf8) + [0x01, 0x00, 0xFF, 0xFF], file: "d.pgm")
        #expect(deep.values == [256, 65535])
    }

    @Test(arguments: [
        ("", "not a Netpbm image"),
        ("GIF89a", "not a Netpbm image"),
        ("P4 1 1\n0", "unsupported Netpbm type P4"),
        ("P2 0 3 255\n", "the image is empty"),
        ("P2 2 2 0\n1 1 1 1", "maxval must be 1...65535"),
        ("P2 2 2 9\n1 2 3", "expected the pixel value 4"),
        ("P2 2 x 9\n", "expected the height"),
        ("P2 1 1 9\n10", "above maxval"),
        ("P5 4 4 255\n\u{1}\u{2}", "truncated"),
        ("P5 100000 100000 255\n", "images are limited to"),
        ("P2 99999999999999999999 1 255\n", "too large"),
    ]) func malformedImagesAreRefused(text: String, message: String) {
        #expect(throws: PresetError.self) { try decode(text) }
        do {
            _ = try decode(text)
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.file == "x.pnm")
        }
    }

    @Test func shippedImagesLoadThroughPresets() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("presets")
        let scene = try PresetLoader.load(path: folder.appendingPathComponent("image-rgb-6-maps.yaml").path)
        #expect(scene.input.shape == Shape4(n: 1, c: 3, h: 32, w: 32))
        #expect(try scene.output().shape == Shape4(n: 1, c: 6, h: 30, w: 30))
        let digit = try PresetLoader.load(path: folder.appendingPathComponent("image-digit.yaml").path)
        #expect(digit.input.shape == Shape4(n: 1, c: 1, h: 16, w: 16))
        #expect(digit.input.values.allSatisfy { (0...9).contains($0) })
    }
}
