import ConvCore
import Presets

/// What the explorers' screens (the transposed scatter view and pooling) share: the skeleton, the panels side
/// by side, and the stacked planes inside them.
enum ExplorerScreen {
    /// Draws an explorer: `title`, the parameter line, `panels` side by side, and the footer (the two output-size
    /// formulas, the arithmetic of the step, the animation's line).
    static func draw(
        _ state: AppState, title: String, parameters: String, panels: [Panel],
        formulas: [String], arithmetic: String, playback: String, into grid: inout CellGrid
    ) {
        let width = grid.width
        var skeleton = ScreenSkeleton(title: [(title, Theme.title)])
        if state.isRecording { skeleton.hint = nil }
        skeleton.bar = [ScreenSkeleton.Run(text: parameters, x: 0, style: Theme.info)]
        skeleton.lesson = ScreenSkeleton.lessonLines(state.lesson, width: width, height: grid.height)
        let formulaLines = width < 110 ? formulas : [formulas.joined(separator: "   ")]
        skeleton.footer =
            formulaLines.map { [($0, Theme.info)] } + [[(arithmetic, Theme.title)], [(playback, Theme.info)], []]
        skeleton.status = Screen.statusLine(
            state, idle: [("space play  n N step  ] [ cell  arrows select  Home End  < > speed", Theme.dim)])
        skeleton.draw(into: &grid)
        let area = skeleton.regions(width: width, height: grid.height).panels
        let panels = scaled(panels, to: area, zoom: state.zoom)
        let columns = Layout.columns(
            of: area, widths: Layout.fit(panels.map(\.contentWidth), into: width, gap: 2), gap: 2)
        for (panel, rect) in zip(panels, columns) { PlacedPanel(panel, in: rect).draw(into: &grid) }
    }

    /// The panels with their grids grown by the zoom level that fits them side by side in `area` (or the level the
    /// user chose): wider cells and blank rows between them, as on the convolution screen.
    static func scaled(_ panels: [Panel], to area: Rect, zoom: Zoom) -> [Panel] {
        func fits(_ panels: [Panel]) -> Bool {
            panels.reduce(0) { $0 + $1.contentWidth } + 2 * max(0, panels.count - 1) <= area.width
                && panels.allSatisfy { $0.contentHeight + 1 <= area.height }
        }
        let fitted =
            (1..<Zoom.levels.upperBound).reversed().first { extra in fits(panels.map { $0.scaled(by: extra) }) } ?? 0
        let extra = zoom.effective(fitted: fitted + 1) - 1
        return extra == 0 ? panels : panels.map { $0.scaled(by: extra) }
    }

    /// The widest formatted value among the first 65,536.
    static func width<Values: Sequence<Double>>(_ values: Values) -> Int {
        max(1, values.prefix(65_536).map { GridNumber.format($0).count }.max() ?? 1)
    }

    /// Stacked channel planes as panel blocks.
    static func planes(
        _ shape: Shape4, cellWidth: Int, labelPrefix: String?,
        look: @escaping (Int, Int, Int) -> CellLook
    ) -> [PanelBlock] {
        var blocks: [PanelBlock] = []
        for c in 0..<shape.c {
            if let labelPrefix { blocks.append(.text("\(labelPrefix)c\(c)", Theme.title)) }
            blocks.append(
                .grid(
                    GridSpec(
                        rows: shape.h, slices: [shape.w], cellWidth: cellWidth,
                        look: { row, _, column in look(c, row, column) }, target: nil)))
        }
        return blocks
    }
}
