import Foundation

/// Runs ``OutputJob``s for the main loop and hands back what they report as actions; injected into ``AppRunner``
/// so tests decide when a job finishes.
public protocol ComputeExecutor: AnyObject {
    /// Starts `job`, cancelling the one still running.
    func start(_ job: OutputJob)
    /// Cancels the job still running, if any.
    func cancel()
    /// What the jobs reported since the last call (``Action/computeProgress(generation:done:)`` and
    /// ``Action/computed(generation:output:)``), oldest first.
    func takeReports() -> [Action]
}

/// Runs one job at a time on a background queue: a job started while another runs cancels it (the running one
/// stops at its next piece), and a job superseded before it began never runs.
public final class BackgroundComputeExecutor: ComputeExecutor, @unchecked Sendable {
    private let queue = DispatchQueue(label: "convviz.compute", qos: .userInitiated)
    private let lock = NSLock()
    /// Counts starts and cancels: a job goes on only while it holds the latest ticket.
    private var ticket = 0
    private var reports: [Action] = []

    /// An executor with nothing running.
    public init() {}

    public func start(_ job: OutputJob) {
        let mine = lock.withLock {
            ticket += 1
            return ticket
        }
        queue.async { [self] in
            guard isCurrent(mine) else { return }
            let result = job.report(isCancelled: { !self.isCurrent(mine) }) { done in
                self.report(.computeProgress(generation: job.generation, done: done), ticket: mine)
            }
            if let result { report(result, ticket: mine) }
        }
    }

    public func cancel() {
        lock.withLock { ticket += 1 }
    }

    public func takeReports() -> [Action] {
        lock.withLock {
            defer { reports = [] }
            return reports
        }
    }

    private func isCurrent(_ mine: Int) -> Bool {
        lock.withLock { ticket == mine }
    }

    /// Queues a report of the current job; a newer progress report replaces one not yet taken.
    private func report(_ action: Action, ticket mine: Int) {
        lock.withLock {
            guard ticket == mine else { return }
            if case .computeProgress = reports.last { reports.removeLast() }
            reports.append(action)
        }
    }
}

/// Runs each job to the end as it starts, on the calling thread: for tests and the command-line renderings.
public final class InlineComputeExecutor: ComputeExecutor {
    private var reports: [Action] = []

    /// An executor with nothing reported.
    public init() {}

    public func start(_ job: OutputJob) {
        if let result = job.report() { reports.append(result) }
    }

    public func cancel() {}

    public func takeReports() -> [Action] {
        defer { reports = [] }
        return reports
    }
}

extension OutputJob {
    /// Runs the job as the executors do: its output, and what the output panel needs to know about it (its range
    /// and widest number, so the frame that shows it need not scan it), reported as
    /// ``Action/computed(generation:output:)``; `nil` when cancelled.
    public func report(isCancelled: () -> Bool = { false }, progress: (Int) -> Void = { _ in }) -> Action? {
        guard let output = run(isCancelled: isCancelled, progress: progress) else { return nil }
        ValueSummary.prime(output.values)
        return .computed(generation: generation, output: output)
    }
}
