import ConvCore
import Testing

/// What PyTorch rejects in a pooling, and hostile sizes.
struct PoolingValidationTests {
    @Test func poolingValidation() {
        let input = Tensor(shape: Shape4(n: 1, c: 1, h: 4, w: 4), repeating: 1)
        func pool(_ parameters: Pool2dParameters) throws(ConvError) {
            _ = try Pooling(input: input, parameters: parameters)
        }
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
            try pool(
                Pool2dParameters(
                    kind: .max, kernel: .uniform(2), padding: AxisPair(height: 1, width: 2),
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
            _ = try Pooling(
                input: Tensor(shape: noChannels), parameters: Pool2dParameters(kind: .max, kernel: .uniform(1)))
        }
        #expect(ConvError.poolWindowTooLarge(axis: .height, window: 5, paddedSize: 4, overhang: 0).key == "kernel_size")
        #expect(ConvError.dilatedAveragePool(.uniform(2)).key == "dilation")
    }

    @Test func hostilePoolingSizesThrowTooLarge() throws {
        let input = Tensor(shape: Shape4(n: 1, c: 1, h: 4, w: 4), repeating: 1)
        let huge = 1_000_000_000_000_000_000
        let cases = [
            ("padding", Pool2dParameters(kind: .max, kernel: .uniform(2), padding: .uniform(huge))),
            ("kernel_size", Pool2dParameters(kind: .avg, kernel: .uniform(huge), stride: .uniform(1))),
            ("dilation", Pool2dParameters(kind: .max, kernel: .uniform(2), dilation: .uniform(huge))),
            // A 2^13 x 2^13 window has more elements than any tensor may.
            ("kernel_size", Pool2dParameters(kind: .max, kernel: .uniform(1 << 13), padding: .uniform(1 << 12))),
        ]
        for (key, parameters) in cases {
            #expect(RandomOperations.tooLargeKey { _ = try Pooling(input: input, parameters: parameters) } == key)
        }
        // A huge stride is harmless: one window.
        let oneWindow = try Pooling(
            input: input,
            parameters: Pool2dParameters(
                kind: .max, kernel: .uniform(2),
                stride: .uniform(huge), ceilMode: true))
        #expect(oneWindow.output().values == [1])
    }
}
