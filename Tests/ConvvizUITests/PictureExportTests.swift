import CPictures
import ConvCore
import ConvvizUI
import Foundation
import Testing

/// `export --gif` and `--svg`: the GIF decoded back with giflib (frames, size, loop, the window's colour where
/// the window is), the SVG's shapes and text, and the limits.
struct PictureExportTests {
    /// PyTorch's F.conv2d example: 5x5, 3x3 kernel, padding 1 (cells of 48 pixels).
    static func example() throws -> Convolution {
        let input = Tensor(
            shape: Shape4(n: 1, c: 1, h: 5, w: 5),
            values: [1, 2, 0, 3, 1, 0, 1, 1, 0, 0, 1, 2, 1, 0, 0, 5, 2, 3, 1, 1, 2, 1, 0, 1, 1])
        let kernel = Tensor(shape: Shape4(n: 1, c: 1, h: 3, w: 3), values: [1, 2, 1, 0, 1, 0, 2, 1, 0])
        return try Convolution(
            input: input, weight: kernel, bias: nil,
            parameters: Conv2dParameters(padding: .explicit(height: 1, width: 1)))
    }

    struct Pixel: Equatable { var r, g, b: UInt8 }

    /// Frame count, size and the colour of pixel (x, y) once frames 0...frame are drawn.
    static func inspect(_ gif: [UInt8], frame: Int, x: Int, y: Int) -> (frames: Int, width: Int, height: Int, Pixel)? {
        var frames: Int32 = 0, width: Int32 = 0, height: Int32 = 0
        var rgb: [UInt8] = [0, 0, 0]
        let status = gif.withUnsafeBufferPointer { buffer in
            convviz_gif_inspect(
                buffer.baseAddress, buffer.count, Int32(frame), Int32(x), Int32(y),
                &frames, &width, &height, &rgb)
        }
        guard status == 0 else { return nil }
        return (Int(frames), Int(width), Int(height), Pixel(r: rgb[0], g: rgb[1], b: rgb[2]))
    }

    static let window = Pixel(r: 40, g: 95, b: 170)
    static let current = Pixel(r: 20, g: 140, b: 110)

    @Test func gifShowsTheWindowMovingAndTheOutputFillingIn() throws {
        let gif = try PictureExport.gif(Self.example(), title: "example", cellsPerSecond: 2)
        #expect(Array(gif.prefix(6)) == Array("GIF89a".utf8))
        #expect(gif.count < 200_000)
        let loop = Array("NETSCAPE2.0".utf8)
        #expect((0...(gif.count - loop.count)).contains { Array(gif[$0..<($0 + loop.count)]) == loop })
        // Padded input 7x7 of 48-pixel cells at (16, 70); output 5x5 to its right after a 48-pixel gap.
        let inputCell = { (row: Int, column: Int) in (16 + column * 48 + 6, 70 + row * 48 + 6) }
        let outputCell = { (row: Int, column: Int) in (16 + 7 * 48 + 48 + column * 48 + 6, 70 + row * 48 + 6) }
        let (x0, y0) = inputCell(1, 1)
        let first = try #require(Self.inspect(gif, frame: 0, x: x0, y: y0))
        #expect(first.frames >= 25 && first.frames <= 100, "one frame per output cell, each in up to 4 pieces")
        #expect(first.width == 16 + 7 * 48 + 48 + 5 * 48 + 16 || first.width > 16 + 12 * 48 + 48)
        #expect(first.height >= 70 + 7 * 48)
        #expect(first.3 == Self.window, "output cell (0, 0) reads padded cells (0...2, 0...2)")
        let (ox, oy) = outputCell(0, 0)
        #expect(Self.inspect(gif, frame: 0, x: ox, y: oy)?.3 == Self.current)
        // The last image: the window on padded rows and columns 4...6, every output cell filled.
        let last = first.frames - 1
        let (x6, y6) = inputCell(6, 6)
        #expect(Self.inspect(gif, frame: last, x: x6, y: y6)?.3 == Self.window)
        #expect(Self.inspect(gif, frame: last, x: x0, y: y0)?.3 != Self.window)
        let (ex, ey) = outputCell(4, 4)
        #expect(Self.inspect(gif, frame: last, x: ex, y: ey)?.3 == Self.current)
        #expect(Self.inspect(gif, frame: last, x: ox, y: oy)?.3 == Pixel(r: 150, g: 220, b: 200))
    }

    @Test func svgStillOfOneMultiplyAdd() throws {
        let svg = try PictureExport.svg(Self.example(), title: "a <title> & more", step: 4)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.hasSuffix("</svg>\n"))
        #expect(svg.contains("a &lt;title&gt; &amp; more"))
        // Multiply-add 5 of cell (0, 0): the partial sum 1*0 + 2*0 + 1*0 + 0*0 + 1*1 = 1.
        #expect(svg.contains(">out[0,0] = 1 (multiply-add 5 of 9)</text>"))
        #expect(svg.components(separatedBy: "fill=\"#285faa\"").count - 1 == 8, "the window but the current tap")
        #expect(svg.components(separatedBy: "fill=\"#148c6e\"").count - 1 == 2, "the current tap and output cell")
        let whole = try PictureExport.svg(Self.example(), title: "x", step: nil)
        let last = try Self.example().output().values.last!
        #expect(whole.contains(">out[4,4] = \(Int(last))</text>"), "\(whole.suffix(300))")
    }

    @Test func limitsAreChecked() throws {
        #expect(throws: PictureError.self) { try PictureExport.svg(Self.example(), title: "x", step: 225) }
        let wide = Tensor(shape: Shape4(n: 1, c: 1, h: 10, w: 200), values: Array(repeating: 1, count: 2000))
        let big = try Convolution(
            input: wide,
            weight: Tensor(shape: Shape4(n: 1, c: 1, h: 1, w: 1), values: [1]), bias: nil,
            parameters: Conv2dParameters())
        #expect(throws: PictureError.self) { try PictureExport.gif(big, title: "x", cellsPerSecond: 2) }
        // At most 1,000 frames: every k-th output cell, and the last.
        #expect(PictureExport.frameCells(25) == Array(0..<25))
        let frames = PictureExport.frameCells(1600)
        #expect(frames.count <= PictureExport.maxFrames && frames.first == 0 && frames.last == 1599)
        #expect(PictureExport.frameCells(1000).count == 1000)
    }

    @Test func nonAsciiTextIsDrawnSafely() {
        var pixels = [UInt8](repeating: 0, count: 64 * 16)
        convviz_draw_text(&pixels, 64, 16, 0, 0, 1, "é→\u{1}x", 1)
        #expect(convviz_text_width("é→\u{1}x") == convviz_text_width("???x"))
        #expect(pixels.contains(1))
    }
}
