import ConvCore
import Presets
import Testing

@testable import ConvvizUI

/// The pipeline of a layer stack: selecting grids and units, the field traced back, opening a layer and coming
/// back, editing the input.
@Suite
struct PipelineTests {
    var state: AppState

    init() throws {
        state = try Shipped.state("tiny-vgg", width: 140, height: 45)
    }

    @Test func opensOnTheCentreOfTheLastPooling() throws {
        let pipeline = try #require(state.pipeline)
        #expect(pipeline.grid == 10)
        #expect(pipeline.selection == TensorIndex(channel: 0, row: 6, column: 6))
        let unit = try #require(pipeline.unit)
        #expect(unit.rows[0] == 24...39 && unit.columns[0] == 24...39)
        #expect(state.timeline == nil && state.subject.isEditable == false)
    }
}

extension PipelineTests {
    /// A fresh stack over the document's preset: what every incremental change must equal.
    func recomputed(_ state: AppState) throws -> [Tensor] {
        try state.preset.stack().outputs
    }

    @Test mutating func tabSelectsLayersAndTheUnitKeepsItsPlace() throws {
        state.press(.tab)
        #expect(state.pipeline?.grid == 11 && state.pipeline?.unit == nil)
        #expect(state.status?.text == "layer 11: flatten (1, 1690)")
        state.press(.backTab, .backTab)
        let pipeline = try #require(state.pipeline)
        #expect(pipeline.grid == 9 && pipeline.selection == TensorIndex(channel: 0, row: 12, column: 12))
        #expect(pipeline.unit?.rows[0] == 24...37)
        state.press(.home)
        #expect(state.pipeline?.grid == 0 && state.pipeline?.unit == nil)
        state.press(.end)
        #expect(state.pipeline?.grid == 13)
    }

    @Test mutating func arrowsMoveTheUnitAndItsFieldFollows() throws {
        state.press(.right)
        #expect(state.pipeline?.unit?.columns[0] == 28...43 && state.pipeline?.unit?.rows[0] == 24...39)
        state.press(.up, .up)
        #expect(state.pipeline?.unit?.rows[0] == 16...31)
        state.press(.right, .right, .right, .right, .right, .right, .right, .right)
        let unit = try #require(state.pipeline?.unit)
        #expect(unit.column == 12 && unit.columns[0] == 48...63)
        #expect(unit.columns[5] == 24...29 && unit.rows[9] == 8...9)
        state.press(.character("c"), .character("c"), .character("C"))
        #expect(state.pipeline?.channel == 1)
        state.press(.character("f"))
        #expect(state.pipeline?.showsPaths == true)
        state.apply(.run("paths off"))
        #expect(state.pipeline?.showsPaths == false)
    }

    @Test mutating func enterOpensAConvolutionOnThePreviousOutputAndEscReturns() throws {
        state.apply(.run("layer 8"), .run("unit 3 4 2"))
        let pipeline = try #require(state.pipeline)
        state.press(.enter)
        #expect(state.isInsideLayer && state.pipeline == nil)
        guard case .convolution = state.subject else { throw TestFailure("not a convolution: \(state.subject)") }
        #expect(state.preset.input == pipeline.stack.outputs[6])
        #expect(state.workspace.output == pipeline.stack.outputs[7])
        #expect(state.cursors.output == TensorIndex(channel: 2, row: 3, column: 4))
        #expect(state.status?.text.contains("Esc returns to the pipeline") == true)
        state.press(.escape)
        #expect(!state.isInsideLayer && state.pipeline?.grid == 8)
        #expect(state.pipeline?.selection == TensorIndex(channel: 2, row: 3, column: 4))
        #expect(!state.isDirty)
    }

    @Test mutating func enterOpensAPoolingAndRefusesAnActivation() throws {
        state.press(.enter)
        #expect(state.pooling?.output == state.parked.first?.pipeline?.stack.outputs[9])
        state.press(.escape, .backTab)
        state.press(.enter)
        #expect(state.pipeline?.grid == 9 && state.status?.isError == true)
        #expect(state.status?.text.hasPrefix("relu has no view of its own") == true)
        state.press(.home, .enter)
        #expect(state.pipeline?.grid == 0 && state.status?.isError == true)
    }

    @Test mutating func weightsEditedInALayerViewReachEveryLaterLayer() throws {
        state.apply(.run("layer 1"))
        state.press(.enter)
        state.change { $0.setKernel(TensorIndex(n: 0, channel: 1, row: 2, column: 0), 0.5) }
        state.press(.escape)
        let pipeline = try #require(state.pipeline)
        #expect(state.status?.text.contains("carried into every later layer") == true)
        #expect(try pipeline.stack.outputs == recomputed(state))
        guard case let .stack(layers) = state.preset.operation, case let .conv2d(first) = layers[0],
            case let .values(weight) = first.weights
        else { throw TestFailure("layer 0 is not values") }
        #expect(weight[0, 1, 2, 0] == 0.5 && state.isDirty)
        state.press(.character("u"))
        #expect(try !state.isDirty && state.pipeline?.stack.outputs == recomputed(state))
    }

    @Test mutating func editingAnInputValueUpdatesEveryLayer() throws {
        state.apply(.run("layer 0"), .run("unit 30 31 1"))
        state.type("0.25")
        #expect(
            state.mode
                == .editing(
                    EditBuffer(
                        grid: .input, index: TensorIndex(channel: 1, row: 30, column: 31),
                        text: "0.25")))
        state.press(.enter)
        #expect(state.preset.input[0, 1, 30, 31] == 0.25 && state.isDirty)
        let pipeline = try #require(state.pipeline)
        #expect(pipeline.stack.input == state.preset.input)
        #expect(try pipeline.stack.outputs == recomputed(state))
        #expect(state.status?.text.hasPrefix("values changed per layer: 90 ") == true)
        state.press(.character("u"))
        #expect(try !state.isDirty && state.pipeline?.stack.outputs == recomputed(state))
    }

    @Test mutating func aLayerViewOverAnEditedPipelineAsksBeforeQuitting() {
        state.apply(.run("layer 0"))
        state.type("7")
        state.press(.enter, .tab, .enter)
        #expect(state.isInsideLayer && state.isDirty)
        #expect(state.press(.character("q")).isEmpty && state.mode == .confirmQuit)
    }

    @Test func aRecordingWalksTheUnitAlongItsRowAndBackWithThePaths() throws {
        let small = try Shipped.state("tiny-vgg", width: 80, height: 24)
        let lines = Recording.asciicast(small, stepsPerSecond: 4, color: false, title: "t").split(separator: "\n")
        #expect(lines.count == 1 + 1 + 6 + 1 + 6)
        #expect(lines[7].contains("unit [6, 12]") && lines[8].contains("paths: each earlier grid"))
        #expect(lines.last?.contains("[c0, 6, 6]") == true)
    }

    @Test mutating func layersOutputsAreNotTyped() {
        state.type("5")
        #expect(state.mode == .normal && state.status?.isError == true)
        state.press(.character(" "))
        #expect(state.status?.text.hasPrefix("the pipeline does not animate") == true)
        state.press(.character("s"))
        #expect(state.status?.text.hasPrefix("in the pipeline only the input is edited") == true)
    }

    @Test mutating func commandsCheckTheirArguments() throws {
        state.apply(.run("layer 14"))
        #expect(state.status?.text == "there is no layer 14: 0 is the input, 1–13 the layers")
        state.apply(.run("unit 13 0"))
        #expect(state.status?.text == "[13, 0] is outside 10 x 13 x 13")
        state.apply(.run("layer 12"), .run("unit 1 1"))
        #expect(state.status?.text == "flat features have no rows and columns")
        var single = try Shipped.state("sobel")
        single.apply(.run("layer 1"))
        #expect(single.status?.isError == true && single.status?.text.hasPrefix(":layer works on a stack") == true)
    }
}

/// A failed expectation that stops the test.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
