import ConvCore
import PropertyBased
import Testing

/// `TransposedConvolution` and `Pooling`: traces agree with the outputs bit for bit, the scatter view inverts the
/// gather view, hand-checked examples, validation and hostile sizes.
struct TransposedAndPoolingTests {
    static func tensor(_ rows: [[Double]]) -> Tensor {
        Tensor(shape: Shape4(n: 1, c: 1, h: rows.count, w: rows[0].count), values: rows.flatMap { $0 })
    }

    static func randomTensor(_ shape: Shape4, integers: Bool, using rng: inout SplitMix64) -> Tensor {
        Tensor(shape: shape, values: (0..<shape.n * shape.c * shape.h * shape.w).map { _ in
            integers ? Double(Int.random(in: -3...3, using: &rng)) : Double.random(in: -2...2, using: &rng)
        })
    }

    /// A random valid transposed convolution; `large` ones take the parallel path.
    static func randomTransposed(seed: UInt64, integers: Bool = false, large: Bool = false) -> TransposedConvolution {
        var rng = SplitMix64(seed: seed)
        while true {
            let groups = Int.random(in: 1...3, using: &rng), inPerGroup = Int.random(in: 1...2, using: &rng)
            let filters = Int.random(in: 1...(large ? 4 : 2), using: &rng)
            let sizes = large ? 12...20 : 1...6
            let input = Shape4(n: Int.random(in: 1...2, using: &rng), c: groups * inPerGroup,
                               h: Int.random(in: sizes, using: &rng), w: Int.random(in: sizes, using: &rng))
            let weight = Shape4(n: input.c, c: filters, h: Int.random(in: 1...4, using: &rng), w: Int.random(in: 1...4, using: &rng))
            let axis = { (rng: inout SplitMix64) -> (Int, Int, Int, Int) in
                let s = Int.random(in: 1...3, using: &rng), d = Int.random(in: 1...3, using: &rng)
                return (s, d, Int.random(in: 0..<max(s, d), using: &rng), Int.random(in: 0...3, using: &rng))
            }
            let (sh, dh, oph, ph) = axis(&rng), (sw, dw, opw, pw) = axis(&rng)
            let parameters = TransposedConv2dParameters(
                stride: AxisPair(height: sh, width: sw), padding: AxisPair(height: ph, width: pw),
                outputPadding: AxisPair(height: oph, width: opw), dilation: AxisPair(height: dh, width: dw), groups: groups)
            let bias = Bool.random(using: &rng)
                ? randomTensor(Shape4(n: 1, c: 1, h: 1, w: filters * groups), integers: integers, using: &rng).values : nil
            if let convolution = try? TransposedConvolution(
                input: randomTensor(input, integers: integers, using: &rng),
                weight: randomTensor(weight, integers: integers, using: &rng), bias: bias, parameters: parameters) {
                return convolution
            }
        }
    }

    /// A random valid pooling of either kind.
    static func randomPooling(seed: UInt64) -> Pooling {
        var rng = SplitMix64(seed: seed)
        while true {
            let kind = PoolKind.allCases.randomElement(using: &rng)!
            let input = Shape4(n: Int.random(in: 1...2, using: &rng), c: Int.random(in: 1...3, using: &rng),
                               h: Int.random(in: 1...8, using: &rng), w: Int.random(in: 1...8, using: &rng))
            let kernel = AxisPair(height: Int.random(in: 1...4, using: &rng), width: Int.random(in: 1...4, using: &rng))
            let parameters = Pool2dParameters(
                kind: kind, kernel: kernel,
                stride: AxisPair(height: Int.random(in: 1...3, using: &rng), width: Int.random(in: 1...3, using: &rng)),
                padding: AxisPair(height: Int.random(in: 0...kernel.height / 2, using: &rng),
                                  width: Int.random(in: 0...kernel.width / 2, using: &rng)),
                dilation: kind == .avg ? .uniform(1)
                    : AxisPair(height: Int.random(in: 1...3, using: &rng), width: Int.random(in: 1...3, using: &rng)),
                ceilMode: Bool.random(using: &rng), countIncludePad: Bool.random(using: &rng))
            if let pooling = try? Pooling(input: randomTensor(input, integers: Bool.random(using: &rng), using: &rng),
                                          parameters: parameters) {
                return pooling
            }
        }
    }

    // MARK: - Transposed convolution

    @Test func transposedTracesAreTheOutputBitForBit() async throws {
        await propertyCheck(count: 150, input: seeds) { seed in
            let convolution = Self.randomTransposed(seed: seed)
            let output = convolution.output()
            let differing = output.shape.everyIndex.filter { convolution.trace($0).value.bitPattern != output.value(at: $0).bitPattern }
            #expect(differing.isEmpty, "seed \(seed): \(differing.prefix(3))")
        }
    }

    @Test func theParallelPathAgreesWithTheTraces() async throws {
        await propertyCheck(count: 6, input: seeds) { seed in
            let convolution = Self.randomTransposed(seed: seed, large: true)
            let output = convolution.output()
            let differing = output.shape.everyIndex.filter { convolution.trace($0).value.bitPattern != output.value(at: $0).bitPattern }
            #expect(differing.isEmpty, "seed \(seed): \(differing.prefix(3))")
        }
    }

    @Test func transposedOutputIsTheSumOfStampedKernels() async throws {
        // Reference: scatter every input value through every weight of its group's filters, dropping what lands
        // outside the output. Integer values keep the sums exact in any order.
        await propertyCheck(count: 100, input: seeds) { seed in
            let convolution = Self.randomTransposed(seed: seed, integers: true)
            let p = convolution.parameters, x = convolution.input, w = convolution.weight
            var expected = Tensor(shape: convolution.outputShape)
            let perGroup = x.shape.c / p.groups
            for cell in x.shape.everyIndex {
                for filter in 0..<w.shape.c {
                    for a in 0..<w.shape.h {
                        for b in 0..<w.shape.w {
                            let row = cell.row * p.stride.height - p.padding.height + a * p.dilation.height
                            let column = cell.column * p.stride.width - p.padding.width + b * p.dilation.width
                            guard (0..<expected.shape.h).contains(row), (0..<expected.shape.w).contains(column) else { continue }
                            let channel = cell.channel / perGroup * w.shape.c + filter
                            expected[cell.n, channel, row, column] += x.value(at: cell) * w[cell.channel, filter, a, b]
                        }
                    }
                }
            }
            if let bias = convolution.bias {
                for cell in expected.shape.everyIndex { expected[cell.n, cell.channel, cell.row, cell.column] += bias[cell.channel] }
            }
            #expect(convolution.output() == expected, "seed \(seed)")
        }
    }

    @Test(arguments: 0..<40 as Range<UInt64>)
    func stampingEveryInputCellGivesTheOutput(seed: UInt64) {
        let transposed = Self.randomTransposed(seed: 900 + seed, integers: true)
        let output = transposed.output(), shape = transposed.input.shape, image = shape.c * shape.h * shape.w
        let bias = transposed.bias
        for n in 0..<shape.n {
            let stamped = transposed.stamped(image: n, through: (n + 1) * image - 1)
            for c in 0..<output.shape.c {
                for row in 0..<output.shape.h {
                    for column in 0..<output.shape.w {
                        let sum = stamped[(c * output.shape.h + row) * output.shape.w + column] ?? 0
                        #expect(sum + (bias?[c] ?? 0) == output[n, c, row, column], "seed \(seed), out[\(n),\(c),\(row),\(column)]")
                    }
                }
            }
            let first = transposed.stamped(image: n, through: n * image)
            let landed = Set(transposed.scatter(of: TensorIndex(n: n, channel: 0, row: 0, column: 0)).map {
                ($0.output.channel * output.shape.h + $0.output.row) * output.shape.w + $0.output.column
            })
            #expect(Set(first.indices.filter { first[$0] != nil }) == landed, "only the first input cell has landed")
        }
    }

    @Test func scatterIsTheInverseOfTheTraces() async throws {
        struct Link: Hashable {
            let input: TensorIndex, output: TensorIndex, filter: Int, kernelRow: Int, kernelColumn: Int
        }
        await propertyCheck(count: 100, input: seeds) { seed in
            let convolution = Self.randomTransposed(seed: seed)
            let filters = convolution.weight.shape.c
            var gathered: [Link] = []
            for cell in convolution.outputShape.everyIndex {
                let trace = convolution.trace(cell)
                let order = trace.taps.map { [$0.kernelChannel, $0.kernelRow, $0.kernelColumn] }
                #expect(order == order.sorted { $0.lexicographicallyPrecedes($1) }, "seed \(seed): \(cell) taps out of order")
                gathered += trace.taps.map { tap in
                    #expect(tap.source == .input(row: tap.paddedRow, column: tap.paddedColumn))
                    return Link(input: TensorIndex(n: cell.n, channel: tap.inputChannel, row: tap.paddedRow, column: tap.paddedColumn),
                                output: cell, filter: cell.channel % filters, kernelRow: tap.kernelRow, kernelColumn: tap.kernelColumn)
                }
            }
            var scattered: [Link] = []
            for cell in convolution.input.shape.everyIndex {
                let uses = convolution.scatter(of: cell)
                let order = uses.map { [$0.kernelChannel, $0.kernelRow, $0.kernelColumn] }
                #expect(order == order.sorted { $0.lexicographicallyPrecedes($1) }, "seed \(seed): \(cell) uses out of order")
                #expect(uses.allSatisfy { !$0.viaPadding })
                scattered += uses.map { Link(input: cell, output: $0.output, filter: $0.kernelChannel,
                                             kernelRow: $0.kernelRow, kernelColumn: $0.kernelColumn) }
            }
            #expect(gathered.count == Set(gathered).count)
            #expect(Set(gathered) == Set(scattered), "seed \(seed)")
        }
    }

    @Test func eachInputValueStampsTheKernel() throws {
        let convolution = try TransposedConvolution(input: Self.tensor([[1, 2], [3, 4]]), weight: Self.tensor([[1, 1], [1, 1]]),
                                                    bias: nil, parameters: TransposedConv2dParameters(stride: .uniform(2)))
        #expect(convolution.output() == Self.tensor([[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]))
        let trace = convolution.trace(TensorIndex(channel: 0, row: 1, column: 2))
        #expect(trace.taps.map { [$0.kernelRow, $0.kernelColumn, $0.paddedRow, $0.paddedColumn] } == [[1, 0, 0, 1]])
        #expect(trace.value == 2)
        #expect(convolution.scatter(of: TensorIndex(channel: 0, row: 1, column: 0)).map { [$0.output.row, $0.output.column] }
            == [[2, 0], [2, 1], [3, 0], [3, 1]])
        #expect(convolution.formula(.height) == "H_out = (2−1)·2 − 2·0 + 1·(2−1) + 0 + 1 = 4")
    }

    @Test func overlappingStampsAddUpAndPaddingCrops() throws {
        let input = Self.tensor([[1, 2], [3, 4]]), ones = Self.tensor([[1, 1], [1, 1]])
        let overlapping = try TransposedConvolution(input: input, weight: ones, bias: [0.5], parameters: TransposedConv2dParameters())
        #expect(overlapping.output() == Self.tensor([[1.5, 3.5, 2.5], [4.5, 10.5, 6.5], [3.5, 7.5, 4.5]]))
        let centre = overlapping.trace(TensorIndex(channel: 0, row: 1, column: 1))
        #expect(centre.taps.map(\.sum) == [4, 7, 9, 10])
        #expect(centre.bias == 0.5)
        let cropped = try TransposedConvolution(
            input: input, weight: ones, bias: nil,
            parameters: TransposedConv2dParameters(stride: .uniform(2), padding: .uniform(1), outputPadding: .uniform(1)))
        #expect(cropped.output() == Self.tensor([[1, 2, 2], [3, 4, 4], [3, 4, 4]]))
        // Input (0, 0) stamps rows -1...0: only its bottom-right tap survives the crop.
        let corner = cropped.scatter(of: TensorIndex(channel: 0, row: 0, column: 0))
        #expect(corner.map { [$0.kernelRow, $0.kernelColumn] } == [[1, 1]])
    }

    @Test func theTransposedFormulaShowsEveryTerm() throws {
        let parameters = TransposedConv2dParameters(stride: AxisPair(height: 2, width: 3), padding: .uniform(1),
                                                    outputPadding: AxisPair(height: 1, width: 0))
        let convolution = try TransposedConvolution(input: Tensor(shape: Shape4(n: 1, c: 1, h: 5, w: 4), repeating: 1),
                                                    weight: Tensor(shape: Shape4(n: 1, c: 1, h: 3, w: 2), repeating: 1),
                                                    bias: nil, parameters: parameters)
        #expect(convolution.formula(.height) == "H_out = (5−1)·2 − 2·1 + 1·(3−1) + 1 + 1 = 10")
        #expect(convolution.formula(.width) == "W_out = (4−1)·3 − 2·1 + 1·(2−1) + 0 + 1 = 9")
        #expect(convolution.outputShape == Shape4(n: 1, c: 1, h: 10, w: 9))
    }

    /// The preset key of the `.tooLarge` error `body` throws, or `nil` if it throws something else or nothing.
    static func tooLargeKey(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            guard case let .tooLarge(key, _, _) = error as? ConvError else { return nil }
            return key
        }
    }

    static func transposed(input: Shape4 = Shape4(n: 1, c: 1, h: 3, w: 3), weight: Shape4 = Shape4(n: 1, c: 1, h: 2, w: 2),
                           bias: Int? = nil, _ parameters: TransposedConv2dParameters) throws(ConvError) {
        _ = try TransposedConvolution(input: Tensor(shape: input), weight: Tensor(shape: weight),
                                      bias: bias.map { Array(repeating: 0, count: $0) }, parameters: parameters)
    }

    @Test func transposedValidation() {
        typealias P = TransposedConv2dParameters
        let zeroWidth = AxisPair(height: 1, width: 0), negativeHeight = AxisPair(height: -1, width: 0)
        #expect(throws: ConvError.nonPositiveStride(zeroWidth)) { try Self.transposed(P(stride: zeroWidth)) }
        #expect(throws: ConvError.nonPositiveDilation(.uniform(0))) { try Self.transposed(P(dilation: .uniform(0))) }
        #expect(throws: ConvError.negativePadding(height: -1, width: 0)) { try Self.transposed(P(padding: negativeHeight)) }
        #expect(throws: ConvError.negativeOutputPadding(.uniform(-1))) {
            try Self.transposed(P(stride: .uniform(2), outputPadding: .uniform(-1)))
        }
        #expect(throws: ConvError.nonPositiveGroups(0)) { try Self.transposed(P(groups: 0)) }
        #expect(throws: ConvError.outputPaddingTooLarge(axis: .height, outputPadding: 1, stride: 1, dilation: 1)) {
            try Self.transposed(P(outputPadding: .uniform(1)))
        }
        #expect(throws: ConvError.outputPaddingTooLarge(axis: .width, outputPadding: 2, stride: 2, dilation: 1)) {
            try Self.transposed(P(stride: .uniform(2), outputPadding: AxisPair(height: 1, width: 2)))
        }
        // Smaller than either is enough: the dilation alone, or the stride alone.
        #expect(throws: Never.self) { try Self.transposed(P(outputPadding: .uniform(1), dilation: .uniform(2))) }
        #expect(throws: Never.self) { try Self.transposed(P(stride: .uniform(3), outputPadding: .uniform(2), dilation: .uniform(2))) }
        let weight = Shape4(n: 2, c: 1, h: 2, w: 2), input = Shape4(n: 1, c: 3, h: 3, w: 3)
        #expect(throws: ConvError.transposedChannelMismatch(weight: weight, input: input)) {
            try Self.transposed(input: input, weight: weight, P())
        }
        #expect(throws: ConvError.inputChannelsNotDivisible(channels: 3, groups: 2)) {
            try Self.transposed(input: input, weight: Shape4(n: 3, c: 1, h: 2, w: 2), P(groups: 2))
        }
        #expect(throws: ConvError.biasCount(expected: 6, got: 3)) {
            try Self.transposed(input: Shape4(n: 1, c: 4, h: 3, w: 3), weight: Shape4(n: 4, c: 3, h: 2, w: 2), bias: 3,
                                P(groups: 2))
        }
        #expect(throws: ConvError.outputCroppedAway(height: 0, width: 0)) { try Self.transposed(P(padding: .uniform(2))) }
        let noRows = Shape4(n: 1, c: 1, h: 0, w: 3), noFilters = Shape4(n: 1, c: 0, h: 2, w: 2)
        #expect(throws: ConvError.emptyInput(noRows)) { try Self.transposed(input: noRows, P()) }
        #expect(throws: ConvError.emptyKernel(noFilters)) { try Self.transposed(weight: noFilters, P()) }
        #expect(ConvError.negativeOutputPadding(.uniform(-1)).key == "output_padding")
        #expect(ConvError.outputCroppedAway(height: 0, width: 0).key == "padding")
    }

    @Test func hostileTransposedSizesThrowTooLarge() {
        typealias P = TransposedConv2dParameters
        let huge = 1_000_000_000_000_000_000
        let cases = [("padding", P(padding: .uniform(huge))), ("stride", P(stride: .uniform(huge))),
                     ("dilation", P(dilation: .uniform(huge))),
                     ("output_padding", P(stride: .uniform(huge), outputPadding: .uniform(huge - 1))),
                     ("stride", P(stride: .uniform(1 << 40), dilation: .uniform(2)))]
        for (key, parameters) in cases {
            #expect(Self.tooLargeKey { try Self.transposed(parameters) } == key)
        }
        // Too many multiply-adds: 512 x 512 input values times 4 filters of 64 x 64 (the output, 4 x 575 x 575, fits).
        #expect(Self.tooLargeKey {
            try Self.transposed(input: Shape4(n: 1, c: 1, h: 512, w: 512), weight: Shape4(n: 1, c: 4, h: 64, w: 64), P())
        } == "kernel")
        // Too many output elements: 8 filters over 1500 x 1500 input values.
        #expect(Self.tooLargeKey {
            try Self.transposed(input: Shape4(n: 1, c: 1, h: 1500, w: 1500), weight: Shape4(n: 1, c: 8, h: 1, w: 1), P())
        } == "stride")
    }

    // MARK: - Pooling

    @Test func poolingTracesAreTheOutputBitForBit() async throws {
        await propertyCheck(count: 200, input: seeds) { seed in
            let pooling = Self.randomPooling(seed: seed)
            let output = pooling.output()
            for cell in output.shape.everyIndex {
                let trace = pooling.trace(cell)
                #expect(trace.value.bitPattern == output.value(at: cell).bitPattern, "seed \(seed): \(cell)")
                switch pooling.parameters.kind {
                case .max:
                    #expect(trace.divisor == nil)
                    let final = trace.taps.last?.result ?? -Double.infinity
                    #expect(final.bitPattern == trace.value.bitPattern, "seed \(seed): \(cell)")
                    if let maxTap = trace.maxTap { #expect(trace.taps[maxTap].value.bitPattern == trace.value.bitPattern) }
                case .avg:
                    let real = trace.taps.count { !$0.isPadding }
                    #expect(trace.divisor == (pooling.parameters.countIncludePad ? trace.taps.count : real))
                    #expect(trace.maxTap == nil)
                    let sum = trace.taps.last?.result ?? 0
                    #expect((sum / Double(trace.divisor ?? 0)).bitPattern == trace.value.bitPattern, "seed \(seed): \(cell)")
                }
            }
        }
    }

    @Test func maxPoolingTakesEachWindowsLargest() throws {
        let input = Self.tensor([[1, 2, 0, 3], [4, 6, 5, 1], [7, 2, 9, 8], [0, 3, 1, 2]])
        let pooling = try Pooling(input: input, parameters: Pool2dParameters(kind: .max, kernel: .uniform(2)))
        #expect(pooling.outputShape == Shape4(n: 1, c: 1, h: 2, w: 2))
        #expect(pooling.output() == Self.tensor([[6, 5], [7, 9]]))
        let trace = pooling.trace(TensorIndex(channel: 0, row: 1, column: 1))
        #expect(trace.taps.map { [$0.row, $0.column] } == [[2, 2], [2, 3], [3, 2], [3, 3]])
        #expect(trace.taps.map(\.result) == [9, 9, 9, 9])
        #expect(trace.maxTap == 0)
        #expect(pooling.formula(.width) == "W_out = ⌊(4 + 2·0 − 1·(2−1) − 1) / 2⌋ + 1 = 2")
    }

    @Test func maxPoolingKeepsTheFirstOfEqualValuesAndTheLastNaN() throws {
        let ties = try Pooling(input: Self.tensor([[1, 3], [3, 0]]), parameters: Pool2dParameters(kind: .max, kernel: .uniform(2)))
        #expect(ties.trace(TensorIndex(channel: 0, row: 0, column: 0)).maxTap == 1)
        let zeros = try Pooling(input: Self.tensor([[-0.0, 0], [0, 0]]), parameters: Pool2dParameters(kind: .max, kernel: .uniform(2)))
        #expect(zeros.output().values[0].sign == .minus)
        let nans = try Pooling(input: Self.tensor([[1, .nan], [3, .nan]]), parameters: Pool2dParameters(kind: .max, kernel: .uniform(2)))
        #expect(nans.trace(TensorIndex(channel: 0, row: 0, column: 0)).maxTap == 3)
        #expect(nans.output().values[0].isNaN)
        // Padding is minus infinity: a negative input still wins over it.
        let negative = try Pooling(input: Self.tensor([[-1, -2], [-3, -4]]),
                                   parameters: Pool2dParameters(kind: .max, kernel: .uniform(2), stride: .uniform(1), padding: .uniform(1)))
        #expect(negative.output() == Self.tensor([[-1, -1, -2], [-1, -1, -2], [-3, -3, -4]]))
        let corner = negative.trace(TensorIndex(channel: 0, row: 0, column: 0))
        #expect(corner.taps.map(\.isPadding) == [true, true, true, false])
        let padding = -Double.infinity
        #expect(corner.taps.map(\.value) == [padding, padding, padding, -1])
        #expect(corner.maxTap == 3)
    }

    @Test func aDilatedWindowOfPaddingOnlyIsMinusInfinity() throws {
        // Window 0 covers rows -1 and 4 of a 4-row input: both padding (PyTorch gives -inf too).
        let pooling = try Pooling(input: Tensor(shape: Shape4(n: 1, c: 1, h: 4, w: 4), repeating: 1),
                                  parameters: Pool2dParameters(kind: .max, kernel: .uniform(2), stride: .uniform(1),
                                                               padding: .uniform(1), dilation: .uniform(5)))
        #expect(pooling.outputShape == Shape4(n: 1, c: 1, h: 1, w: 1))
        let trace = pooling.trace(TensorIndex(channel: 0, row: 0, column: 0))
        #expect(trace.taps.count == 4 && trace.taps.allSatisfy(\.isPadding))
        #expect(trace.maxTap == nil)
        #expect(pooling.output().values == [-Double.infinity])
    }

    @Test func averagePoolingWithPadding() throws {
        let input = Self.tensor([[1, 2], [3, 4]])
        let excluded = try Pooling(input: input, parameters: Pool2dParameters(kind: .avg, kernel: .uniform(2), stride: .uniform(1),
                                                                              padding: .uniform(1), countIncludePad: false))
        #expect(excluded.output() == Self.tensor([[1, 1.5, 2], [2, 2.5, 3], [3, 3.5, 4]]))
        let corner = excluded.trace(TensorIndex(channel: 0, row: 0, column: 0))
        #expect(corner.taps.map { [$0.row, $0.column] } == [[-1, -1], [-1, 0], [0, -1], [0, 0]])
        #expect(corner.taps.map(\.result) == [0, 0, 0, 1])
        #expect(corner.divisor == 1)
        let included = try Pooling(input: input, parameters: Pool2dParameters(kind: .avg, kernel: .uniform(2), stride: .uniform(1),
                                                                              padding: .uniform(1)))
        #expect(included.output() == Self.tensor([[0.25, 0.75, 0.5], [1, 2.5, 1.5], [0.75, 1.75, 1]]))
        #expect(included.trace(TensorIndex(channel: 0, row: 0, column: 0)).divisor == 4)
    }

    @Test func ceilModeClipsWindowsAtThePaddedEdgeAndDropsLateOnes() throws {
        let ones = Tensor(shape: Shape4(n: 1, c: 1, h: 5, w: 6), repeating: 1)
        // Rows: ⌈(5 + 2 − 1 − 1) / 2⌉ + 1 = 4, but window 3 would start at row 5, past the input: dropped.
        // Columns: ⌈(6 + 0 − 2 − 1) / 2⌉ + 1 = 3; window 2 covers columns 4...5 (the third position is past the edge).
        let parameters = Pool2dParameters(kind: .avg, kernel: AxisPair(height: 2, width: 3), stride: .uniform(2),
                                          padding: AxisPair(height: 1, width: 0), ceilMode: true)
        let pooling = try Pooling(input: ones, parameters: parameters)
        #expect(pooling.outputShape == Shape4(n: 1, c: 1, h: 3, w: 3))
        #expect(pooling.formula(.height) == "H_out = ⌈(5 + 2·1 − 1·(2−1) − 1) / 2⌉ + 1 − 1 = 3: "
            + "ceil_mode drops the last window, which would start at row 5, past the input's last row (4)")
        #expect(pooling.formula(.width) == "W_out = ⌈(6 + 2·0 − 1·(3−1) − 1) / 2⌉ + 1 = 3")
        let last = pooling.trace(TensorIndex(channel: 0, row: 2, column: 2))
        #expect(last.taps.map { [$0.row, $0.column] } == [[3, 4], [3, 5], [4, 4], [4, 5]])
        #expect(last.divisor == 4)
        let top = pooling.trace(TensorIndex(channel: 0, row: 0, column: 0))
        #expect(top.divisor == 6 && top.value == 0.5)
    }

    @Test func poolingValidation() {
        let input = Tensor(shape: Shape4(n: 1, c: 1, h: 4, w: 4), repeating: 1)
        func pool(_ parameters: Pool2dParameters) throws(ConvError) { _ = try Pooling(input: input, parameters: parameters) }
        #expect(throws: ConvError.nonPositiveKernelSize(AxisPair(height: 2, width: 0))) {
            try pool(Pool2dParameters(kind: .max, kernel: AxisPair(height: 2, width: 0), stride: .uniform(1)))
        }
        #expect(throws: ConvError.nonPositiveStride(.uniform(0))) {
            try pool(Pool2dParameters(kind: .avg, kernel: .uniform(2), stride: .uniform(0)))
        }
        #expect(throws: ConvError.nonPositiveDilation(.uniform(0))) {
            try pool(Pool2dParameters(kind: .max, kernel: .uniform(2), dilation: .uniform(0)))
        }
        #expect(throws: ConvError.negativePadding(height: 0, width: -1)) {
            try pool(Pool2dParameters(kind: .max, kernel: .uniform(2), padding: AxisPair(height: 0, width: -1)))
        }
        #expect(throws: ConvError.dilatedAveragePool(.uniform(2))) {
            try pool(Pool2dParameters(kind: .avg, kernel: .uniform(2), dilation: .uniform(2)))
        }
        #expect(throws: ConvError.poolPaddingTooLarge(axis: .height, padding: 2, kernel: 3)) {
            try pool(Pool2dParameters(kind: .avg, kernel: .uniform(3), padding: .uniform(2)))
        }
        // Dilation does not widen the allowance: PyTorch checks padding against kernel_size itself.
        #expect(throws: ConvError.poolPaddingTooLarge(axis: .width, padding: 2, kernel: 2)) {
            try pool(Pool2dParameters(kind: .max, kernel: .uniform(2), padding: AxisPair(height: 1, width: 2),
                                      dilation: .uniform(3)))
        }
        #expect(throws: ConvError.poolWindowTooLarge(axis: .height, window: 5, paddedSize: 4, overhang: 0)) {
            try pool(Pool2dParameters(kind: .max, kernel: .uniform(5)))
        }
        // ceil_mode lets a window overhang the padded input by up to stride − 1.
        #expect(throws: Never.self) {
            try pool(Pool2dParameters(kind: .max, kernel: .uniform(6), stride: .uniform(3), ceilMode: true))
        }
        #expect(throws: ConvError.poolWindowTooLarge(axis: .height, window: 7, paddedSize: 4, overhang: 2)) {
            try pool(Pool2dParameters(kind: .max, kernel: .uniform(7), stride: .uniform(3), ceilMode: true))
        }
        let noChannels = Shape4(n: 1, c: 0, h: 4, w: 4)
        #expect(throws: ConvError.emptyInput(noChannels)) {
            _ = try Pooling(input: Tensor(shape: noChannels), parameters: Pool2dParameters(kind: .max, kernel: .uniform(1)))
        }
        #expect(ConvError.poolWindowTooLarge(axis: .height, window: 5, paddedSize: 4, overhang: 0).key == "kernel_size")
        #expect(ConvError.dilatedAveragePool(.uniform(2)).key == "dilation")
    }

    @Test func hostilePoolingSizesThrowTooLarge() throws {
        let input = Tensor(shape: Shape4(n: 1, c: 1, h: 4, w: 4), repeating: 1)
        let huge = 1_000_000_000_000_000_000
        let cases = [("padding", Pool2dParameters(kind: .max, kernel: .uniform(2), padding: .uniform(huge))),
                     ("kernel_size", Pool2dParameters(kind: .avg, kernel: .uniform(huge), stride: .uniform(1))),
                     ("dilation", Pool2dParameters(kind: .max, kernel: .uniform(2), dilation: .uniform(huge))),
                     // A 2^13 x 2^13 window has more elements than any tensor may.
                     ("kernel_size", Pool2dParameters(kind: .max, kernel: .uniform(1 << 13), padding: .uniform(1 << 12)))]
        for (key, parameters) in cases {
            #expect(Self.tooLargeKey { _ = try Pooling(input: input, parameters: parameters) } == key)
        }
        // A huge stride is harmless: one window.
        let oneWindow = try Pooling(input: input, parameters: Pool2dParameters(kind: .max, kernel: .uniform(2),
                                                                               stride: .uniform(huge), ceilMode: true))
        #expect(oneWindow.output().values == [1])
    }
}
