import ConvCore
import ConvvizUI
import Dispatch
import Presets

/// The UI thread's side of the keystroke workloads: large outputs are computed by background jobs, so what a key
/// costs the screen is its reducer and frame, and later the frame that shows the job's result.
extension Workloads {
    /// The longest the UI thread is busy in one go while `keys` are pressed one after another: each key's reducer
    /// (as the main loop runs it, ``AppRunner/reduce(_:_:)``) and frame, then (each job run to its end off the
    /// clock, as the background queue would) the reducer and frame that take the job's result. Returns seconds.
    static func longestUIThreadSlice(_ state: inout AppState, keys: [Action], verbose: Bool = false) -> Double {
        var longest = 0.0
        for key in keys {
            var jobs: [OutputJob] = []
            let seconds = uiSeconds {
                for case let .compute(job) in AppRunner.reduce(&state, key) { jobs.append(job) }
                _ = Screen.render(state)
            }
            if verbose { print("\(key): \(seconds) s") }
            longest = max(longest, seconds)
            for job in jobs {
                guard let result = job.report() else { continue }
                let seconds = uiSeconds {
                    _ = AppRunner.reduce(&state, result)
                    _ = Screen.render(state)
                }
                if verbose { print("  its result: \(seconds) s") }
                longest = max(longest, seconds)
            }
        }
        return longest
    }

    /// The keystroke workloads' script: stride, padding and dilation up and back, groups up (an invalid combination)
    /// and back, randomise the input, add a column and remove it, heatmap off and on. It ends where it started, so
    /// every run does the same work.
    static let keystrokeScript: [Action] = [
        .adjustBothAxes(.strideHeight, 1), .adjustBothAxes(.strideHeight, -1),
        .adjustBothAxes(.paddingHeight, 1), .adjustBothAxes(.paddingHeight, -1),
        .adjustBothAxes(.dilationHeight, 1), .adjustBothAxes(.dilationHeight, -1),
        .adjustParameter(.groups, 1), .adjustParameter(.groups, -1),
        .randomize, .resizeGrid(rows: 0, columns: 1), .resizeGrid(rows: 0, columns: -1),
        .toggleHeatmap, .toggleHeatmap,
    ]

    /// A (3, size, size) image with 8 3x3 filters and padding 1 at 140x45, its output computed.
    static func keystrokeState(size: Int) -> AppState {
        var generator = SplitMix64(seed: 7)
        let input = Tensor(shape: Shape4(n: 1, c: 3, h: size, w: size),
                           values: (0..<3 * size * size).map { _ in (value(&generator) * 128).rounded() })
        let kernel = Tensor(shape: Shape4(n: 8, c: 3, h: 3, w: 3),
                            values: (0..<8 * 27).map { _ in (value(&generator) * 2).rounded() })
        let preset = Preset(name: "keystroke workload", input: input, inputRank: 3, kernel: kernel,
                            parameters: Conv2dParameters(padding: .uniform(1)))
        var state = AppState(preset: preset, width: 140, height: 45)
        state.workspace.finishComputing()
        return state
    }

    private static func uiSeconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
