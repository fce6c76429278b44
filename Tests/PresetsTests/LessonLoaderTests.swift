import Presets
import Testing

/// Lesson steps are checked when the file loads: a `select:` names a cell the step shows.
struct LessonLoaderTests {
    static let base = """
        name: l
        input: [[1, 2, 3, 4], [5, 6, 7, 8], [9, 8, 7, 6], [5, 4, 3, 2]]
        kernel: [[1, 0], [0, 1]]

        """

    @Test func aSelectionInsideTheStepsOutputLoads() throws {
        let preset = try PresetLoader.parse(
            Self.base + """
                lesson:
                  - text: 3x3 output
                    select: [2, 2]
                  - text: stride 2, 2x2 output
                    set: {stride: 2}
                    select: [1, 1]
                """, file: "l.yaml")
        #expect(preset.lesson.count == 2)
    }

    @Test func aSelectionOutsideTheStepsOutputIsRefused() {
        let error = parseError(
            Self.base + """
                lesson:
                  - text: 3x3 output
                    select: [2, 2]
                  - text: stride 2 leaves a 2x2 output
                    set: {stride: 2}
                    select: [2, 2]
                """)
        #expect(error?.key == "lesson, step 2, select")
        #expect(error?.message == "[2, 2] is outside the output at this step (row 0–1, column 0–1)")
    }

    @Test func aTransposedLessonSelectsInputCells() {
        let error = parseError(
            Self.base + """
                transposed: true
                lesson:
                  - text: the scatter view steps through the input
                    select: [0, 4]
                """)
        #expect(error?.message == "[0, 4] is outside the input at this step (row 0–3, column 0–3)")
    }
}
