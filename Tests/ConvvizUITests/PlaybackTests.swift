import ConvCore
import Testing

@testable import ConvvizUI

/// The animation, driven by step actions and an injected clock (never a sleep).
struct PlaybackTests {
    @Test func playStartsFromTheFirstMultiplyAddAndTicksAdvanceBySpeed() throws {
        var state = try Shipped.state("pytorch-example")
        state.apply(.togglePlay)
        #expect(state.playback.playing && state.playback.revealing)
        #expect(state.playback.position == 0)
        state.apply(.tick(100.0))
        #expect(state.playback.position == 0)
        state.apply(.tick(101.0))
        #expect(state.playback.position == 4)
        state.apply(.tick(101.25))
        #expect(state.playback.position == 5)
        state.apply(.changeSpeed(1))
        state.apply(.tick(101.75))
        #expect(state.playback.position == 9)
        #expect(state.cursors.output == TensorIndex(channel: 0, row: 0, column: 1))
    }

    @Test func pauseStopsTheClock() throws {
        var state = try Shipped.state("pytorch-example")
        state.apply(.togglePlay, .tick(0), .tick(1), .togglePlay, .tick(5))
        #expect(state.playback.position == 4)
        #expect(!state.playback.playing)
    }

    @Test func theAnimationStopsAtTheEnd() throws {
        var state = try Shipped.state("pytorch-example")
        state.apply(.togglePlay, .changeSpeed(10), .tick(0))
        for second in 1...5 { state.apply(.tick(Double(second))) }
        #expect(state.playback.position == 25 * 9 - 1)
        #expect(!state.playback.playing)
        state.apply(.togglePlay)
        #expect(state.playback.position == 0)
    }

    @Test func stepsForwardAndBackByMultiplyAddAndByCell() throws {
        var state = try Shipped.state("pytorch-example")
        state.press(.home)
        #expect(state.playback.position == 0 && state.playback.revealing)
        state.type("nnn")
        #expect(state.playback.position == 3)
        state.type("N")
        #expect(state.playback.position == 2)
        state.type("]")
        #expect(state.playback.position == 2 * 9 - 1)
        #expect(state.cursors.output == TensorIndex(channel: 0, row: 0, column: 1))
        state.type("[[[")
        #expect(state.playback.position == 8)
        state.press(.end)
        #expect(!state.playback.revealing)
        #expect(state.cursors.output == TensorIndex(channel: 0, row: 4, column: 4))
    }

    @Test func steppingFromTheWholeOutputStartsAtTheSelectedCell() throws {
        var state = try Shipped.state("pytorch-example")
        state.apply(.select(.output, TensorIndex(channel: 0, row: 1, column: 1)))
        state.type("n")
        #expect(state.playback.position == 6 * 9)
        #expect(state.playback.revealing)
    }

    @Test func biasIsTheLastStepOfACell() throws {
        var state = try Shipped.state("bias")
        #expect(state.plan?.stepsPerCell == 10)
        state.press(.home)
        state.type("nnnnnnnn")
        #expect(state.playback.position == 8)
        #expect(!Screen.render(state).text.contains("bias 10"))
        state.type("n")
        #expect(Screen.render(state).text.contains("+ bias 10 = 11"))
        state.type("]")
        #expect(state.playback.position == 19)
    }

    @Test func editsDuringTheAnimationKeepThePosition() throws {
        var state = try Shipped.state("pytorch-example")
        state.press(.home)
        state.type("nnnn")
        state.type("5")
        state.press(.enter)
        #expect(state.playback.position == 4)
        #expect(state.playback.revealing)
    }
}
