import ArgumentParser
import CTerminalSupport
import Foundation
import Presets

/// The `convviz` command: the interactive visualiser by default, and batch subcommands.
struct Convviz: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convviz",
        abstract: "See 2-D convolution, one multiply-add at a time (exactly PyTorch's nn.Conv2d).",
        version: "1.0.0",
        subcommands: [
            Open.self, Compute.self, ReceptiveFieldCommand.self, ListPresets.self, Render.self, Export.self,
            Record.self, Bench.self, LessonCommand.self,
        ],
        defaultSubcommand: Open.self
    )
}

/// Runs a command and turns every failure into `error: …` on stderr with a status below 128.
@main
enum Main {
    static func main() {
        do {
            if let failure = MistypedCommand.failure(for: Array(CommandLine.arguments.dropFirst())) { throw failure }
            var command = try Convviz.parseAsRoot()
            try command.run()
            try checkStandardOutput()
        } catch let error as CommandFailure {
            reportError(error.message, keepingNewlines: false)
            if let usage = error.usage { FileHandle.standardError.write(Data("\(usage)\n".utf8)) }
            exit(error.status)
        } catch {
            let code = Convviz.exitCode(for: error)
            let message = Convviz.fullMessage(for: error)
            if code == .success {
                print(message)
                exit(0)
            }
            let text = message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message
            reportError(text, keepingNewlines: true)
            exit(code.rawValue < 128 && code.rawValue > 0 ? code.rawValue : 1)
        }
    }
}

/// Flushes stdout and fails when any write to it failed (a full disk, a closed file): printing is the
/// result of most commands, so losing it is an error. (A closed pipe, as in `| head`, ends the process
/// with SIGPIPE, silently, as usual.)
func checkStandardOutput() throws(CommandFailure) {
    let code = convviz_flush_stdout()
    if code != 0 { throw CommandFailure(message: "cannot write the output: \(String(cString: strerror(code)))") }
}

/// Writes `error: message` to stderr, with every control character in it shown visibly
/// (``SafeText/terminal(_:keepingNewlines:)``): file names, keys and values in messages come from strangers.
/// Our own messages are one line (a line break in them came from a file); the argument parser's keep theirs.
func reportError(_ message: String, keepingNewlines: Bool) {
    let shown = SafeText.terminal(message, keepingNewlines: keepingNewlines)
    FileHandle.standardError.write(Data("error: \(shown)\n".utf8))
}

/// A failure to report as `error: message`, exiting with `status`.
struct CommandFailure: Error {
    var message: String
    var status: Int32 = 1
    /// Our own usage reminder, printed on the line after the message (no text from outside in it).
    var usage: String? = nil
}
