import ConvCore
import Testing

/// Random stacks drawn from a seed: seeded weights, so any channel count fits.
private func randomStack(_ seed: UInt64) -> Stack? {
    var random = SplitMix64(seed: seed)
    let shape = Shape4(
        n: random.next(in: 1...2), c: random.next(in: 1...3), h: random.next(in: 5...11),
        w: random.next(in: 5...11))
    let input = Tensor(shape: shape, values: (0..<shape.checkedCount!).map { _ in Double(random.next(in: -3...3)) })
    var layers: [Layer] = []
    var flat = false
    for index in 0..<random.next(in: 1...6) {
        let size = AxisPair(height: random.next(in: 1...3), width: random.next(in: 1...3))
        let pick = flat ? [5, 6, 7][random.next(below: 3)] : random.next(below: 8)
        switch pick {
        case 0, 1:
            let modes = PaddingMode.allCases
            layers.append(
                .conv2d(
                    Conv2dLayer(
                        weights: .seeded(outChannels: random.next(in: 1...3), kernelSize: size, seed: UInt64(index)),
                        bias: nil,
                        parameters: Conv2dParameters(
                            stride: .uniform(random.next(in: 1...2)), padding: .uniform(random.next(in: 0...1)),
                            dilation: .uniform(random.next(in: 1...2)), paddingMode: modes[random.next(below: 4)]))))
        case 2:
            layers.append(
                .convTranspose2d(
                    TransposedConv2dLayer(
                        weights: .seeded(outChannels: random.next(in: 1...2), kernelSize: size, seed: 7),
                        parameters: TransposedConv2dParameters(stride: .uniform(random.next(in: 1...2))))))
        case 3:
            layers.append(
                .pool(
                    Pool2dParameters(
                        kind: random.next(below: 2) == 0 ? .max : .avg, kernel: size,
                        stride: .uniform(random.next(in: 1...2)),
                        ceilMode: random.next(below: 2) == 0)))
        case 4:
            layers.append(.flatten)
            flat = true
        case 5:
            layers.append(
                flat
                    ? .linear(
                        LinearLayer(
                            weights: .seeded(outChannels: 3, kernelSize: .uniform(1), seed: 3),
                            bias: [0.5, -1, 2])) : .softmax)
        case 6:
            layers.append(.softmax)
        default:
            layers.append(.activation(Activation.allCases[random.next(below: 3)]))
        }
    }
    return try? Stack(input: input, layers: layers)
}

/// ``Stack``: layers in order, exact per layer, named in errors; receptive fields and paths.
struct StackTests {
    /// VGG-16's convolutional part as Distill's table lists it (one channel; geometry only).
    static func vgg16(size: Int = 224) throws -> Stack {
        var layers: [Layer] = []
        for convs in [2, 2, 3, 3, 3] {
            for _ in 0..<convs {
                layers.append(
                    .conv2d(
                        Conv2dLayer(
                            weights: .seeded(outChannels: 1, kernelSize: .uniform(3), seed: 1),
                            parameters: Conv2dParameters(padding: .uniform(1)))))
                layers.append(.activation(.relu))
            }
            layers.append(.pool(Pool2dParameters(kind: .max, kernel: .uniform(2))))
        }
        return try Stack(input: Tensor(shape: Shape4(n: 1, c: 1, h: size, w: size), repeating: 1), layers: layers)
    }

    /// TF-slim's alexnet_v2 up to pool5.
    static func alexnetV2() throws -> Stack {
        func conv(_ k: Int, stride: Int = 1, padding: Padding) -> Layer {
            .conv2d(
                Conv2dLayer(
                    weights: .seeded(outChannels: 1, kernelSize: .uniform(k), seed: 2),
                    parameters: Conv2dParameters(stride: .uniform(stride), padding: padding)))
        }
        let pool = Layer.pool(Pool2dParameters(kind: .max, kernel: .uniform(3), stride: .uniform(2)))
        let layers = [
            conv(11, stride: 4, padding: .valid), pool, conv(5, padding: .same), pool, conv(3, padding: .same),
            conv(3, padding: .same), conv(3, padding: .same), pool,
        ]
        return try Stack(input: Tensor(shape: Shape4(n: 1, c: 1, h: 224, w: 224), repeating: 1), layers: layers)
    }

    @Test func distillsTableRows() throws {
        let vgg = try Self.vgg16().receptiveFields().last!!
        #expect(vgg.height == AxisField(size: 212, stride: 32, padding: 90))
        #expect(vgg.width == vgg.height)
        let alexnet = try Self.alexnetV2().receptiveFields().last!!
        #expect(alexnet.height == AxisField(size: 195, stride: 32, padding: 64))
        #expect(try Self.alexnetV2().outputs.last!.shape == Shape4(n: 1, c: 1, h: 5, w: 5))
    }

    @Test func everyUnitsIntervalIsTheRecurrencesInterval() throws {
        let stack = try Self.vgg16(size: 64)
        let field = stack.receptiveFields().last!!.height
        for y in 0..<stack.output.shape.h {
            let unit = try stack.unitField(layer: stack.layers.count - 1, row: y, column: 0)
            let start = y * Int(field.stride) - Int(field.padding)
            #expect(unit.rows[0] == start...(start + Int(field.size) - 1))
        }
    }

    @Test func mostRandomStacksAreValid() {
        #expect((0..<60).compactMap { randomStack(UInt64($0)) }.count >= 30)
        #expect((1000..<1060).compactMap { randomStack(UInt64($0)) }.count >= 30)
    }

    @Test(arguments: 0..<60)
    func pathsAreTheTracesWalkedBack(seed: Int) throws {
        guard let stack = randomStack(UInt64(seed)), let layer = stack.lastWindowedLayer, !stack.isFlat[layer] else {
            return
        }
        let out = stack.outputs[layer].shape
        var random = SplitMix64(seed: UInt64(seed))
        let row = random.next(below: out.h), column = random.next(below: out.w)
        let field = try stack.unitField(layer: layer, row: row, column: column)
        #expect(try field.paths(grid: 0) == Self.bruteForcePaths(stack, layer: layer, row: row, column: column))
        // Every path-carrying position lies inside the interval (reflected taps fold back inside the input).
        let paths = try field.paths(grid: 0)
        for (i, line) in paths.enumerated() {
            for (j, count) in line.enumerated() where count > 0 {
                #expect(field.rows[0]?.contains(i) == true || Self.hasCopyingPadding(stack))
                #expect(field.columns[0]?.contains(j) == true || Self.hasCopyingPadding(stack))
            }
        }
    }

    @Test func pathsSumToTheProductOfWindowSizesWhenNothingIsClipped() throws {
        let conv = Layer.conv2d(
            Conv2dLayer(
                weights: .seeded(outChannels: 2, kernelSize: .uniform(3), seed: 1),
                parameters: Conv2dParameters(padding: .uniform(1))))
        let stack = try Stack(
            input: Tensor(shape: Shape4(n: 1, c: 1, h: 16, w: 16), repeating: 1),
            layers: [
                conv, .activation(.relu), conv, .pool(Pool2dParameters(kind: .max, kernel: .uniform(2))), conv,
            ])
        #expect(stack.receptiveFields()[4]?.height == AxisField(size: 10, stride: 2, padding: 4))
        let field = try stack.unitField(layer: 4, row: 4, column: 4)
        #expect(field.rows[0] == 4...13)
        #expect(try field.paths(grid: 0).joined().reduce(0, +) == 9 * 9 * 4 * 9)
        // At the border, zero padding clips paths away.
        let corner = try stack.unitField(layer: 4, row: 0, column: 0)
        #expect(corner.rows[0] == -4...5)
        #expect(try corner.paths(grid: 0).joined().reduce(0, +) < 9 * 9 * 4 * 9)
    }

    @Test func dilationAndTransposedStridesLeaveHoles() throws {
        let input = Tensor(shape: Shape4(n: 1, c: 1, h: 9, w: 9), repeating: 1)
        let dilated = try Stack(
            input: input,
            layers: [
                .conv2d(
                    Conv2dLayer(
                        weights: .seeded(outChannels: 1, kernelSize: .uniform(3), seed: 0),
                        parameters: Conv2dParameters(dilation: .uniform(2))))
            ])
        let paths = try dilated.unitField(layer: 0, row: 0, column: 0).paths(grid: 0)
        #expect(paths[0].prefix(5) == [1, 0, 1, 0, 1])
        #expect(paths[1].allSatisfy { $0 == 0 })
        let upsampled = try Stack(
            input: Tensor(shape: Shape4(n: 1, c: 1, h: 3, w: 3), repeating: 1),
            layers: [
                .convTranspose2d(
                    TransposedConv2dLayer(
                        weights: .seeded(outChannels: 1, kernelSize: .uniform(1), seed: 0),
                        parameters: TransposedConv2dParameters(stride: .uniform(2))))
            ])
        let hole = try upsampled.unitField(layer: 0, row: 1, column: 1)
        #expect(hole.rows[0] == nil)
        #expect(try hole.paths(grid: 0).joined().allSatisfy { $0 == 0 })
        #expect(upsampled.receptiveFields()[0]?.height == AxisField(size: 1, stride: 0.5, padding: 0))
    }

    @Test(arguments: 0..<40)
    func aStackOfOneLayerIsThatLayer(seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed))
        let input = Tensor(
            shape: Shape4(n: 1, c: 2, h: 6, w: 7), values: (0..<84).map { _ in Double(random.next(in: -9...9)) / 4 })
        let weight = Tensor(
            shape: Shape4(n: 3, c: 2, h: 2, w: 3), values: (0..<36).map { _ in Double(random.next(in: -5...5)) })
        let parameters = Conv2dParameters(
            stride: .uniform(random.next(in: 1...2)), padding: .uniform(random.next(in: 0...1)),
            paddingMode: PaddingMode.allCases[random.next(below: 4)])
        let conv = try Stack(
            input: input,
            layers: [
                .conv2d(
                    Conv2dLayer(
                        weights: .values(weight), bias: [1, 2, 3],
                        parameters: parameters))
            ])
        #expect(
            conv.output
                == (try Convolution(input: input, weight: weight, bias: [1, 2, 3], parameters: parameters).output()))
        let pool = Pool2dParameters(kind: .max, kernel: .uniform(2), ceilMode: true)
        #expect(
            try Stack(input: input, layers: [.pool(pool)]).output
                == (try Pooling(input: input, parameters: pool).output()))
        let transposed = TransposedConv2dParameters(stride: .uniform(2), padding: .uniform(1))
        let tweight = Tensor(shape: Shape4(n: 2, c: 3, h: 2, w: 3), values: weight.values)
        #expect(
            try Stack(
                input: input,
                layers: [
                    .convTranspose2d(
                        TransposedConv2dLayer(
                            weights: .values(tweight),
                            parameters: transposed))
                ]
            ).output
                == (try TransposedConvolution(input: input, weight: tweight, bias: nil, parameters: transposed).output())
        )
    }

    @Test(arguments: 0..<60)
    func editingOneInputCellEqualsRecomputingEverything(seed: Int) throws {
        guard var stack = randomStack(UInt64(seed) &+ 1000) else { return }
        var random = SplitMix64(seed: UInt64(seed))
        var input = stack.input
        for _ in 0..<4 {
            let shape = input.shape
            let cell = TensorIndex(
                n: random.next(below: shape.n), channel: random.next(below: shape.c),
                row: random.next(below: shape.h), column: random.next(below: shape.w))
            let value = Double(random.next(in: -20...20)) / 8
            input[cell.n, cell.channel, cell.row, cell.column] = value
            let counts = stack.setInput(cell, to: value)
            let full = try Stack(input: input, layers: stack.layers)
            #expect(counts.count == stack.layers.count)
            for (index, output) in full.outputs.enumerated() {
                #expect(
                    output.values.map(\.bitPattern) == stack.outputs[index].values.map(\.bitPattern), "layer \(index)")
            }
        }
    }

    @Test(arguments: 0..<60)
    func editingOneWeightEqualsRecomputingEverything(seed: Int) throws {
        guard var stack = randomStack(UInt64(seed) &+ 2000) else { return }
        var random = SplitMix64(seed: UInt64(seed))
        for _ in 0..<4 {
            let layer = random.next(below: stack.layers.count)
            let weight: Tensor
            switch stack.layers[layer] {
            case let .conv2d(conv):
                guard case let .values(w) = conv.weights else { continue }
                weight = w
            case let .convTranspose2d(conv):
                guard case let .values(w) = conv.weights else { continue }
                weight = w
            case let .linear(linear): weight = linear.weight
            default:
                #expect(
                    stack.setWeight(layer: layer, TensorIndex(channel: 0, row: 0, column: 0), to: 1)
                        == Array(repeating: 0, count: stack.layers.count))
                continue
            }
            let shape = weight.shape
            let cell = TensorIndex(
                n: random.next(below: shape.n), channel: random.next(below: shape.c),
                row: random.next(below: shape.h), column: random.next(below: shape.w))
            let counts = stack.setWeight(layer: layer, cell, to: Double(random.next(in: -8...8)) / 4)
            #expect(counts.count == stack.layers.count)
            let full = try Stack(input: stack.input, layers: stack.layers)
            for (index, output) in full.outputs.enumerated() {
                #expect(
                    output.values.map(\.bitPattern) == stack.outputs[index].values.map(\.bitPattern), "layer \(index)")
            }
        }
    }

    @Test func anEditReachesOnlyItsCells() throws {
        var stack = try Self.vgg16(size: 32)
        let counts = stack.setInput(TensorIndex(channel: 0, row: 16, column: 16), to: 5)
        #expect(counts[0] == 9)
        #expect(counts[1] == 9)
        #expect(counts[2] == 25)
        #expect(counts[3] == 25)
        #expect(counts[4] == 9)
    }

    @Test func anEditOfTinyVGGRecomputesAFewThousandCells() throws {
        let conv = Layer.conv2d(Conv2dLayer(weights: .seeded(outChannels: 10, kernelSize: .uniform(3), seed: 4)))
        let pool = Layer.pool(Pool2dParameters(kind: .max, kernel: .uniform(2)))
        let layers: [Layer] = [
            conv, .activation(.relu), conv, .activation(.relu), pool, conv, .activation(.relu), conv,
            .activation(.relu), pool, .flatten,
            .linear(LinearLayer(weights: .seeded(outChannels: 10, kernelSize: .uniform(1), seed: 5))), .softmax,
        ]
        var random = SplitMix64(seed: 64)
        let shape = Shape4(n: 1, c: 3, h: 64, w: 64)
        var stack = try Stack(
            input: Tensor(shape: shape, values: (0..<shape.checkedCount!).map { _ in Double(random.next(below: 256)) }),
            layers: layers)
        let counts = stack.setInput(TensorIndex(channel: 1, row: 30, column: 30), to: 0)
        #expect(counts.prefix(4) == [90, 90, 250, 250])
        #expect(counts.reduce(0, +) < 3000)
        #expect(stack.outputs.map(\.values.count).reduce(0, +) > 180_000)
        #expect(stack.outputs == (try Stack(input: stack.input, layers: stack.layers)).outputs)
    }

    @Test func errorsNameTheLayerAndItsInput() {
        let input = Tensor(shape: Shape4(n: 1, c: 3, h: 8, w: 8), repeating: 1)
        let conv = { (out: Int, groups: Int) in
            Layer.conv2d(
                Conv2dLayer(
                    weights: .seeded(outChannels: out, kernelSize: .uniform(1), seed: 0),
                    parameters: Conv2dParameters(groups: groups)))
        }
        #expect(
            throws: StackError(
                layer: 3, kind: "conv2d", key: "groups", message: "4 does not divide C_in = 6 (the output of layers[2])"
            )
        ) {
            try Stack(
                input: input,
                layers: [
                    conv(6, 1), .activation(.relu), .pool(Pool2dParameters(kind: .max, kernel: .uniform(2))),
                    conv(8, 4),
                ])
        }
        #expect(
            StackError(
                layer: 3, kind: "conv2d", key: "groups", message: "4 does not divide C_in = 6 (the output of layers[2])"
            ).description
                == "layers[3].conv2d.groups: 4 does not divide C_in = 6 (the output of layers[2])")
        let flatThenConv: () throws -> Stack = { try Stack(input: input, layers: [.flatten, conv(1, 1)]) }
        #expect(throws: StackError.self, performing: flatThenConv)
        let linear = Layer.linear(
            LinearLayer(weights: .values(Tensor(shape: Shape4(n: 1, c: 1, h: 2, w: 5), repeating: 1))))
        do {
            _ = try Stack(input: input, layers: [.flatten, linear])
            Issue.record("a linear layer of the wrong width was accepted")
        } catch {
            #expect(
                error.description
                    == "layers[1].linear.weight: has 5 columns (in_features), but the output of layers[0] has 192 features"
            )
        }
    }

    @Test func limitsAreErrorsNotCrashes() {
        let input = Tensor(shape: Shape4(n: 1, c: 1, h: 4, w: 4), repeating: 1)
        #expect(throws: StackError.self) {
            try Stack(input: input, layers: Array(repeating: .activation(.relu), count: 129))
        }
        #expect(throws: StackError.self) { try Stack(input: input, layers: []) }
        let huge = Layer.conv2d(
            Conv2dLayer(weights: .seeded(outChannels: 1 << 40, kernelSize: .uniform(1 << 30), seed: 0)))
        #expect(throws: StackError.self) { try Stack(input: input, layers: [huge]) }
        let wide = Layer.conv2d(Conv2dLayer(weights: .seeded(outChannels: 4096, kernelSize: .uniform(1), seed: 0)))
        let big = Tensor(shape: Shape4(n: 1, c: 64, h: 64, w: 64), repeating: 1)
        #expect(throws: StackError.self) { try Stack(input: big, layers: [wide, wide, wide]) }
    }

    @Test func theSeededInitialisationIsDocumented() {
        let weight = SeededInit.weight(shape: Shape4(n: 1, c: 1, h: 1, w: 2), fanIn: 4, seed: 0)
        var generator = SplitMix64(seed: 0)
        let first = (2 * Double(generator.next() >> 11) * 0x1p-53 - 1) / 2
        #expect(weight.values[0] == first)
        #expect(weight.values.allSatisfy { abs($0) <= 0.5 })
    }

    // MARK: - Brute force

    static func hasCopyingPadding(_ stack: Stack) -> Bool {
        stack.layers.contains {
            if case let .conv2d(conv) = $0 { return conv.parameters.paddingMode != .zeros }
            return false
        }
    }

    /// The paths from each input position to a unit, walking every tap of every cell's trace back layer by layer.
    static func bruteForcePaths(_ stack: Stack, layer: Int, row: Int, column: Int) -> [[Int]] {
        var counts: [TensorIndex: Int] = [TensorIndex(channel: 0, row: row, column: column): 1]
        for index in stride(from: layer, through: 0, by: -1) {
            let x = stack.input(ofLayer: index)
            var next: [TensorIndex: Int] = [:]
            for (cell, count) in counts {
                var sources: [(Int, Int)] = []
                switch stack.layers[index] {
                case let .conv2d(conv):
                    guard case let .values(weight) = conv.weights else { continue }
                    let one = Tensor(
                        shape: Shape4(n: weight.shape.n, c: weight.shape.c, h: weight.shape.h, w: weight.shape.w),
                        repeating: 1)
                    let op = try! Convolution(input: x, weight: one, bias: nil, parameters: conv.parameters)
                    sources = op.trace(TensorIndex(channel: 0, row: cell.row, column: cell.column)).taps
                        .filter { $0.kernelChannel == 0 }.compactMap { $0.source.cell.map { ($0.row, $0.column) } }
                case let .convTranspose2d(conv):
                    guard case let .values(weight) = conv.weights else { continue }
                    let op = try! TransposedConvolution(
                        input: x, weight: weight, bias: nil, parameters: conv.parameters)
                    sources = op.trace(TensorIndex(channel: 0, row: cell.row, column: cell.column)).taps
                        .filter { $0.kernelChannel == 0 }.map { ($0.paddedRow, $0.paddedColumn) }
                case let .pool(parameters):
                    let op = try! Pooling(input: x, parameters: parameters)
                    sources = op.trace(TensorIndex(channel: 0, row: cell.row, column: cell.column)).taps
                        .filter { !$0.isPadding }.map { ($0.row, $0.column) }
                default:
                    sources = [(cell.row, cell.column)]
                }
                for (i, j) in sources { next[TensorIndex(channel: 0, row: i, column: j), default: 0] += count }
            }
            counts = next
        }
        let shape = stack.input.shape
        return (0..<shape.h).map { i in
            (0..<shape.w).map { j in counts[TensorIndex(channel: 0, row: i, column: j)] ?? 0 }
        }
    }
}
