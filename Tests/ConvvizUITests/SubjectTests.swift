import ConvCore
import Presets
import Testing

@testable import ConvvizUI

/// The seam between the app and each operation: the subject a preset opens, the one playback machine over its
/// timeline, and what every subject shares (speed, the command line, the status line).
struct SubjectTests {
    func state(_ text: String) throws -> AppState {
        AppState(preset: try PresetLoader.parse(text, file: "subject.yaml"), width: 100, height: 30)
    }

    @Test func eachOperationOpensItsSubject() throws {
        #expect(try state(ExplorerTests.transposed).transposed?.view == .scatter)
        #expect(try state(ExplorerTests.pooling).pooling != nil)
        let conv = try Shipped.state("pytorch-example")
        guard case .convolution = conv.subject else {
            Issue.record("a conv2d preset opens \(conv.subject)")
            return
        }
        #expect(conv.subject.isEditable)
        #expect(conv.shownConvolution?.roles == nil)
    }

    @Test func theTimelineConvertsCellsAndSteps() {
        let timeline = Timeline(cellShape: Shape4(n: 2, c: 3, h: 4, w: 5), stepsPerCell: 6, entry: .selectedCell)
        #expect(timeline.cells == 120)
        #expect(timeline.totalSteps == 720)
        let index = TensorIndex(n: 1, channel: 2, row: 3, column: 4)
        #expect(timeline.cell(of: index) == 119)
        #expect(timeline.index(ofCell: 119) == index)
        #expect(timeline.lastStep(ofCell: 119) == 719)
        #expect((0..<120).allSatisfy { timeline.cell(of: timeline.index(ofCell: $0)) == $0 })
    }

    @Test func theMachineSkipsTheStepsACellLacks() {
        // Cell 1 has 2 of 4 steps.
        let timeline = Timeline(
            cellShape: Shape4(n: 1, c: 1, h: 1, w: 3), stepsPerCell: 4, entry: .firstStep,
            stepsInCell: { $0 == 1 ? 2 : 4 })
        var playback = Playback(position: 5, revealing: true)
        playback.step(by: 1, on: timeline)
        #expect(playback.position == 8, "from the last real step of cell 1 to the first of cell 2")
        playback.step(by: -1, on: timeline)
        #expect(playback.position == 5)
        playback = Playback(position: 11, revealing: false)
        playback.step(by: 1, on: timeline)
        #expect(playback.position == 0 && playback.revealing, "forward from the whole output starts over")
        #expect(playback.togglePlay(on: timeline) == .started)
        #expect(playback.tick(0, on: timeline) == nil)
        #expect(playback.tick(1, on: timeline) == nil)
        #expect(playback.position == 4)
        #expect(playback.tick(5, on: timeline) == nil, "a tick moves at most one second's worth")
        #expect(playback.position == 8)
        #expect(playback.tick(6, on: timeline) == .finished(atEnd: true))
        #expect(playback.position == 11)
        #expect(playback.statusText == "❚❚ paused")
    }

    @Test func theSpeedCommandSetsTheExplorersSpeed() throws {
        var state = try state(ExplorerTests.pooling)
        state.type(":speed 32")
        state.press(.enter)
        state.apply(.togglePlay, .tick(0), .tick(0.25))
        #expect(state.playback.position == 8, "32 taps per second for a quarter second")
    }

    @Test func theCommandLineShowsOnEveryScreen() throws {
        for text in [ExplorerTests.transposed, ExplorerTests.pooling] {
            var state = try state(text)
            state.type(":spe")
            #expect(Screen.render(state).text.split(separator: "\n").last == ":spe_")
        }
    }

    @Test func theDirectViewIsForWatchingToo() throws {
        var state = try state(ExplorerTests.transposed)
        state.type("e")
        let before = try #require(state.transposed?.direct?.preset)
        state.apply(.selectParameter(.strideHeight), .move(rows: -1, columns: 0))
        #expect(state.transposed?.direct?.preset == before)
        #expect(state.status?.isError == true)
        #expect(state.status?.text.contains("for watching") == true)
    }

    @Test func aLessonStepOnTheDirectViewReturnsToTheScatter() throws {
        var state = try state(
            ExplorerTests.transposed + "\nlesson:\n  - text: each cell stamps the kernel\n    select: [1, 0]\n")
        state.type("e")
        state.apply(.toggleLesson)
        #expect(state.transposed?.view == .scatter)
        #expect(state.transposed?.stampedCell(state.playback) == TensorIndex(channel: 0, row: 1, column: 0))
    }
}
