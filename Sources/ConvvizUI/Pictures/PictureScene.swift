/// A still picture as rectangles and text in pixel coordinates, drawn the same way into a GIF frame and an SVG.
public struct PictureScene: Equatable, Sendable {
    /// The named colours of a picture; heatmap cells use ``Fill/heat(_:)`` or ``Fill/grey(_:)`` levels.
    public enum Colour: Int, CaseIterable, Sendable {
        case background, text, grid, padding, input, window, done, current, dim, light

        /// Red, green, blue.
        var rgb: (UInt8, UInt8, UInt8) {
            switch self {
            case .background: (255, 255, 255)
            case .text: (20, 20, 20)
            case .grid: (150, 150, 150)
            case .padding: (232, 232, 232)
            case .input: (190, 215, 240)
            case .window: (40, 95, 170)
            case .done: (150, 220, 200)
            case .current: (20, 140, 110)
            case .dim: (130, 130, 130)
            case .light: (255, 255, 255)
            }
        }
    }

    /// How a rectangle is filled.
    public enum Fill: Equatable, Sendable {
        case colour(Colour)
        /// A diverging level, 0 (most negative, blue) to ``PictureScene/levels`` - 1 (most positive, red).
        case heat(Int)
        /// A greyscale level, 0 (black, the smallest value) to ``PictureScene/levels`` - 1 (white).
        case grey(Int)
    }

    /// One thing drawn.
    public enum Item: Equatable, Sendable {
        /// A filled rectangle, with a 1-pixel grid-coloured border when `outlined`.
        case rect(x: Int, y: Int, width: Int, height: Int, fill: Fill, outlined: Bool)
        /// Text at a scale of the bitmap font (about 7 pixels tall at scale 1); `x` is its centre when `centred`.
        case text(x: Int, y: Int, scale: Int, String, Colour, centred: Bool)
    }

    /// Levels of each heatmap ramp.
    public static let levels = 64

    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// What is drawn, in order.
    public var items: [Item] = []

    /// The palette index of a fill: the named colours, then the heat ramp, then the grey ramp.
    static func index(_ fill: Fill) -> Int {
        switch fill {
        case let .colour(colour): colour.rawValue
        case let .heat(level): Colour.allCases.count + max(0, min(levels - 1, level))
        case let .grey(level): Colour.allCases.count + levels + max(0, min(levels - 1, level))
        }
    }

    /// Every palette entry, as index order gives them.
    static let palette: [(UInt8, UInt8, UInt8)] = {
        var colours = Colour.allCases.map(\.rgb)
        for level in 0..<levels {
            // Blue (negative) through white to red (positive).
            let t = Double(level) / Double(levels - 1) * 2 - 1
            let (r, g, b): (Double, Double, Double) = t < 0 ? (33, 102, 172) : (178, 24, 43)
            let a = abs(t)
            colours.append((UInt8(255 - (255 - r) * a), UInt8(255 - (255 - g) * a), UInt8(255 - (255 - b) * a)))
        }
        for level in 0..<levels {
            let v = UInt8(Double(level) / Double(levels - 1) * 255)
            colours.append((v, v, v))
        }
        return colours
    }()

    /// The hex colour of a fill, for SVG.
    static func hex(_ fill: Fill) -> String {
        let (r, g, b) = palette[index(fill)]
        return "#" + [r, g, b].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
