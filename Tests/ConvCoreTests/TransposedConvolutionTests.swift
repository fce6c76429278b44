import ConvCore
import PropertyBased
import Testing

/// `TransposedConvolution`: traces agree with the output bit for bit, the scatter view inverts the gather view,
/// and hand-checked examples.
struct TransposedConvolutionTests {
    @Test func transposedTracesAreTheOutputBitForBit() async throws {
        await propertyCheck(count: 150, input: seeds) { seed in
            let convolution = RandomOperations.randomTransposed(seed: seed)
            let output = convolution.output()
            let differing = output.shape.everyIndex.filter {
                convolution.trace($0).value.bitPattern != output.value(at: $0).bitPattern
            }
            #expect(differing.isEmpty, "seed \(seed): \(differing.prefix(3))")
        }
    }

    @Test func theParallelPathAgreesWithTheTraces() async throws {
        await propertyCheck(count: 6, input: seeds) { seed in
            let convolution = RandomOperations.randomTransposed(seed: seed, large: true)
            let output = convolution.output()
            let differing = output.shape.everyIndex.filter {
                convolution.trace($0).value.bitPattern != output.value(at: $0).bitPattern
            }
            #expect(differing.isEmpty, "seed \(seed): \(differing.prefix(3))")
        }
    }

    @Test func transposedOutputIsTheSumOfStampedKernels() async throws {
        // Reference: scatter every input value through every weight of its group's filters, dropping what lands
        // outside the output. Integer values keep the sums exact in any order.
        await propertyCheck(count: 100, input: seeds) { seed in
            let convolution = RandomOperations.randomTransposed(seed: seed, integers: true)
            let p = convolution.parameters, x = convolution.input, w = convolution.weight
            var expected = Tensor(shape: convolution.outputShape)
            let perGroup = x.shape.c / p.groups
            for cell in x.shape.everyIndex {
                for filter in 0..<w.shape.c {
                    for a in 0..<w.shape.h {
                        for b in 0..<w.shape.w {
                            let row = cell.row * p.stride.height - p.padding.height + a * p.dilation.height
                            let column = cell.column * p.stride.width - p.padding.width + b * p.dilation.width
                            guard (0..<expected.shape.h).contains(row), (0..<expected.shape.w).contains(column) else {
                                continue
                            }
                            let channel = cell.channel / perGroup * w.shape.c + filter
                            expected[cell.n, channel, row, column] += x.value(at: cell) * w[cell.channel, filter, a, b]
                        }
                    }
                }
            }
            if let bias = convolution.bias {
                for cell in expected.shape.everyIndex {
                    expected[cell.n, cell.channel, cell.row, cell.column] += bias[cell.channel]
                }
            }
            #expect(convolution.output() == expected, "seed \(seed)")
        }
    }

    @Test(arguments: 0..<40 as Range<UInt64>)
    func stampingEveryInputCellGivesTheOutput(seed: UInt64) {
        let transposed = RandomOperations.randomTransposed(seed: 900 + seed, integers: true)
        let output = transposed.output(), shape = transposed.input.shape, image = shape.c * shape.h * shape.w
        let bias = transposed.bias
        for n in 0..<shape.n {
            let stamped = transposed.stamped(image: n, through: (n + 1) * image - 1)
            for c in 0..<output.shape.c {
                for row in 0..<output.shape.h {
                    for column in 0..<output.shape.w {
                        let sum = stamped[(c * output.shape.h + row) * output.shape.w + column] ?? 0
                        #expect(
                            sum + (bias?[c] ?? 0) == output[n, c, row, column],
                            "seed \(seed), out[\(n),\(c),\(row),\(column)]")
                    }
                }
            }
            let first = transposed.stamped(image: n, through: n * image)
            let landed = Set(
                transposed.scatter(of: TensorIndex(n: n, channel: 0, row: 0, column: 0)).map {
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
            let convolution = RandomOperations.randomTransposed(seed: seed)
            let filters = convolution.weight.shape.c
            var gathered: [Link] = []
            for cell in convolution.outputShape.everyIndex {
                let trace = convolution.trace(cell)
                let order = trace.taps.map { [$0.kernelChannel, $0.kernelRow, $0.kernelColumn] }
                #expect(
                    order == order.sorted { $0.lexicographicallyPrecedes($1) },
                    "seed \(seed): \(cell) taps out of order")
                gathered += trace.taps.map { tap in
                    #expect(tap.source == .input(row: tap.paddedRow, column: tap.paddedColumn))
                    return Link(
                        input: TensorIndex(
                            n: cell.n, channel: tap.inputChannel, row: tap.paddedRow, column: tap.paddedColumn),
                        output: cell, filter: cell.channel % filters, kernelRow: tap.kernelRow,
                        kernelColumn: tap.kernelColumn)
                }
            }
            var scattered: [Link] = []
            for cell in convolution.input.shape.everyIndex {
                let uses = convolution.scatter(of: cell)
                let order = uses.map { [$0.kernelChannel, $0.kernelRow, $0.kernelColumn] }
                #expect(
                    order == order.sorted { $0.lexicographicallyPrecedes($1) },
                    "seed \(seed): \(cell) uses out of order")
                #expect(uses.allSatisfy { !$0.viaPadding })
                scattered += uses.map {
                    Link(
                        input: cell, output: $0.output, filter: $0.kernelChannel,
                        kernelRow: $0.kernelRow, kernelColumn: $0.kernelColumn)
                }
            }
            #expect(gathered.count == Set(gathered).count)
            #expect(Set(gathered) == Set(scattered), "seed \(seed)")
        }
    }

    @Test func eachInputValueStampsTheKernel() throws {
        let convolution = try TransposedConvolution(
            input: RandomOperations.tensor([[1, 2], [3, 4]]), weight: RandomOperations.tensor([[1, 1], [1, 1]]),
            bias: nil, parameters: TransposedConv2dParameters(stride: .uniform(2)))
        #expect(
            convolution.output()
                == RandomOperations.tensor([[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]))
        let trace = convolution.trace(TensorIndex(channel: 0, row: 1, column: 2))
        #expect(trace.taps.map { [$0.kernelRow, $0.kernelColumn, $0.paddedRow, $0.paddedColumn] } == [[1, 0, 0, 1]])
        #expect(trace.value == 2)
        #expect(
            convolution.scatter(of: TensorIndex(channel: 0, row: 1, column: 0)).map {
                [$0.output.row, $0.output.column]
            }
                == [[2, 0], [2, 1], [3, 0], [3, 1]])
        #expect(convolution.formula(.height) == "H_out = (2−1)·2 − 2·0 + 1·(2−1) + 0 + 1 = 4")
    }

    @Test func overlappingStampsAddUpAndPaddingCrops() throws {
        let input = RandomOperations.tensor([[1, 2], [3, 4]]), ones = RandomOperations.tensor([[1, 1], [1, 1]])
        let overlapping = try TransposedConvolution(
            input: input, weight: ones, bias: [0.5], parameters: TransposedConv2dParameters())
        #expect(
            overlapping.output() == RandomOperations.tensor([[1.5, 3.5, 2.5], [4.5, 10.5, 6.5], [3.5, 7.5, 4.5]]))
        let centre = overlapping.trace(TensorIndex(channel: 0, row: 1, column: 1))
        #expect(centre.taps.map(\.sum) == [4, 7, 9, 10])
        #expect(centre.bias == 0.5)
        let cropped = try TransposedConvolution(
            input: input, weight: ones, bias: nil,
            parameters: TransposedConv2dParameters(
                stride: .uniform(2), padding: .uniform(1), outputPadding: .uniform(1)))
        #expect(cropped.output() == RandomOperations.tensor([[1, 2, 2], [3, 4, 4], [3, 4, 4]]))
        // Input (0, 0) stamps rows -1...0: only its bottom-right tap survives the crop.
        let corner = cropped.scatter(of: TensorIndex(channel: 0, row: 0, column: 0))
        #expect(corner.map { [$0.kernelRow, $0.kernelColumn] } == [[1, 1]])
    }

    @Test func theTransposedFormulaShowsEveryTerm() throws {
        let parameters = TransposedConv2dParameters(
            stride: AxisPair(height: 2, width: 3), padding: .uniform(1),
            outputPadding: AxisPair(height: 1, width: 0))
        let convolution = try TransposedConvolution(
            input: Tensor(shape: Shape4(n: 1, c: 1, h: 5, w: 4), repeating: 1),
            weight: Tensor(shape: Shape4(n: 1, c: 1, h: 3, w: 2), repeating: 1),
            bias: nil, parameters: parameters)
        #expect(convolution.formula(.height) == "H_out = (5−1)·2 − 2·1 + 1·(3−1) + 1 + 1 = 10")
        #expect(convolution.formula(.width) == "W_out = (4−1)·3 − 2·1 + 1·(2−1) + 0 + 1 = 9")
        #expect(convolution.outputShape == Shape4(n: 1, c: 1, h: 10, w: 9))
    }
}
