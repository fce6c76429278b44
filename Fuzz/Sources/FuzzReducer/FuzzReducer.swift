// libFuzzer target: arbitrary bytes as a session of key presses, clicks, wheel turns, resizes and clock ticks.
//
// The first byte picks a starting preset (built here, no files); every following event is decoded from the
// bytes (see `Session.nextEvent`), turned into an action as the app does (`KeyMap.action(for:in:)` for keys)
// and reduced. Effects (quit, save, load) are ignored: the session goes on. Invariants, checked after every
// event (the output comparison and the render every 2nd event for small convolutions, every 8th otherwise):
//   - the input, kernel and bias cursors lie inside their grids;
//   - when `preset.convolution()` is valid, `workspace.output` equals its `output()` bit for bit (NaN = NaN),
//     the output cursor lies inside the output and the playback position inside the animation;
//     otherwise `workspace.output` is nil and `workspace.error` is the same error;
//   - an open lesson's step index is one of its steps;
//   - `Screen.render(state)` returns a grid of exactly the terminal's size;
//   - at the end, when no preset was loaded and no lesson ran, undoing everything restores the start.
// A session whose convolution grows past FUZZ_WORK_BUDGET multiply-adds (default 4,000,000) ends there.
// A violation aborts with a message starting "INVARIANT"; traps in the app are found as crashes.
import ConvCore
import ConvvizUI
import Foundation
import Presets

// MARK: - Starting presets

func tensor(_ n: Int, _ c: Int, _ h: Int, _ w: Int, _ values: [Double]) -> Tensor {
    Tensor(shape: Shape4(n: n, c: c, h: h, w: w), values: values)
}

let pytorchInput: [Double] = [1, 2, 0, 3, 1, 0, 1, 1, 0, 0, 1, 2, 1, 0, 0, 5, 2, 3, 1, 1, 2, 1, 0, 1, 1]
let pytorchKernel: [Double] = [1, 2, 1, 0, 1, 0, 2, 1, 0]

/// PyTorch's F.conv2d example: 5x5 input, 3x3 kernel, padding 1.
let pytorchExample = Preset(
    name: "PyTorch F.conv2d example", description: "5x5 input, 3x3 kernel, padding 1",
    input: tensor(1, 1, 5, 5, pytorchInput), inputRank: 2, kernel: tensor(1, 1, 3, 3, pytorchKernel),
    parameters: Conv2dParameters(padding: .uniform(1)))

/// Two groups, four filters, a bias and reflect padding.
let groupsPreset = Preset(
    name: "groups 2, bias, reflect", input: tensor(1, 2, 4, 5, (0..<40).map { Double($0 % 7) - 2 }), inputRank: 3,
    kernel: tensor(4, 1, 3, 2, (0..<24).map { Double($0 % 5) - 2 }), bias: [1, -1, 0.5, 0],
    parameters: Conv2dParameters(stride: AxisPair(height: 1, width: 2), padding: .uniform(1), groups: 2, paddingMode: .reflect))

/// The PyTorch example with a lesson: selections, a cell animation, a value quiz and a shape quiz.
let lessonPreset: Preset = {
    var preset = pytorchExample
    preset.name = "Lesson: the PyTorch example"
    preset.lesson = [
        LessonStep(text: "The kernel window.", select: [2, 2]),
        LessonStep(text: "One cell, tap by tap.", select: [1, 1], animate: .cell),
        LessonStep(text: "Your turn: the bottom-left corner.", select: [4, 0], quiz: .value),
        LessonStep(text: "Stride 2: what size now?", changes: ParameterChanges(stride: .uniform(2)), quiz: .shape),
        LessonStep(text: "Same padding and a bias.", changes: ParameterChanges(stride: .uniform(1), padding: .same, bias: true),
                   select: [0, 3, 4], animate: .all),
        LessonStep(text: "Circular padding, dilation 2.",
                   changes: ParameterChanges(padding: .uniform(2), dilation: .uniform(2), paddingMode: .circular),
                   select: [0, 0, 9, 9]),
    ]
    return preset
}()

/// A batch of two, circular padding, dilation 2.
let batchedPreset = Preset(
    name: "batched, circular, dilation 2", input: tensor(2, 1, 6, 6, (0..<72).map { Double($0 % 9) }), inputRank: 4,
    kernel: tensor(2, 1, 2, 2, [1, 0, 0, -1, 0.5, 0.5, 0.5, 0.5]),
    parameters: Conv2dParameters(padding: .uniform(1), dilation: .uniform(2), paddingMode: .circular))

let presets = [pytorchExample, groupsPreset, lessonPreset, batchedPreset]

// MARK: - Events from bytes

/// Characters the key map reads in some mode (normal, editing, command, quiz), plus a few it ignores.
let characters = Array("hjklHJKLsSpPdDagGiIoOmbvnNtuUrzqy?:[]{}<>^$ 0123456789-+.eExX,!cwQ/")
let specialKeys: [Key] = [.up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .enter, .escape, .backspace,
                          .delete, .tab, .backTab, .control("r"), .control("c"), .control("g")]
let commandWords = ["stride", "padding", "dilation", "groups", "mode", "input", "kernel", "channels", "filters", "bias",
                    "select", "speed", "heatmap", "load", "save", "save!", "name", "help", "lesson", "quit", "q", "quit!",
                    "q!", "STRIDE", "bogus", "s", "pad", "in"]
let commandArguments = ["0", "1", "2", "3", "4", "5", "7", "9", "16", "-1", "-2", "63", "64", "65", "511", "512", "513",
                        "4096", "2147483648", "9223372036854775807", "-9223372036854775808", "9223372036854775806",
                        "same", "valid", "on", "off", "zeros", "reflect", "replicate", "circular", "7x7", "1x1", "3x5",
                        "512x512", "513x2", "0x3", "-1x4", "x", "a b", "pytorch-example", "/tmp/convviz-fuzz-never-written.yaml"]
func argument(_ byte: Int) -> String {
    commandArguments[byte % commandArguments.count]
}

let fields = ParameterField.allCases

/// One decoded event.
enum Event {
    case key(Key)
    case command(String, submitWithTab: Bool)
    case action(Action)
    case tick(Double)
}

struct Session {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    mutating func byte() -> Int? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return Int(bytes[position])
    }

    mutating func byte(or fallback: Int) -> Int { byte() ?? fallback }

    mutating func nextEvent(width: Int, height: Int) -> Event? {
        guard let op = byte() else { return nil }
        switch op {
        case 0..<96:
            return .key(.character(characters[op % characters.count]))
        case 96..<136:
            return .key(specialKeys[op % specialKeys.count])
        case 136..<156:
            var line = commandWords[byte(or: 0) % commandWords.count]
            for _ in 0..<(byte(or: 0) % 4) { line += " " + argument(byte(or: 0)) }
            return .command(line, submitWithTab: op % 5 == 0)
        case 156..<186:
            let x = byte(or: 0) % (width + 4) - 2, y = byte(or: 0) % (height + 4) - 2
            return .action(.click(x: x, y: y))
        case 186..<200:
            let x = byte(or: 0) % (width + 2) - 1, y = byte(or: 0) % (height + 2) - 1
            return .action(.wheel(x: x, y: y, delta: op % 2 == 0 ? 1 : -1))
        case 200..<215:
            return .action(.resize(width: 1 + byte(or: 79) % 250, height: 1 + byte(or: 23) % 80))
        case 215..<240:
            // Mostly forward; now and then a long pause or the clock stepping back.
            let amount = byte(or: 1)
            return .tick(op == 239 ? -Double(amount) * 0.01 : op == 238 ? Double(amount) * 10 : Double(amount) * 0.005)
        default:
            return .action(directAction(op))
        }
    }

    /// Actions the app produces outside the key map: parameter bar edits, finished file operations.
    mutating func directAction(_ op: Int) -> Action {
        let value = byte(or: 0)
        switch op % 8 {
        case 0: return .selectParameter(fields[value % fields.count])
        case 1: return .adjustParameter(fields[value % fields.count], byte(or: 1) % 7 - 3)
        case 2: return .adjustBothAxes(fields[value % fields.count], byte(or: 1) % 5 - 2)
        case 3: return .loaded(presets[value % presets.count], path: "fuzz-\(value % presets.count).yaml")
        case 4: return value % 2 == 0 ? .loadFailed("fuzz: cannot load") : .saveFailed("fuzz: cannot save")
        case 5: return .saved(path: "fuzz-saved.yaml")
        case 6: return .confirmQuit(value % 2 == 0)
        default: return .run(commandWords[value % commandWords.count] + " " + argument(byte(or: 0)))
        }
    }
}

// MARK: - Invariants

func violation(_ message: String, step: Int, _ state: AppState) -> Never {
    let text = "INVARIANT at event \(step): \(message)\n  mode \(state.mode), focus \(state.cursors.focus), input \(state.preset.input.shape), "
        + "kernel \(state.preset.kernel.shape), bias \(String(describing: state.preset.bias)), parameters \(state.preset.parameters), "
        + "cursors in \(state.cursors.input) k \(state.cursors.kernel) b \(state.cursors.bias) out \(state.cursors.output), "
        + "playback \(state.playback), screen \(state.screenWidth)x\(state.screenHeight)\n"
    FileHandle.standardError.write(Data(text.utf8))
    fatalError("INVARIANT: \(message)")
}

func inside(_ index: TensorIndex, _ shape: Shape4) -> Bool {
    (0..<shape.n).contains(index.n) && (0..<shape.c).contains(index.channel)
        && (0..<shape.h).contains(index.row) && (0..<shape.w).contains(index.column)
}

func sameValues(_ a: Tensor, _ b: Tensor) -> Bool {
    a.shape == b.shape && zip(a.values, b.values).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
}

/// Multiply-adds of the current convolution, or 0.
func work(_ state: AppState) -> Int {
    guard let plan = state.plan else { return 0 }
    return plan.totalSteps
}

func check(_ state: AppState, step: Int, full: Bool) {
    let input = state.preset.input.shape, kernel = state.preset.kernel.shape
    if !inside(state.cursors.input, input) { violation("input cursor \(state.cursors.input) outside \(input)", step: step, state) }
    if !inside(state.cursors.kernel, kernel) { violation("kernel cursor \(state.cursors.kernel) outside \(kernel)", step: step, state) }
    if !(0..<max(1, kernel.n)).contains(state.cursors.bias) { violation("bias cursor \(state.cursors.bias) outside 0..<\(kernel.n)", step: step, state) }
    if let lesson = state.lesson, !lesson.steps.indices.contains(lesson.index) {
        violation("lesson step \(lesson.index) of \(lesson.steps.count)", step: step, state)
    }
    switch Result(catching: { () throws(ConvError) in try state.preset.convolution() }) {
    case let .success(convolution):
        guard let shown = state.workspace.output else { violation("valid convolution but no output shown", step: step, state) }
        let output = convolution.geometry.outputShape
        if shown.shape != output { violation("output shown has shape \(shown.shape), expected \(output)", step: step, state) }
        if full && !sameValues(shown, convolution.output()) {
            let mismatch = zip(shown.values, convolution.output().values).enumerated().first { !($0.1.0.bitPattern == $0.1.1.bitPattern || ($0.1.0.isNaN && $0.1.1.isNaN)) }
            violation("the output shown is not compute's: first difference at flat \(mismatch.map { "\($0.offset): \($0.element.0) vs \($0.element.1)" } ?? "?")", step: step, state)
        }
        if !inside(state.cursors.output, output) { violation("output cursor \(state.cursors.output) outside \(output)", step: step, state) }
        let plan = AnimationPlan(convolution)
        if !(0..<plan.totalSteps).contains(state.playback.position) {
            violation("playback position \(state.playback.position) outside 0..<\(plan.totalSteps)", step: step, state)
        }
    case let .failure(error):
        if state.workspace.output != nil || state.workspace.error != error {
            violation("invalid convolution (\(error)) but workspace shows output \(state.workspace.output != nil), error \(String(describing: state.workspace.error))", step: step, state)
        }
    }
    if full {
        let screen = Screen.render(state)
        if screen.width != state.screenWidth || screen.height != state.screenHeight {
            violation("rendered \(screen.width)x\(screen.height) for a \(state.screenWidth)x\(state.screenHeight) terminal", step: step, state)
        }
    }
}

// MARK: - Entry point

/// Multiply-adds past which a session ends after one full check (FUZZ_WORK_BUDGET overrides; default 4,000,000).
let sessionWorkBudget = ProcessInfo.processInfo.environment["FUZZ_WORK_BUDGET"].flatMap { Int($0) } ?? 4_000_000

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReducer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var session = Session(bytes: UnsafeBufferPointer(start: data, count: size))
    let start = presets[session.byte(or: 0) % presets.count]
    var state = AppState(preset: start, presetNames: ["pytorch-example", "groups-2", "bias"], width: 100, height: 30)
    var time = 1000.0
    var undoable = start.lesson.isEmpty
    var step = 0
    check(state, step: 0, full: true)

    func reduce(_ action: Action) {
        if case .loaded = action { undoable = false }
        if action == .toggleLesson || action == .lessonStep(1) || action == .lessonStep(-1) { undoable = false }
        if case let .run(line) = action, line.hasPrefix("lesson") || line.hasPrefix("load") { undoable = false }
        _ = Reducer.reduce(&state, action)  // effects (quit, save, load) are ignored
    }

    while let event = session.nextEvent(width: state.screenWidth, height: state.screenHeight), step < 2000 {
        step += 1
        switch event {
        case let .key(key):
            if let action = KeyMap.action(for: key, in: state) { reduce(action) }
        case let .command(line, submitWithTab):
            for key in [Key.character(":")] + line.map(Key.character) + [submitWithTab ? .tab : .enter] {
                if let action = KeyMap.action(for: key, in: state) {
                    if case .commandSubmit = action, line.hasPrefix("lesson") || line.hasPrefix("load") { undoable = false }
                    reduce(action)
                }
            }
        case let .action(action):
            reduce(action)
        case let .tick(delta):
            time += delta
            reduce(.tick(time))
        }
        if state.lesson != nil { undoable = false }
        let cost = work(state)
        // A convolution of millions of multiply-adds is valid (Limits allows 2^31) but costs seconds per event under
        // the sanitizers: check it once in full and end the session, so runs stay productive (docs/fuzzing.md).
        if cost > sessionWorkBudget {
            check(state, step: step, full: true)
            return 0
        }
        check(state, step: step, full: step % 8 == 0 || (step % 2 == 0 && cost <= 20_000))
    }
    check(state, step: step, full: true)

    if undoable {
        state.mode = .normal
        while !state.history.undo.isEmpty { _ = Reducer.reduce(&state, .undo) }
        if state.preset != start, step < 190 {  // fewer events than undoLimit changes
            violation("undoing everything does not return to the start preset", step: step, state)
        }
    }
    return 0
}
