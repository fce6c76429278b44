import ConvCore
import Presets
import Testing

@testable import ConvvizUI

/// A lesson on a layer stack: each step moves the pipeline's selection to its grid and unit, and turns path
/// counts on or off; `t` starts and ends it, PgDn and PgUp step.
struct StackLessonTests {
    @Test func steppingTheHolesLessonMovesThePipelinesSelection() throws {
        var state = try Shipped.state("lesson-holes", width: 140, height: 45)
        state.press(.character("t"))
        var pipeline = try #require(state.pipeline)
        #expect(state.lesson?.index == 0)
        #expect(pipeline.grid == 1 && pipeline.selection == TensorIndex(channel: 0, row: 16, column: 16))
        #expect(pipeline.showsPaths)
        // Dilation 2: a 5x5 field with 9 pixels reached and 16 holes.
        let first = try #require(pipeline.unit)
        #expect(first.rows[0] == 14...18 && first.columns[0] == 14...18)
        state.press(.pageDown)
        pipeline = try #require(state.pipeline)
        #expect(pipeline.grid == 2 && pipeline.unit?.rows[0] == 12...20)
        state.press(.pageDown, .pageDown, .pageDown)
        pipeline = try #require(state.pipeline)
        #expect(state.lesson?.index == 4)
        #expect(pipeline.grid == 4 && pipeline.selection == TensorIndex(channel: 0, row: 33, column: 33))
        #expect(pipeline.unit?.rows[0] == 11...22 && pipeline.showsPaths)
        state.press(.pageUp)
        #expect(state.pipeline?.selection == TensorIndex(channel: 0, row: 32, column: 32))
        #expect(state.pipeline?.unit?.rows[0] == 11...21)
        // The student explores between steps: arrows still move the unit, and the next step moves it back.
        state.press(.right)
        #expect(state.pipeline?.selection.column == 33)
        state.press(.pageDown, .pageDown)
        #expect(state.pipeline?.grid == 5 && state.pipeline?.selection == TensorIndex(channel: 0, row: 65, column: 65))
        state.press(.character("t"))
        #expect(state.lesson == nil && state.pipeline?.grid == 5)
    }

    @Test func pathsOffInAStepShowsValuesAgain() throws {
        var state = try Shipped.state("lesson-field-grows", width: 140, height: 45)
        state.apply(.toggleFieldPaths, .toggleLesson)
        #expect(state.pipeline?.showsPaths == false && state.pipeline?.grid == 1)
        state.apply(.lessonStep(8))
        #expect(state.lesson?.index == 8 && state.pipeline?.showsPaths == true)
        #expect(state.pipeline?.grid == 8 && state.pipeline?.unit?.rows[0] == 1...64)
    }
}
