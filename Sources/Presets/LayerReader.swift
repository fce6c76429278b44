import ConvCore
import Yams

/// Reading a preset's `layers:` list: a stack of layers applied in order to the input, like `nn.Sequential`.
extension PresetReader {
    /// The layer words a preset may use.
    static let layerKinds = [
        "conv2d", "conv_transpose2d", "relu", "sigmoid", "tanh", "max_pool2d", "avg_pool2d",
        "flatten", "linear", "softmax",
    ]
    /// The keys each layer with settings accepts.
    static let layerKeys: [String: [String]] = [
        "conv2d": [
            "kernel", "bias", "stride", "padding", "dilation", "groups", "padding_mode", "out_channels",
            "kernel_size", "seed",
        ],
        "conv_transpose2d": [
            "kernel", "bias", "stride", "padding", "output_padding", "dilation", "groups",
            "padding_mode", "out_channels", "kernel_size", "seed",
        ],
        "max_pool2d": ["kernel_size", "stride", "padding", "dilation", "ceil_mode"],
        "avg_pool2d": ["kernel_size", "stride", "padding", "ceil_mode", "count_include_pad"],
        "linear": ["weight", "bias", "out_features", "seed"],
    ]
    /// The top-level keys of a single operation, which a preset with `layers:` cannot have.
    static let singleOperationKeys = [
        "kernel", "bias", "stride", "padding", "dilation", "groups", "padding_mode",
        "transposed", "output_padding", "pool", "kernel_size", "ceil_mode",
        "count_include_pad",
    ]

    /// The preset of a `layers:` list, validated by computing the stack.
    func stackPreset(
        _ name: String, _ description: String?, _ input: (tensor: Tensor, rank: Int),
        _ node: Node
    ) throws(PresetError) -> Preset {
        if let key = Self.singleOperationKeys.first(where: { entry($0) != nil }) {
            throw error(
                nil, key: key,
                "a preset with layers: cannot also have the single-operation key \(key); "
                    + "put it inside a layer")
        }
        let items = try sequence(node, key: "layers")
        if items.count > Stack.maxLayers {
            throw error(node, key: "layers", "\(items.count) layers is too many (the limit is \(Stack.maxLayers))")
        }
        var layers: [Layer] = []
        for (index, item) in items.enumerated() { layers.append(try layer(item, index: index)) }
        let stack: Stack
        do {
            stack = try Stack(input: input.tensor, layers: layers)
        } catch {
            let line = error.layer.flatMap { items.indices.contains($0) ? items[$0].mark?.line : nil }
            throw PresetError(file: file, line: line ?? entry("layers")?.line, key: error.path, message: error.message)
        }
        let lesson = try entry("lesson").map { entry throws(PresetError) in try lessonSteps(entry.value) } ?? []
        try checkStackLesson(lesson, stack: stack)
        return Preset(
            name: name, description: description, input: input.tensor, inputRank: input.rank,
            kernel: Tensor(shape: Shape4(n: 1, c: 1, h: 1, w: 1), values: [1]), lesson: lesson,
            operation: .stack(layers))
    }

    /// A stack lesson's steps use `text:`, `layer:`, `select:` and `paths:`; each `layer:` names a grid of the
    /// stack (0 the input, `K` the output of layer `K`) and each `select:` a unit of that grid.
    private func checkStackLesson(_ lesson: [LessonStep], stack: Stack) throws(PresetError) {
        for (index, step) in lesson.enumerated() {
            let key = "lesson, step \(index + 1)"
            let singleKey =
                step.changes != ParameterChanges()
                ? "set"
                : step.animate != nil
                    ? "animate"
                    : step.quiz != nil ? "quiz" : step.backward != nil ? "backward" : nil
            if let singleKey {
                throw error(
                    nil, key: "\(key), \(singleKey)",
                    "a layer-stack lesson uses text:, layer:, select: "
                        + "and paths:; \(singleKey): works with a single operation")
            }
            if let layer = step.layer, layer > stack.layers.count {
                throw error(
                    nil, key: "\(key), layer",
                    "is \(layer), but the stack has \(stack.layers.count) layers "
                        + "(0 is the input, 1–\(stack.layers.count) the layers' outputs)")
            }
            guard let select = step.select else { continue }
            guard let layer = step.layer else {
                throw error(
                    nil, key: "\(key), select",
                    "needs layer: in a layer-stack lesson (the grid the unit is "
                        + "in: 0 the input, K the output of layer K)")
            }
            guard select.count <= 3 else {
                throw error(
                    nil, key: "\(key), select",
                    "expected [row, column] or [channel, row, column] of "
                        + "layer \(layer)'s output (a stack shows batch item 0)")
            }
            let shape = layer == 0 ? stack.input.shape : stack.outputs[layer - 1].shape
            let flat = layer > 0 && stack.isFlat[layer - 1]
            let cell = select.count == 3 ? select : [0] + select
            let grid = layer == 0 ? "the input" : "layer \(layer)'s output"
            let size = flat ? "\(shape.c) features" : "\(shape.c) channels of \(shape.h)x\(shape.w)"
            guard cell[0] < shape.c, cell[1] < shape.h, cell[2] < shape.w else {
                throw error(nil, key: "\(key), select", "\(select) is outside \(grid) (\(size))")
            }
        }
    }

    /// One item of the list: a bare word (`relu`), or a one-key mapping from the layer's word to its settings.
    private func layer(_ node: Node, index: Int) throws(PresetError) -> Layer {
        let place = "layers[\(index)]"
        let kind: String, settings: Node?
        switch node {
        case let .scalar(scalar):
            (kind, settings) = (scalar.string, nil)
        case let .mapping(mapping) where mapping.count == 1:
            guard let first = mapping.first, case let .scalar(word) = first.key else {
                throw error(node, key: place, "expected a layer word such as conv2d or relu")
            }
            (kind, settings) = (word.string, Self.isEmpty(first.value) ? nil : first.value)
        default:
            throw error(
                node, key: place,
                "expected a layer: a word (relu, flatten, ...) or one word with its "
                    + "settings (conv2d: {...})")
        }
        guard Self.layerKinds.contains(kind) else {
            throw error(
                node, key: place,
                "'\(kind)' is not a "
                    + "layer\(Suggestion.hint(for: kind, in: Self.layerKinds)); layers: "
                    + "\(Self.layerKinds.joined(separator: ", "))")
        }
        let key = "\(place).\(kind)"
        if kind == "softmax", let settings { try checkSoftmaxDimension(settings, key: key) }
        guard let known = Self.layerKeys[kind] else {
            if let settings, kind != "softmax" { throw error(settings, key: key, "takes no settings") }
            switch kind {
            case "flatten": return .flatten
            case "softmax": return .softmax
            default: return .activation(Activation(rawValue: kind) ?? .relu)
            }
        }
        guard let settings else { throw error(node, key: key, "needs its settings (\(known.joined(separator: ", ")))") }
        let fields = try mapping(settings, key: key, known: known)
        let reader = LayerFields(reader: self, fields: fields, key: key, node: settings)
        switch kind {
        case "conv2d": return .conv2d(try reader.conv2d())
        case "conv_transpose2d": return .convTranspose2d(try reader.transposed())
        case "linear": return .linear(try reader.linear())
        default: return .pool(try reader.pool(kind == "max_pool2d" ? .max : .avg))
        }
    }

    /// `softmax: {dim: 1}` is the softmax convviz computes (over the channels, or the features once flat).
    private func checkSoftmaxDimension(_ node: Node, key: String) throws(PresetError) {
        let fields = try mapping(node, key: key, known: ["dim"])
        guard let dim = fields["dim"], try integer(dim, key: "\(key).dim") == 1 else {
            throw error(
                node, key: "\(key).dim",
                "convviz computes the softmax over dimension 1 (the channels, "
                    + "or the features once flat); write dim: 1 or leave it out")
        }
    }

    /// Whether a layer's settings are absent: nothing, `null`, `~` or `{}`.
    static func isEmpty(_ node: Node) -> Bool {
        switch node {
        case let .scalar(scalar): scalar.style == .plain && ["", "~", "null"].contains(scalar.string)
        case let .mapping(mapping): mapping.count == 0
        default: false
        }
    }
}

/// The settings of one layer, read with the preset reader's checks and named `layers[3].conv2d.stride` in errors.
private struct LayerFields {
    let reader: PresetReader
    let fields: [String: Node]
    let key: String
    let node: Node

    /// The index of the layer, for the default seed.
    private var position: UInt64 {
        UInt64(key.dropFirst("layers[".count).prefix { $0.isNumber }) ?? 0
    }

    /// Runs `read`, naming the layer in an error's key.
    private func named<T>(_ read: () throws(PresetError) -> T) throws(PresetError) -> T {
        do {
            return try read()
        } catch {
            var named = error
            named.key = named.key.map { $0.hasPrefix(key) ? $0 : "\(key).\($0)" } ?? key
            throw named
        }
    }

    private func pair(_ name: String) throws(PresetError) -> AxisPair? {
        try fields[name].map { node throws(PresetError) in try reader.pair(node, key: "\(key).\(name)") }
    }

    private func integer(_ name: String) throws(PresetError) -> Int? {
        try fields[name].map { node throws(PresetError) in try reader.integer(node, key: "\(key).\(name)") }
    }

    private func onOff(_ name: String) throws(PresetError) -> Bool? {
        try fields[name].map { node throws(PresetError) in try reader.onOff(node, key: "\(key).\(name)") }
    }

    private func bias() throws(PresetError) -> [Double]? {
        try named { () throws(PresetError) in
            try fields["bias"].flatMap { node throws(PresetError) in try reader.biasValues(node) }
        }
    }

    /// `kernel:` values, or `out_channels:` and `kernel_size:` with an optional `seed:`.
    private func weights(layout: String) throws(PresetError) -> LayerWeights {
        switch (fields["kernel"], fields["out_channels"]) {
        case let (kernel?, nil):
            for name in ["kernel_size", "seed"] where fields[name] != nil {
                throw reader.error(
                    fields[name], key: "\(key).\(name)",
                    "goes with out_channels:, not with "
                        + "kernel: values")
            }
            return .values(try reader.grid(kernel, key: "\(key).kernel", ranks: [2, 4]).tensor)
        case (nil, _?):
            guard let size = try pair("kernel_size") else {
                throw reader.error(node, key: "\(key).kernel_size", "missing: out_channels: needs kernel_size: too")
            }
            return .seeded(outChannels: try integer("out_channels") ?? 0, kernelSize: size, seed: try seed())
        case (_?, _?):
            throw reader.error(
                fields["out_channels"], key: "\(key).out_channels",
                "give either kernel: values "
                    + "or out_channels: with kernel_size:, not both")
        case (nil, nil):
            throw reader.error(
                node, key: "\(key).kernel",
                "missing: the kernel grid (\(layout)), or "
                    + "out_channels: with kernel_size:")
        }
    }

    func conv2d() throws(PresetError) -> Conv2dLayer {
        let mode = try named { () throws(PresetError) in try fields["padding_mode"].map(reader.paddingMode) } ?? .zeros
        var padding = try named { () throws(PresetError) in try fields["padding"].map(reader.padding) } ?? .uniform(0)
        // nn.Conv2d with a padding mode other than zeros pads only the width for a one-element padding list.
        if mode != .zeros, let node = fields["padding"], reader.isOneElementList(node),
            case let .explicit(_, width) = padding
        {
            padding = .explicit(height: 0, width: width)
        }
        if mode != .zeros, padding == .same, let node = fields["dilation"], reader.isOneElementList(node) {
            throw reader.error(
                node, key: "\(key).dilation",
                "with padding 'same' and padding_mode "
                    + "\(mode.rawValue), nn.Conv2d pads only the height for a one-element list; write dilation as "
                    + "one number or [height, width]")
        }
        let parameters = Conv2dParameters(
            stride: try pair("stride") ?? .uniform(1), padding: padding, dilation: try pair("dilation") ?? .uniform(1),
            groups: try integer("groups") ?? 1, paddingMode: mode)
        return Conv2dLayer(
            weights: try weights(layout: "[kH][kW] or [C_out][C_in/groups][kH][kW]"), bias: try bias(),
            parameters: parameters)
    }

    func transposed() throws(PresetError) -> TransposedConv2dLayer {
        if let mode = fields["padding_mode"], try reader.text(mode, key: "\(key).padding_mode") != "zeros" {
            throw reader.error(mode, key: "\(key).padding_mode", "ConvTranspose2d supports only zeros padding_mode")
        }
        let parameters = TransposedConv2dParameters(
            stride: try pair("stride") ?? .uniform(1), padding: try pair("padding") ?? .uniform(0),
            outputPadding: try pair("output_padding") ?? .uniform(0), dilation: try pair("dilation") ?? .uniform(1),
            groups: try integer("groups") ?? 1)
        return TransposedConv2dLayer(
            weights: try weights(layout: "[kH][kW] or [C_in][C_out/groups][kH][kW]"),
            bias: try bias(), parameters: parameters)
    }

    func pool(_ kind: PoolKind) throws(PresetError) -> Pool2dParameters {
        guard let kernel = try pair("kernel_size") else {
            throw reader.error(node, key: "\(key).kernel_size", "missing: the window size (kernel_size: 2)")
        }
        // `stride: null` is nn.MaxPool2d's default, the kernel size.
        let stride = try fields["stride"].flatMap { node throws(PresetError) in
            PresetReader.isEmpty(node) ? nil : try reader.pair(node, key: "\(key).stride")
        }
        return Pool2dParameters(
            kind: kind, kernel: kernel, stride: stride,
            padding: try pair("padding") ?? .uniform(0),
            dilation: try pair("dilation") ?? .uniform(1),
            ceilMode: try onOff("ceil_mode") ?? false,
            countIncludePad: try onOff("count_include_pad") ?? true)
    }

    func linear() throws(PresetError) -> LinearLayer {
        switch (fields["weight"], fields["out_features"]) {
        case let (weight?, nil):
            if let seed = fields["seed"] {
                throw reader.error(
                    seed, key: "\(key).seed",
                    "goes with "
                        + "out_features:, not with weight: values")
            }
            return LinearLayer(
                weights: .values(try reader.grid(weight, key: "\(key).weight", ranks: [2]).tensor),
                bias: try bias())
        case (nil, _?):
            return LinearLayer(
                weights: .seeded(
                    outChannels: try integer("out_features") ?? 0, kernelSize: .uniform(1),
                    seed: try seed()),
                bias: try bias())
        case (_?, _?):
            throw reader.error(
                fields["out_features"], key: "\(key).out_features",
                "give either weight: values "
                    + "or out_features:, not both")
        case (nil, nil):
            throw reader.error(
                node, key: "\(key).weight",
                "missing: the weight grid "
                    + "[out_features][in_features], or out_features:")
        }
    }

    /// `seed:`, or the layer's position in the list.
    private func seed() throws(PresetError) -> UInt64 {
        try fields["seed"].map { node throws(PresetError) in
            let value = try reader.integer(node, key: "\(key).seed")
            if value < 0 { throw reader.error(node, key: "\(key).seed", "must be 0 or more") }
            return UInt64(value)
        } ?? position
    }
}
