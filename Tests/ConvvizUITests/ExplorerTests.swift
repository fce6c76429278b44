import ConvCore
import Presets
import Testing

@testable import ConvvizUI

/// The explorer: a transposed convolution's scatter and direct views, and pooling, stepped and played.
struct ExplorerTests {
    static let transposed = """
        name: upsample by 2
        input:
          - [1, 2]
          - [3, 4]
        kernel:
          - [1, 1]
          - [1, 1]
        transposed: true
        stride: 2
        """

    static let pooling = """
        name: max pool
        input:
          - [1, 5, 2, 0]
          - [3, 4, 8, 1]
          - [0, 2, 9, 7]
          - [6, 1, 3, 2]
        pool: max
        kernel_size: 2
        """

    func state(_ text: String, width: Int = 100, height: Int = 30) throws -> AppState {
        AppState(preset: try PresetLoader.parse(text, file: "explorer.yaml"), width: width, height: height)
    }

    @Test func aTransposedPresetOpensTheScatterViewOnTheWholeOutput() throws {
        var state = try state(Self.transposed)
        state.apply(.zoom(.set(1)))
        #expect(state.transposed?.view == .scatter)
        #expect(state.totalSteps == 4)
        let screen = Screen.render(state).text
        #expect(screen.contains("conv_transpose2d scatter view"))
        #expect(screen.contains("3 3[4 4]"))
    }

    @Test func steppingStampsOneInputCellAtATime() throws {
        var state = try state(Self.transposed)
        state.apply(.zoom(.set(1)))
        state.press(.home)
        #expect(state.transposed?.stampedCell(state.playback) == TensorIndex(channel: 0, row: 0, column: 0))
        state.type("n")
        #expect(state.transposed?.stampedCell(state.playback) == TensorIndex(channel: 0, row: 0, column: 1))
        let screen = Screen.render(state).text
        #expect(screen.contains("1 1[2 2]"))
        #expect(screen.contains("· · · ·"))
        #expect(screen.contains("input[0,0,1] = 2 stamps the kernel × 2: out[0,0,2] += 2·1"))
    }

    @Test func eSwitchesToTheDirectConvolutionAndBack() throws {
        var state = try state(Self.transposed)
        state.type("e")
        #expect(state.transposed?.view == .direct)
        let direct = try #require(state.transposed?.direct)
        #expect(direct.preset.input.shape == Shape4(n: 1, c: 1, h: 5, w: 5))
        #expect(direct.workspace.output?.values == [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
        #expect(Screen.render(state).text.contains("◦"))
        state.press(.home)
        state.type("nn")
        #expect(state.playback.position == 2)
        state.type("e")
        #expect(state.transposed?.view == .scatter)
    }

    @Test func theDirectViewEqualsTheTransposedOutputForOverlapsCropsAndOutputPadding() throws {
        let text = """
            name: overlap
            input: [[[1, -2, 3], [0.5, 4, -1]], [[2, 0, 1], [1, 1, -3]]]
            kernel: [[[[1, 2, 0], [0, -1, 1], [2, 1, 1]]], [[[0, 1, 1], [1, 0, -2], [1, 1, 0]]]]
            transposed: true
            stride: 2
            padding: 1
            output_padding: 1
            groups: 2
            bias: [0.5, -1]
            """
        let state = try state(text)
        let transposedOutput = try state.preset.output()
        let direct = try #require(state.transposed?.direct?.workspace.output)
        #expect(direct.shape == transposedOutput.shape)
        #expect(zip(direct.values, transposedOutput.values).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func editingIsRefusedWithAReason() throws {
        var state = try state(Self.transposed)
        let before = state.preset
        state.type("5")
        state.press(.enter)
        state.type("s")
        #expect(state.preset == before)
        #expect(state.status?.isError == true)
    }

    @Test func poolingWalksTheWindowAndShowsTheMax() throws {
        var state = try state(Self.pooling)
        #expect(state.pooling != nil)
        state.press(.home)
        state.type("nnnnn")
        #expect(state.pooling?.currentCell(state.playback) == TensorIndex(channel: 0, row: 0, column: 1))
        let screen = Screen.render(state).text
        #expect(screen.contains("out[0,0,1] = max(2, 0, …) = 2 so far"))
        state.press(.end)
        #expect(Screen.render(state).text.contains("out[0,1,1] = max(9, 7, 3, 2) = 9"))
    }

    @Test func stepsSkipThePositionsAClippedCeilModeWindowLacks() throws {
        var state = try Shipped.state("max-pool-ceil", width: 120, height: 40)
        state.press(.end)
        var seen: [String] = []
        for key in Array(repeating: "N", count: 4) + Array(repeating: "n", count: 3) {
            state.type(key)
            let footer = Screen.render(state).text.split(separator: "\n").first { $0.contains("· tap ") } ?? ""
            seen.append(String(footer.split(separator: "cell ").last ?? ""))
        }
        #expect(
            seen == [
                "8/9 · tap 2/2", "8/9 · tap 1/2", "7/9 · tap 2/2", "7/9 · tap 1/2",
                "7/9 · tap 2/2", "8/9 · tap 1/2", "8/9 · tap 2/2",
            ])
        state.apply(.jumpToStart, .stepCell(6), .togglePlay, .tick(0), .tick(0.25), .tick(0.5), .tick(0.75))
        #expect(
            state.pooling?.currentCell(state.playback) == TensorIndex(channel: 0, row: 2, column: 2),
            "playing does not pause on clipped taps")
    }

    @Test func playingAdvancesWithTheClock() throws {
        var state = try state(Self.pooling)
        state.apply(.togglePlay, .tick(10), .tick(11))
        #expect(state.playback.position == 4)
        state.apply(.tick(20))
        #expect(state.playback.position == 8)
    }

    @Test func anInvalidPresetSaysWhy() throws {
        let text = Self.transposed.replacingOccurrences(of: "stride: 2", with: "stride: 2\noutput_padding: 2")
        #expect(throws: PresetError.self) { try PresetLoader.parse(text, file: "x.yaml") }
    }
}
