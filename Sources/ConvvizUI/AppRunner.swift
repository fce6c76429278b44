import Presets

/// What the loop gets from the terminal.
public enum TerminalEvent: Equatable, Sendable {
    /// A key, click, wheel turn or resize.
    case input(InputEvent)
    /// Nothing happened before the timeout.
    case timeout
    /// The input closed: leave.
    case endOfInput
}

/// A terminal the app can run on: the ncurses backend, or a scripted one in tests.
public protocol TerminalDevice: AnyObject {
    /// The current size in cells.
    var size: (width: Int, height: Int) { get }
    /// Waits up to `timeoutMilliseconds` (forever when negative) for the next event.
    func nextEvent(timeoutMilliseconds: Int) -> TerminalEvent
    /// Shows a rendered screen.
    func draw(_ grid: CellGrid)
}

/// The main loop: event -> action -> reducer -> effects -> render -> terminal.
public struct AppRunner {
    /// Seconds from a monotonic clock; injected so tests control time.
    public var clock: () -> Double
    /// Whether to draw in colour.
    public var color: Bool
    /// Where shipped presets come from, for `:load`.
    public var library: PresetLibrary

    /// Creates a runner.
    public init(clock: @escaping () -> Double, color: Bool, library: PresetLibrary) {
        self.clock = clock
        self.color = color
        self.library = library
    }

    /// Runs until the user quits or the input ends; returns the final state.
    @discardableResult
    public func run(_ initial: AppState, on terminal: TerminalDevice) -> AppState {
        var state = initial
        let size = terminal.size
        _ = Reducer.reduce(&state, .resize(width: size.width, height: size.height))
        terminal.draw(Screen.render(state, color: color))
        while true {
            let timeout = state.isAnimating ? 30 : -1
            var actions: [Action] = []
            switch terminal.nextEvent(timeoutMilliseconds: timeout) {
            case .endOfInput: return state
            case .timeout: break
            case let .input(.key(key)): if let action = KeyMap.action(for: key, in: state) { actions.append(action) }
            case let .input(.click(x, y)): actions.append(.click(x: x, y: y))
            case let .input(.wheel(x, y, delta)): actions.append(.wheel(x: x, y: y, delta: delta))
            case let .input(.resize(width, height)): actions.append(.resize(width: width, height: height))
            }
            if state.isAnimating { actions.append(.tick(clock())) }
            while !actions.isEmpty {
                let action = actions.removeFirst()
                for effect in Reducer.reduce(&state, action) {
                    guard let result = perform(effect) else { return state }
                    actions.append(result)
                }
            }
            terminal.draw(Screen.render(state, color: color))
        }
    }

    /// Runs an effect; returns the action that reports its result, or `nil` to quit.
    func perform(_ effect: Effect) -> Action? {
        switch effect {
        case .quit:
            return nil
        case let .save(path, contents, overwrite):
            do {
                try PresetWriter.write(contents, to: path, overwrite: overwrite)
                return .saved(path: path)
            } catch {
                return .saveFailed(error.description)
            }
        case let .load(name):
            do {
                let path = try library.resolve(name)
                let preset = try PresetLoader.load(path: path)
                return .loaded(preset, path: path)
            } catch {
                return .loadFailed(error.description)
            }
        }
    }
}
