import ArgumentParser
import ConvvizUI
import Presets

/// `convviz render PRESET [--step K]`: one frame of the visualiser as plain text, no terminal needed.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print one frame of the visualiser as plain text (for handouts and docs).")

    @Argument(help: "A preset file, or the name of a shipped preset.")
    var preset: String

    @Option(parsing: .unconditional, help: "Show the animation at this multiply-add (0 is the first); default: the whole output.")
    var step: Int?

    @Option(help: "Frame width in columns.")
    var width = 80

    @Option(help: "Frame height in rows.")
    var height = 24

    func validate() throws {
        try FrameSize.validate(width: width, height: height)
        if let step, step < 0 { throw ValidationError("--step must be 0 or more") }
    }

    func run() throws {
        let loaded = try loadPreset(preset)
        if case .stack = loaded.operation { throw CommandFailure(message: StackPresets.notYetViewable(preset)) }
        _ = try convolve(loaded)
        var state = AppState(preset: loaded, width: width, height: height)
        if let step {
            let last = (state.totalSteps ?? 1) - 1
            guard step <= last else {
                throw CommandFailure(message: "--step \(step) is past the last multiply-add of \(loaded.name) (\(last))")
            }
            _ = Reducer.reduce(&state, .jumpToStart)
            _ = Reducer.reduce(&state, .step(step))
        }
        print(Screen.render(state, color: false).text)
    }
}
