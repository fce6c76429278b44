import Foundation
import Presets

/// The styles the views use. Every cue that colour gives is also given by an attribute or a
/// character (brackets, `·`), so the screen reads without colour.
enum Theme {
    static let title = Style(bold: true)
    static let focusedTitle = Style(bold: true, reverse: true)
    static let dim = Style(foreground: .grey, dim: true)
    static let zeroPadding = Style(foreground: .grey, dim: true)
    static let copiedPadding = Style(foreground: Color(133), dim: true)
    static let inserted = Style(foreground: Color(37), dim: true)
    static let window = Style(foreground: Color(15), background: Color(24), bold: true)
    static let currentTap = Style(foreground: Color(0), background: Color(220), bold: true, underline: true)
    static let cursor = Style(reverse: true)
    static let selectedOutput = Style(foreground: Color(0), background: Color(220), bold: true)
    static let fedOutput = Style(foreground: Color(15), background: Color(22), bold: true)
    static let hidden = Style(foreground: .grey, dim: true)
    static let error = Style(foreground: Color(196), bold: true)
    static let info = Style(foreground: Color(250))
    static let key = Style(foreground: Color(81), bold: true)
    static let latestTerm = Style(foreground: Color(220), bold: true, underline: true)

    /// Colours that tell groups apart (the group number is also written out).
    static let groupColors: [Color] = [
        Color(39), Color(208), Color(114), Color(170), Color(178), Color(44), Color(203), Color(141),
    ]

    static func group(_ index: Int) -> Style {
        Style(foreground: groupColors[index % groupColors.count], bold: true)
    }

    /// A grey ramp (232-255) for the pipeline's flat feature vectors, from low to high; the text on it stays
    /// readable (dark on the light end, light on the dark end).
    static func heat(_ fraction: Double) -> Style {
        let step = fraction.isFinite ? UInt8(min(max((fraction * 23).rounded(), 0), 23)) : 12
        return Style(foreground: Color(step > 12 ? 232 : 255), background: Color(232 + step))
    }

    /// Shading characters for pictures without colour, from low to high.
    static let shades: [Character] = [" ", "░", "▒", "▓", "█"]
}
