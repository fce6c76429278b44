import ConvCore
@testable import ConvvizUI
import Presets
import Testing

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
