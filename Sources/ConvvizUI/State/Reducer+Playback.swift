extension AppState {
    /// The animation plan, or a status message saying why there is nothing to animate.
    private mutating func requirePlan() -> AnimationPlan? {
        guard let plan else {
            fail("nothing to animate: \(workspace.error?.description ?? "the combination is invalid")")
            return nil
        }
        return plan
    }

    mutating func togglePlay() {
        guard let plan = requirePlan() else { return }
        if playback.playing {
            playback.playing = false
            playback.lastTick = nil
            return inform("paused")
        }
        if !playback.revealing || playback.position >= plan.totalSteps - 1 { playback.position = 0 }
        playback.stopAt = nil
        playback.revealing = true
        playback.playing = true
        playback.lastTick = nil
        playback.carry = 0
        inform("playing at \(Int(playback.speed)) multiply-adds per second (space pauses, < > change speed)")
    }

    mutating func step(by delta: Int) {
        guard let plan = requirePlan() else { return }
        playback.playing = false
        if !playback.revealing {
            let cellStart = (playback.position / plan.stepsPerCell) * plan.stepsPerCell
            playback.revealing = true
            playback.position = delta > 0 ? cellStart : playback.position + delta
        } else {
            playback.position += delta
        }
        playback.position = min(max(playback.position, 0), plan.totalSteps - 1)
    }

    mutating func stepCell(by delta: Int) {
        guard let plan = requirePlan() else { return }
        playback.playing = false
        let cell = min(max(playback.position / plan.stepsPerCell + delta, 0), plan.cells - 1)
        playback.revealing = true
        playback.position = plan.lastPosition(ofCell: cell)
    }

    mutating func jumpToStart() {
        guard requirePlan() != nil else { return }
        playback.playing = false
        playback.revealing = true
        playback.position = 0
    }

    mutating func jumpToEnd() {
        guard let plan = requirePlan() else { return }
        playback.playing = false
        playback.revealing = false
        playback.position = plan.totalSteps - 1
        outputCursor = plan.index(ofCell: plan.cells - 1)
    }

    /// Advances a playing animation by the time elapsed since the last tick.
    mutating func tick(_ now: Double) {
        guard playback.playing, let plan else { return }
        guard let last = playback.lastTick else {
            playback.lastTick = now
            return
        }
        playback.lastTick = now
        playback.carry += min(max(now - last, 0), 1) * playback.speed
        let steps = Int(playback.carry)
        playback.carry -= Double(steps)
        let end = min(playback.stopAt ?? plan.totalSteps - 1, plan.totalSteps - 1)
        playback.position = min(playback.position + steps, max(end, playback.position))
        if playback.position >= end {
            playback.playing = false
            playback.stopAt = nil
            inform(end == plan.totalSteps - 1 ? "done: every output cell computed" : "done: space plays on")
        }
    }
}
