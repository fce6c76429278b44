import ConvvizUI
import Foundation
import Presets

/// Unsaved edits kept when the terminal hangs up (SIGHUP: a closed window, a dropped ssh connection), in
/// `$XDG_STATE_HOME/convviz/recovered.yaml` (`~/.local/state/convviz/recovered.yaml` by default); the next
/// interactive start says where they are.
enum Recovery {
    /// Where recovered edits go.
    static var path: String {
        let environment = ProcessInfo.processInfo.environment
        let state =
            environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".local/state")
        return (state as NSString).appendingPathComponent("convviz/recovered.yaml")
    }

    /// Writes the preset being edited to ``path`` (replacing an older recovery); returns whether it worked.
    @discardableResult
    static func save(_ state: AppState) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try PresetWriter.write(PresetWriter.yaml(state.presetToSave), to: path, overwrite: true)
            return true
        } catch {
            return false
        }
    }

    /// The status-line notice for a start after a hang-up, if a recovery file is there.
    static func notice() -> StatusMessage? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let text = "edits kept after a hang-up are in \(path): :load it, then :save FILE (delete it when done)"
        return StatusMessage(text: text, isError: false)
    }
}
