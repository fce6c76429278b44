import ConvCore
import Presets

/// Renders the whole state into a grid of styled cells. Pure: the same state gives the same screen.
public enum Screen {
    /// The smallest screen the layout draws on (smaller ones get a "too small" notice).
    public static let minimumWidth = 40, minimumHeight = 12

    /// The screen for `state` at its terminal size and colour depth; without colours when `color` is false
    /// (NO_COLOR).
    public static func render(_ state: AppState, color: Bool = true) -> CellGrid {
        var state = state
        if !color { state.colorDepth = .none }
        var grid = CellGrid(width: state.screenWidth, height: state.screenHeight)
        if state.screenWidth < minimumWidth || state.screenHeight < minimumHeight {
            drawTooSmall(state, into: &grid)
        } else if state.mode == .help {
            HelpView.draw(
                watching: !state.subject.isEditable && !state.isBackward, pipeline: state.pipeline != nil, into: &grid)
        } else if case let .browser(selection) = state.mode {
            HelpView.drawBrowser(state, selection: selection, into: &grid)
        } else {
            drawSubject(state, into: &grid)
        }
        let depth = state.colorDepth
        if depth <= .basic, state.pipeline != nil, state.mode != .help { shadePictures(&grid) }
        if depth != .trueColor {
            for y in 0..<grid.height { grid.restyle(x: 0, y: y, length: grid.width) { $0 = $0.adapted(to: depth) } }
        }
        return grid
    }

    /// Without colours, the pipeline's pictures (half blocks whose colours are the pixels) become shades.
    private static func shadePictures(_ grid: inout CellGrid) {
        for y in 0..<grid.height {
            for x in 0..<grid.width where grid[x, y].character == "▀" {
                if let foreground = grid[x, y].style.foreground {
                    grid[x, y] = Cell(PipelinePalette.shade(foreground), .plain)
                }
            }
        }
    }

    /// The subject's screen: one per operation.
    private static func drawSubject(_ state: AppState, into grid: inout CellGrid) {
        switch state.subject {
        case .convolution:
            ConvolutionScreen(state, ShownConvolution(workspace: state.workspace, roles: nil)).draw(into: &grid)
        case let .transposed(transposed):
            TransposedScreen.draw(state, transposed, into: &grid)
        case let .pooling(pooling):
            PoolingScreen.draw(state, pooling, into: &grid)
        case let .pipeline(pipeline):
            PipelineScreen.draw(state, pipeline, into: &grid)
        case let .rejected(error):
            drawRejected(state, error, into: &grid)
        case let .backward(backward):
            BackwardScreen.draw(state, backward, into: &grid)
        }
    }

    /// The status line, the same on every screen: the prompt or question of the mode, the lesson's quiz, the
    /// last message, else what the subject has to say (`idle`).
    static func statusLine(_ state: AppState, idle: StyledLine) -> StyledLine {
        switch state.mode {
        case let .command(line):
            var parts: StyledLine = [(":" + line.text, Theme.title), ("_", Theme.cursor)]
            if !line.candidates.isEmpty { parts.append(("   " + line.candidates.joined(separator: "  "), Theme.info)) }
            return parts
        case let .editing(buffer):
            let hint =
                state.status.flatMap { $0.isError ? ("   error: \($0.text)", Theme.error) : nil }
                ?? ("   Enter stores · Esc cancels", Theme.info)
            return [
                ("\(Notation.cell(buffer.grid, buffer.index, batched: state.preset.isBatched)) := ", Theme.title),
                (buffer.text, Theme.latestTerm), ("_", Theme.cursor), hint,
            ]
        case .confirmQuit:
            return [
                (
                    "Unsaved edits. Quit without saving? y or q = quit, any other key = stay (:save FILE keeps them)",
                    Theme.error
                )
            ]
        case let .confirmOpen(name):
            return [
                (
                    "Unsaved edits. Open \(name) without saving? y = open, any other key = stay "
                        + "(:save FILE keeps them)",
                    Theme.error
                )
            ]
        case .help, .normal, .browser:
            if let lesson = state.lesson, lesson.step.quiz != nil {
                return quizLine(state, lesson)
            }
            if let status = state.status {
                return [
                    (status.isError ? "error: \(status.text)" : status.text, status.isError ? Theme.error : Theme.info)
                ]
            }
            return state.isRecording ? [] : idle
        }
    }

    private static func quizLine(_ state: AppState, _ lesson: LessonState) -> StyledLine {
        if let verdict = lesson.verdict, lesson.answer.isEmpty {
            let retry = verdict.correct ? "   PgDn: next step" : "   type another answer"
            return [(verdict.message, verdict.correct ? Theme.key : Theme.error), (retry, Theme.dim)]
        }
        let question =
            lesson.step.quiz == .shape
            ? "Quiz: the output's height x width? "
            : "Quiz: the value of \(Notation.output(lesson.quizCell, batched: state.preset.isBatched))? "
        return [
            (question, Theme.title), (lesson.answer, Theme.latestTerm), ("_", Theme.cursor),
            ("   Enter checks", Theme.dim),
        ]
    }

    /// A preset PyTorch rejects: why, and what to do.
    private static func drawRejected(_ state: AppState, _ error: ConvError, into grid: inout CellGrid) {
        var skeleton = ScreenSkeleton(title: [
            ("convviz · \(state.preset.name) · \(state.preset.operation.name)", Theme.title)
        ])
        skeleton.status = Screen.statusLine(state, idle: [(":load another preset, or q to quit", Theme.dim)])
        skeleton.draw(into: &grid)
        let top = skeleton.regions(width: grid.width, height: grid.height).note.y
        let lines = PanelBuilder.wrap("PyTorch rejects this: \(error.key): \(error.description)", width: grid.width - 2)
        for (offset, line) in lines.enumerated() {
            grid.put(line, x: 0, y: top + offset, style: Theme.error)
        }
    }

    private static func drawTooSmall(_ state: AppState, into grid: inout CellGrid) {
        let lines = [
            "Terminal too small",
            "\(state.screenWidth)x\(state.screenHeight), need \(minimumWidth)x\(minimumHeight)",
            "Enlarge it,",
            "or press q to quit",
        ]
        for (offset, line) in lines.enumerated() {
            grid.put(line, x: 0, y: offset, style: offset == 0 ? Theme.error : .plain)
        }
    }
}
