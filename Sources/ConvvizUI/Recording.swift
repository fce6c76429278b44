import Foundation
import Presets

/// An asciicast v2 recording of the animation (the format asciinema plays): a header line, then one
/// `[time, "o", frame]` event per frame. Headless: frames come from the renderer, not a terminal.
public enum Recording {
    /// The most frames a recording holds; longer animations advance several steps per frame.
    public static let maxFrames = 1000
    /// The longest a recording plays: a longer animation is sped up to fit.
    public static let maxSeconds = 120.0

    /// Records the animation of `initial` from the first multiply-add to the whole output.
    /// - Parameter stepsPerSecond: playback speed in multiply-adds per second, raised if the animation would
    ///   play for more than ``maxSeconds``.
    public static func asciicast(_ initial: AppState, stepsPerSecond: Double, color: Bool, title: String) -> String {
        var state = initial
        var lines = [header(width: state.screenWidth, height: state.screenHeight, title: title)]
        guard let totalSteps = state.totalSteps else {
            lines.append(event(time: 0, "\u{1B}[2J" + AnsiFrame.text(Screen.render(state, color: color))))
            return lines.joined(separator: "\n") + "\n"
        }
        _ = Reducer.reduce(&state, .jumpToStart)
        let stride = max(1, (totalSteps + maxFrames - 1) / maxFrames)
        let secondsPerStep = min(1 / stepsPerSecond, maxSeconds / Double(totalSteps))
        var time = 0.0
        lines.append(event(time: time, "\u{1B}[2J" + AnsiFrame.text(Screen.render(state, color: color))))
        var position = 0
        while position < totalSteps - 1 {
            let step = min(stride, totalSteps - 1 - position)
            _ = Reducer.reduce(&state, .step(step))
            position += step
            time += Double(step) * secondsPerStep
            lines.append(event(time: time, AnsiFrame.text(Screen.render(state, color: color))))
        }
        _ = Reducer.reduce(&state, .jumpToEnd)
        lines.append(event(time: time + 1, AnsiFrame.text(Screen.render(state, color: color))))
        return lines.joined(separator: "\n") + "\n"
    }

    private static func header(width: Int, height: Int, title: String) -> String {
        let object: [String: Any] = [
            "version": 2, "width": width, "height": height, "title": SafeText.terminal(title),
            "env": ["TERM": "xterm-256color", "SHELL": "/bin/sh"],
        ]
        let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "{\"version\": 2, \"width\": \(width), \"height\": \(height)}"
    }

    private static func event(time: Double, _ text: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: [(time * 1000).rounded() / 1000, "o", text], options: [])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "[\(time), \"o\", \"\"]"
    }
}
