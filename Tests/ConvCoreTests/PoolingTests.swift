import ConvCore
import PropertyBased
import Testing

/// `Pooling`: traces agree with the output bit for bit, and hand-checked max and average examples.
struct PoolingTests {
    @Test func poolingTracesAreTheOutputBitForBit() async throws {
        await propertyCheck(count: 200, input: seeds) { seed in
            let pooling = RandomOperations.randomPooling(seed: seed)
            let output = pooling.output()
            for cell in output.shape.everyIndex {
                let trace = pooling.trace(cell)
                #expect(trace.value.bitPattern == output.value(at: cell).bitPattern, "seed \(seed): \(cell)")
                switch pooling.parameters.kind {
                case .max:
                    #expect(trace.divisor == nil)
                    let final = trace.taps.last?.result ?? -Double.infinity
                    #expect(final.bitPattern == trace.value.bitPattern, "seed \(seed): \(cell)")
                    if let maxTap = trace.maxTap {
                        #expect(trace.taps[maxTap].value.bitPattern == trace.value.bitPattern)
                    }
                case .avg:
                    let real = trace.taps.count { !$0.isPadding }
                    #expect(trace.divisor == (pooling.parameters.countIncludePad ? trace.taps.count : real))
                    #expect(trace.maxTap == nil)
                    let sum = trace.taps.last?.result ?? 0
                    #expect(
                        (sum / Double(trace.divisor ?? 0)).bitPattern == trace.value.bitPattern, "seed \(seed): \(cell)"
                    )
                }
            }
        }
    }

    @Test func maxPoolingTakesEachWindowsLargest() throws {
        let input = RandomOperations.tensor([[1, 2, 0, 3], [4, 6, 5, 1], [7, 2, 9, 8], [0, 3, 1, 2]])
        let pooling = try Pooling(input: input, parameters: Pool2dParameters(kind: .max, kernel: .uniform(2)))
        #expect(pooling.outputShape == Shape4(n: 1, c: 1, h: 2, w: 2))
        #expect(pooling.output() == RandomOperations.tensor([[6, 5], [7, 9]]))
        let trace = pooling.trace(TensorIndex(channel: 0, row: 1, column: 1))
        #expect(trace.taps.map { [$0.row, $0.column] } == [[2, 2], [2, 3], [3, 2], [3, 3]])
        #expect(trace.taps.map(\.result) == [9, 9, 9, 9])
        #expect(trace.maxTap == 0)
        #expect(pooling.formula(.width) == "W_out = ⌊(4 + 2·0 − 1·(2−1) − 1) / 2⌋ + 1 = 2")
    }

    @Test func maxPoolingKeepsTheFirstOfEqualValuesAndTheLastNaN() throws {
        let ties = try Pooling(
            input: RandomOperations.tensor([[1, 3], [3, 0]]),
            parameters: Pool2dParameters(kind: .max, kernel: .uniform(2)))
        #expect(ties.trace(TensorIndex(channel: 0, row: 0, column: 0)).maxTap == 1)
        let zeros = try Pooling(
            input: RandomOperations.tensor([[-0.0, 0], [0, 0]]),
            parameters: Pool2dParameters(kind: .max, kernel: .uniform(2)))
        #expect(zeros.output().values[0].sign == .minus)
        let nans = try Pooling(
            input: RandomOperations.tensor([[1, .nan], [3, .nan]]),
            parameters: Pool2dParameters(kind: .max, kernel: .uniform(2)))
        #expect(nans.trace(TensorIndex(channel: 0, row: 0, column: 0)).maxTap == 3)
        #expect(nans.output().values[0].isNaN)
        // Padding is minus infinity: a negative input still wins over it.
        let negative = try Pooling(
            input: RandomOperations.tensor([[-1, -2], [-3, -4]]),
            parameters: Pool2dParameters(kind: .max, kernel: .uniform(2), stride: .uniform(1), padding: .uniform(1)))
        #expect(negative.output() == RandomOperations.tensor([[-1, -1, -2], [-1, -1, -2], [-3, -3, -4]]))
        let corner = negative.trace(TensorIndex(channel: 0, row: 0, column: 0))
        #expect(corner.taps.map(\.isPadding) == [true, true, true, false])
        let padding = -Double.infinity
        #expect(corner.taps.map(\.value) == [padding, padding, padding, -1])
        #expect(corner.maxTap == 3)
    }

    @Test func aDilatedWindowOfPaddingOnlyIsMinusInfinity() throws {
        // Window 0 covers rows -1 and 4 of a 4-row input: both padding (PyTorch gives -inf too).
        let pooling = try Pooling(
            input: Tensor(shape: Shape4(n: 1, c: 1, h: 4, w: 4), repeating: 1),
            parameters: Pool2dParameters(
                kind: .max, kernel: .uniform(2), stride: .uniform(1),
                padding: .uniform(1), dilation: .uniform(5)))
        #expect(pooling.outputShape == Shape4(n: 1, c: 1, h: 1, w: 1))
        let trace = pooling.trace(TensorIndex(channel: 0, row: 0, column: 0))
        #expect(trace.taps.count == 4 && trace.taps.allSatisfy(\.isPadding))
        #expect(trace.maxTap == nil)
        #expect(pooling.output().values == [-Double.infinity])
    }

    @Test func averagePoolingWithPadding() throws {
        let input = RandomOperations.tensor([[1, 2], [3, 4]])
        let excluded = try Pooling(
            input: input,
            parameters: Pool2dParameters(
                kind: .avg, kernel: .uniform(2), stride: .uniform(1),
                padding: .uniform(1), countIncludePad: false))
        #expect(excluded.output() == RandomOperations.tensor([[1, 1.5, 2], [2, 2.5, 3], [3, 3.5, 4]]))
        let corner = excluded.trace(TensorIndex(channel: 0, row: 0, column: 0))
        #expect(corner.taps.map { [$0.row, $0.column] } == [[-1, -1], [-1, 0], [0, -1], [0, 0]])
        #expect(corner.taps.map(\.result) == [0, 0, 0, 1])
        #expect(corner.divisor == 1)
        let included = try Pooling(
            input: input,
            parameters: Pool2dParameters(
                kind: .avg, kernel: .uniform(2), stride: .uniform(1),
                padding: .uniform(1)))
        #expect(included.output() == RandomOperations.tensor([[0.25, 0.75, 0.5], [1, 2.5, 1.5], [0.75, 1.75, 1]]))
        #expect(included.trace(TensorIndex(channel: 0, row: 0, column: 0)).divisor == 4)
    }

    @Test func ceilModeClipsWindowsAtThePaddedEdgeAndDropsLateOnes() throws {
        let ones = Tensor(shape: Shape4(n: 1, c: 1, h: 5, w: 6), repeating: 1)
        // Rows: ⌈(5 + 2 − 1 − 1) / 2⌉ + 1 = 4, but window 3 would start at row 5, past the input: dropped.
        // Columns: ⌈(6 + 0 − 2 − 1) / 2⌉ + 1 = 3; window 2 covers columns 4...5 (the third position is past
        // the edge).
        let parameters = Pool2dParameters(
            kind: .avg, kernel: AxisPair(height: 2, width: 3), stride: .uniform(2),
            padding: AxisPair(height: 1, width: 0), ceilMode: true)
        let pooling = try Pooling(input: ones, parameters: parameters)
        #expect(pooling.outputShape == Shape4(n: 1, c: 1, h: 3, w: 3))
        #expect(
            pooling.formula(.height) == "H_out = ⌈(5 + 2·1 − 1·(2−1) − 1) / 2⌉ + 1 − 1 = 3: "
                + "ceil_mode drops the last window, which would start at row 5, past the input's last row (4)")
        #expect(pooling.formula(.width) == "W_out = ⌈(6 + 2·0 − 1·(3−1) − 1) / 2⌉ + 1 = 3")
        let last = pooling.trace(TensorIndex(channel: 0, row: 2, column: 2))
        #expect(last.taps.map { [$0.row, $0.column] } == [[3, 4], [3, 5], [4, 4], [4, 5]])
        #expect(last.divisor == 4)
        let top = pooling.trace(TensorIndex(channel: 0, row: 0, column: 0))
        #expect(top.divisor == 6 && top.value == 0.5)
    }
}
