/// Renders the whole state into a grid of styled cells. Pure: the same state gives the same screen.
public enum Screen {
    /// The smallest screen the layout draws on (smaller ones get a "too small" notice).
    public static let minimumWidth = ScreenLayout.minimumWidth, minimumHeight = ScreenLayout.minimumHeight

    /// The screen for `state` at its terminal size; without colours when `color` is false (NO_COLOR).
    public static func render(_ state: AppState, color: Bool = true) -> CellGrid {
        var grid = CellGrid(width: state.screenWidth, height: state.screenHeight)
        let layout = ScreenLayout(state)
        if layout.isTooSmall {
            drawTooSmall(state, into: &grid)
        } else if state.mode == .help {
            HelpView.draw(watching: state.explorer != nil, into: &grid)
        } else if case let .browser(selection) = state.mode {
            HelpView.drawBrowser(state, selection: selection, into: &grid)
        } else if let error = state.explorerError {
            grid.put("convviz · \(state.preset.name) · \(state.preset.operation.name)", x: 0, y: 0, style: Theme.title)
            for (offset, line) in PanelBuilder.wrap("PyTorch rejects this: \(error.key): \(error.description)", width: grid.width - 2).enumerated() {
                grid.put(line, x: 0, y: 2 + offset, style: Theme.error)
            }
            grid.put(":load another preset, or q to quit", x: 0, y: grid.height - 1, style: Theme.dim)
        } else if let explorer = state.explorer, explorer.view != .direct {
            ExplorerScreen.draw(state, explorer, into: &grid)
        } else if let explorer = state.explorer, var direct = explorer.direct {
            direct.screenWidth = state.screenWidth
            direct.screenHeight = state.screenHeight
            direct.status = state.status
            direct.lesson = state.lesson
            drawMain(direct, layout: ScreenLayout(direct), into: &grid)
            grid.fill(x: 0, y: 0, width: grid.width, height: 1)
            grid.put("convviz · conv_transpose2d as a direct convolution (e: scatter view)", x: 0, y: 0, style: Theme.title, limit: grid.width)
            grid.put("input: zeros inserted (◦) and padded; weight flipped; stride 1", x: 0, y: 2, style: Theme.info, limit: grid.width)
        } else {
            drawMain(state, layout: layout, into: &grid)
        }
        if !color {
            for y in 0..<grid.height { grid.restyle(x: 0, y: y, length: grid.width) { $0 = $0.withoutColor } }
        }
        return grid
    }

    private static func drawMain(_ state: AppState, layout: ScreenLayout, into grid: inout CellGrid) {
        let width = grid.width
        grid.put("convviz", x: 0, y: 0, style: Theme.title)
        let hint = "? help  : command  q quit"
        grid.put(" · " + state.preset.name + (state.isDirty ? " (edited)" : ""), x: 7, y: 0, style: .plain, limit: width - 7 - hint.count - 2)
        grid.put(hint, x: max(0, width - hint.count), y: 0, style: Theme.info)

        for item in layout.parameterFields {
            grid.put(item.label, x: item.labelX, y: 1, style: Theme.info)
            let selected = state.focus == .parameters && state.parameterCursor == item.field
            grid.put(item.text, x: item.x, y: 1, style: selected ? Theme.cursor : Theme.title)
        }
        for panel in layout.panels { panel.draw(into: &grid) }

        for (offset, line) in layout.lessonLines.enumerated() {
            grid.put(line, x: 0, y: layout.lessonTop + offset, style: offset == 0 ? Theme.focusedTitle : Theme.title, limit: width)
        }
        let footer = Footer(state: state, frame: layout.builder.frame)
        var y = layout.footerTop
        for line in footer.formulaLines(oneLine: layout.formulasOnOneLine) {
            grid.put(line, x: 0, y: y, style: Theme.info, limit: width)
            y += 1
        }
        draw(footer.arithmetic(width: width), y: y, into: &grid)
        draw(footer.playbackLine(), y: y + 1, into: &grid)
        draw(footer.statusLine(panelsCut: layout.panels.contains { $0.isCut }), y: y + 2, into: &grid)
    }

    /// Draws a line of styled parts; a later part that would not fit whole is left out.
    private static func draw(_ parts: [(String, Style)], y: Int, into grid: inout CellGrid) {
        var x = 0
        for (index, (text, style)) in parts.enumerated() {
            if index > 0 && x + text.count > grid.width { break }
            x = grid.put(text, x: x, y: y, style: style)
        }
    }

    private static func drawTooSmall(_ state: AppState, into grid: inout CellGrid) {
        let lines = [
            "Terminal too small",
            "\(state.screenWidth)x\(state.screenHeight), need \(ScreenLayout.minimumWidth)x\(ScreenLayout.minimumHeight)",
            "Enlarge it,",
            "or press q to quit",
        ]
        for (offset, line) in lines.enumerated() {
            grid.put(line, x: 0, y: offset, style: offset == 0 ? Theme.error : .plain)
        }
    }
}
