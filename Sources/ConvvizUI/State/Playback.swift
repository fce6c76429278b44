import ConvCore

/// Where the animation stands, and the one machine that moves it: play, pause, step, jump, tick. It walks any
/// subject's ``Timeline`` and is advanced only by actions, so tests drive it with an injected clock.
public struct Playback: Equatable, Sendable {
    /// The position: `cell * stepsPerCell + step`, where `cell` is the flat (n, c, row, column) index.
    public var position: Int = 0
    /// Whether cells after the current one are hidden (the animation is under way).
    public var revealing = false
    /// Whether ticks advance the position.
    public var playing = false
    /// Index into ``speeds``.
    public var speedIndex = 2
    /// The time of the last tick, in seconds; `nil` until the first tick after play.
    public var lastTick: Double?
    /// Steps owed to the next tick (fractional progress).
    public var carry = 0.0
    /// Where playing stops, if before the end (a lesson animating one cell).
    public var stopAt: Int?

    /// The speeds offered, in steps per second.
    public static let speeds: [Double] = [1, 2, 4, 8, 16, 32, 64, 256, 1024]

    /// Steps per second.
    public var speed: Double { Self.speeds[speedIndex] }

    /// What the status line is: `▶ playing`, `❚❚ paused` or `■ whole output`.
    public var statusText: String { playing ? "▶ playing" : revealing ? "❚❚ paused" : "■ whole output" }
}

/// What a move of the machine meant, for the subject to put into words.
enum PlaybackEvent: Equatable {
    case paused
    case started
    case speedChanged
    /// Playing reached its end: the whole animation's (`atEnd`) or a lesson's stop.
    case finished(atEnd: Bool)
}

extension Playback {
    /// Starts playing from `position` (the one way to start), stopping at `stopAt` if given.
    mutating func play(from position: Int, stoppingAt stopAt: Int? = nil) {
        self.position = position
        self.stopAt = stopAt
        revealing = true
        playing = true
        lastTick = nil
        carry = 0
    }

    /// Shows the whole output, with cell `cell` complete.
    mutating func showWhole(cell: Int, on timeline: Timeline) {
        revealing = false
        playing = false
        position = timeline.lastStep(ofCell: cell)
    }

    /// Plays or pauses; playing again after the end, or from the whole output, starts over.
    mutating func togglePlay(on timeline: Timeline) -> PlaybackEvent {
        if playing {
            playing = false
            lastTick = nil
            return .paused
        }
        play(from: !revealing || position >= timeline.lastStep ? 0 : position)
        return .started
    }

    /// Moves by `delta` steps, skipping steps a cell lacks.
    mutating func step(by delta: Int, on timeline: Timeline) {
        playing = false
        if !revealing && delta > 0 {
            switch timeline.entry {
            case .selectedCell: position = timeline.cell(atStep: position) * timeline.stepsPerCell
            case .firstStep: position = 0
            }
        } else {
            let from = timeline.skippingMissingSteps(position, forward: false)
            position = timeline.skippingMissingSteps(min(max(from + delta, 0), timeline.lastStep), forward: delta > 0)
        }
        revealing = true
    }

    /// Moves by `delta` whole cells, showing the reached cell complete; going back from the first cell stays
    /// where it is.
    mutating func stepCell(by delta: Int, on timeline: Timeline) {
        playing = false
        let cell = timeline.cell(atStep: position)
        if delta < 0 && cell == 0 && revealing { return }
        revealing = true
        position = timeline.lastStep(ofCell: min(max(cell + delta, 0), timeline.cells - 1))
    }

    /// Goes to the first step.
    mutating func jumpToStart() {
        self = Playback(position: 0, revealing: true, speedIndex: speedIndex)
    }

    /// Shows the whole output.
    mutating func jumpToEnd(on timeline: Timeline) {
        self = Playback(position: timeline.lastStep, revealing: false, speedIndex: speedIndex)
    }

    /// Faster (positive) or slower (negative).
    mutating func changeSpeed(by delta: Int) -> PlaybackEvent {
        speedIndex = min(max(speedIndex + delta, 0), Self.speeds.count - 1)
        return .speedChanged
    }

    /// Advances a playing animation by the time elapsed since the last tick.
    mutating func tick(_ now: Double, on timeline: Timeline) -> PlaybackEvent? {
        guard playing else { return nil }
        guard let last = lastTick else {
            lastTick = now
            return nil
        }
        lastTick = now
        carry += min(max(now - last, 0), 1) * speed
        let steps = Int(carry)
        carry -= Double(steps)
        let end = min(stopAt ?? timeline.lastStep, timeline.lastStep)
        position = min(position + steps, max(end, position))
        if position < end { position = min(timeline.skippingMissingSteps(position, forward: true), end) }
        guard position >= end else { return nil }
        playing = false
        stopAt = nil
        return .finished(atEnd: end == timeline.lastStep)
    }
}
