import ArgumentParser
import ConvvizUI
import Presets

/// `convviz render PRESET [--step K]`: one frame of the visualiser as plain text, no terminal needed.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print one frame of the visualiser as plain text (for handouts and docs).")

    @OptionGroup var preset: PresetArgument

    @Option(
        parsing: .unconditional,
        help: "Show the animation at this multiply-add (0 is the first); default: the whole output.")
    var step: Int?

    @OptionGroup var frame: FrameOptions

    @OptionGroup var backward: BackwardOptions

    /// The frame size without --width and --height.
    static let frameSize = (width: 80, height: 24)

    func validate() throws {
        _ = try frame.size(default: Self.frameSize)
        if let step, step < 0 { throw ValidationError("--step must be 0 or more") }
    }

    func run() throws {
        let loaded = try preset.load()
        if case .stack = loaded.operation, step != nil {
            throw CommandFailure(
                message: "--step: \(preset.preset) is a stack of layers, whose pipeline has no "
                    + "animation steps (render it without --step)")
        }
        _ = try convolve(loaded)
        let size = try frame.size(default: Self.frameSize)
        var state = AppState(preset: loaded, width: size.width, height: size.height)
        state.workspace.finishComputing()
        try backward.apply(to: &state)
        if let step {
            let last = (state.totalSteps ?? 1) - 1
            guard step <= last else {
                throw CommandFailure(
                    message: "--step \(step) is past the last multiply-add of \(loaded.name) (\(last))")
            }
            _ = Reducer.reduce(&state, .jumpToStart)
            _ = Reducer.reduce(&state, .step(step))
        }
        print(Screen.render(state, color: false).text)
    }
}
