import ConvvizUI
import Dispatch

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

    private static func uiSeconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
