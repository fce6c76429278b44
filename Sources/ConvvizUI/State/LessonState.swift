import ConvCore
import Foundation
import Presets

/// A lesson under way: its steps, where the class is, and the student's quiz answer.
public struct LessonState: Equatable, Sendable {
    /// The steps, in order.
    public var steps: [LessonStep]
    /// The step shown.
    public var index = 0
    /// The preset as loaded; each step is applied on top of it.
    public var base: Preset
    /// The quiz answer typed so far.
    public var answer = ""
    /// The result of the last answer to this step's quiz.
    public var verdict: QuizVerdict?
    /// Wrong answers so far at this step: the first earns a hint, the second the answer.
    public var wrongAnswers = 0
    /// The preset as the shown step opened it: when the workspace differs, the student changed something.
    public var shown: Preset?
    /// Whether a step replaced changes of the student's (kept for undo): they are unsaved edits.
    public var setAsideEdits = false
    /// The output cell a value quiz asks about (fixed when the step opens).
    public var quizCell = TensorIndex(channel: 0, row: 0, column: 0)

    /// The step shown.
    public var step: LessonStep { steps[index] }
    /// Whether the step's quiz still waits for the right answer (its answer stays hidden until then).
    public var isAwaitingAnswer: Bool { step.quiz != nil && verdict?.correct != true }
    /// Whether the quiz cell's value is hidden.
    public var hidesValue: Bool { isAwaitingAnswer && step.quiz == .value }
    /// Whether the output's size is hidden.
    public var hidesShape: Bool { isAwaitingAnswer && step.quiz == .shape }
}

/// Whether a quiz answer was right, and what to say.
public struct QuizVerdict: Equatable, Sendable {
    /// Right or wrong.
    public var correct: Bool
    /// What the app says.
    public var message: String
}

extension AppState {
    /// Starts the preset's lesson at its first step.
    mutating func startLesson() {
        guard !preset.lesson.isEmpty else {
            return fail("this preset has no lesson; `convviz presets` marks the ones that do with [lesson]")
        }
        lesson = LessonState(steps: preset.lesson, base: preset)
        openLessonStep(lessonResumeIndex)
    }

    /// Leaves the lesson, keeping the current state to explore.
    mutating func endLesson() {
        guard let lesson else { return }
        lessonResumeIndex = lesson.index
        // The step on screen came from the file: without changes of the student's, there is nothing to lose.
        if !isDirty { history.clean = workspace.preset }
        self.lesson = nil
        inform(
            subject.isEditable
                ? "lesson ended: everything is yours to change (t starts it again)"
                : "lesson ended: step and play freely (t starts it again)")
    }

    /// Shows step `index` (clamped): the base preset with every change up to it, then its selection,
    /// animation and quiz.
    mutating func openLessonStep(_ index: Int) {
        guard var lesson else { return }
        lesson.index = min(max(index, 0), lesson.steps.count - 1)
        lesson.answer = ""
        lesson.verdict = nil
        lesson.wrongAnswers = 0
        self.lesson = lesson
        if isBackward { toggleBackward() }
        openLessonStepOnSubject(lesson.step)
        if let view = lesson.step.backward { openBackwardLessonStep(lesson.step, view: view) }
    }

    /// Opens a lesson step of a conv2d preset: the base preset with every change up to the step, then its
    /// selection, animation and quiz.
    mutating func openConvolutionLessonStep(_ step: LessonStep) {
        guard var lesson else { return }
        let before = workspace.preset
        let edited = lesson.shown.map { $0 != before } ?? false
        workspace.replace(with: lesson.base)
        for earlier in lesson.steps[...lesson.index] {
            workspace.setParameters(earlier.changes.applied(to: workspace.preset.parameters))
            if let bias = earlier.changes.bias { workspace.setBiasEnabled(bias) }
        }
        let stepPreset = workspace.preset
        lesson.shown = stepPreset
        // A step is not an edit, so undo never brings back a step's settings; the student's own values stay one
        // `u` away (and their history behind them), under this step's settings.
        func underThisStep(_ preset: Preset) -> Preset {
            var preset = preset
            preset.parameters = stepPreset.parameters
            if (preset.bias == nil) != (stepPreset.bias == nil) { preset.bias = stepPreset.bias }
            return preset
        }
        let keeps = edited && underThisStep(before) != stepPreset
        lesson.setAsideEdits = lesson.setAsideEdits || keeps
        self.lesson = lesson
        history.undo = (history.undo + (keeps ? [before] : [])).map(underThisStep)
        history.redo.removeAll()
        mode = .normal
        status = keeps ? StatusMessage(text: "this step replaced your values: u brings them back", isError: false) : nil
        if let select = step.select {
            let wanted = Cursors.index(selecting: select)
            cursors.output = plan.map { Cursors.clamp(wanted, to: $0.output) } ?? wanted
            cursors.focus = .output
        }
        showWholeOutput()
        normalize()
        self.lesson?.quizCell = cursors.output
        guard let plan, step.quiz == nil else { return }
        let cell = plan.cell(of: cursors.output)
        switch step.animate {
        case .cell?: playback.play(from: cell * plan.stepsPerCell, stoppingAt: plan.lastPosition(ofCell: cell))
        case .all?: playback.play(from: 0)
        case nil: break
        }
    }

    mutating func quizType(_ character: Character) {
        guard var lesson, lesson.isAwaitingAnswer, lesson.answer.count < 24 else { return }
        lesson.answer.append(character)
        self.lesson = lesson
    }

    mutating func quizBackspace() {
        guard var lesson, !lesson.answer.isEmpty else { return }
        lesson.answer.removeLast()
        self.lesson = lesson
    }

    /// Checks the answer and says right or wrong, with the arithmetic.
    mutating func quizSubmit() {
        guard var lesson, let quiz = lesson.step.quiz, let convolution = workspace.convolution else { return }
        let answer = lesson.answer.trimmingCharacters(in: .whitespaces)
        guard !answer.isEmpty else { return }
        switch quiz {
        case .value:
            let trace = convolution.trace(lesson.quizCell)
            let name = Notation.output(lesson.quizCell, batched: preset.isBatched)
            let terms =
                (trace.taps.map { "\(GridNumber.factor($0.weight))·\(GridNumber.factor($0.value))" }
                + (trace.bias.map { ["\(GridNumber.factor($0)) (bias)"] } ?? [])).joined(separator: " + ")
            let value = NumberText.format(trace.value)
            guard let number = Self.parseNumber(answer) else {
                lesson.verdict = QuizVerdict(
                    correct: false, message: "'\(answer)' is not a number: type the value, e.g. 12 or -3.5")
                break
            }
            if abs(number - trace.value) <= 1e-6 * max(1, abs(trace.value)) {
                lesson.verdict = QuizVerdict(correct: true, message: "Right! \(name) = \(value) = \(terms)")
            } else {
                lesson.wrongAnswers += 1
                let direction = number > trace.value ? "too high" : "too low"
                let bias = trace.bias == nil ? "" : ", plus the bias"
                let message =
                    switch lesson.wrongAnswers {
                    case 1:
                        "Not \(answer) (\(direction)). Hint: multiply each of the \(trace.taps.count) weights by the input "
                            + "value under it in the window, and add the products\(bias)"
                    case 2: "Not \(answer) (\(direction)). Add up the products: \(terms)"
                    default: "Not \(answer): \(name) = \(value) = \(terms)"
                    }
                lesson.verdict = QuizVerdict(correct: false, message: message)
            }
        case .shape:
            let words = answer.split(whereSeparator: { "xX×, ".contains($0) })
            let numbers = words.compactMap { Int($0) }
            guard numbers.count == 2, words.count == 2 else {
                lesson.verdict = QuizVerdict(correct: false, message: "type the size as height x width, e.g. 5x5")
                break
            }
            let shape = convolution.geometry.outputShape
            let formulas = "\(convolution.geometry.formula(.height))   \(convolution.geometry.formula(.width))"
            if numbers == [shape.h, shape.w] {
                lesson.verdict = QuizVerdict(correct: true, message: "Right! \(shape.h)x\(shape.w): \(formulas)")
            } else {
                lesson.wrongAnswers += 1
                lesson.verdict = QuizVerdict(
                    correct: false,
                    message: lesson.wrongAnswers == 1
                        ? "Not \(answer). Use H_out = ⌊(H + pad_top + pad_bottom − d·(k−1) − 1) / s⌋ + 1"
                        : "Not \(answer): it is \(shape.h)x\(shape.w): \(formulas)")
            }
        }
        lesson.answer = ""
        self.lesson = lesson
    }
}
