import Presets

/// Changing the document: undoable edits of the preset, undo and redo, and loading another preset.
extension AppState {
    /// Applies an undoable change to the workspace.
    mutating func change(_ body: (inout Workspace) -> Void) {
        let before = workspace.preset
        body(&workspace)
        guard workspace.preset != before else { return }
        history.record(before)
        afterWorkspaceChange()
    }

    mutating func undo() {
        guard let previous = history.undo.popLast() else { return inform("nothing to undo") }
        history.redo.append(workspace.preset)
        workspace.replace(with: previous)
        afterWorkspaceChange()
        inform("undone (\(history.undo.count) more)")
    }

    mutating func redo() {
        guard let next = history.redo.popLast() else { return inform("nothing to redo") }
        history.undo.append(workspace.preset)
        workspace.replace(with: next)
        afterWorkspaceChange()
        inform("redone")
    }

    /// Keeps the cursors inside their grids and the animation at the selected cell.
    mutating func afterWorkspaceChange() {
        followInput()
        normalize()
        if let plan {
            let cell = plan.cell(of: cursors.output)
            let step = playback.position % max(1, plan.stepsPerCell)
            playback.position =
                playback.revealing
                ? cell * plan.stepsPerCell + min(step, plan.stepsPerCell - 1)
                : plan.lastPosition(ofCell: cell)
        }
    }

    /// Replaces the session with a freshly loaded preset, keeping the screen size and the catalogue.
    mutating func load(_ preset: Preset, path: String) {
        let catalogue = catalogue, previous = workspace
        self = AppState(preset: preset, presetPath: path, width: screenWidth, height: screenHeight)
        self.catalogue = catalogue
        workspace.continueGenerations(after: previous)
        inform("loaded \(path)")
    }

    /// Records that the preset was written to `path`.
    mutating func saved(to path: String) {
        history.clean = presetToSave
        presetPath = path
        inform(
            lesson == nil
                ? "saved \(path)"
                : "saved the lesson as loaded to \(path) (t ends the lesson; then :save keeps the screen)")
    }
}
