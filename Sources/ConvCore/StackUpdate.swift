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
                  let op = try? TransposedConvolution(input: x, weight: weight, bias: conv.bias,
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
                        reached.insert(Self.flat(TensorIndex(n: cell.n, channel: cell.channel, row: row, column: column), out))
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
                for k in 0..<group.count { values[group.start + k * group.step] = scratch[group.start + k * group.step] }
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
        TensorIndex(n: flat / (shape.c * shape.h * shape.w), channel: flat / (shape.h * shape.w) % shape.c,
                    row: flat / shape.w % shape.h, column: flat % shape.w)
    }
}
