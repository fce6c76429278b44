/// How many colours a terminal can show, which decides how pictures are drawn: colour half-blocks
/// (24-bit or the 256-colour palette), or shade glyphs (8/16 colours and NO_COLOR).
public enum ColorDepth: Int, Comparable, Sendable, CaseIterable {
    /// No colour at all (NO_COLOR, or a monochrome terminal): attributes and characters only.
    case none
    /// The 8 or 16 basic colours: too few for a picture, so pictures use shade glyphs.
    case basic
    /// The xterm 256-colour palette (a 6x6x6 cube and a 24-step grey ramp).
    case palette256
    /// Direct 24-bit colour.
    case trueColor

    public static func < (lhs: ColorDepth, rhs: ColorDepth) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether pictures are drawn in colour (otherwise with shade glyphs).
    public var drawsColorPictures: Bool { self >= .palette256 }

    /// The depth of a terminal: `noColor` is NO_COLOR set (and not empty); `colorTerm` is $COLORTERM
    /// (`truecolor` or `24bit` announce direct colour); `colors` is the number of colours the terminal
    /// description gives (ncurses' COLORS; 16,777,216 for `xterm-direct`).
    public static func detect(noColor: Bool, colorTerm: String?, colors: Int) -> ColorDepth {
        if noColor || colors < 8 { return .none }
        if colors >= 1 << 24 { return .trueColor }
        if colors < 256 { return .basic }
        let announced = colorTerm.map { ["truecolor", "24bit"].contains($0.lowercased()) } ?? false
        return announced ? .trueColor : .palette256
    }

    /// A colour this depth can show: RGB colours become the nearest palette colour below 24-bit colour.
    public func adapt(_ color: Color) -> Color {
        guard self < .trueColor, case .rgb = color.value else { return color }
        return Color(color.index)
    }
}

/// The xterm 256-colour palette: its RGB values, and the palette colour nearest to an RGB colour.
public enum Palette256 {
    /// The six levels of each axis of the colour cube (indices 16-231).
    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]
    /// The 16 basic colours as xterm shows them.
    static let basic: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255),
        (255, 255, 255),
    ]

    /// The RGB value of palette colour `index`.
    public static func components(_ index: UInt8) -> (red: UInt8, green: UInt8, blue: UInt8) {
        switch index {
        case 0..<16: return basic[Int(index)]
        case 16..<232:
            let value = Int(index) - 16
            return (UInt8(cubeLevels[value / 36]), UInt8(cubeLevels[(value / 6) % 6]), UInt8(cubeLevels[value % 6]))
        default:
            let grey = UInt8(8 + (Int(index) - 232) * 10)
            return (grey, grey, grey)
        }
    }

    /// The palette colour (16-255: the cube and the grey ramp, which every 256-colour terminal shows alike)
    /// nearest to an RGB colour by squared distance.
    public static func nearest(red: UInt8, green: UInt8, blue: UInt8) -> UInt8 {
        let target = (Int(red), Int(green), Int(blue))
        func level(_ value: Int) -> Int {
            cubeLevels.indices.min { abs(cubeLevels[$0] - value) < abs(cubeLevels[$1] - value) } ?? 0
        }
        let cube = (level(target.0), level(target.1), level(target.2))
        let cubeIndex = 16 + 36 * cube.0 + 6 * cube.1 + cube.2
        let mean = (target.0 + target.1 + target.2) / 3
        let greyIndex = 232 + min(23, max(0, (mean - 8 + 5) / 10))
        func distance(_ index: Int) -> Int {
            let (r, g, b) = components(UInt8(index))
            let dr = Int(r) - target.0, dg = Int(g) - target.1, db = Int(b) - target.2
            return dr * dr + dg * dg + db * db
        }
        return UInt8(distance(greyIndex) < distance(cubeIndex) ? greyIndex : cubeIndex)
    }
}
