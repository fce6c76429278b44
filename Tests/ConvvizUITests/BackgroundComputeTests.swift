import ConvCore
import Presets
import Testing

@testable import ConvvizUI

/// Large outputs computed off the UI thread: the job's pieces equal the whole computation bit for bit, the reducer
/// asks for a job and takes only the latest one's result, and the main loop answers keys while a job runs.
struct BackgroundComputeTests {
    /// Scripted events; when they run out, `finish` runs once and the loop gets one more timeout.
    final class FinishingTerminal: TerminalDevice {
        var events: [TerminalEvent]
        var finish: () -> Void = {}
        var frames: [CellGrid] = []
        let size: (width: Int, height: Int) = (80, 24)

        init(_ events: [TerminalEvent]) { self.events = events }

        func nextEvent(timeoutMilliseconds: Int) -> TerminalEvent {
            if events.isEmpty {
                finish()
                finish = {}
                events = [.timeout, .endOfInput]
            }
            return events.removeFirst()
        }

        func draw(_ grid: CellGrid) { frames.append(grid) }
    }

    /// A job that finishes when the test says so.
    final class ManualExecutor: ComputeExecutor {
        var started: [OutputJob] = []
        var cancels = 0
        private var reports: [Action] = []

        func start(_ job: OutputJob) { started.append(job) }
        func cancel() { cancels += 1 }
        func takeReports() -> [Action] {
            defer { reports = [] }
            return reports
        }

        /// Runs a started job to its end and reports its result.
        func finish(_ job: OutputJob) {
            if let output = job.run() { reports.append(.computed(generation: job.generation, output: output)) }
        }
    }

    /// A deterministic value in -2...2 with a fractional part, so sums round.
    static func values(_ count: Int, seed: UInt64) -> [Double] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in Double(generator.next() >> 11) / Double(1 << 51) - 2 }
    }

    /// A (n, c, size, size) input with `filters` 3x3 filters.
    static func preset(
        n: Int = 1, c: Int = 3, size: Int, filters: Int = 8, parameters: Conv2dParameters = .init(),
        bias: Bool = false
    ) -> Preset {
        let inputShape = Shape4(n: n, c: c, h: size, w: size)
        let kernelShape = Shape4(n: filters, c: c / parameters.groups, h: 3, w: 3)
        let kernel = Tensor(shape: kernelShape, values: values(kernelShape.n * kernelShape.c * 9, seed: 2))
        return Preset(
            name: "large", input: Tensor(shape: inputShape, values: values(n * c * size * size, seed: 1)),
            inputRank: 4, kernel: kernel,
            bias: bias ? values(filters, seed: 3) : nil, parameters: parameters)
    }

    /// 8 * 3 * 9 * 200 * 200 multiply-adds: past the synchronous limit.
    static let large = preset(size: 200, parameters: .init(padding: .uniform(1)))

    @Test(arguments: [
        Conv2dParameters(padding: .uniform(1)),
        Conv2dParameters(stride: .uniform(2), padding: .uniform(2), dilation: .uniform(2), groups: 2),
        Conv2dParameters(padding: .same, groups: 4, paddingMode: .reflect),
        Conv2dParameters(padding: .uniform(1), groups: 8, paddingMode: .circular),
    ])
    func piecesEqualTheWholeOutputBitForBit(parameters: Conv2dParameters) throws {
        let preset = Self.preset(n: 2, c: 8, size: 13, filters: 24, parameters: parameters, bias: true)
        let convolution = try preset.convolution()
        var reported: [Int] = []
        let job = OutputJob(generation: 1, convolution: convolution)
        let output = try #require(job.run(pieceWork: 1, progress: { reported.append($0) }))
        #expect(output.values.map(\.bitPattern) == convolution.output().values.map(\.bitPattern))
        #expect(reported.count > 2, "the job reports progress piece by piece")
        #expect(reported == reported.sorted() && reported.last == job.work)
    }

    @Test func aCancelledJobStopsBetweenPieces() throws {
        let job = OutputJob(generation: 1, convolution: try Self.large.convolution())
        var asked = 0
        let output = job.run(
            pieceWork: 1,
            isCancelled: {
                asked += 1
                return asked > 2
            })
        #expect(output == nil)
        #expect(asked == 3, "two pieces ran, the third saw the cancel")
    }

    @Test func smallOutputsStayImmediate() throws {
        var state = try Shipped.state("pytorch-example")
        #expect(!state.workspace.isComputing && state.workspace.output != nil)
        #expect(state.apply(.adjustBothAxes(.strideHeight, 1)).isEmpty, "no job for a small output")
        #expect(state.workspace.output != nil)
    }

    @Test func aParameterChangeAsksForAJobAndTheLatestResultIsTaken() throws {
        var state = AppState(preset: Self.large, width: 140, height: 45)
        #expect(state.workspace.isComputing && state.workspace.output == nil)
        let first = try #require(state.workspace.job)

        let effects = state.apply(.adjustBothAxes(.paddingHeight, 1))
        let second = try #require(state.workspace.job)
        #expect(effects == [.compute(second)] && second.generation > first.generation)
        #expect(state.workspace.convolution?.geometry.outputShape.h == 202, "the shape is known at once")

        // The first job's result arrives late: it is stale and dropped.
        let stale = try #require(first.run())
        state.apply(.computed(generation: first.generation, output: stale))
        #expect(state.workspace.isComputing && state.workspace.output == nil)

        state.apply(.computeProgress(generation: second.generation, done: second.work / 2))
        #expect(Screen.render(state).text.contains("computing… 50%"))
        let fresh = try #require(second.run())
        state.apply(.computed(generation: second.generation, output: fresh))
        #expect(!state.workspace.isComputing)
        #expect(state.workspace.output == (try state.preset.convolution().output()))
    }

    @Test func keysAnswerWhileComputingAndTheResultKeepsTheStatusLine() throws {
        var state = AppState(preset: Self.large, width: 140, height: 45)
        let job = try #require(state.workspace.job)
        state.apply(.move(rows: 1, columns: 2), .toggleHeatmap, .showHelp, .dismiss, .undo)
        #expect(state.cursors.input.row == 1 && state.cursors.input.column == 2)
        #expect(state.workspace.job == job, "moving and viewing do not restart the job")
        state.apply(.toggleHeatmap)
        state.apply(.computed(generation: job.generation, output: try #require(job.run())))
        #expect(state.status?.text == "heatmap view: the status line shows the value under the cursor")
        #expect(state.workspace.output != nil)
    }

    @Test func aChangeBackToASmallOutputCancelsTheJob() throws {
        var state = AppState(preset: Self.large, width: 140, height: 45)
        #expect(state.apply(.adjustParameter(.groups, 1)) == [.cancelCompute], "3 channels in 2 groups: rejected")
        #expect(state.workspace.error != nil && !state.workspace.isComputing)
        #expect(state.apply(.adjustParameter(.groups, -1)).count == 1)
        #expect(state.workspace.isComputing)
    }

    @Test func aLoadedPresetNeverTakesTheResultMeantForThePreviousOne() throws {
        var state = AppState(preset: Self.large, width: 140, height: 45)
        let old = try #require(state.workspace.job)
        let effects = state.apply(.loaded(Self.preset(size: 180), path: "other.yaml"))
        let new = try #require(state.workspace.job)
        #expect(effects == [.compute(new)] && new.generation > old.generation)
        state.apply(.computed(generation: old.generation, output: try #require(old.run())))
        #expect(state.workspace.isComputing)
    }

    @Test func theRunnerDrawsEveryKeyWhileTheJobRunsAndQuitsAtOnce() throws {
        let executor = ManualExecutor()
        let runner = AppRunner(
            clock: { 0 }, color: false, library: PresetLibrary(directory: Shipped.directory),
            executor: executor)
        let terminal = AppRunnerTests.ScriptedTerminal([
            .input(.key(.character("l"))), .timeout, .input(.key(.character("?"))), .input(.key(.escape)),
            .input(.key(.character("q"))), .input(.key(.character("s"))),
        ])
        let final = runner.run(AppState(preset: Self.large), on: terminal)
        #expect(executor.started.count == 1, "the opened preset's job; no key restarted it")
        #expect(terminal.frames.count == 5, "the first frame and one per key until q")
        #expect(terminal.frames[0].text.contains("computing… 0%"))
        #expect(final.workspace.isComputing)
        #expect(executor.cancels == 1, "leaving cancels the job")
    }

    @Test func theRunnerTakesTheLatestJobsResult() throws {
        let executor = ManualExecutor()
        let runner = AppRunner(
            clock: { 0 }, color: false, library: PresetLibrary(directory: Shipped.directory),
            executor: executor)
        // Padding up twice, quickly: three jobs in all; then they all finish, oldest first, and only the last
        // one's result is shown.
        let terminal = FinishingTerminal([.input(.key(.character("p"))), .input(.key(.character("p")))])
        terminal.finish = { executor.started.forEach(executor.finish) }
        let final = runner.run(AppState(preset: Self.large), on: terminal)
        #expect(executor.started.count == 3)
        #expect(final.preset.parameters.padding == .uniform(3))
        #expect(!final.workspace.isComputing)
        #expect(final.workspace.output == (try final.preset.convolution().output()))
        #expect(terminal.frames.last?.text.contains("computing") == false)
    }

    @Test func theInlineExecutorFinishesBeforeTheNextFrame() throws {
        let runner = AppRunner(
            clock: { 0 }, color: false, library: PresetLibrary(directory: Shipped.directory),
            executor: InlineComputeExecutor())
        let terminal = AppRunnerTests.ScriptedTerminal([.input(.key(.character("s")))])
        let final = runner.run(AppState(preset: Self.large), on: terminal)
        #expect(final.workspace.output == (try final.preset.convolution().output()))
        #expect(terminal.frames.allSatisfy { !$0.text.contains("computing") })
    }
}
