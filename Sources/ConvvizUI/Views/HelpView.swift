/// The `?` screen: every key, in as many columns as fit.
enum HelpView {
    /// Draws the keys; `watching` (the transposed and pooling explorers) leaves out editing and parameters, and
    /// only a `pipeline` (a layer stack) shows its own keys, without the animation's.
    static func draw(watching: Bool, pipeline: Bool = false, into grid: inout CellGrid) {
        grid.put("convviz keys — any key closes this help", x: 0, y: 0, style: Theme.focusedTitle)
        let hidden = (watching ? ["Edit", "Parameters"] : []) + (pipeline ? ["Animate"] : ["Pipeline"])
        let sections = KeyMap.help.filter { section in !hidden.contains(where: section.section.hasPrefix) }
        let keyWidth = sections.flatMap(\.keys).map(\.0.count).max() ?? 10
        let count = grid.width >= 76 ? 2 : 1
        let columnWidth = grid.width / count
        let columns = Layout.columns(
            of: Rect(x: 0, y: 0, width: grid.width, height: grid.height),
            widths: Array(repeating: columnWidth, count: count), gap: 0)
        let total = sections.reduce(0) { $0 + $1.keys.count + 2 }
        let perColumn = max(1, (total + count - 1) / count)
        // Sections stay whole: one that would pass the column's share starts the next column.
        var column = 0, row = 1, lastRow = 1
        for section in sections {
            if row > 1 && row - 1 + section.keys.count + 2 > perColumn + 1 && column < count - 1 {
                column += 1
                row = 1
            }
            let x = columns[column].x
            grid.put(section.section, x: x, y: row + 1, style: Theme.title, limit: columnWidth - 1)
            for (offset, (keys, meaning)) in section.keys.enumerated() {
                grid.put(keys, x: x + 1, y: row + 2 + offset, style: Theme.key, limit: keyWidth + 1)
                grid.put(
                    meaning, x: x + keyWidth + 2, y: row + 2 + offset, style: .plain, limit: columnWidth - keyWidth - 2)
            }
            row += section.keys.count + 2
            lastRow = max(lastRow, row)
        }
        if lastRow + 1 < grid.height {
            let footnote =
                pipeline
                ? KeyMap.pipelineCommandExamples
                : watching
                    ? "A transposed or pooling preset is for watching: edit its file to change it."
                    : KeyMap.commandExamples
            grid.put(footnote, x: 0, y: lastRow + 1, style: Theme.info, limit: grid.width)
        }
    }

    /// The preset browser: names on the left, the selected preset's description on the right.
    static func drawBrowser(_ state: AppState, selection: Int, into grid: inout CellGrid) {
        let names = state.catalogue.names
        grid.put("presets — ↑ ↓ choose, Enter opens, Esc closes", x: 0, y: 0, style: Theme.focusedTitle)
        let position = "\(min(selection + 1, names.count))/\(names.count)"
        grid.put(position, x: max(0, grid.width - position.count), y: 0, style: Theme.info)
        let mark = " [lesson]"
        let listWidth = min((names.map(\.count).max() ?? 10) + 2 + mark.count, grid.width / 2)
        let panes = Layout.columns(
            of: Rect(x: 0, y: 2, width: grid.width, height: grid.height - 2),
            widths: [listWidth, max(0, grid.width - listWidth - 2)], gap: 2)
        let visible = max(1, grid.height - 2)
        let first = PlacedPanel.scroll(anchor: selection, visible: visible, total: names.count)
        for (row, index) in (first..<min(names.count, first + visible)).enumerated() {
            let text = " " + names[index] + (state.catalogue.hasLesson(names[index]) ? mark : "")
            grid.put(text, x: 0, y: 2 + row, style: index == selection ? Theme.cursor : .plain, limit: panes[0].width)
        }
        if first > 0 { grid.put("↑ more", x: 0, y: 1, style: Theme.dim) }
        if first + visible < names.count { grid.put("↓ more", x: listWidth - 6, y: 1, style: Theme.dim) }
        guard names.indices.contains(selection) else { return }
        let description = state.catalogue.descriptions[names[selection]] ?? ""
        var y = 2
        for paragraph in description.split(separator: "\n", omittingEmptySubsequences: false) {
            for line in PanelBuilder.wrap(String(paragraph), width: max(10, panes[1].width - 1)) where y < grid.height {
                grid.put(line, x: panes[1].x, y: y, style: y == 2 ? Theme.title : .plain)
                y += 1
            }
        }
    }
}
