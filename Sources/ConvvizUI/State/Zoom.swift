/// How large the grids are drawn: fitted to the screen (the default), or a magnification the user chose
/// for a projector. Levels count from 1 (the most compact cells); the layout knows which level fits, so
/// zooming in or out starts from there.
public struct Zoom: Equatable, Sendable, CustomStringConvertible {
    /// The levels a user can choose.
    public static let levels = 1...8

    /// The chosen level, or `nil` to fit the screen.
    public private(set) var level: Int?

    /// Fitted to the screen.
    public static let fit = Zoom(level: nil)

    /// Whether the grids follow the screen size.
    public var isFit: Bool { level == nil }

    /// The level to draw at, given the level that fits the screen.
    public func effective(fitted: Int) -> Int { level ?? Self.clamped(fitted) }

    /// Applies a zoom action; `fitted` is the level that fits the screen now. Returns what to tell the user.
    @discardableResult
    public mutating func apply(_ action: ZoomAction, fitted: Int) -> String {
        let current = effective(fitted: fitted)
        switch action {
        case .zoomIn: level = Self.clamped(current + 1)
        case .zoomOut: level = Self.clamped(current - 1)
        case let .set(value): level = Self.clamped(value)
        case .fit: level = nil
        }
        if let level, level == current, action != .fit {
            return level == Self.levels.upperBound
                ? "zoom \(level): the largest (0 fits the screen)"
                : level == Self.levels.lowerBound ? "zoom \(level): the smallest (0 fits the screen)" : "zoom \(level)"
        }
        return isFit
            ? "zoom: fit to the screen (level \(Self.clamped(fitted)))" : "zoom \(level ?? current) (0 fits the screen)"
    }

    private static func clamped(_ value: Int) -> Int { min(max(value, levels.lowerBound), levels.upperBound) }

    public var description: String { level.map { "zoom \($0)" } ?? "fit" }

    /// The action for `:zoom ARGUMENTS`: a level, `fit` (or 0), `+` or `-`; a message when they are wrong.
    public static func command(_ arguments: [String]) -> Result<ZoomAction, ZoomUsage> {
        guard arguments.count == 1 else { return .failure(ZoomUsage()) }
        switch arguments[0].lowercased() {
        case "fit", "0": return .success(.fit)
        case "+", "in": return .success(.zoomIn)
        case "-", "out": return .success(.zoomOut)
        default:
            guard let value = Int(arguments[0]), levels.contains(value) else { return .failure(ZoomUsage()) }
            return .success(.set(value))
        }
    }
}

/// What changes the zoom: `+`, `-`, `:zoom N`, and `0` (or `:zoom fit`) back to fitting the screen.
public enum ZoomAction: Equatable, Sendable {
    case zoomIn
    case zoomOut
    case set(Int)
    case fit
}

/// A wrong `:zoom` command.
public struct ZoomUsage: Error, Equatable, CustomStringConvertible {
    public var description: String {
        "zoom takes a level \(Zoom.levels.lowerBound)-\(Zoom.levels.upperBound), fit (or 0), + or -: :zoom 3"
    }
}
