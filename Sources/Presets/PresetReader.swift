import ConvCore
import Foundation
import Yams

/// Turns one preset document into a ``Preset``, checking every key, number and row on the way.
struct PresetReader {
    let file: String
    private let root: [(key: String, value: Node, line: Int?)]
    private let budget: NodeBudget

    init(text: String, file: String) throws(PresetError) {
        self.file = file
        if text.allSatisfy({ $0.isWhitespace }) { throw PresetError(file: file, message: "the file is empty") }
        try NestingScan.check(text, file: file)
        let document: Node?
        do {
            document = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.describe(error, file: file)
        } catch {
            throw PresetError(file: file, message: "not valid YAML: \(error)")
        }
        guard case let .mapping(mapping)? = document else {
            throw PresetError(
                file: file, line: document?.mark?.line,
                message: "a preset must be a mapping of keys (name:, input:, kernel:, ...)")
        }
        budget = NodeBudget(limit: text.utf8.count + 64)
        var entries: [(key: String, value: Node, line: Int?)] = []
        for (keyNode, value) in mapping {
            guard case let .scalar(scalar) = keyNode else {
                throw PresetError(
                    file: file, line: keyNode.mark?.line, message: "keys must be plain words like 'input'")
            }
            let key = scalar.string
            guard PresetLoader.knownKeys.contains(key) else {
                throw PresetError(
                    file: file, line: keyNode.mark?.line, key: key,
                    message:
                        "unknown key\(Suggestion.hint(for: key, in: PresetLoader.knownKeys)); known keys: \(PresetLoader.knownKeys.joined(separator: ", "))"
                )
            }
            entries.append((key, value, keyNode.mark?.line))
        }
        root = entries
    }

    func preset() throws(PresetError) -> Preset {
        guard let nameEntry = entry("name") else {
            throw error(nil, key: "name", "missing: every preset needs a one-line name")
        }
        let name = try text(nameEntry.value, key: "name")
        if name.contains("\n") || name.trimmingCharacters(in: .whitespaces).isEmpty {
            throw error(nameEntry.value, key: "name", "must be one non-empty line")
        }
        if name.count > PresetLoader.maxNameCharacters {
            throw error(
                nameEntry.value, key: "name",
                "is \(name.count) characters long; names are limited to \(PresetLoader.maxNameCharacters)")
        }
        let description = try entry("description").map { entry throws(PresetError) in
            let description = try text(entry.value, key: "description")
            if description.count > PresetLoader.maxTextCharacters {
                throw error(
                    entry.value, key: "description",
                    "is \(description.count) characters long; "
                        + "descriptions are limited to \(PresetLoader.maxTextCharacters)")
            }
            return description
        }
        let input = try inputGrid()
        if let layers = entry("layers") { return try stackPreset(name, description, input, layers.value) }
        let pool = try entry("pool").map { entry throws(PresetError) in try poolKind(entry.value) }
        let transposed =
            try entry("transposed").map { entry throws(PresetError) in try onOff(entry.value, key: "transposed") }
            ?? false
        try checkOperationKeys(pool: pool, transposed: transposed)
        let kernel: (tensor: Tensor, rank: Int)
        if pool != nil {
            kernel = (Tensor(shape: Shape4(n: 1, c: 1, h: 1, w: 1), values: [1]), 2)
        } else {
            guard let kernelEntry = entry("kernel") else {
                throw error(
                    nil, key: "kernel",
                    transposed
                        ? "missing: the kernel grid ([kH][kW] or [C_in][C_out/groups][kH][kW])"
                        : "missing: the kernel grid ([kH][kW] or [C_out][C_in/groups][kH][kW])")
            }
            kernel = try grid(kernelEntry.value, key: "kernel", ranks: [2, 4])
        }
        let bias = try entry("bias").flatMap { entry throws(PresetError) in try biasValues(entry.value) }
        var parameters = Conv2dParameters(
            stride: try entry("stride").map { entry throws(PresetError) in try pair(entry.value, key: "stride") }
                ?? .uniform(1),
            padding: try entry("padding").map { entry throws(PresetError) in try padding(entry.value) } ?? .uniform(0),
            dilation: try entry("dilation").map { entry throws(PresetError) in try pair(entry.value, key: "dilation") }
                ?? .uniform(1),
            groups: try entry("groups").map { entry throws(PresetError) in try integer(entry.value, key: "groups") }
                ?? 1,
            paddingMode: try entry("padding_mode").map { entry throws(PresetError) in try paddingMode(entry.value) }
                ?? .zeros)
        try applyOneElementListRules(to: &parameters)
        let lesson = try entry("lesson").map { entry throws(PresetError) in try lessonSteps(entry.value) } ?? []
        if let step = lesson.firstIndex(where: { $0.layer != nil || $0.paths != nil }) {
            throw error(
                nil, key: "lesson, step \(step + 1)",
                "layer: and paths: work with layer-stack presets "
                    + "(layers:); this preset has one operation")
        }
        var preset = Preset(
            name: name, description: description, input: input.tensor, inputRank: input.rank,
            kernel: kernel.tensor, bias: bias, parameters: parameters, lesson: lesson)
        if pool != nil || transposed,
            let step = lesson.firstIndex(where: { $0.quiz != nil || $0.changes != ParameterChanges() })
        {
            throw error(
                nil, key: "lesson, step \(step + 1)",
                "quiz: and set: work with conv2d presets; a \(pool != nil ? "pooling" : "transposed") lesson uses text:, select: and animate:"
            )
        }
        if let pool {
            preset.operation = .pooling(try poolParameters(pool))
            preset.parameters = Conv2dParameters()
        } else if transposed {
            preset.operation = .transposed(try transposedParameters(parameters))
        }
        let output: Tensor
        do {
            output = try preset.output()
        } catch {
            throw PresetError(file: file, line: self.entry(error.key)?.line, key: error.key, message: error.description)
        }
        try checkSelections(preset, output: output.shape)
        preset.gradOutput = try gradOutput(batched: preset.isBatched, output: output.shape)
        return preset
    }

    /// `grad_output:`, the upstream gradient dL/dY: a grid of the output's shape, batched exactly when the input is.
    private func gradOutput(batched: Bool, output: Shape4) throws(PresetError) -> Tensor? {
        guard let entry = entry("grad_output") else { return nil }
        let shape = { (shape: Shape4) in batched ? "\(shape)" : "(\(shape.c), \(shape.h), \(shape.w))" }
        var depth = 0, probe = entry.value
        while case let .sequence(items) = probe, let first = items.first {
            (depth, probe) = (depth + 1, first)
        }
        if batched ? depth != 4 : !(2...3).contains(depth) {
            let layout =
                batched
                ? "batched, so dL/dY is a grid [N][C_out][H_out][W_out]"
                : "unbatched, so dL/dY is a grid [C_out][H_out][W_out] (or [H_out][W_out] for one channel)"
            throw error(
                entry.value, key: "grad_output",
                "the input is \(layout) of the output's shape \(shape(output)); got \(depth) levels of lists")
        }
        let gradient = try grid(entry.value, key: "grad_output", ranks: batched ? [4] : [2, 3]).tensor
        guard gradient.shape != output else { return gradient }
        throw error(
            entry.value, key: "grad_output",
            "has shape \(shape(gradient.shape)), but the output's shape is "
                + "\(shape(output)); dL/dY must have the output's shape")
    }

    /// Every lesson `select:` names a cell of what that step shows: the output (with the step's settings), or for
    /// a transposed convolution, whose scatter view steps through the input, an input cell; in a `backward:` step,
    /// a cell of dL/dY (scatter), dL/dX (gather) or dL/dW (weight).
    private func checkSelections(_ preset: Preset, output: Shape4) throws(PresetError) {
        var parameters = preset.parameters
        for (index, step) in preset.lesson.enumerated() {
            parameters = step.changes.applied(to: parameters)
            guard let select = step.select else { continue }
            var grid: String, shape: Shape4
            switch preset.operation {
            case .convolution:
                // A step whose settings PyTorch rejects shows the reason instead of a grid: nothing to select.
                guard
                    let geometry = try? ConvGeometry(
                        input: preset.input.shape, weight: preset.kernel.shape, biasCount: nil,
                        parameters: parameters)
                else { continue }
                (grid, shape) = ("output", geometry.outputShape)
            case .transposed: (grid, shape) = ("input", preset.input.shape)
            case .pooling: (grid, shape) = ("output", output)
            case .stack: continue
            }
            switch step.backward {
            case .scatter?: (grid, shape) = ("dL/dY", grid == "input" ? output : shape)
            case .gather?: (grid, shape) = ("dL/dX", preset.input.shape)
            case .weight?: (grid, shape) = ("dL/dW", preset.kernel.shape)
            case nil: break
            }
            let cell = Array(repeating: 0, count: 4 - select.count) + select
            let sizes = [shape.n, shape.c, shape.h, shape.w]
            if zip(cell, sizes).contains(where: { $0 >= $1 }) {
                let names = ["item", "channel", "row", "column"].suffix(select.count)
                let ranges = zip(names, sizes.suffix(select.count)).map { "\($0) 0–\($1 - 1)" }.joined(separator: ", ")
                throw error(
                    nil, key: "lesson, step \(index + 1), select",
                    "\(select) is outside the \(grid) at this step (\(ranges))")
            }
        }
    }

    /// nn.Conv2d reads a one-element list differently once padding_mode is not zeros: `padding: [p]`
    /// pads only the width (F.pad receives one pair), which is mirrored here; `dilation: [d]` with
    /// `padding: same` computes the padding of the height only, which is refused as surely unintended.
    private func applyOneElementListRules(to parameters: inout Conv2dParameters) throws(PresetError) {
        guard parameters.paddingMode != .zeros else { return }
        if let padding = entry("padding"), isOneElementList(padding.value),
            case let .explicit(_, width) = parameters.padding
        {
            parameters.padding = .explicit(height: 0, width: width)
        }
        if let dilation = entry("dilation"), isOneElementList(dilation.value), parameters.padding == .same {
            throw error(
                dilation.value, key: "dilation",
                "with padding 'same' and padding_mode \(parameters.paddingMode.rawValue), nn.Conv2d pads only the height for a one-element list; write dilation as one number or [height, width]"
            )
        }
    }

    func isOneElementList(_ node: Node) -> Bool {
        if case let .sequence(sequence) = node { return sequence.count == 1 }
        return false
    }

    /// The input: an `input:` grid, or an `image:` file (PNG, JPEG or Netpbm, relative to the preset).
    private func inputGrid() throws(PresetError) -> (tensor: Tensor, rank: Int) {
        switch (entry("input"), entry("image")) {
        case let (inputEntry?, nil):
            return try grid(inputEntry.value, key: "input", ranks: [2, 3, 4])
        case let (nil, imageEntry?):
            let name = try text(imageEntry.value, key: "image")
            let folder = (file as NSString).deletingLastPathComponent
            let path = name.hasPrefix("/") || folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
            do {
                return (try ImageFile.load(path: path), 3)
            } catch {
                throw PresetError(file: file, line: imageEntry.line, key: "image", message: error.description)
            }
        case (.some, .some):
            throw error(nil, key: "image", "give either input: or image:, not both")
        case (nil, nil):
            throw error(
                nil, key: "input", "missing: the input grid ([H][W], [C][H][W] or [N][C][H][W]) or an image: file")
        }
    }

    // MARK: - Transposed convolution and pooling

    /// Keys that belong to one operation only are errors with the others.
    private func checkOperationKeys(pool: PoolKind?, transposed: Bool) throws(PresetError) {
        if pool != nil && transposed {
            throw error(nil, key: "pool", "a preset is either pool: or transposed: true, not both")
        }
        let poolOnly = ["kernel_size", "ceil_mode", "count_include_pad"]
        if pool == nil, let key = poolOnly.first(where: { entry($0) != nil }) {
            throw error(nil, key: key, "only applies to pooling: add pool: max or pool: avg")
        }
        if !transposed, entry("output_padding") != nil {
            throw error(nil, key: "output_padding", "only applies to a transposed convolution: add transposed: true")
        }
        if pool != nil {
            if entry("kernel_size") == nil {
                throw error(nil, key: "kernel_size", "missing: pooling needs the window size (kernel_size: 2)")
            }
            for key in ["kernel", "bias", "groups"] where entry(key) != nil {
                throw error(nil, key: key, "pooling has no \(key) (its window is kernel_size:)")
            }
        }
        if pool != nil || transposed {
            if let padding = entry("padding"), case let .scalar(scalar) = padding.value,
                !NumberText.isInteger(scalar.string)
            {
                throw error(
                    padding.value, key: "padding",
                    "\(pool != nil ? "pooling" : "a transposed convolution") takes numbers for padding, not '\(scalar.string)'"
                )
            }
            if let mode = entry("padding_mode"), (try? text(mode.value, key: "padding_mode")) != "zeros" {
                throw error(
                    mode.value, key: "padding_mode",
                    "\(pool != nil ? "pooling pads" : "ConvTranspose2d supports") only with zeros padding_mode")
            }
        }
    }

    private func poolKind(_ node: Node) throws(PresetError) -> PoolKind {
        let value = try text(node, key: "pool")
        switch value {
        case "max": return .max
        case "avg", "average", "mean": return .avg
        default:
            throw error(
                node, key: "pool",
                "'\(value)' is not a pooling; use max or avg\(Suggestion.hint(for: value, in: ["max", "avg"]))")
        }
    }

    private func explicitPadding(_ parameters: Conv2dParameters) -> AxisPair {
        if case let .explicit(height, width) = parameters.padding { return AxisPair(height: height, width: width) }
        return .uniform(0)
    }

    private func poolParameters(_ kind: PoolKind) throws(PresetError) -> Pool2dParameters {
        let kernel = try pair(entry("kernel_size")!.value, key: "kernel_size")
        let stride = try entry("stride").map { entry throws(PresetError) in try pair(entry.value, key: "stride") }
        let dilation =
            try entry("dilation").map { entry throws(PresetError) in try pair(entry.value, key: "dilation") }
            ?? .uniform(1)
        let padding =
            try entry("padding").map { entry throws(PresetError) in try pair(entry.value, key: "padding") }
            ?? .uniform(0)
        return Pool2dParameters(
            kind: kind, kernel: kernel, stride: stride, padding: padding, dilation: dilation,
            ceilMode: try entry("ceil_mode").map { entry throws(PresetError) in try onOff(entry.value, key: "ceil_mode")
            } ?? false,
            countIncludePad: try entry("count_include_pad").map { entry throws(PresetError) in
                try onOff(entry.value, key: "count_include_pad")
            } ?? true)
    }

    private func transposedParameters(_ parameters: Conv2dParameters) throws(PresetError) -> TransposedConv2dParameters
    {
        TransposedConv2dParameters(
            stride: parameters.stride, padding: explicitPadding(parameters),
            outputPadding: try entry("output_padding").map { entry throws(PresetError) in
                try pair(entry.value, key: "output_padding")
            } ?? .uniform(0),
            dilation: parameters.dilation, groups: parameters.groups)
    }

    // MARK: - Lessons

    static let stepKeys = ["text", "set", "select", "animate", "quiz", "backward", "layer", "paths"]
    static let settableKeys = ["stride", "padding", "dilation", "groups", "padding_mode", "bias"]

    func lessonSteps(_ node: Node) throws(PresetError) -> [LessonStep] {
        let items = try sequence(node, key: "lesson")
        if items.isEmpty { throw error(node, key: "lesson", "the lesson has no steps") }
        if items.count > PresetLoader.maxLessonSteps {
            throw error(
                node, key: "lesson",
                "has \(items.count) steps; lessons are limited to \(PresetLoader.maxLessonSteps)")
        }
        var steps: [LessonStep] = []
        for (index, item) in items.enumerated() {
            let key = "lesson, step \(index + 1)"
            let fields = try mapping(item, key: key, known: Self.stepKeys)
            guard let textNode = fields["text"] else { throw error(item, key: key, "missing text: what the step says") }
            var step = LessonStep(text: try text(textNode, key: "\(key), text"))
            if step.text.count > PresetLoader.maxTextCharacters {
                throw error(
                    textNode, key: "\(key), text",
                    "is \(step.text.count) characters long; "
                        + "a step's text is limited to \(PresetLoader.maxTextCharacters)")
            }
            if let set = fields["set"] {
                let changes = try mapping(set, key: "\(key), set", known: Self.settableKeys)
                step.changes = ParameterChanges(
                    stride: try changes["stride"].map { node throws(PresetError) in
                        try pair(node, key: "\(key), set, stride")
                    },
                    padding: try changes["padding"].map { node throws(PresetError) in try padding(node) },
                    dilation: try changes["dilation"].map { node throws(PresetError) in
                        try pair(node, key: "\(key), set, dilation")
                    },
                    groups: try changes["groups"].map { node throws(PresetError) in
                        try integer(node, key: "\(key), set, groups")
                    },
                    paddingMode: try changes["padding_mode"].map { node throws(PresetError) in try paddingMode(node) },
                    bias: try changes["bias"].map { node throws(PresetError) in
                        try onOff(node, key: "\(key), set, bias")
                    })
            }
            if let select = fields["select"] {
                let values = try sequence(select, key: "\(key), select")
                guard (2...4).contains(values.count) else {
                    throw error(
                        select, key: "\(key), select",
                        "expected [row, column], [channel, row, column] or [n, channel, row, column]")
                }
                var cell: [Int] = []
                for value in values { cell.append(try integer(value, key: "\(key), select")) }
                if cell.contains(where: { $0 < 0 }) {
                    throw error(select, key: "\(key), select", "positions start at 0")
                }
                step.select = cell
            }
            if let animate = fields["animate"] {
                step.animate = try choice(animate, key: "\(key), animate", LessonStep.Animation.self)
            }
            if let quiz = fields["quiz"] {
                step.quiz = try choice(quiz, key: "\(key), quiz", LessonStep.Quiz.self)
            }
            if let backward = fields["backward"] {
                step.backward = try choice(backward, key: "\(key), backward", LessonStep.BackwardView.self)
                if step.quiz != nil {
                    throw error(backward, key: "\(key), backward", "a quiz step shows the forward pass")
                }
            }
            if let layer = fields["layer"] {
                let grid = try integer(layer, key: "\(key), layer")
                if grid < 0 { throw error(layer, key: "\(key), layer", "0 is the input, 1 the first layer") }
                step.layer = grid
            }
            if let paths = fields["paths"] { step.paths = try onOff(paths, key: "\(key), paths") }
            steps.append(step)
        }
        return steps
    }

    func mapping(_ node: Node, key: String, known: [String]) throws(PresetError) -> [String: Node] {
        try budget.visit(node, file: file)
        guard case let .mapping(mapping) = node else {
            throw error(node, key: key, "expected keys (\(known.joined(separator: ", "))), got a \(Self.kind(node))")
        }
        var fields: [String: Node] = [:]
        for (keyNode, value) in mapping {
            let name = keyNode.scalar?.string ?? ""
            guard known.contains(name) else {
                throw error(
                    keyNode, key: key,
                    "unknown key '\(name)'\(Suggestion.hint(for: name, in: known)); known: \(known.joined(separator: ", "))"
                )
            }
            fields[name] = value
        }
        return fields
    }

    private func choice<Choice: RawRepresentable & CaseIterable>(_ node: Node, key: String, _ type: Choice.Type)
        throws(PresetError) -> Choice
    where Choice.RawValue == String {
        let value = try text(node, key: key)
        let names = Choice.allCases.map(\.rawValue)
        guard let choice = Choice(rawValue: value) else {
            throw error(
                node, key: key,
                "'\(value)' is not one of \(names.joined(separator: ", "))\(Suggestion.hint(for: value, in: names))")
        }
        return choice
    }

    func onOff(_ node: Node, key: String) throws(PresetError) -> Bool {
        switch try text(node, key: key) {
        case "on", "true", "yes": return true
        case "off", "false", "no": return false
        case let other: throw error(node, key: key, "expected on or off, got '\(other)'")
        }
    }

    // MARK: - Keys

    func entry(_ key: String) -> (key: String, value: Node, line: Int?)? {
        root.first { $0.key == key }
    }

    func error(_ node: Node?, key: String, _ message: String) -> PresetError {
        PresetError(
            file: file, line: node?.mark?.line ?? entry(key.split(separator: ",").first.map(String.init) ?? key)?.line,
            key: key, message: message)
    }

    func text(_ node: Node, key: String) throws(PresetError) -> String {
        try budget.visit(node, file: file)
        guard case let .scalar(scalar) = node else { throw error(node, key: key, "must be text") }
        return scalar.string
    }

    // MARK: - Numbers

    private func number(_ node: Node, key: @autoclosure () -> String) throws(PresetError) -> Double {
        try budget.visit(node, file: file)
        guard case let .scalar(scalar) = node else {
            throw error(node, key: key(), "expected a number, got a \(Self.kind(node))")
        }
        let string = scalar.string
        if scalar.style == .plain, NumberText.isDecimal(string), let value = Double(string) {
            guard value.isFinite else { throw error(node, key: key(), "\(string) is out of range for a 64-bit float") }
            return value
        }
        if scalar.style != .plain {
            throw error(node, key: key(), "expected a number, got the quoted text \"\(string)\"")
        }
        if [".nan", "nan", ".inf", "+.inf", "-.inf", "inf", "-inf", "+inf", "infinity", "-infinity"].contains(
            string.lowercased())
        {
            throw error(node, key: key(), "\(string) is not allowed: values must be finite numbers")
        }
        throw error(node, key: key(), "expected a number, got '\(string)'")
    }

    func integer(_ node: Node, key: String) throws(PresetError) -> Int {
        try budget.visit(node, file: file)
        guard case let .scalar(scalar) = node, scalar.style == .plain else {
            throw error(node, key: key, "expected a whole number, got a \(Self.kind(node))")
        }
        let string = scalar.string
        guard NumberText.isInteger(string) else {
            throw error(node, key: key, "expected a whole number, got '\(string)'")
        }
        guard let value = Int(string) else { throw error(node, key: key, "\(string) is too large") }
        return value
    }

    func sequence(_ node: Node, key: String) throws(PresetError) -> [Node] {
        try budget.visit(node, file: file)
        guard case let .sequence(sequence) = node else {
            throw error(node, key: key, "expected a list, got a \(Self.kind(node))")
        }
        return Array(sequence)
    }

    // MARK: - Parameters

    func pair(_ node: Node, key: String) throws(PresetError) -> AxisPair {
        if case .scalar = node { return .uniform(try integer(node, key: key)) }
        let items = try sequence(node, key: key)
        switch items.count {
        case 1: return .uniform(try integer(items[0], key: key))
        case 2: return AxisPair(height: try integer(items[0], key: key), width: try integer(items[1], key: key))
        default: throw error(node, key: key, "expected one number or [height, width], got \(items.count) values")
        }
    }

    func padding(_ node: Node) throws(PresetError) -> Padding {
        if case let .scalar(scalar) = node, !NumberText.isInteger(scalar.string) {
            switch scalar.string {
            case "same": return .same
            case "valid": return .valid
            default:
                throw error(
                    node, key: "padding",
                    "expected a number, [height, width], 'same' or 'valid', got '\(scalar.string)'\(Suggestion.hint(for: scalar.string, in: ["same", "valid"]))"
                )
            }
        }
        let amounts = try pair(node, key: "padding")
        return .explicit(height: amounts.height, width: amounts.width)
    }

    func paddingMode(_ node: Node) throws(PresetError) -> PaddingMode {
        let names = PaddingMode.allCases.map(\.rawValue)
        let value = try text(node, key: "padding_mode")
        guard let mode = PaddingMode(rawValue: value) else {
            throw error(
                node, key: "padding_mode",
                "'\(value)' is not a padding mode\(Suggestion.hint(for: value, in: names)); use one of \(names.joined(separator: ", "))"
            )
        }
        return mode
    }

    func biasValues(_ node: Node) throws(PresetError) -> [Double]? {
        if case .mapping = node {
            return try tensorFile(node, key: "bias", ranks: [0, 1], expected: "C_out numbers").tensor.values
        }
        if case let .scalar(scalar) = node {
            if ["~", "null", ""].contains(scalar.string) && scalar.style == .plain { return nil }
            return [try number(node, key: "bias")]
        }
        let items = try sequence(node, key: "bias")
        var values: [Double] = []
        for (index, item) in items.enumerated() { values.append(try number(item, key: "bias, element \(index + 1)")) }
        return values
    }

    // MARK: - Grids

    /// Reads a rectangular nested list of numbers of one of `ranks` levels into a tensor.
    func grid(_ node: Node, key: String, ranks: [Int]) throws(PresetError) -> (tensor: Tensor, rank: Int) {
        let layouts =
            key.hasSuffix("kernel")
            ? ["", "", "[kH][kW]", "", "[C_out][C_in/groups][kH][kW]"]
            : ["", "", "[H][W]", "[C][H][W]", "[N][C][H][W]"]
        let expected = ranks.map { layouts[$0] }
        if case .mapping = node {
            return try tensorFile(node, key: key, ranks: ranks, expected: expected.joined(separator: " or "))
        }
        var rank = 0
        var probe = node
        while case let .sequence(sequence) = probe {
            rank += 1
            guard let first = sequence.first else { break }
            probe = first
        }
        guard ranks.contains(rank) else {
            let got = rank == 0 ? "a \(Self.kind(node))" : rank == 1 ? "a flat list" : "\(rank) levels of lists"
            throw error(node, key: key, "expected a grid \(expected.joined(separator: " or ")), got \(got)")
        }
        var dimensions = [Int](repeating: -1, count: rank)
        var values: [Double] = []
        var path: [Int] = []
        try fill(node, level: 0, dimensions: &dimensions, values: &values, key: key, path: &path)
        let padded = Array(repeating: 1, count: 4 - rank) + dimensions
        let shape = Shape4(n: padded[0], c: padded[1], h: padded[2], w: padded[3])
        return (Tensor(shape: shape, values: values), rank)
    }

    /// The grid a `{file: PATH}` or `{file: PATH, tensor: NAME}` mapping names (PATH relative to the preset).
    func tensorFile(
        _ node: Node, key: String, ranks: [Int],
        expected: String
    ) throws(PresetError) -> (tensor: Tensor, rank: Int) {
        let fields = try mapping(node, key: key, known: ["file", "tensor"])
        guard let fileNode = fields["file"] else {
            throw error(node, key: key, "missing file: the .npy, .npz or .safetensors file")
        }
        let name = try text(fileNode, key: "\(key), file")
        let tensor = try fields["tensor"].map { node throws(PresetError) in try text(node, key: "\(key), tensor") }
        do {
            let stored = try TensorFile.load(file: name, tensor: tensor, relativeTo: file)
            return try TensorFile.grid(
                stored, file: DataFile.resolve(name, relativeTo: file), tensor: tensor,
                ranks: ranks, expected: expected)
        } catch {
            throw PresetError(
                file: file, line: node.mark?.line ?? entry(key)?.line, key: key,
                message: error.description)
        }
    }

    private func fill(
        _ node: Node, level: Int, dimensions: inout [Int], values: inout [Double],
        key: String, path: inout [Int]
    ) throws(PresetError) {
        let rank = dimensions.count
        if level == rank {
            values.append(try number(node, key: Self.place(path, rank: rank, key: key)))
            if values.count > Limits.maxElements {
                throw error(node, key: key, "more than \(Limits.maxElements) numbers; grids are limited to that many")
            }
            return
        }
        let items = try sequence(node, key: Self.place(path, rank: rank, key: key))
        let what = ["", "", "rows", "channels", "batch items"]
        if items.isEmpty {
            throw error(
                node, key: Self.place(path, rank: rank, key: key),
                level == rank - 1 ? "the row is empty" : "the list of \(what[rank - level]) is empty")
        }
        if dimensions[level] < 0 {
            dimensions[level] = items.count
        } else if dimensions[level] != items.count {
            let unit =
                level == rank - 1 ? "numbers" : level == rank - 2 ? "rows" : level == rank - 3 ? "channels" : "items"
            throw error(
                node, key: Self.place(path, rank: rank, key: key),
                "has \(items.count) \(unit), expected \(dimensions[level]) (grids must be rectangular)")
        }
        for (index, item) in items.enumerated() {
            path.append(index)
            try fill(item, level: level + 1, dimensions: &dimensions, values: &values, key: key, path: &path)
            path.removeLast()
        }
    }

    /// `input, channel 2, row 3, column 1` from a 0-based path into a grid of `rank` levels.
    private static func place(_ path: [Int], rank: Int, key: String) -> String {
        let names = ["column", "row", "channel", "batch item"]
        var parts = [key]
        for (level, index) in path.enumerated() {
            parts.append("\(names[rank - 1 - level]) \(index + 1)")
        }
        if key.hasSuffix("kernel") && rank == 4 {
            parts =
                [key]
                + path.enumerated().map { level, index in
                    "\(["filter", "channel", "row", "column"][level]) \(index + 1)"
                }
        }
        return parts.joined(separator: ", ")
    }

    private static func kind(_ node: Node) -> String {
        switch node {
        case let .scalar(scalar): scalar.style == .plain ? "value '\(scalar.string)'" : "text \"\(scalar.string)\""
        case .mapping: "mapping"
        case .sequence: "list"
        case .alias: "alias"
        }
    }

    // MARK: - YAML errors

    private static func describe(_ error: YamlError, file: String) -> PresetError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return PresetError(
                file: file, line: mark.line, message: "not valid YAML: \(problem) (column \(mark.column))")
        case let .duplicatedKeysInMapping(duplicates, context):
            return PresetError(
                file: file, line: context.mark.line, key: duplicates.first,
                message: "the key appears more than once (\(duplicates.joined(separator: ", ")))")
        case let .reader(problem, _, _, _):
            return PresetError(file: file, message: "cannot be read as text: \(problem)")
        default:
            return PresetError(file: file, message: "not valid YAML")
        }
    }
}

/// Counts the nodes a preset's walk visits, so YAML aliases cannot expand a small file into a huge one.
private final class NodeBudget {
    let limit: Int
    var visited = 0

    init(limit: Int) { self.limit = limit }

    func visit(_ node: Node, file: String) throws(PresetError) {
        visited += 1
        if visited > limit {
            throw PresetError(
                file: file, line: node.mark?.line,
                message:
                    "the file expands far beyond its size through YAML aliases (*name); aliases are not supported in presets"
            )
        }
    }
}
