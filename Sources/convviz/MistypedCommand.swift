import ArgumentParser
import Foundation
import Presets

/// A first word that is neither a command, a file nor a shipped preset but close to a command's name
/// (`convviz comptue sobel`): said as a usage error that names the command meant, instead of a missing
/// preset file.
enum MistypedCommand {
    /// The commands, by name.
    static var commandNames: [String] { Convviz.configuration.subcommands.map { $0._commandName } }

    /// The failure to report for `arguments` (without the program name), or `nil` when they look meant.
    static func failure(
        for arguments: [String], library: PresetLibrary = .shipped(),
        fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    ) -> CommandFailure? {
        guard let word = arguments.first, !word.hasPrefix("-"), !commandNames.contains(word), !word.contains("/"),
            !fileExists(word), library.path(named: word) == nil
        else { return nil }
        let presets = library.names()
        guard let nearest = Suggestion.nearest(to: word, in: commandNames + presets), commandNames.contains(nearest)
        else {
            return nil
        }
        return CommandFailure(
            message: "\(word): not a command, a file or a shipped preset (did you mean `convviz \(nearest)`?)",
            status: 64,
            usage: "Usage: convviz [PRESET] | convviz <command> …; commands: \(commandNames.joined(separator: ", "))")
    }
}
