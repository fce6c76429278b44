/// The `?` screen: every key, in as many columns as fit.
enum HelpView {
    static func draw(into grid: inout CellGrid) {
        grid.put("convviz keys — any key closes this help", x: 0, y: 0, style: Theme.focusedTitle)
        var lines: [(String, String)] = []
        for section in KeyMap.help {
            lines.append(("", ""))
            lines.append((section.section, ""))
            lines += section.keys
        }
        let keyWidth = lines.filter { !$0.1.isEmpty }.map(\.0.count).max() ?? 10
        let columns = grid.width >= 76 ? 2 : 1
        let columnWidth = grid.width / columns
        let perColumn = max(1, (lines.count + columns - 1) / columns)
        grid.put(KeyMap.commandExamples, x: 0, y: min(grid.height - 1, perColumn + 2), style: Theme.info, limit: grid.width)
        for (index, line) in lines.enumerated() {
            let column = index / perColumn, row = index % perColumn + 1
            let x = column * columnWidth
            if line.1.isEmpty {
                grid.put(line.0, x: x, y: row, style: Theme.title, limit: columnWidth - 1)
            } else {
                grid.put(line.0, x: x + 1, y: row, style: Theme.key, limit: keyWidth + 1)
                grid.put(line.1, x: x + keyWidth + 2, y: row, style: .plain, limit: columnWidth - keyWidth - 2)
            }
        }
    }

    /// The preset browser: names on the left, the selected preset's description on the right.
    static func drawBrowser(_ state: AppState, selection: Int, into grid: inout CellGrid) {
        grid.put("presets — ↑ ↓ choose, Enter opens, Esc closes", x: 0, y: 0, style: Theme.focusedTitle)
        let names = state.presetNames
        let listWidth = min((names.map(\.count).max() ?? 10) + 2, grid.width / 2)
        let visible = max(1, grid.height - 2)
        let first = PlacedPanel.scroll(anchor: selection, visible: visible, total: names.count)
        for (row, index) in (first..<min(names.count, first + visible)).enumerated() {
            grid.put(" " + names[index], x: 0, y: 2 + row, style: index == selection ? Theme.cursor : .plain, limit: listWidth)
        }
        guard names.indices.contains(selection) else { return }
        let description = state.presetDescriptions[names[selection]] ?? ""
        var y = 2
        for paragraph in description.split(separator: "\n", omittingEmptySubsequences: false) {
            for line in PanelBuilder.wrap(String(paragraph), width: max(10, grid.width - listWidth - 3)) where y < grid.height {
                grid.put(line, x: listWidth + 2, y: y, style: y == 2 ? Theme.title : .plain)
                y += 1
            }
        }
    }
}
