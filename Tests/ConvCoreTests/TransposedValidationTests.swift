import ConvCore
import Testing

/// What PyTorch rejects in a transposed convolution, and hostile sizes.
struct TransposedValidationTests {
    @Test func transposedValidation() {
        typealias P = TransposedConv2dParameters
        let zeroWidth = AxisPair(height: 1, width: 0), negativeHeight = AxisPair(height: -1, width: 0)
        #expect(throws: ConvError.nonPositiveStride(zeroWidth)) { try Self.transposed(P(stride: zeroWidth)) }
        #expect(throws: ConvError.nonPositiveDilation(.uniform(0))) { try Self.transposed(P(dilation: .uniform(0))) }
        #expect(throws: ConvError.negativePadding(height: -1, width: 0)) {
            try Self.transposed(P(padding: negativeHeight))
        }
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
        #expect(throws: Never.self) {
            try Self.transposed(P(stride: .uniform(3), outputPadding: .uniform(2), dilation: .uniform(2)))
        }
        let weight = Shape4(n: 2, c: 1, h: 2, w: 2), input = Shape4(n: 1, c: 3, h: 3, w: 3)
        #expect(throws: ConvError.transposedChannelMismatch(weight: weight, input: input)) {
            try Self.transposed(input: input, weight: weight, P())
        }
        #expect(throws: ConvError.inputChannelsNotDivisible(channels: 3, groups: 2)) {
            try Self.transposed(input: input, weight: Shape4(n: 3, c: 1, h: 2, w: 2), P(groups: 2))
        }
        #expect(throws: ConvError.biasCount(expected: 6, got: 3)) {
            try Self.transposed(
                input: Shape4(n: 1, c: 4, h: 3, w: 3), weight: Shape4(n: 4, c: 3, h: 2, w: 2), bias: 3,
                P(groups: 2))
        }
        #expect(throws: ConvError.outputCroppedAway(height: 0, width: 0)) {
            try Self.transposed(P(padding: .uniform(2)))
        }
        let noRows = Shape4(n: 1, c: 1, h: 0, w: 3), noFilters = Shape4(n: 1, c: 0, h: 2, w: 2)
        #expect(throws: ConvError.emptyInput(noRows)) { try Self.transposed(input: noRows, P()) }
        #expect(throws: ConvError.emptyKernel(noFilters)) { try Self.transposed(weight: noFilters, P()) }
        #expect(ConvError.negativeOutputPadding(.uniform(-1)).key == "output_padding")
        #expect(ConvError.outputCroppedAway(height: 0, width: 0).key == "padding")
    }

    @Test func hostileTransposedSizesThrowTooLarge() {
        typealias P = TransposedConv2dParameters
        let huge = 1_000_000_000_000_000_000
        let cases = [
            ("padding", P(padding: .uniform(huge))), ("stride", P(stride: .uniform(huge))),
            ("dilation", P(dilation: .uniform(huge))),
            ("output_padding", P(stride: .uniform(huge), outputPadding: .uniform(huge - 1))),
            ("stride", P(stride: .uniform(1 << 40), dilation: .uniform(2))),
        ]
        for (key, parameters) in cases {
            #expect(RandomOperations.tooLargeKey { try Self.transposed(parameters) } == key)
        }
        // Too many multiply-adds: 512 x 512 input values times 4 filters of 64 x 64 (the output, 4 x 575 x 575, fits).
        #expect(
            RandomOperations.tooLargeKey {
                try Self.transposed(
                    input: Shape4(n: 1, c: 1, h: 512, w: 512), weight: Shape4(n: 1, c: 4, h: 64, w: 64), P())
            } == "kernel")
        // Too many output elements: 8 filters over 1500 x 1500 input values.
        #expect(
            RandomOperations.tooLargeKey {
                try Self.transposed(
                    input: Shape4(n: 1, c: 1, h: 1500, w: 1500), weight: Shape4(n: 1, c: 8, h: 1, w: 1), P())
            } == "stride")
    }

    static func transposed(
        input: Shape4 = Shape4(n: 1, c: 1, h: 3, w: 3), weight: Shape4 = Shape4(n: 1, c: 1, h: 2, w: 2),
        bias: Int? = nil, _ parameters: TransposedConv2dParameters
    ) throws(ConvError) {
        _ = try TransposedConvolution(
            input: Tensor(shape: input), weight: Tensor(shape: weight),
            bias: bias.map { Array(repeating: 0, count: $0) }, parameters: parameters)
    }
}
