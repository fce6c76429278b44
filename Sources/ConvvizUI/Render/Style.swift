/// A terminal colour: an index into the 256-colour palette, or a 24-bit RGB colour (drawn as the nearest
/// palette colour where the terminal has no direct colour; see ``ColorDepth``).
public struct Color: Hashable, Sendable {
    /// Where the colour comes from.
    public enum Value: Hashable, Sendable {
        /// A palette index (0-15 are the terminal's own colours).
        case palette(UInt8)
        /// Red, green and blue, 0-255 each.
        case rgb(UInt8, UInt8, UInt8)
    }

    /// The colour.
    public let value: Value

    /// A palette colour.
    public init(_ index: UInt8) { value = .palette(index) }

    /// A 24-bit colour.
    public static func rgb(_ red: UInt8, _ green: UInt8, _ blue: UInt8) -> Color {
        Color(value: .rgb(red, green, blue))
    }

    private init(value: Value) { self.value = value }

    /// The palette index: the colour's own, or the nearest of the 256-colour palette to an RGB colour.
    public var index: UInt8 {
        switch value {
        case let .palette(index): index
        case let .rgb(red, green, blue): Palette256.nearest(red: red, green: green, blue: blue)
        }
    }

    /// Red, green and blue (the xterm values for a palette colour).
    public var components: (red: UInt8, green: UInt8, blue: UInt8) {
        switch value {
        case let .palette(index): Palette256.components(index)
        case let .rgb(red, green, blue): (red, green, blue)
        }
    }

    /// Relative luminance, 0 (black) to 1 (white), from the sRGB components (Rec. 709 weights, no gamma).
    public var luminance: Double {
        let (red, green, blue) = components
        return (0.2126 * Double(red) + 0.7152 * Double(green) + 0.0722 * Double(blue)) / 255
    }

    static let grey = Color(244)
}

/// How a cell is drawn: colours and attributes. Attributes carry meaning on their own, so the screen
/// still reads without colour (NO_COLOR, projectors).
public struct Style: Hashable, Sendable {
    /// Foreground colour, or the terminal's default.
    public var foreground: Color?
    /// Background colour, or the terminal's default.
    public var background: Color?
    /// Bold text.
    public var bold: Bool
    /// Swapped foreground and background.
    public var reverse: Bool
    /// Underlined text.
    public var underline: Bool
    /// Dim text.
    public var dim: Bool

    /// Creates a style.
    public init(
        foreground: Color? = nil, background: Color? = nil, bold: Bool = false, reverse: Bool = false,
        underline: Bool = false, dim: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
    }

    /// The terminal's default look.
    public static let plain = Style()

    /// The same attributes without colours, for NO_COLOR.
    public var withoutColor: Style {
        var copy = self
        copy.foreground = nil
        copy.background = nil
        return copy
    }

    /// The style as a terminal of colour depth `depth` can draw it: RGB colours become palette colours
    /// below 24-bit colour, and colours go altogether without colour.
    public func adapted(to depth: ColorDepth) -> Style {
        if depth == .none { return withoutColor }
        var copy = self
        copy.foreground = foreground.map { depth.adapt($0) }
        copy.background = background.map { depth.adapt($0) }
        return copy
    }
}

/// One character cell of the screen.
public struct Cell: Hashable, Sendable {
    /// The character shown: one column wide, or two (a wide CJK character or emoji) when the cell to its
    /// right is a ``isWideTail`` cell.
    public var character: Character
    /// How it is drawn.
    public var style: Style
    /// The right half of the wide character in the cell to its left: nothing of its own is drawn.
    public var isWideTail = false

    /// Creates a cell.
    public init(_ character: Character = " ", _ style: Style = .plain) {
        self.character = character
        self.style = style
    }
}
