import ConvCore
import Presets
import Testing

@testable import ConvvizUI

/// The reducer, action by action: navigation, editing, parameters, undo, commands, quitting.
struct ReducerTests {
    let seed: [[Double]] = [
        [1, 3, 3, 5, 1], [5, 10, 11, 9, 5], [7, 17, 11, 8, 3], [11, 13, 9, 3, 4], [14, 13, 9, 7, 4],
    ]

    @Test func startsOnTheSeedOutputWithTheInputFocused() throws {
        let state = try Shipped.state("pytorch-example")
        #expect(state.outputRows == seed)
        #expect(state.cursors.focus == .input)
        #expect(state.playback.revealing == false)
    }

    @Test func typingANumberEditsTheInputAndRecomputes() throws {
        var state = try Shipped.state("pytorch-example")
        state.type("7")
        #expect(
            state.mode
                == .editing(EditBuffer(grid: .input, index: TensorIndex(channel: 0, row: 0, column: 0), text: "7")))
        state.press(.enter)
        #expect(state.preset.input[0, 0, 0, 0] == 7)
        #expect(state.outputRows?[0] == [7, 3, 3, 5, 1])
        #expect(state.outputRows?[1] == [17, 16, 11, 9, 5])
        #expect(state.isDirty)
    }

    @Test func undoingEveryEditMakesThePresetCleanAgain() throws {
        var state = try Shipped.state("pytorch-example")
        state.type("4")
        state.press(.enter)
        state.type("s")
        #expect(state.isDirty)
        state.type("uu")
        #expect(!state.isDirty)
        #expect(state.apply(.requestQuit) == [.quit], "nothing to lose, so no question")
        state.type("U")
        #expect(state.isDirty)
    }

    @Test func selectCommandPicksAnOutputCellInsideTheOutput() throws {
        var state = try Shipped.state("pytorch-example")
        state.apply(.run("select 1 2"))
        #expect(state.cursors.output == TensorIndex(channel: 0, row: 1, column: 2))
        state.apply(.run("select 9 9"))
        #expect(state.status?.text == "out[0,9,9] is outside the output (1 x 5 x 5)")
        #expect(state.cursors.output == TensorIndex(channel: 0, row: 1, column: 2))
    }

    @Test func aMessageLastsUntilTheNextKey() throws {
        var state = try Shipped.state("pytorch-example")
        state.apply(.run("foo"))
        #expect(state.status?.isError == true)
        state.apply(.tick(1), .resize(width: 100, height: 30))
        #expect(state.status?.isError == true, "the clock and resizes keep it")
        state.apply(.run("stride 2"))
        #expect(state.status?.isError != true)
        state.type("z")
        #expect(state.status?.text == "zeroed the input")
        state.press(.right)
        #expect(state.status == nil)
    }

    @Test func negativeAndDecimalValuesAndBackspace() throws {
        var state = try Shipped.state("pytorch-example")
        state.press(.right)
        state.type("-2.55")
        state.press(.backspace, .enter)
        #expect(state.preset.input[0, 0, 0, 1] == -2.5)
    }

    @Test func escapeCancelsAnEditAndAMalformedNumberIsKept() throws {
        var state = try Shipped.state("pytorch-example")
        state.type("5")
        state.press(.escape)
        #expect(state.mode == .normal)
        #expect(state.preset.input[0, 0, 0, 0] == 1)
        state.type("1-2")
        state.press(.enter)
        guard case let .editing(buffer) = state.mode else {
            Issue.record("the edit was dropped")
            return
        }
        #expect(buffer.text == "1-2")
        #expect(state.status?.isError == true)
    }

    @Test func undoAndRedoWalkTheHistory() throws {
        var state = try Shipped.state("pytorch-example")
        state.type("9")
        state.press(.enter)
        state.type("s")
        #expect(state.preset.parameters.stride == .uniform(2))
        state.type("u")
        #expect(state.preset.parameters.stride == .uniform(1))
        state.type("u")
        #expect(state.outputRows == seed)
        state.press(.control("r"))
        #expect(state.preset.input[0, 0, 0, 0] == 9)
        state.type("U")
        #expect(state.preset.parameters.stride == .uniform(2))
    }

    @Test func cursorMovesAndStaysInsideTheGrid() throws {
        var state = try Shipped.state("pytorch-example")
        state.type("kkhh")
        #expect(state.cursors.input == TensorIndex(channel: 0, row: 0, column: 0))
        state.type("jjjjjjjllllllll")
        #expect(state.cursors.input == TensorIndex(channel: 0, row: 4, column: 4))
    }

    @Test func tabCyclesThePanels() throws {
        var state = try Shipped.state("bias")
        var seen: [Focus] = []
        for _ in 0..<5 {
            state.press(.tab)
            seen.append(state.cursors.focus)
        }
        #expect(seen == [.kernel, .bias, .output, .parameters, .input])
        state.press(.backTab)
        #expect(state.cursors.focus == .parameters)
    }

    @Test func strideDilationPaddingKeysChangeBothAxes() throws {
        var state = try Shipped.state("pytorch-example")
        state.type("s")
        #expect(state.workspace.output?.shape == Shape4(n: 1, c: 1, h: 3, w: 3))
        state.type("S")
        state.type("d")
        #expect(state.preset.parameters.dilation == .uniform(2))
        #expect(state.workspace.output?.shape == Shape4(n: 1, c: 1, h: 3, w: 3))
        state.type("D")
        state.type("p")
        #expect(state.preset.parameters.padding == .uniform(2))
        #expect(state.workspace.output?.shape == Shape4(n: 1, c: 1, h: 7, w: 7))
    }

    @Test func theParameterBarChangesOneAxis() throws {
        var state = try Shipped.state("pytorch-example")
        state.apply(.selectParameter(.strideWidth))
        state.press(.up)
        #expect(state.preset.parameters.stride == AxisPair(height: 1, width: 2))
        state.press(.right, .right, .up)
        #expect(state.preset.parameters.padding == .explicit(height: 1, width: 2))
        state.press(.down)
        #expect(state.preset.parameters.padding == .uniform(1))
    }

    @Test func paddingKindAndModeCycle() throws {
        var state = try Shipped.state("pytorch-example")
        state.type("a")
        #expect(state.preset.parameters.padding == .same)
        state.type("a")
        #expect(state.preset.parameters.padding == .valid)
        #expect(state.workspace.output?.shape.h == 3)
        state.type("a")
        #expect(state.preset.parameters.padding == .uniform(0))
        state.type("m")
        #expect(state.preset.parameters.paddingMode == .reflect)
        state.type("mmm")
        #expect(state.preset.parameters.paddingMode == .zeros)
    }

    @Test func anInvalidCombinationExplainsItselfKeepsEverythingAndRecovers() throws {
        var state = try Shipped.state("pytorch-example")
        state.type("7")
        state.press(.enter)
        state.type("s")
        state.apply(.run("padding same"))
        #expect(state.workspace.output == nil)
        #expect(state.workspace.error == .sameWithStride(.uniform(2)))
        #expect(state.preset.input[0, 0, 0, 0] == 7)
        state.type("S")
        #expect(state.workspace.error == nil)
        #expect(state.workspace.output?.shape == Shape4(n: 1, c: 1, h: 5, w: 5))
    }

    @Test func strideZeroIsRefusedWithTheReason() throws {
        var state = try Shipped.state("pytorch-example")
        state.type("S")
        #expect(state.workspace.error == .nonPositiveStride(.uniform(0)))
        state.apply(.togglePlay)
        #expect(state.status?.isError == true)
        #expect(state.playback.playing == false)
    }

    @Test func channelsFiltersGroupsAndBias() throws {
        var state = try Shipped.state("pytorch-example")
        state.type("ii")
        #expect(state.preset.input.shape.c == 3)
        #expect(state.preset.kernel.shape.c == 3)
        state.type("oo")
        #expect(state.preset.kernel.shape.n == 3)
        state.type("cc")
        #expect(state.preset.parameters.groups == 3)
        #expect(state.preset.kernel.shape == Shape4(n: 3, c: 1, h: 3, w: 3))
        #expect(state.workspace.error == nil)
        state.type("C")
        #expect(state.workspace.error == .inputChannelsNotDivisible(channels: 3, groups: 2))
        state.type("C")
        #expect(state.preset.kernel.shape == Shape4(n: 3, c: 3, h: 3, w: 3))
        state.type("b")
        #expect(state.preset.bias == [0, 0, 0])
        state.type("b")
        #expect(state.preset.bias == nil)
    }

    @Test func shrinkingAndGrowingAGridKeepsWhatWasTyped() throws {
        var state = try Shipped.state("pytorch-example")
        state.type("jjjjllll9")
        state.press(.enter)
        #expect(state.preset.input[0, 0, 4, 4] == 9)
        state.type("KH")
        #expect(state.preset.input.shape == Shape4(n: 1, c: 1, h: 4, w: 4))
        #expect(state.cursors.input == TensorIndex(channel: 0, row: 3, column: 3))
        state.type("JL")
        #expect(state.preset.input[0, 0, 4, 4] == 9)
    }

    @Test func randomiseAndZero() throws {
        var state = try Shipped.state("pytorch-example")
        state.press(.tab)
        state.type("z")
        #expect(state.preset.kernel.values.allSatisfy { $0 == 0 })
        #expect(state.outputRows?.allSatisfy { $0.allSatisfy { $0 == 0 } } == true)
        state.type("r")
        #expect(state.preset.kernel.values.contains { $0 != 0 })
        #expect(state.preset.kernel.values.allSatisfy { (-2...2).contains($0) })
    }

    @Test func selectingAnOutputCellScrubsTheAnimation() throws {
        var state = try Shipped.state("pytorch-example")
        state.apply(.select(.output, TensorIndex(channel: 0, row: 2, column: 3)))
        #expect(state.cursors.focus == .output)
        #expect(state.playback.position == 13 * 9 + 8)
        state.press(.left)
        #expect(state.cursors.output == TensorIndex(channel: 0, row: 2, column: 2))
    }

    @Test func commandsChangeParametersAndReportMistakes() throws {
        var state = try Shipped.state("pytorch-example")
        state.type(":stride 2 1")
        state.press(.enter)
        #expect(state.preset.parameters.stride == AxisPair(height: 2, width: 1))
        state.apply(.run("mode circular"), .run("dilation 2"), .run("input 7x6"), .run("kernel 2x3"), .run("groups 1"))
        #expect(state.preset.parameters.paddingMode == .circular)
        #expect(state.preset.parameters.dilation == .uniform(2))
        #expect(state.preset.input.shape == Shape4(n: 1, c: 1, h: 7, w: 6))
        #expect(state.preset.kernel.shape == Shape4(n: 1, c: 1, h: 2, w: 3))
        state.apply(.run("strid 2"))
        #expect(
            state.status
                == StatusMessage(
                    text: "unknown command 'strid' (did you mean 'stride'?); :help lists them", isError: true))
        state.apply(.run("mode mirror"))
        #expect(state.status?.isError == true)
        state.apply(.run("padding x"))
        #expect(state.status?.text == "usage: :padding N [M] | same | valid")
    }

    @Test func commandCompletion() throws {
        var state = try Shipped.state("pytorch-example")
        state.type(":str")
        state.press(.tab)
        #expect(state.mode == .command(CommandLineState(text: "stride ")))
        state.press(.escape)
        state.type(":load padding-r")
        state.press(.tab)
        #expect(
            state.mode
                == .command(
                    CommandLineState(text: "load padding-re", candidates: ["padding-reflect", "padding-replicate"])))
    }

    @Test func loadAndSaveAreEffects() throws {
        var state = try Shipped.state("pytorch-example")
        #expect(state.apply(.run("load sobel")) == [.load("sobel")])
        let effects = state.apply(.run("save /tmp/x.yaml"))
        #expect(effects == [.save(path: "/tmp/x.yaml", contents: PresetWriter.yaml(state.preset), overwrite: false)])
        #expect(
            state.apply(.run("save! /tmp/x.yaml")).first
                == .save(path: "/tmp/x.yaml", contents: PresetWriter.yaml(state.preset), overwrite: true))
        state.apply(.saveFailed("/tmp/x.yaml: already exists; use :save! to replace it"))
        #expect(state.status?.isError == true)
        let sobel = try Shipped.preset("sobel")
        state.apply(.loaded(sobel, path: "presets/sobel.yaml"))
        #expect(state.preset == sobel)
        #expect(state.isDirty == false)
    }

    @Test func quittingAsksOnlyWhenThereAreUnsavedEdits() throws {
        var state = try Shipped.state("pytorch-example")
        #expect(state.press(.character("q")) == [.quit])
        state.type("4")
        state.press(.enter)
        #expect(state.press(.character("q")).isEmpty)
        #expect(state.mode == .confirmQuit)
        #expect(state.press(.character("n")).isEmpty)
        #expect(state.mode == .normal)
        state.press(.character("q"))
        #expect(state.press(.character("y")) == [.quit])
        state.apply(.saved(path: "/tmp/y.yaml"))
        #expect(state.press(.character("q")) == [.quit])
    }

    @Test func helpOpensAndAnyKeyClosesIt() throws {
        var state = try Shipped.state("pytorch-example")
        state.type("?")
        #expect(state.mode == .help)
        state.type("x")
        #expect(state.mode == .normal)
    }

    @Test func clicksSelectCellsAndParameters() throws {
        var state = try Shipped.state("pytorch-example", width: 100, height: 30)
        let screen = Screen.render(state).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let row = try #require(screen.firstIndex { $0.contains("14") && $0.contains("13") })
        let column = try #require(screen[row].range(of: "14")).lowerBound.utf16Offset(in: screen[row])
        state.apply(.click(x: column + 1, y: row))
        #expect(state.cursors.focus == .output)
        #expect(state.cursors.output == TensorIndex(channel: 0, row: 4, column: 0))
        let bar = screen[1]
        let groups = try #require(bar.range(of: "groups")).lowerBound.utf16Offset(in: bar)
        state.apply(.click(x: groups, y: 1))
        #expect(state.cursors.focus == .parameters)
        #expect(state.cursors.parameter == .groups)
        state.apply(.wheel(x: groups, y: 1, delta: 1))
        #expect(state.preset.parameters.groups == 2)
    }

    @Test func resizeIsKept() throws {
        var state = try Shipped.state("pytorch-example")
        state.apply(.resize(width: 132, height: 40))
        #expect(state.screenWidth == 132 && state.screenHeight == 40)
    }
}

/// The preset browser: open, move, open a preset (as a load effect), close.
struct BrowserTests {
    @Test func browseAndOpen() throws {
        var state = try Shipped.state("pytorch-example")
        state.presetPath = "presets/pytorch-example.yaml"
        state.press(.control("o"))
        let start = try #require(state.catalogue.names.firstIndex(of: "pytorch-example"))
        #expect(state.mode == .browser(selection: start))
        state.press(.down)
        #expect(state.mode == .browser(selection: start + 1))
        #expect(state.press(.enter) == [.load(state.catalogue.names[start + 1])])
        #expect(state.mode == .normal)
        state.apply(.run("presets"))
        state.press(.escape)
        #expect(state.mode == .normal)
    }

    @Test func unsavedEditsAreNotDiscardedByOpening() throws {
        var state = try Shipped.state("pytorch-example")
        state.type("5")
        state.press(.enter)
        state.press(.control("o"))
        #expect(state.press(.enter).isEmpty)
        guard case .confirmOpen = state.mode else {
            Issue.record("the browser did not ask: \(state.mode)")
            return
        }
        #expect(state.press(.escape).isEmpty && state.mode == .normal)
        #expect(state.apply(.run("load sobel")).isEmpty)
        #expect(state.apply(.run("load! sobel")) == [.load("sobel")])
    }
}
