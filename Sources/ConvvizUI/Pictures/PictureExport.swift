import CPictures
import ConvCore
import Foundation

/// Pictures of a convolution out: an animated GIF of the output filling in, or an SVG still.
public enum PictureExport {
    /// The most frames a GIF holds (as for recordings); longer animations show every k-th output cell.
    public static let maxFrames = 1000
    /// The longest a GIF plays: a longer one is sped up to fit.
    public static let maxSeconds = 120.0
    /// The largest GIF written: 64 MiB.
    public static let maxBytes = 64 << 20

    /// An animated GIF, one frame per output cell (of the first output channel), `cellsPerSecond` cells a second,
    /// holding the finished output for two seconds before it loops.
    public static func gif(
        _ convolution: Convolution, title: String,
        cellsPerSecond: Double
    ) throws(PictureError) -> [UInt8] {
        let picture = try ConvolutionPicture(convolution, title: title)
        let cells = picture.cellCount
        let frames = frameCells(cells)
        let secondsPerCell = min(1 / cellsPerSecond, maxSeconds / Double(cells))
        let delay = max(2, Int((secondsPerCell * Double(cells) / Double(frames.count) * 100).rounded()))
        let first = picture.scene(cell: frames[0])
        let palette =
            PictureScene.palette.flatMap { [$0.0, $0.1, $0.2] }
            + [UInt8](repeating: 0, count: 3 * (256 - PictureScene.palette.count))
        guard let writer = convviz_gif_begin(Int32(first.width), Int32(first.height), palette, 256, maxBytes) else {
            throw PictureError("out of memory")
        }
        var canvas = Canvas(width: first.width, height: first.height)
        for (number, cell) in frames.enumerated() {
            let scene = number == 0 ? first : picture.scene(cell: cell)
            canvas.draw(scene)
            let hold = number == frames.count - 1 ? 200 : delay
            let status = canvas.pixels.withUnsafeBufferPointer { pixels in
                convviz_gif_add_frame(writer, pixels.baseAddress, Int32(hold))
            }
            if status != 0 { break }
        }
        var data: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 200)
        guard convviz_gif_finish(writer, &data, &size, &message, message.count) == 0, let data else {
            let reason = message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            throw PictureError(String(decoding: reason, as: UTF8.self))
        }
        defer { free(data) }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// The output cells that get a frame: all of them, or every k-th (and the last) beyond ``maxFrames``.
    public static func frameCells(_ cells: Int) -> [Int] {
        let stride = cells <= maxFrames ? 1 : (cells - 1 + maxFrames - 2) / (maxFrames - 1)
        var frames = Array(Swift.stride(from: 0, to: cells, by: stride))
        if frames.last != cells - 1 { frames.append(cells - 1) }
        return frames
    }

    /// An SVG still of multiply-add `step` (0-based; nil: the whole output), vector shapes and text for print.
    public static func svg(_ convolution: Convolution, title: String, step: Int?) throws(PictureError) -> String {
        let picture = try ConvolutionPicture(convolution, title: title)
        let total = picture.cellCount * picture.tapsPerCell
        let scene: PictureScene
        if let step {
            guard (0..<total).contains(step) else {
                throw PictureError(
                    "--step must be 0...\(total - 1) "
                        + "(the first output channel has \(total) multiply-adds)")
            }
            scene = picture.scene(cell: step / picture.tapsPerCell, tap: step % picture.tapsPerCell)
        } else {
            scene = picture.scene(cell: picture.cellCount - 1)
        }
        return SvgText.document(scene)
    }
}

/// An indexed-colour raster of a scene.
struct Canvas {
    let width: Int
    let height: Int
    var pixels: [UInt8]

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: width * height)
    }

    mutating func draw(_ scene: PictureScene) {
        for item in scene.items {
            switch item {
            case let .rect(x, y, w, h, fill, outlined):
                fillRect(x, y, w, h, UInt8(PictureScene.index(fill)))
                if outlined {
                    let grid = UInt8(PictureScene.Colour.grid.rawValue)
                    fillRect(x, y, w, 1, grid)
                    fillRect(x, y + h - 1, w, 1, grid)
                    fillRect(x, y, 1, h, grid)
                    fillRect(x + w - 1, y, 1, h, grid)
                }
            case let .text(x, y, scale, text, colour, centred):
                let left = centred ? x - convvizTextWidth(text) * scale / 2 : x
                pixels.withUnsafeMutableBufferPointer { buffer in
                    convviz_draw_text(
                        buffer.baseAddress, Int32(width), Int32(height), Int32(left), Int32(y),
                        Int32(scale), text, UInt8(colour.rawValue))
                }
            }
        }
    }

    private mutating func fillRect(_ x: Int, _ y: Int, _ w: Int, _ h: Int, _ index: UInt8) {
        let left = max(0, x), right = min(width, x + w), top = max(0, y), bottom = min(height, y + h)
        guard left < right, top < bottom else { return }
        let width = width
        pixels.withUnsafeMutableBufferPointer { buffer in
            for row in top..<bottom {
                (buffer.baseAddress! + row * width + left).update(repeating: index, count: right - left)
            }
        }
    }
}

/// A scene as an SVG document.
enum SvgText {
    static func document(_ scene: PictureScene) -> String {
        var lines = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(scene.width)\" height=\"\(scene.height)\" "
                + "viewBox=\"0 0 \(scene.width) \(scene.height)\" "
                + "font-family=\"DejaVu Sans Mono, Menlo, monospace\">"
        ]
        for item in scene.items {
            switch item {
            case let .rect(x, y, w, h, fill, outlined):
                let stroke = outlined ? " stroke=\"\(PictureScene.hex(.colour(.grid)))\" stroke-width=\"1\"" : ""
                lines.append(
                    "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(w)\" height=\"\(h)\" "
                        + "fill=\"\(PictureScene.hex(fill))\"\(stroke)/>")
            case let .text(x, y, scale, text, colour, centred):
                let size = 9 * scale
                let anchor = centred ? " text-anchor=\"middle\"" : ""
                lines.append(
                    "<text x=\"\(x)\" y=\"\(y + 7 * scale)\" font-size=\"\(size)\" "
                        + "fill=\"\(PictureScene.hex(.colour(colour)))\"\(anchor)>" + escaped(text) + "</text>")
            }
        }
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default:
                // XML 1.0 forbids most control characters.
                if scalar.value < 0x20 && scalar != "\t" { result += " " } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }
}
