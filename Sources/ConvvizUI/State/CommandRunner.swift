import ConvCore
import Foundation
import Presets

/// The `:` commands, for people who would rather type than navigate.
enum CommandRunner {
    /// Every command with its argument pattern, for completion and help.
    static let commands: [(name: String, usage: String)] = [
        ("stride", "stride N [M]"), ("padding", "padding N [M] | same | valid"), ("dilation", "dilation N [M]"),
        ("groups", "groups N"), ("mode", "mode zeros|reflect|replicate|circular"), ("input", "input HxW"),
        ("kernel", "kernel HxW"), ("channels", "channels N (C_in)"), ("filters", "filters N (C_out)"),
        ("bias", "bias on|off"), ("select", "select ROW COLUMN [CHANNEL]"), ("speed", "speed N (multiply-adds/s)"),
        ("heatmap", "heatmap on|off|rgb|channels"), ("zoom", "zoom N (1-8) | fit | + | -"),
        ("load", "load NAME|PATH (:load! discards edits)"), ("presets", "presets (the preset browser)"),
        ("save", "save FILE (:save! FILE replaces)"),
        ("name", "name TEXT"), ("layer", "layer K|last (a stack's pipeline: 0 = the input)"),
        ("unit", "unit ROW COLUMN [CHANNEL] (a stack's pipeline)"), ("paths", "paths on|off (a stack's pipeline)"),
        ("lesson", "lesson (start or end the preset's lesson)"),
        ("grad", "grad (the backward pass on / off)"), ("help", "help"), ("quit", "quit (:quit! discards edits)"),
    ]

    /// Runs one command line; returns effects (load, save, quit). A value PyTorch rejects (`:stride 0`) is kept,
    /// so it can be fixed or undone, and the status line says why it is rejected.
    static func run(_ line: String, on state: inout AppState) -> [Effect] {
        let before = state.workspace.error
        let effects = execute(line, on: &state)
        if let error = state.workspace.error, error != before, state.status?.isError != true {
            state.fail("\(error.key): \(error.description) (u undoes)")
        }
        return effects
    }

    private static func execute(_ line: String, on state: inout AppState) -> [Effect] {
        let words = line.split(separator: " ").map(String.init)
        guard let first = words.first else { return [] }
        let arguments = Array(words.dropFirst())
        let command = first.lowercased()
        if !state.subject.isEditable && editing.contains(command) {
            state.fail(
                "\(state.preset.operation.name) presets are for watching: edit the preset file, or :load a conv2d preset"
            )
            return []
        }
        switch command {
        case "stride", "dilation":
            guard let pair = integers(arguments, count: 1...2) else { return usage(command, &state) }
            var parameters = state.preset.parameters
            let value = AxisPair(height: pair[0], width: pair.count == 2 ? pair[1] : pair[0])
            if command == "stride" { parameters.stride = value } else { parameters.dilation = value }
            state.change { $0.setParameters(parameters) }
        case "padding":
            var parameters = state.preset.parameters
            if arguments == ["same"] {
                parameters.padding = .same
            } else if arguments == ["valid"] {
                parameters.padding = .valid
            } else if let pair = integers(arguments, count: 1...2) {
                parameters.padding = .explicit(height: pair[0], width: pair.count == 2 ? pair[1] : pair[0])
            } else {
                return usage(command, &state)
            }
            state.change { $0.setParameters(parameters) }
        case "groups":
            guard let value = integers(arguments, count: 1...1) else { return usage(command, &state) }
            var parameters = state.preset.parameters
            parameters.groups = value[0]
            state.change { $0.setParameters(parameters) }
        case "mode":
            let names = PaddingMode.allCases.map(\.rawValue)
            guard arguments.count == 1, let mode = PaddingMode(rawValue: arguments[0].lowercased()) else {
                state.fail(
                    "mode must be one of \(names.joined(separator: ", "))\(Suggestion.hint(for: arguments.first ?? "", in: names))"
                )
                return []
            }
            var parameters = state.preset.parameters
            parameters.paddingMode = mode
            state.change { $0.setParameters(parameters) }
        case "input", "kernel":
            guard let size = dimensions(arguments) else { return usage(command, &state) }
            if command == "input" {
                state.resizeInput(height: size.0, width: size.1)
            } else {
                state.resizeKernel(height: size.0, width: size.1)
            }
            return []
        case "channels", "filters":
            guard let value = integers(arguments, count: 1...1) else { return usage(command, &state) }
            let field: ParameterField = command == "channels" ? .inputChannels : .outputChannels
            let current = command == "channels" ? state.preset.input.shape.c : state.preset.kernel.shape.n
            state.adjustParameter(field, by: value[0] - current)
            return []
        case "bias":
            guard arguments.count == 1, ["on", "off"].contains(arguments[0]) else { return usage(command, &state) }
            if (arguments[0] == "on") != (state.preset.bias != nil) { state.adjustParameter(.bias, by: 1) }
        case "select":
            guard let numbers = integers(arguments, count: 2...3) else { return usage(command, &state) }
            let index = TensorIndex(
                n: state.cursors.output.n, channel: numbers.count == 3 ? numbers[2] : state.cursors.output.channel,
                row: numbers[0], column: numbers[1])
            if let output = state.plan?.output, Cursors.clamp(index, to: output) != index {
                state.fail(
                    "out[\(index.channel),\(index.row),\(index.column)] is outside the output (\(output.c) x \(output.h) x \(output.w))"
                )
                return []
            }
            state.onConvolutionScreen { $0.select(.output, index) }
            return []
        case "speed":
            guard let value = integers(arguments, count: 1...1) else { return usage(command, &state) }
            let nearest = Playback.speeds.indices.min {
                abs(Playback.speeds[$0] - Double(value[0])) < abs(Playback.speeds[$1] - Double(value[0]))
            }
            state.playback.speedIndex = nearest ?? state.playback.speedIndex
            state.inform("speed \(NumberText.format(state.playback.speed)) multiply-adds per second")
            return []
        case "heatmap":
            guard arguments.count <= 1 else { return usage(command, &state) }
            switch arguments.first {
            case "rgb", "channels":
                state.heatmap = true
                state.compositeRGB = arguments.first == "rgb"
            default: state.heatmap = arguments.first.map { $0 == "on" } ?? !state.heatmap
            }
            return []
        case "zoom":
            switch Zoom.command(arguments) {
            case let .success(action): state.inform(state.zoom.apply(action, fitted: state.layout()?.fittedLevel ?? 1))
            case let .failure(usage): state.fail(usage.description)
            }
            return []
        case "load", "load!":
            guard !arguments.isEmpty else { return usage("load", &state) }
            if state.isDirty && command == "load" {
                state.fail(
                    "unsaved edits: :save FILE first, or :load! \(arguments.joined(separator: " ")) to discard them")
                return []
            }
            return [.load(arguments.joined(separator: " "))]
        case "presets":
            _ = Reducer.reduce(&state, .openBrowser)
            return []
        case "save", "save!":
            guard !arguments.isEmpty else { return usage("save", &state) }
            return [
                .save(
                    path: arguments.joined(separator: " "), contents: PresetWriter.yaml(state.presetToSave),
                    overwrite: command == "save!")
            ]
        case "name":
            guard !arguments.isEmpty else { return usage(command, &state) }
            state.change { $0.rename(arguments.joined(separator: " ")) }
        case "layer", "unit", "paths":
            return pipelineCommand(command, arguments, on: &state)
        case "help":
            state.mode = .help
            return []
        case "lesson":
            state.lesson == nil ? state.startLesson() : state.endLesson()
            return []
        case "grad":
            state.toggleBackward()
            return []
        case "quit", "q":
            return state.isDirty
                ? {
                    state.mode = .confirmQuit
                    return []
                }() : [.quit]
        case "quit!", "q!":
            return [.quit]
        default:
            state.fail(
                "unknown command '\(first)'\(Suggestion.hint(for: first, in: commands.map(\.name))); :help lists them")
            return []
        }
        if state.status?.isError != true { state.inform(":\(line)") }
        return []
    }

    /// `:layer K`, `:unit ROW COLUMN [CHANNEL]` and `:paths on|off` on a stack's pipeline.
    private static func pipelineCommand(_ command: String, _ arguments: [String], on state: inout AppState)
        -> [Effect]
    {
        guard let pipeline = state.pipeline else {
            state.fail(
                ":\(command) works on a stack of layers (layers:); this preset is one \(state.preset.operation.name)")
            return []
        }
        switch command {
        case "layer":
            if arguments == ["last"] {
                state.selectGrid(pipeline.gridCount - 1)
                return []
            }
            guard let value = integers(arguments, count: 1...1) else { return usage(command, &state) }
            guard (0..<pipeline.gridCount).contains(value[0]) else {
                state.fail("there is no layer \(value[0]): 0 is the input, 1–\(pipeline.gridCount - 1) the layers")
                return []
            }
            state.selectGrid(value[0])
        case "unit":
            guard let numbers = integers(arguments, count: 2...3) else { return usage(command, &state) }
            var moved = pipeline
            guard !pipeline.isFlat(pipeline.grid),
                moved.select(row: numbers[0], column: numbers[1], channel: numbers.count == 3 ? numbers[2] : nil)
            else {
                let shape = pipeline.shape(pipeline.grid)
                state.fail(
                    pipeline.isFlat(pipeline.grid)
                        ? "flat features have no rows and columns"
                        : "[\(numbers.map(String.init).joined(separator: ", "))] is outside "
                            + "\(shape.c) x \(shape.h) x \(shape.w)")
                return []
            }
            state.subject = .pipeline(moved)
            state.inform(":unit \(arguments.joined(separator: " "))")
        default:
            guard arguments.count <= 1, arguments.allSatisfy({ ["on", "off"].contains($0) }) else {
                return usage(command, &state)
            }
            let on = arguments.first.map { $0 == "on" } ?? !pipeline.showsPaths
            if on != pipeline.showsPaths { state.toggleFieldPaths() }
        }
        return []
    }

    private static func usage(_ command: String, _ state: inout AppState) -> [Effect] {
        let usage = commands.first { $0.name == command }?.usage ?? command
        state.fail("usage: :\(usage)")
        return []
    }

    /// Whole numbers within ±2^30 (larger ones are refused, so no later arithmetic can overflow).
    private static func integers(_ words: [String], count: ClosedRange<Int>) -> [Int]? {
        guard count.contains(words.count) else { return nil }
        let values = words.compactMap { Int($0) }.filter { $0.magnitude <= 1 << 30 }
        return values.count == words.count ? values : nil
    }

    /// Commands that change the convolution, refused while exploring a transposed convolution or pooling.
    static let editing: Set<String> = [
        "stride", "padding", "dilation", "groups", "mode", "input", "kernel", "channels", "filters", "bias", "name",
    ]

    /// `7x7`, `7 7` or `7`.
    private static func dimensions(_ words: [String]) -> (Int, Int)? {
        let parts = words.count == 1 ? words[0].lowercased().split(separator: "x").map(String.init) : words
        guard let values = integers(parts, count: 1...2) else { return nil }
        return (values[0], values.count == 2 ? values[1] : values[0])
    }

    /// Candidates that complete the prompt's last word.
    static func completions(for text: String, presetNames: [String]) -> [String] {
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if words.count <= 1 {
            return commands.map(\.name).filter { $0.hasPrefix(words.first ?? "") }
        }
        let argument = words.last ?? ""
        let options: [String]
        switch words[0] {
        case "load": options = presetNames
        case "mode": options = PaddingMode.allCases.map(\.rawValue)
        case "padding": options = ["same", "valid"]
        case "bias": options = ["on", "off"]
        case "heatmap": options = ["on", "off", "rgb", "channels"]
        case "zoom": options = ["fit"]
        default: options = []
        }
        return options.filter { $0.hasPrefix(argument) }
    }
}

extension AppState {
    mutating func commandType(_ character: Character) {
        guard case var .command(line) = mode else { return }
        guard line.text.count < 256 else { return }
        line.text.append(character)
        line.candidates = []
        mode = .command(line)
    }

    mutating func commandBackspace() {
        guard case var .command(line) = mode else { return }
        if line.text.isEmpty {
            mode = .normal
            return
        }
        line.text.removeLast()
        line.candidates = []
        mode = .command(line)
    }

    /// Completes the last word to the longest prefix the candidates share, and lists them.
    mutating func commandComplete() {
        guard case var .command(line) = mode else { return }
        let candidates = CommandRunner.completions(for: line.text, presetNames: catalogue.names)
        guard !candidates.isEmpty else {
            line.candidates = []
            mode = .command(line)
            return
        }
        var prefix = candidates[0]
        for candidate in candidates.dropFirst() {
            while !candidate.hasPrefix(prefix) { prefix.removeLast() }
        }
        var words = line.text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if words.isEmpty { words = [""] }
        words[words.count - 1] = prefix
        line.text = words.joined(separator: " ") + (candidates.count == 1 ? " " : "")
        line.candidates = candidates.count == 1 ? [] : candidates
        mode = .command(line)
    }

    mutating func commandSubmit() -> [Effect] {
        guard case let .command(line) = mode else { return [] }
        mode = .normal
        return CommandRunner.run(line.text.trimmingCharacters(in: .whitespaces), on: &self)
    }
}
