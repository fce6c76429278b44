import Presets
import Testing

/// `backward:` lesson steps: the view to show, its `select:` checked against the tensor the view steps through.
struct BackwardLessonStepTests {
    static let base = """
        name: l
        input: [[1, 2, 3, 4], [5, 6, 7, 8], [9, 8, 7, 6], [5, 4, 3, 2]]
        kernel: [[1, 0], [0, 1]]
        stride: 2

        """

    @Test func eachViewSelectsInItsOwnTensorAndSavesBack() throws {
        let preset = try PresetLoader.parse(
            Self.base + """
                lesson:
                  - text: a dL/dY cell of the 2x2 output
                    backward: scatter
                    select: [1, 1]
                  - text: a dL/dX cell of the 4x4 input
                    backward: gather
                    select: [3, 3]
                  - text: a tap of the 2x2 kernel
                    backward: weight
                    select: [0, 0, 1, 1]
                    animate: cell
                """, file: "l.yaml")
        #expect(preset.lesson.map(\.backward) == [.scatter, .gather, .weight])
        let reloaded = try PresetLoader.parse(PresetWriter.yaml(preset), file: "l.yaml")
        #expect(reloaded.lesson == preset.lesson)
    }

    @Test func aSelectionOutsideTheViewsTensorIsRefused() {
        let error = parseError(
            Self.base + """
                lesson:
                  - text: dL/dY is 2x2
                    backward: scatter
                    select: [2, 2]
                """)
        #expect(error?.key == "lesson, step 1, select")
        #expect(error?.message == "[2, 2] is outside the dL/dY at this step (row 0–1, column 0–1)")
        let weight = parseError(
            Self.base + """
                lesson:
                  - text: the kernel is 2x2
                    backward: weight
                    select: [0, 0, 2, 0]
                """)
        #expect(
            weight?.message
                == "[0, 0, 2, 0] is outside the dL/dW at this step (item 0–0, channel 0–0, row 0–1, column 0–1)")
    }

    @Test func anUnknownViewOrAQuizIsRefused() {
        let view = parseError(
            Self.base + """
                lesson:
                  - text: t
                    backward: sideways
                """)
        #expect(view?.key == "lesson, step 1, backward")
        let quiz = parseError(
            Self.base + """
                lesson:
                  - text: t
                    backward: gather
                    quiz: value
                """)
        #expect(quiz?.message == "a quiz step shows the forward pass")
    }
}
