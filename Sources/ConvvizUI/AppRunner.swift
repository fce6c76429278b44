import Dispatch
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
///
/// Large outputs are computed by the ``executor`` while the loop goes on answering keys: it polls every 30 ms while a
/// job runs and feeds the job's reports back to the reducer as actions.
public struct AppRunner {
    /// Seconds from a monotonic clock; injected so tests control time.
    public var clock: () -> Double
    /// Whether to draw in colour.
    public var color: Bool
    /// Where shipped presets come from, for `:load`.
    public var library: PresetLibrary
    /// Where large outputs are computed (a background queue; tests inject their own).
    public var executor: ComputeExecutor

    /// Milliseconds between frames while animating or computing.
    static let frameMilliseconds = 30

    /// Creates a runner.
    public init(
        clock: @escaping () -> Double, color: Bool, library: PresetLibrary,
        executor: ComputeExecutor = BackgroundComputeExecutor()
    ) {
        self.clock = clock
        self.color = color
        self.library = library
        self.executor = executor
    }

    /// Runs until the user quits or the input ends; returns the final state.
    @discardableResult
    public func run(_ initial: AppState, on terminal: TerminalDevice) -> AppState {
        var state = initial
        defer { executor.cancel() }
        let size = terminal.size
        _ = Reducer.reduce(&state, .resize(width: size.width, height: size.height))
        if let job = state.workspace.job { executor.start(job) }
        guard apply(executor.takeReports(), to: &state) else { return state }
        terminal.draw(Screen.render(state, color: color))
        while true {
            let timeout = state.isAnimating || state.workspace.isComputing ? Self.frameMilliseconds : -1
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
            // The event first, then what the jobs reported (a job the event started may already have reported).
            guard apply(actions, to: &state), apply(executor.takeReports(), to: &state) else { return state }
            terminal.draw(Screen.render(state, color: color))
        }
    }

    /// Reduces `actions` and those their effects report; returns `false` to quit.
    private func apply(_ actions: [Action], to state: inout AppState) -> Bool {
        var actions = actions
        while !actions.isEmpty {
            let action = actions.removeFirst()
            for effect in Self.reduce(&state, action) {
                switch effect {
                case .quit: return false
                case let .compute(job): executor.start(job)
                case .cancelCompute: executor.cancel()
                case .save, .load: if let result = perform(effect) { actions.append(result) }
                }
            }
        }
        return true
    }

    /// The reducer, with the large values the action lets go of (a replaced input or output, tens of megabytes
    /// on a large image) freed on a background queue: giving that much memory back takes longer than a frame.
    public static func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        let before = (state.preset.input.values, state.workspace.output?.values)
        let effects = Reducer.reduce(&state, action)
        if before.0.count + (before.1?.count ?? 0) > retireCount { retiring.async { withExtendedLifetime(before) {} } }
        return effects
    }

    /// Values above which an action's old input and output are freed in the background.
    static let retireCount = 1 << 16
    private static let retiring = DispatchQueue(label: "convviz.retire", qos: .utility)

    /// Runs a file effect; returns the action that reports its result (`nil` for quitting and for the jobs, which
    /// report through the executor).
    func perform(_ effect: Effect) -> Action? {
        switch effect {
        case .quit, .compute, .cancelCompute:
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
