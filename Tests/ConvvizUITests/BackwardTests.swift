import ConvCore
import Presets
import SnapshotTesting
import Testing

@testable import ConvvizUI

/// The backward mode: entering and leaving it, editing dL/dY, the three views stepped like the forward pass.
struct BackwardTests {
    static let tiedPooling = """
        name: max pool with ties
        input:
          - [5, 1, 2, 2]
          - [5, 3, 2, 0]
          - [0, 4, 1, 1]
          - [4, 2, 1, 1]
        pool: max
        kernel_size: 2
        grad_output:
          - [1, 2]
          - [3, 4]
        """

    var backward: (AppState) -> BackwardSubject? = { state in
        if case let .backward(subject) = state.subject { subject } else { nil }
    }

    @Test func gEntersTheBackwardPassAndLeavesItWhereItWas() throws {
        var state = try Shipped.state("pytorch-example")
        state.apply(.jumpToStart, .step(12))
        let forward = state.playback
        state.type("g")
        let subject = try #require(backward(state))
        #expect(subject.view == .scatter)
        #expect(state.totalSteps == 25)
        #expect(subject.gradients == (try state.preset.gradients()))
        #expect(Screen.render(state).text.contains("backward pass of conv2d"))
        state.apply(.run("grad"))
        #expect(!state.isBackward)
        #expect(state.playback == forward)
    }

    @Test func theScatterStampsOneDLdYCellAtATime() throws {
        var state = try Shipped.state("pytorch-example", width: 140, height: 45)
        state.type("g")
        state.press(.home)
        state.type("nnnn")
        let subject = try #require(backward(state))
        #expect(subject.currentCell(state.playback) == TensorIndex(channel: 0, row: 0, column: 4))
        let frame = BackwardFrame(state, subject)
        // dL/dY[0,0,4] reaches input rows 0-1, columns 3-4 through taps (1..2, 0..1).
        #expect(
            Set(frame.resultMarks.keys) == [
                TensorIndex(channel: 0, row: 0, column: 3), TensorIndex(channel: 0, row: 0, column: 4),
                TensorIndex(channel: 0, row: 1, column: 3), TensorIndex(channel: 0, row: 1, column: 4),
            ])
        // After the first row of stamps, dL/dX[0,1,0] has the stamps of out[0,0,0] and out[0,0,1] only.
        #expect(frame.partial[TensorIndex(channel: 0, row: 1, column: 0)] == 2 + 1)
        #expect(frame.partial[TensorIndex(channel: 0, row: 3, column: 3)] == 0)
        let screen = Screen.render(state).text
        #expect(screen.contains("dL/dY[0,0,4] = 1 stamps the kernel × 1 onto dL/dX:"))
        #expect(screen.contains("dX[0,1,4] += 1·1"))
    }

    @Test func everyViewEndsEachCellOnTheWholeGradientBitForBit() throws {
        for name in ["pytorch-example", "padding-reflect", "groups-2", "transposed-overlap", "avg-pool-padding"] {
            var state = try Shipped.state(name)
            state.type("g")
            for _ in 0..<3 {
                let subject = try #require(backward(state))
                let timeline = subject.timeline
                for cell in 0..<timeline.cells {
                    state.playback = Playback(position: timeline.lastStep(ofCell: cell), revealing: true)
                    let frame = BackwardFrame(state, subject)
                    let index = timeline.index(ofCell: cell)
                    switch subject.view {
                    case .scatter:
                        if cell == timeline.cells - 1 {
                            for (key, value) in frame.partial where key.n == index.n {
                                #expect(value == subject.gradients.input[key.n, key.channel, key.row, key.column])
                            }
                        }
                    case .gather:
                        #expect(
                            frame.partial[index]
                                == subject.gradients.input[
                                    index.n, index.channel, index.row, index.column])
                    case .weight:
                        #expect(
                            frame.partial[index]
                                == subject.gradients.weight?[
                                    index.n, index.channel, index.row, index.column])
                    }
                }
                state.type("e")
            }
        }
    }

    @Test func typingSetsTheSelectedDLdYCellAndUndoTakesItBack() throws {
        var state = try Shipped.state("pytorch-example")
        state.type("g")
        state.press(.home)
        state.type("n3")
        state.press(.enter)
        let gradient = try #require(state.preset.gradOutput)
        #expect(gradient[0, 0, 0, 1] == 3)
        #expect(gradient.values.reduce(0, +) == 27)
        #expect(backward(state)?.gradients == (try state.preset.gradients()))
        #expect(state.isDirty)
        state.type("u")
        #expect(state.preset.gradOutput == nil)
        #expect(backward(state)?.gradients.input == (try state.preset.gradients()).input)
        state.type("z")
        #expect(backward(state)?.gradients.input.values.allSatisfy { $0 == 0 } == true)
        state.type("r")
        let random = try #require(state.preset.gradOutput)
        #expect(random.values.allSatisfy { (-2...2).contains($0) })
        #expect(backward(state)?.gradients == (try state.preset.gradients()))
    }

    @Test func parameterKeysAskToReturnToTheForwardPass() throws {
        var state = try Shipped.state("pytorch-example")
        state.type("gs")
        #expect(state.preset.parameters.stride == .uniform(1))
        #expect(state.status?.isError == true)
        state.type("g")
        state.type("s")
        #expect(state.preset.parameters.stride == .uniform(2))
        state.type("cc")
        #expect(state.preset.parameters.groups == 3)
    }

    @Test func theWeightViewGrowsTheArithmeticTermByTerm() throws {
        var state = try Shipped.state("pytorch-example", width: 140, height: 45)
        state.type("gee")
        #expect(backward(state)?.view == .weight)
        state.press(.home)
        state.type("nnnnn")
        let screen = Screen.render(state).text
        // Tap w[0,0] reads padding for the first output row, then X[0,0] for out[0,1,1].
        let pads = Array(repeating: "1·0(pad)", count: 6).joined(separator: " + ")
        #expect(screen.contains("dL/dW[0,0,0,0] = \(pads) = 0 so far"))
        state.type("n")
        #expect(Screen.render(state).text.contains("1·0(pad) + 1·1 = 1 so far"))
    }

    @Test func theGatherViewLinksADLdXCellToEveryPairFeedingIt() throws {
        var state = try Shipped.state("pytorch-example", width: 140, height: 45)
        state.type("ge")
        state.apply(.run("grad"), .run("grad"))
        #expect(backward(state)?.view == .scatter)
        state.type("e")
        state.press(.down, .down, .right, .right)
        let subject = try #require(backward(state))
        #expect(subject.currentCell(state.playback) == TensorIndex(channel: 0, row: 2, column: 2))
        let frame = BackwardFrame(state, subject)
        #expect(frame.gradientMarks.count == 9)
        #expect(frame.weightMarks.count == 9)
        #expect(
            Screen.render(state).text.contains(
                "dL/dX[0,2,2] = 1·0 + 1·1 + 1·2 + 1·0 + 1·1 + 1·0 + 1·1 + 1·2 + 1·1 = 8"))
    }

    @Test func maxPoolingRoutesToTheFirstMaximumAndShowsTheTies() throws {
        var state = AppState(preset: try PresetLoader.parse(Self.tiedPooling, file: "p.yaml"), width: 100, height: 30)
        state.type("g")
        state.press(.home)
        let subject = try #require(backward(state))
        let frame = BackwardFrame(state, subject)
        #expect(frame.inputMarks[TensorIndex(channel: 0, row: 0, column: 0)] == .current)
        #expect(frame.inputMarks[TensorIndex(channel: 0, row: 1, column: 0)] == .tie)
        #expect(Screen.render(state).text.contains("tie: X[0,1,0] is 5 too, but PyTorch routes"))
        #expect(subject.gradients.input[0, 0, 0, 0] == 1)
        #expect(subject.gradients.input[0, 0, 1, 0] == 0)
        #expect(subject.views == [.scatter, .gather])
    }

    @Test func theHolesLessonShowsAGradientNothingReads() throws {
        var state = try Shipped.state("lesson-backward-holes")
        state.type("t")
        #expect(backward(state)?.view == .scatter)
        state.apply(.lessonStep(3))
        let subject = try #require(backward(state))
        #expect(subject.view == .gather)
        #expect(state.preset.parameters.dilation == .uniform(2))
        #expect(subject.currentCell(state.playback) == TensorIndex(channel: 0, row: 1, column: 1))
        #expect(Screen.render(state).text.contains("dL/dX[0,1,1] = 0: nothing reads this cell"))
        state.apply(.lessonStep(-3))
        #expect(state.preset.parameters.dilation == .uniform(1))
    }

    @Test func theSeedLessonWalksBothGradients() throws {
        var state = try Shipped.state("lesson-backward")
        state.type("t")
        #expect(!state.isBackward)
        for (step, view) in [(1, BackwardSubject.View.scatter), (3, .gather), (5, .weight)] {
            state.apply(.lessonStep(step - (state.lesson?.index ?? 0)))
            #expect(backward(state)?.view == view)
        }
        #expect(backward(state)?.currentCell(state.playback) == TensorIndex(channel: 0, row: 1, column: 1))
        state.apply(.stepCell(0))
        #expect(Screen.render(state, color: false).text.contains("= 30"))
    }

    @Test func aPresetPyTorchRejectsHasNoBackwardPass() throws {
        var state = try Shipped.state("pytorch-example")
        state.apply(.run("stride 0"))
        state.type("g")
        #expect(!state.isBackward)
        #expect(state.status?.isError == true)
    }
}

/// Snapshots of the backward views at 80x24, 140x45 and 200x60 (re-record with SNAPSHOT_TESTING_RECORD=all).
@Suite
struct BackwardSnapshotTests {
    static let sizes = [(80, 24), (140, 45), (200, 60)]

    func snapshot(
        _ state: AppState, named name: String, fileID: StaticString = #fileID,
        file: StaticString = #filePath, line: UInt = #line, column: UInt = #column
    ) {
        assertSnapshot(
            of: Screen.render(state, color: false).text, as: .lines, named: name,
            fileID: fileID, file: file, testName: "screen", line: line, column: column)
    }

    @Test(arguments: sizes) func seedExample(width: Int, height: Int) throws {
        var state = try Shipped.state("pytorch-example", width: width, height: height)
        state.type("g")
        state.apply(.jumpToStart, .step(6))
        snapshot(state, named: "backward-scatter-\(width)x\(height)")
        state.type("e")
        state.apply(.jumpToStart, .stepCell(12), .step(-4))
        snapshot(state, named: "backward-gather-\(width)x\(height)")
        state.type("e")
        state.apply(.jumpToStart, .step(10))
        snapshot(state, named: "backward-weight-\(width)x\(height)")
    }

    @Test(arguments: sizes) func stridedDilated(width: Int, height: Int) throws {
        var state = try Shipped.state("lesson-backward-holes", width: width, height: height)
        state.apply(.run("dilation 2"), .toggleBackward, .jumpToStart, .step(2))
        snapshot(state, named: "backward-holes-scatter-\(width)x\(height)")
    }

    @Test(arguments: sizes) func maxPoolingTies(width: Int, height: Int) throws {
        var state = AppState(
            preset: try PresetLoader.parse(BackwardTests.tiedPooling, file: "p.yaml"), width: width, height: height)
        state.apply(.toggleBackward, .jumpToStart)
        snapshot(state, named: "backward-max-pool-ties-\(width)x\(height)")
    }
}

extension BackwardTests {
    @Test func aForwardEditThatReshapesTheOutputDropsDLdY() throws {
        var state = try Shipped.state("pytorch-example")
        state.type("gr")
        #expect(state.preset.gradOutput != nil)
        state.type("g")
        state.type("s")
        #expect(state.preset.gradOutput == nil)
        state.type("u")
        #expect(state.preset.gradOutput?.shape == Shape4(n: 1, c: 1, h: 5, w: 5))
        state.type("g")
        #expect(backward(state)?.gradients == (try state.preset.gradients()))
    }
}
