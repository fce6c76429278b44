extension Stack {
    /// Sets input cell `cell` to `value` and updates only the cells it reaches in each layer, chaining the layers'
    /// inverse maps (``Convolution/uses(of:)``, ``TransposedConvolution/scatter(of:)``, the pooling windows that
    /// hold a position, and every output of a linear layer or a softmax). Each updated cell is computed exactly as
    /// the full computation computes it, so the outputs stay bit for bit what ``init(input:layers:)`` would give.
    /// Returns how many cells were recomputed in each layer.
    @discardableResult
    public mutating func setInput(_ cell: TensorIndex, to value: Double) -> [Int] {
        let shape = input.shape
        let flat = ((cell.n * shape.c + cell.channel) * shape.h + cell.row) * shape.w + cell.column
        storeInput(flat, value)
        var changed = [flat], counts: [Int] = []
        for index in layers.indices {
            changed = update(layer: index, changedInputs: changed)
            counts.append(changed.count)
            if changed.isEmpty { break }
        }
        return counts + Array(repeating: 0, count: layers.count - counts.count)
    }

    /// Sets one weight of layer `layer` (0-based) — `weight[n, c, row, column]` of a convolution in its own layout,
    /// `weight[0, 0, out, in]` of a linear layer — and updates only what it reaches: the output channel (or
    /// feature) it belongs to, then the cells those reach in each later layer. Returns how many cells were
    /// recomputed in each layer; all zero (and nothing changed) for a layer without weights or an index outside
    /// the weight.
    @discardableResult
    public mutating func setWeight(layer: Int, _ index: TensorIndex, to value: Double) -> [Int] {
        guard layers.indices.contains(layer) else { return Array(repeating: 0, count: layers.count) }
        let out = outputs[layer].shape
        var channel: Int
        switch layers[layer] {
        case var .conv2d(conv):
            guard case var .values(weight) = conv.weights, weight.shape.contains(index) else { return zeros }
            weight[index.n, index.channel, index.row, index.column] = value
            conv.weights = .values(weight)
            layers[layer] = .conv2d(conv)
            channel = index.n
        case var .convTranspose2d(conv):
            guard case var .values(weight) = conv.weights, weight.shape.contains(index) else { return zeros }
            weight[index.n, index.channel, index.row, index.column] = value
            conv.weights = .values(weight)
            layers[layer] = .convTranspose2d(conv)
            let inputChannels = input(ofLayer: layer).shape.c, groups = conv.parameters.groups
            channel = index.n / (inputChannels / groups) * weight.shape.c + index.channel
        case var .linear(linear):
            guard case var .values(weight) = linear.weights, weight.shape.contains(index) else { return zeros }
            weight[index.n, index.channel, index.row, index.column] = value
            linear.weights = .values(weight)
            layers[layer] = .linear(linear)
            channel = index.row
        case .activation, .pool, .flatten, .softmax:
            return zeros
        }
        let plane = out.h * out.w
        var changed = (0..<out.n).flatMap { n in
            (0..<plane).map { ((n * out.c + channel) * plane) + $0 }
        }
        changed = recompute(layer: layer, cells: changed)
        var counts = [Int](repeating: 0, count: layer) + [changed.count]
        for next in layer + 1..<layers.count {
            changed = changed.isEmpty ? [] : update(layer: next, changedInputs: changed)
            counts.append(changed.count)
        }
        return counts
    }

    private var zeros: [Int] { Array(repeating: 0, count: layers.count) }

    /// Recomputes the given output cells of layer `index` (after a weight change); returns them.
    private mutating func recompute(layer index: Int, cells: [Int]) -> [Int] {
        let x = input(ofLayer: index), out = outputs[index].shape
        var values: [Int: Double] = [:]
        switch layers[index] {
        case let .conv2d(conv):
            guard case let .values(weight) = conv.weights,
                let op = try? Convolution(input: x, weight: weight, bias: conv.bias, parameters: conv.parameters)
            else { return [] }
            for flat in cells { values[flat] = op.trace(Self.tensorIndex(flat, out)).value }
        case let .convTranspose2d(conv):
            guard case let .values(weight) = conv.weights,
                let op = try? TransposedConvolution(
                    input: x, weight: weight, bias: conv.bias,
                    parameters: conv.parameters)
            else { return [] }
            for flat in cells { values[flat] = op.trace(Self.tensorIndex(flat, out)).value }
        case let .linear(linear):
            for flat in cells { values[flat] = linear.value(x, n: flat / out.c, o: flat % out.c) }
        case .activation, .pool, .flatten, .softmax:
            return []
        }
        for (flat, value) in values { outputs[index].values[flat] = value }
        return cells
    }

    /// Recomputes the cells of layer `index`'s output that read the changed input cells; returns their flat indices.
    private mutating func update(layer index: Int, changedInputs: [Int]) -> [Int] {
        let x = input(ofLayer: index), out = outputs[index].shape, inShape = x.shape
        let cells = changedInputs.map { Self.tensorIndex($0, inShape) }
        var reached = Set<Int>()
        var values: [Int: Double] = [:]
        switch (layers[index], geometries[index]) {
        case let (.conv2d(conv), .conv):
            guard case let .values(weight) = conv.weights,
                let op = try? Convolution(input: x, weight: weight, bias: conv.bias, parameters: conv.parameters)
            else { return [] }
            for cell in cells { reached.formUnion(op.uses(of: cell).map { Self.flat($0.output, out) }) }
            for flat in reached { values[flat] = op.trace(Self.tensorIndex(flat, out)).value }
        case let (.convTranspose2d(conv), .transposed):
            guard case let .values(weight) = conv.weights,
                let op = try? TransposedConvolution(
                    input: x, weight: weight, bias: conv.bias,
                    parameters: conv.parameters)
            else { return [] }
            for cell in cells { reached.formUnion(op.scatter(of: cell).map { Self.flat($0.output, out) }) }
            for flat in reached { values[flat] = op.trace(Self.tensorIndex(flat, out)).value }
        case let (.pool(parameters), .pool(rows, columns)):
            guard let op = try? Pooling(input: x, parameters: parameters) else { return [] }
            for cell in cells {
                let outRows = (0..<out.h).filter { rows.window($0).contains(cell.row) }
                let outColumns = (0..<out.w).filter { columns.window($0).contains(cell.column) }
                for row in outRows {
                    for column in outColumns {
                        let index = TensorIndex(n: cell.n, channel: cell.channel, row: row, column: column)
                        reached.insert(Self.flat(index, out))
                    }
                }
            }
            for flat in reached { values[flat] = op.trace(Self.tensorIndex(flat, out)).value }
        case let (.activation(activation), _):
            for flat in changedInputs { values[flat] = activation(x.values[flat]) }
        case (.flatten, _):
            for flat in changedInputs { values[flat] = x.values[flat] }
        case let (.linear(linear), _):
            for image in Set(cells.map(\.n)) {
                for o in 0..<linear.outFeatures { values[image * out.c + o] = linear.value(x, n: image, o: o) }
            }
        case (.softmax, _):
            var scratch = x.values
            for group in Set(changedInputs.map { Softmax.group(of: $0, in: inShape) }) {
                Softmax.apply(&scratch, group)
                for k in 0..<group.count {
                    let flat = group.start + k * group.step
                    values[flat] = scratch[flat]
                }
            }
        default:
            return []
        }
        for (flat, value) in values { outputs[index].values[flat] = value }
        return values.keys.sorted()
    }

    private static func flat(_ index: TensorIndex, _ shape: Shape4) -> Int {
        ((index.n * shape.c + index.channel) * shape.h + index.row) * shape.w + index.column
    }

    private static func tensorIndex(_ flat: Int, _ shape: Shape4) -> TensorIndex {
        TensorIndex(
            n: flat / (shape.c * shape.h * shape.w), channel: flat / (shape.h * shape.w) % shape.c,
            row: flat / shape.w % shape.h, column: flat % shape.w)
    }
}

extension Shape4 {
    /// Whether `index` lies inside a tensor of this shape.
    func contains(_ index: TensorIndex) -> Bool {
        (0..<n).contains(index.n) && (0..<c).contains(index.channel) && (0..<h).contains(index.row)
            && (0..<w).contains(index.column)
    }
}
