/// A terminal colour: an index into the 256-colour palette.
public struct Color: Hashable, Sendable {
    /// The palette index (0-15 are the terminal's own colours).
    public let index: UInt8

    /// A palette colour.
    public init(_ index: UInt8) { self.index = index }

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
    public init(foreground: Color? = nil, background: Color? = nil, bold: Bool = false, reverse: Bool = false,
                underline: Bool = false, dim: Bool = false) {
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
