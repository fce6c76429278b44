/// A key press, independent of the terminal library.
public enum Key: Hashable, Sendable {
    case character(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case enter, escape, backspace, delete, tab, backTab
    /// Control plus a letter, e.g. `.control("r")` for Ctrl-R.
    case control(Character)
}

/// Something the terminal reports.
public enum InputEvent: Hashable, Sendable {
    /// A key press.
    case key(Key)
    /// A mouse click at a screen position.
    case click(x: Int, y: Int)
    /// A mouse wheel turn at a screen position: +1 up, -1 down.
    case wheel(x: Int, y: Int, delta: Int)
    /// The terminal changed size.
    case resize(width: Int, height: Int)
}
