import Presets

/// Writes a command's output file atomically: the whole text lands, or the old file (if any) stays untouched.
/// The one place the executable writes files.
func writeOutputFileAtomically(_ text: String, to path: String) throws(CommandFailure) {
    do {
        try PresetWriter.write(text, to: path, overwrite: true)
    } catch {
        throw CommandFailure(message: error.description)
    }
}
