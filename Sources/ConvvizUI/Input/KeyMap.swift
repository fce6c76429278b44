/// Turns key presses into actions, depending on the mode. Every binding is listed in ``KeyMap/help``.
public enum KeyMap {
    /// The action for a key in the given state, if any.
    public static func action(for key: Key, in state: AppState) -> Action? {
        switch state.mode {
        case .help: return .dismiss
        case .confirmQuit:
            if case .character("y") = key { return .confirmQuit(true) }
            if case .character("q") = key { return .confirmQuit(true) }
            return .confirmQuit(false)
        case .confirmOpen:
            if case .character("y") = key { return .confirmOpen(true) }
            return .confirmOpen(false)
        case .command: return commandLine(key)
        case .browser:
            switch key {
            case .up, .character("k"): return .browse(-1)
            case .down, .character("j"): return .browse(1)
            case .pageUp: return .browse(-10)
            case .pageDown: return .browse(10)
            case .enter: return .openSelectedPreset
            case .escape, .character("q"), .control("c"): return .dismiss
            default: return nil
            }
        case .editing: return editing(key)
        case .normal:
            if let lesson = state.lesson, let action = lessonKey(key, lesson) { return action }
            if case .pipeline = state.subject, let action = pipelineKey(key) { return action }
            return normal(key, focus: state.cursors.focus)
        }
    }

    /// Keys that mean something else during a lesson: step through it, answer its quiz.
    private static func lessonKey(_ key: Key, _ lesson: LessonState) -> Action? {
        switch key {
        case .pageDown, .character("}"): return .lessonStep(1)
        case .pageUp, .character("{"): return .lessonStep(-1)
        default: break
        }
        guard lesson.isAwaitingAnswer else { return nil }
        switch key {
        case .enter: return .quizSubmit
        case .backspace, .delete: return .quizBackspace
        case let .character(character) where "0123456789-+.eEx ,".contains(character): return .quizType(character)
        default: return nil
        }
    }

    /// Keys that mean something else on a pipeline: Enter opens the layer, Home and End select the input and the
    /// last layer, `c` picks a channel, `f` shows the paths.
    private static func pipelineKey(_ key: Key) -> Action? {
        switch key {
        case .enter: .openLayer
        case .home, .character("^"): .run("layer 0")
        case .end, .character("$"): .run("layer last")
        case .character("c"): .cycleChannel(1)
        case .character("C"): .cycleChannel(-1)
        case .character("f"): .toggleFieldPaths
        default: nil
        }
    }

    private static func commandLine(_ key: Key) -> Action? {
        switch key {
        case .enter: .commandSubmit
        case .escape, .control("c"), .control("g"): .commandCancel
        case .backspace, .delete: .commandBackspace
        case .tab: .commandComplete
        case let .character(character): .commandType(character)
        default: nil
        }
    }

    private static func editing(_ key: Key) -> Action? {
        switch key {
        case .enter, .tab: .commitEdit
        case .escape, .control("c"): .cancelEdit
        case .backspace, .delete: .editBackspace
        case let .character(character) where "0123456789-+.eE".contains(character): .editType(character)
        default: nil
        }
    }

    private static func normal(_ key: Key, focus: Focus) -> Action? {
        switch key {
        case .up, .character("k"): return .move(rows: -1, columns: 0)
        case .down, .character("j"): return .move(rows: 1, columns: 0)
        case .left, .character("h"): return .move(rows: 0, columns: -1)
        case .right, .character("l"): return .move(rows: 0, columns: 1)
        case .pageUp: return .move(rows: -10, columns: 0)
        case .pageDown: return .move(rows: 10, columns: 0)
        case .tab: return .focusNext
        case .backTab: return .focusPrevious
        case .enter: return focus == .parameters ? nil : .beginEdit("")
        case .escape: return .dismiss
        case .home, .character("^"): return .jumpToStart
        case .end, .character("$"): return .jumpToEnd
        case .control("r"): return .redo
        case .control("c"): return .requestQuit
        case .control("o"): return .openBrowser
        case .character("+"), .character("="): return .zoom(.zoomIn)
        case .character("_"): return .zoom(.zoomOut)
        case .character("-") where focus == .output || focus == .parameters: return .zoom(.zoomOut)
        case .character("0") where focus == .output || focus == .parameters: return .zoom(.fit)
        case let .character(character):
            if "0123456789-.".contains(character) {
                return focus == .parameters ? nil : .beginEdit(String(character))
            }
            return characters[character]
        default: return nil
        }
    }

    private static let characters: [Character: Action] = [
        "q": .requestQuit, "?": .showHelp, ":": .openCommandLine,
        " ": .togglePlay, "n": .step(1), "N": .step(-1), "[": .stepCell(-1), "]": .stepCell(1),
        "<": .changeSpeed(-1), ">": .changeSpeed(1),
        "u": .undo, "U": .redo, "r": .randomize, "z": .zero,
        "H": .resizeGrid(rows: 0, columns: -1), "L": .resizeGrid(rows: 0, columns: 1),
        "K": .resizeGrid(rows: -1, columns: 0), "J": .resizeGrid(rows: 1, columns: 0),
        "s": .adjustBothAxes(.strideHeight, 1), "S": .adjustBothAxes(.strideHeight, -1),
        "p": .adjustBothAxes(.paddingHeight, 1), "P": .adjustBothAxes(.paddingHeight, -1),
        "d": .adjustBothAxes(.dilationHeight, 1), "D": .adjustBothAxes(.dilationHeight, -1),
        "c": .adjustParameter(.groups, 1), "C": .adjustParameter(.groups, -1), "g": .toggleBackward,
        "i": .adjustParameter(.inputChannels, 1), "I": .adjustParameter(.inputChannels, -1),
        "o": .adjustParameter(.outputChannels, 1), "O": .adjustParameter(.outputChannels, -1),
        "a": .cyclePaddingKind, "m": .cyclePaddingMode, "b": .toggleBias, "v": .toggleHeatmap, "t": .toggleLesson,
        "e": .toggleTransposedView, "V": .toggleComposite,
    ]

    /// The help screen: every key, grouped.
    public static let help: [(section: String, keys: [(String, String)])] = [
        (
            "Move",
            [
                ("arrows hjkl", "move the cursor"),
                ("Tab S-Tab", "next / previous panel"),
                ("click", "select a cell or parameter"),
            ]
        ),
        (
            "Animate",
            [
                ("space", "play / pause"),
                ("n N", "one multiply-add on / back"),
                ("] [", "one output cell on / back"),
                ("> <", "faster / slower"),
                ("Home End", "first step / whole output"),
                ("g  :grad", "backward pass on / off"),
            ]
        ),
        (
            "Edit",
            [
                ("0-9 - .", "type a value into the cell"),
                ("Enter Esc", "edit; store / cancel"),
                ("u  U ^R", "undo / redo"),
                ("r  z", "random / zero grid, dL/dY"),
                ("L H  J K", "grid: +/- column, +/- row"),
            ]
        ),
        (
            "View",
            [
                ("v  V", "heatmap; RGB / channel maps")
            ]
        ),
        (
            "Parameters: lower raises, UPPER lowers",
            [
                ("s S", "stride (both axes)"),
                ("p P", "padding (both axes)"),
                ("a", "padding: n -> same -> valid"),
                ("d D", "dilation (both axes)"),
                ("c C", "groups"),
                ("i I  o O", "C_in / C_out"),
                ("m  b", "padding mode / bias on-off"),
                ("Tab to bar", "<- -> field, up/down value"),
            ]
        ),
        (
            "Pipeline (layers:)",
            [
                ("Tab S-Tab", "next / previous layer"),
                ("Home End", "the input / the last layer"),
                ("arrows hjkl", "move the unit (its field)"),
                ("c C  f", "channel / paths on-off"),
                ("Enter Esc", "open the layer / back"),
                ("0-9 on input", "edit; layers follow"),
            ]
        ),
        (
            "Lessons",
            [
                ("t", "start / end the lesson"),
                ("PgDn PgUp", "next / previous step"),
                ("quiz", "type the answer, Enter"),
            ]
        ),
        (
            "Other",
            [
                ("e", "next view (transposed, g)"),
                ("+ _  0", "zoom in / out / to fit"),
                ("^O", "preset browser (:presets)"),
                (":", "command line, Tab completes"),
                ("?", "this help"),
                ("q", "quit (asks if unsaved)"),
            ]
        ),
    ]

    /// Command-line examples shown under the help.
    public static let commandExamples =
        ":stride 2 1  :padding same  :mode reflect  :input 7x7  :load NAME  :save FILE"

    /// Command-line examples shown under the help of a layer stack's pipeline.
    public static let pipelineCommandExamples = ":layer 5  :layer last  :unit 6 6 [CHANNEL]  :paths on  :save FILE"
}
