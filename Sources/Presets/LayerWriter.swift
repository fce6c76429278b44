import ConvCore

/// Writing a preset's `layers:` list, one setting per line and one grid row per line.
extension PresetWriter {
    /// `layers:` and its items, as ``PresetReader`` reads them back.
    static func layerLines(_ layers: [Layer]) -> [String] {
        ["layers:"] + layers.flatMap(item)
    }

    private static func item(_ layer: Layer) -> [String] {
        switch layer {
        case let .conv2d(conv):
            let p = conv.parameters
            return ["  - conv2d:"] + weightLines(conv.weights) + biasLine(conv.bias)
                + settings([
                    "stride: \(p.stride)", "padding: \(p.padding.presetText)", "dilation: \(p.dilation)",
                    "groups: \(p.groups)", "padding_mode: \(p.paddingMode.rawValue)",
                ])
        case let .convTranspose2d(conv):
            let p = conv.parameters
            return ["  - conv_transpose2d:"] + weightLines(conv.weights) + biasLine(conv.bias)
                + settings([
                    "stride: \(p.stride)", "padding: \(p.padding)", "output_padding: \(p.outputPadding)",
                    "dilation: \(p.dilation)", "groups: \(p.groups)",
                ])
        case let .pool(p):
            var fields = ["kernel_size: \(p.kernel)", "stride: \(p.stride)", "padding: \(p.padding)"]
            fields +=
                p.kind == .max
                ? ["dilation: \(p.dilation)", "ceil_mode: \(p.ceilMode)"]
                : ["ceil_mode: \(p.ceilMode)", "count_include_pad: \(p.countIncludePad)"]
            return ["  - \(p.kind.rawValue)_pool2d: {\(fields.joined(separator: ", "))}"]
        case let .linear(linear):
            if case let .seeded(outFeatures, _, seed) = linear.weights {
                return ["  - linear:"]
                    + settings([
                        "out_features: \(outFeatures)",
                        "seed: "
                            + "\(seed)",
                    ]) + biasLine(linear.bias)
            }
            return ["  - linear:", "      weight:"] + rows(linear.weight.plane(n: 0, c: 0), indent: 8)
                + biasLine(linear.bias)
        case .activation, .flatten, .softmax:
            return ["  - \(layer.kind)"]
        }
    }

    private static func settings(_ lines: [String]) -> [String] { lines.map { "      " + $0 } }

    private static func biasLine(_ bias: [Double]?) -> [String] {
        bias.map { ["      bias: " + flow($0)] } ?? []
    }

    private static func weightLines(_ weights: LayerWeights) -> [String] {
        switch weights {
        case let .seeded(outChannels, kernelSize, seed):
            return settings(["out_channels: \(outChannels)", "kernel_size: \(kernelSize)", "seed: \(seed)"])
        case let .values(tensor):
            let shape = tensor.shape
            if shape.n == 1 && shape.c == 1 { return ["      kernel:"] + rows(tensor.plane(n: 0, c: 0), indent: 8) }
            return ["      kernel:"]
                + (0..<shape.n).flatMap { n in
                    ["        - # filter \(n)"]
                        + (0..<shape.c).flatMap { c in
                            ["          - # channel \(c)"] + rows(tensor.plane(n: n, c: c), indent: 12)
                        }
                }
        }
    }

    private static func rows(_ rows: [[Double]], indent: Int) -> [String] {
        rows.map { String(repeating: " ", count: indent) + "- " + flow($0) }
    }

    private static func flow(_ values: [Double]) -> String {
        "[" + values.map(NumberText.format).joined(separator: ", ") + "]"
    }
}
