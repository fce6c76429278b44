import ConvCore
import Presets
import Testing

@testable import ConvvizUI

/// Lessons: steps apply cumulatively, quizzes hide the answer until it is right.
struct LessonTests {
    static let text = """
        name: Lesson under test
        input:
          - [1, 2, 0, 3, 1]
          - [0, 1, 1, 0, 0]
          - [1, 2, 1, 0, 0]
          - [5, 2, 3, 1, 1]
          - [2, 1, 0, 1, 1]
        kernel:
          - [1, 2, 1]
          - [0, 1, 0]
          - [2, 1, 0]
        padding: 1
        lesson:
          - text: Watch out[1, 2].
            select: [1, 2]
            animate: cell
          - text: What is out[2, 2]?
            select: [2, 2]
            quiz: value
          - text: Stride 2. How big is the output?
            set: {stride: 2}
            quiz: shape
        """

    func state() throws -> AppState {
        var state = AppState(preset: try PresetLoader.parse(Self.text, file: "lesson.yaml"), width: 100, height: 30)
        state.apply(.toggleLesson)
        return state
    }

    @Test func theFirstStepSelectsAndAnimates() throws {
        let state = try state()
        #expect(state.lesson?.index == 0)
        #expect(state.cursors.output == TensorIndex(channel: 0, row: 1, column: 2))
        #expect(state.playback.playing)
        #expect(state.playback.position == 7 * 9)
    }

    @Test func aValueQuizHidesTheCellUntilTheRightAnswer() throws {
        var state = try state()
        state.press(.pageDown)
        #expect(state.lesson?.hidesValue == true)
        #expect(Screen.render(state).text.contains("out[0,2,2] = ?"))
        state.type("10")
        state.press(.enter)
        #expect(state.lesson?.verdict?.correct == false)
        #expect(state.lesson?.verdict?.message.contains("= 11") == false)
        #expect(state.lesson?.hidesValue == true)
        state.press(.right)
        #expect(state.lesson?.quizCell == TensorIndex(channel: 0, row: 2, column: 2))
        state.type("11")
        state.press(.enter)
        #expect(state.lesson?.verdict?.correct == true)
        #expect(state.lesson?.verdict?.message.hasPrefix("Right! out[0,2,2] = 11 = 1·1 + 2·1") == true)
        #expect(state.lesson?.hidesValue == false)
    }

    @Test func aShapeQuizAndCumulativeChanges() throws {
        var state = try state()
        state.press(.pageDown, .pageDown)
        #expect(state.preset.parameters.stride == .uniform(2))
        #expect(state.lesson?.hidesShape == true)
        #expect(!Screen.render(state).text.contains("/ 2⌋ + 1 = 3"))
        for typo in ["3", "x3", "3x3x3"] {
            state.type(typo)
            state.press(.enter)
            #expect(
                state.lesson?.verdict?.message == "type the size as height x width, e.g. 5x5", "a typo is not an answer"
            )
        }
        #expect(state.lesson?.wrongAnswers == 0)
        state.type("3x3")
        state.press(.enter)
        #expect(state.lesson?.verdict?.correct == true)
        state.press(.pageUp, .pageUp)
        #expect(state.preset.parameters.stride == .uniform(1))
    }

    @Test func aStepKeepsTheStudentsChangesOneUndoAway() throws {
        var state = try state()
        state.cursors.focus = .input
        state.type("9")
        state.press(.enter)
        #expect(state.preset.input[0, 0, 0, 0] == 9)
        state.press(.pageDown)
        #expect(state.preset.input[0, 0, 0, 0] == 1)
        #expect(state.status?.text.contains("u brings them back") == true)
        state.type("u")
        #expect(state.preset.input[0, 0, 0, 0] == 9)
        state.type("u")
        #expect(state.preset.input[0, 0, 0, 0] == 1, "the student's own edit undoes too")
        state.type("U")
        state.press(.pageDown)
        state.press(.pageUp)
        #expect(state.status == nil, "stepping without changes says nothing")
        state.type("u")
        #expect(state.preset.input[0, 0, 0, 0] == 9, "set-aside values stay in undo from step to step")
    }

    @Test func editsSurviveLessonsUntilSaved() throws {
        var state = AppState(preset: try PresetLoader.parse(Self.text, file: "lesson.yaml"), width: 100, height: 30)
        state.type("9")
        state.press(.enter)
        state.apply(.toggleLesson)
        #expect(state.isDirty, "an edit made before the lesson is still unsaved")
        #expect(state.apply(.requestQuit).isEmpty)
        #expect(state.mode == .confirmQuit)

        state = try self.state()
        state.cursors.focus = .input
        state.type("9")
        state.press(.enter, .pageDown, .pageDown)
        #expect(state.preset.parameters.stride == .uniform(2))
        #expect(state.isDirty, "values a step set aside are unsaved edits")
        state.type("u")
        #expect(state.preset.input[0, 0, 0, 0] == 9)
        #expect(state.preset.parameters.stride == .uniform(2), "the values come back under the step's settings")
        let effects = state.apply(.run("save /tmp/lesson.yaml"))
        #expect(effects.first.map { if case .save = $0 { true } else { false } } == true)
        state.apply(.saved(path: "/tmp/lesson.yaml"))
        #expect(state.isDirty, "saving writes the lesson as loaded, not the student's values")
    }

    @Test func aLessonWithoutEditsEndsClean() throws {
        var state = try state()
        state.press(.pageDown, .pageDown)
        #expect(!state.isDirty)
        state.type("t")
        #expect(!state.isDirty)
        #expect(state.apply(.requestQuit) == [.quit])
    }

    @Test func tEndsTheLessonAndKeepsTheState() throws {
        var state = try state()
        state.press(.pageDown, .pageDown)
        state.type("t")
        #expect(state.lesson == nil)
        #expect(state.preset.parameters.stride == .uniform(2))
    }

    @Test func aPresetWithoutALessonSaysSo() throws {
        var state = try Shipped.state("pytorch-example")
        state.apply(.toggleLesson)
        #expect(state.lesson == nil)
        #expect(state.status?.isError == true)
    }
}
