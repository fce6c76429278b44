import Foundation
import Presets

/// An asciicast v2 recording of the animation (the format asciinema plays): a header line, then one
/// `[time, "o", frame]` event per frame. Headless: frames come from the renderer, not a terminal.
public enum Recording {
    /// The most frames a recording holds; longer animations advance several steps per frame.
    public static let maxFrames = 1000
    /// The longest a recording plays: a longer animation is sped up to fit.
    public static let maxSeconds = 120.0

    /// The largest recording written: 256 MiB (asciinema players load the whole file).
    public static let maxBytes = 256 << 20

    /// Why a recording was stopped.
    public struct TooLarge: Error, CustomStringConvertible {
        /// The bytes the whole recording would take, estimated from its first frame.
        public let estimatedBytes: Int
        public var description: String {
            "the recording would take about \(estimatedBytes >> 20) MiB; recordings are limited to "
                + "\(maxBytes >> 20) MiB: use a smaller --width and --height, or --no-color"
        }
    }

    /// Records the animation of `initial` from the first multiply-add to the whole output.
    /// - Parameter stepsPerSecond: playback speed in multiply-adds per second, raised if the animation would
    ///   play for more than ``maxSeconds``.
    public static func asciicast(_ initial: AppState, stepsPerSecond: Double, color: Bool, title: String) -> String {
        var text = ""
        // Without a limit, nothing is thrown.
        try? stream(initial, stepsPerSecond: stepsPerSecond, color: color, title: title, limit: nil) { text += $0 }
        return text
    }

    /// Records the animation line by line into `emit` (a file), holding one frame at a time. Stops with
    /// ``TooLarge`` before the first frame is emitted when the whole recording would pass `limit` bytes
    /// (estimated from the largest possible frame count), and again if it passes it anyway.
    public static func stream(
        _ initial: AppState, stepsPerSecond: Double, color: Bool, title: String,
        limit: Int? = maxBytes, emit: (String) throws -> Void
    ) throws {
        var state = initial
        state.isRecording = true
        state.workspace.finishComputing()
        var written = 0
        func put(_ line: String) throws {
            written += line.utf8.count + 1
            if let limit, written > limit { throw TooLarge(estimatedBytes: written) }
            try emit(line + "\n")
        }
        try put(header(width: state.screenWidth, height: state.screenHeight, title: title))
        if let pipeline = state.pipeline { return try tour(state, pipeline, color: color, put: put) }
        guard let totalSteps = state.totalSteps else {
            try put(event(time: 0, "\u{1B}[2J" + AnsiFrame.text(Screen.render(state, color: color))))
            return
        }
        _ = Reducer.reduce(&state, .jumpToStart)
        // The frames show the animation playing (the reducer's steps pause it).
        state.playback.playing = totalSteps > 1
        let stride = max(1, (totalSteps + maxFrames - 1) / maxFrames)
        let secondsPerStep = min(1 / stepsPerSecond, maxSeconds / Double(totalSteps))
        var time = 0.0
        let firstFrame = event(time: time, "\u{1B}[2J" + AnsiFrame.text(Screen.render(state, color: color)))
        if let limit {
            let frames = (totalSteps - 1 + stride - 1) / stride + 2
            let (estimate, overflow) = (firstFrame.utf8.count + 1).multipliedReportingOverflow(by: frames)
            if overflow || written + estimate > limit {
                throw TooLarge(estimatedBytes: overflow ? Int.max : written + estimate)
            }
        }
        try put(firstFrame)
        var position = 0
        while position < totalSteps - 1 {
            let step = min(stride, totalSteps - 1 - position)
            _ = Reducer.reduce(&state, .step(step))
            state.playback.playing = position + step < totalSteps - 1
            position += step
            time += Double(step) * secondsPerStep
            try put(event(time: time, AnsiFrame.text(Screen.render(state, color: color))))
        }
        _ = Reducer.reduce(&state, .jumpToEnd)
        try put(event(time: time + 1, AnsiFrame.text(Screen.render(state, color: color))))
    }

    /// A stack's pipeline has no animation: the recording walks the selected unit along its row, its field
    /// moving over every earlier layer and the input, then walks it back with the path counts shown.
    private static func tour(
        _ initial: AppState, _ pipeline: PipelineSubject, color: Bool,
        put: (String) throws -> Void
    ) throws {
        var state = initial
        state.isRecording = true
        var time = 0.0
        try put(event(time: time, "\u{1B}[2J" + AnsiFrame.text(Screen.render(state, color: color))))
        let width = pipeline.isFlat(pipeline.grid) ? 1 : pipeline.shape(pipeline.grid).w
        let steps = min(24, width - 1 - pipeline.column)
        for action in Array(repeating: Action.move(rows: 0, columns: 1), count: steps) + [.toggleFieldPaths]
            + Array(repeating: Action.move(rows: 0, columns: -1), count: steps)
        {
            _ = Reducer.reduce(&state, action)
            time += 0.5
            try put(event(time: time, AnsiFrame.text(Screen.render(state, color: color))))
        }
    }

    private static func header(width: Int, height: Int, title: String) -> String {
        let object: [String: Any] = [
            "version": 2, "width": width, "height": height, "title": SafeText.terminal(title),
            "env": ["TERM": "xterm-256color", "SHELL": "/bin/sh"],
        ]
        let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return data.map { String(decoding: $0, as: UTF8.self) }
            ?? "{\"version\": 2, \"width\": \(width), \"height\": \(height)}"
    }

    private static func event(time: Double, _ text: String) -> String {
        let data = try? JSONSerialization.data(
            withJSONObject: [(time * 1000).rounded() / 1000, "o", text], options: [])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "[\(time), \"o\", \"\"]"
    }
}
