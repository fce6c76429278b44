import ConvCore
import Testing

/// `ConvGeometry` / `Convolution` reject what nn.Conv2d rejects, and refuse huge sizes without trapping.
struct ValidationTests {
    static func shape(_ n: Int, _ c: Int, _ h: Int, _ w: Int) -> Shape4 { Shape4(n: n, c: c, h: h, w: w) }

    static let image = shape(1, 1, 5, 5)
    static let kernel3 = shape(1, 1, 3, 3)

    @discardableResult
    static func geometry(
        input: Shape4 = image, weight: Shape4 = kernel3, bias: Int? = nil,
        _ parameters: Conv2dParameters = Conv2dParameters()
    ) throws(ConvError) -> ConvGeometry {
        try ConvGeometry(input: input, weight: weight, biasCount: bias, parameters: parameters)
    }

    // MARK: - One bad setting each

    @Test func nonPositiveStride() {
        #expect(throws: ConvError.nonPositiveStride(AxisPair(height: 0, width: 1))) {
            try Self.geometry(Conv2dParameters(stride: AxisPair(height: 0, width: 1)))
        }
        #expect(throws: ConvError.nonPositiveStride(.uniform(-2))) {
            try Self.geometry(Conv2dParameters(stride: .uniform(-2)))
        }
    }

    @Test func nonPositiveDilation() {
        #expect(throws: ConvError.nonPositiveDilation(AxisPair(height: 1, width: 0))) {
            try Self.geometry(Conv2dParameters(dilation: AxisPair(height: 1, width: 0)))
        }
        #expect(throws: ConvError.nonPositiveDilation(.uniform(-1))) {
            try Self.geometry(Conv2dParameters(dilation: .uniform(-1)))
        }
    }

    @Test func nonPositiveGroups() {
        #expect(throws: ConvError.nonPositiveGroups(0)) { try Self.geometry(Conv2dParameters(groups: 0)) }
        #expect(throws: ConvError.nonPositiveGroups(-3)) { try Self.geometry(Conv2dParameters(groups: -3)) }
    }

    @Test func negativePadding() {
        #expect(throws: ConvError.negativePadding(height: -1, width: 0)) {
            try Self.geometry(Conv2dParameters(padding: .explicit(height: -1, width: 0)))
        }
        #expect(throws: ConvError.negativePadding(height: 2, width: -2)) {
            try Self.geometry(Conv2dParameters(padding: .explicit(height: 2, width: -2)))
        }
    }

    @Test func sameWithStride() {
        #expect(throws: ConvError.sameWithStride(.uniform(2))) {
            try Self.geometry(Conv2dParameters(stride: .uniform(2), padding: .same))
        }
        #expect(throws: ConvError.sameWithStride(AxisPair(height: 1, width: 2))) {
            try Self.geometry(Conv2dParameters(stride: AxisPair(height: 1, width: 2), padding: .same))
        }
        // Stride 2 with valid (padding 0) is fine.
        #expect(throws: Never.self) { try Self.geometry(Conv2dParameters(stride: .uniform(2), padding: .valid)) }
    }

    @Test func channelsNotDivisibleByGroups() {
        #expect(throws: ConvError.inputChannelsNotDivisible(channels: 3, groups: 2)) {
            try Self.geometry(
                input: Self.shape(1, 3, 5, 5), weight: Self.shape(2, 1, 3, 3), Conv2dParameters(groups: 2))
        }
        #expect(throws: ConvError.outputChannelsNotDivisible(channels: 3, groups: 2)) {
            try Self.geometry(
                input: Self.shape(1, 4, 5, 5), weight: Self.shape(3, 2, 3, 3), Conv2dParameters(groups: 2))
        }
    }

    @Test func channelMismatch() {
        let weight = Self.shape(2, 2, 3, 3), input = Self.shape(1, 3, 5, 5)
        #expect(throws: ConvError.channelMismatch(weight: weight, groups: 1, input: input)) {
            try Self.geometry(input: input, weight: weight)
        }
        // groups = 2 with C_in = 4 needs weight channels 2, not 1.
        let grouped = Self.shape(2, 1, 3, 3), four = Self.shape(1, 4, 5, 5)
        #expect(throws: ConvError.channelMismatch(weight: grouped, groups: 2, input: four)) {
            try Self.geometry(input: four, weight: grouped, Conv2dParameters(groups: 2))
        }
    }

    @Test func biasCount() {
        #expect(throws: ConvError.biasCount(expected: 1, got: 2)) { try Self.geometry(bias: 2) }
        #expect(throws: ConvError.biasCount(expected: 1, got: 0)) { try Self.geometry(bias: 0) }
        let input = Tensor(shape: Self.image), weight = Tensor(shape: Self.shape(3, 1, 3, 3))
        #expect(throws: ConvError.biasCount(expected: 3, got: 2)) {
            try Convolution(input: input, weight: weight, bias: [1, 2], parameters: Conv2dParameters())
        }
    }

    @Test func reflectPaddingTooLarge() {
        // Reflect needs pad < size: 5 rows allow 4, not 5.
        #expect(throws: Never.self) { try Self.geometry(Conv2dParameters(padding: .uniform(4), paddingMode: .reflect)) }
        #expect(throws: ConvError.reflectPaddingTooLarge(axis: .height, padding: 5, size: 5)) {
            try Self.geometry(Conv2dParameters(padding: .uniform(5), paddingMode: .reflect))
        }
        #expect(throws: ConvError.reflectPaddingTooLarge(axis: .width, padding: 3, size: 3)) {
            try Self.geometry(
                input: Self.shape(1, 1, 9, 3), weight: Self.shape(1, 1, 1, 1),
                Conv2dParameters(padding: .explicit(height: 0, width: 3), paddingMode: .reflect))
        }
        // 'same' resolves its padding first: a 1-row input cannot reflect a 3-row kernel's padding of 1.
        #expect(throws: ConvError.reflectPaddingTooLarge(axis: .height, padding: 1, size: 1)) {
            try Self.geometry(input: Self.shape(1, 1, 1, 5), Conv2dParameters(padding: .same, paddingMode: .reflect))
        }
    }

    @Test func circularPaddingTooLarge() {
        // Circular allows pad <= size.
        #expect(throws: Never.self) {
            try Self.geometry(Conv2dParameters(padding: .uniform(5), paddingMode: .circular))
        }
        #expect(throws: ConvError.circularPaddingTooLarge(axis: .height, padding: 6, size: 5)) {
            try Self.geometry(Conv2dParameters(padding: .uniform(6), paddingMode: .circular))
        }
        #expect(throws: ConvError.circularPaddingTooLarge(axis: .width, padding: 3, size: 2)) {
            try Self.geometry(
                input: Self.shape(1, 1, 5, 2), weight: Self.shape(1, 1, 1, 1),
                Conv2dParameters(padding: .explicit(height: 0, width: 3), paddingMode: .circular))
        }
        // Replicate has no limit.
        #expect(throws: Never.self) {
            try Self.geometry(Conv2dParameters(padding: .uniform(50), paddingMode: .replicate))
        }
    }

    @Test func kernelLargerThanPaddedInput() throws {
        // conv-semantics.md: padded input (2 x 5), kernel (3 x 3).
        #expect(
            throws: ConvError.kernelLargerThanInput(paddedHeight: 2, paddedWidth: 5, kernelHeight: 3, kernelWidth: 3)
        ) {
            try Self.geometry(input: Self.shape(1, 1, 2, 5))
        }
        // The kernel size shown includes dilation: 3 taps with dilation 4 span 9 > 5 + 2 rows.
        #expect(
            throws: ConvError.kernelLargerThanInput(paddedHeight: 7, paddedWidth: 7, kernelHeight: 9, kernelWidth: 9)
        ) {
            try Self.geometry(Conv2dParameters(padding: .uniform(1), dilation: .uniform(4)))
        }
        // A span of exactly the padded size fits: one output.
        #expect(
            try Self.geometry(Conv2dParameters(padding: .uniform(1), dilation: .uniform(3))).outputShape
                == Self.shape(1, 1, 1, 1))
        #expect(
            throws: ConvError.kernelLargerThanInput(paddedHeight: 5, paddedWidth: 5, kernelHeight: 7, kernelWidth: 7)
        ) {
            try Self.geometry(Conv2dParameters(dilation: .uniform(3)))
        }
    }

    @Test func emptyInputOrKernel() {
        for input in [Self.shape(1, 1, 0, 5), Self.shape(1, 1, 5, 0), Self.shape(0, 1, 5, 5), Self.shape(1, 0, 5, 5)] {
            #expect(throws: ConvError.emptyInput(input)) {
                try Self.geometry(input: input, weight: Self.shape(1, input.c, 3, 3))
            }
        }
        for weight in [Self.shape(1, 1, 0, 3), Self.shape(1, 1, 3, 0), Self.shape(0, 1, 3, 3)] {
            #expect(throws: ConvError.emptyKernel(weight)) { try Self.geometry(weight: weight) }
        }
    }

    // MARK: - Huge sizes: an error, never a trap

    static func tooLarge(_ body: () throws(ConvError) -> ConvGeometry) -> (key: String, description: String)? {
        do {
            _ = try body()
            return nil
        } catch {
            guard case .tooLarge = error else { return nil }
            return (error.key, error.description)
        }
    }

    @Test func paddingOfTenToTheEighteenIsTooLarge() throws {
        let result = try #require(
            Self.tooLarge { () throws(ConvError) in
                try Self.geometry(Conv2dParameters(padding: .uniform(1_000_000_000_000_000_000)))
            })
        #expect(result.key == "padding")
        let int = try #require(
            Self.tooLarge { () throws(ConvError) in try Self.geometry(Conv2dParameters(padding: .uniform(Int.max))) })
        #expect(int.key == "padding")
        let one = try #require(
            Self.tooLarge { () throws(ConvError) in
                try Self.geometry(Conv2dParameters(padding: .explicit(height: 0, width: 1_000_000_000_000_000_000)))
            })
        #expect(one.key == "padding")
    }

    @Test func dilationOfTenToTheEighteen() throws {
        // A 3x3 kernel with dilation 10^18 spans 2·10^18 + 1: it fits in an Int, and PyTorch's answer is that
        // the kernel is larger than the input.
        let huge = 1_000_000_000_000_000_000
        #expect(
            throws: ConvError.kernelLargerThanInput(
                paddedHeight: 5, paddedWidth: 5, kernelHeight: 2 * huge + 1, kernelWidth: 2 * huge + 1)
        ) {
            try Self.geometry(Conv2dParameters(dilation: .uniform(huge)))
        }
        // With 11 taps the span (10^19) overflows an Int: too large, keyed to dilation.
        let wide = try #require(
            Self.tooLarge { () throws(ConvError) in
                try Self.geometry(
                    input: Self.shape(1, 1, 5, 20), weight: Self.shape(1, 1, 1, 11),
                    Conv2dParameters(dilation: .uniform(huge)))
            })
        #expect(wide.key == "dilation")
        let max = try #require(
            Self.tooLarge { () throws(ConvError) in try Self.geometry(Conv2dParameters(dilation: .uniform(Int.max))) })
        #expect(max.key == "dilation")
        // Dilation 10^18 with padding 10^18 is valid: only the centre tap of each window lands on the input.
        let spread = try Convolution(
            input: SeedExampleTests.grid(SeedExampleTests.input),
            weight: SeedExampleTests.grid(SeedExampleTests.kernel), bias: nil,
            parameters: Conv2dParameters(padding: .uniform(huge), dilation: .uniform(huge)))
        #expect(spread.geometry.outputShape == Self.image)
        #expect(spread.output() == SeedExampleTests.grid(SeedExampleTests.input))
        let trace = spread.trace(TensorIndex(channel: 0, row: 4, column: 4))
        #expect(trace.taps.filter { !$0.source.isPadding }.map { [$0.kernelRow, $0.kernelColumn] } == [[1, 1]])
        #expect(trace.value == 1)
    }

    @Test func strideIntMaxGivesOneWindowWithoutOverflow() throws {
        // Stride Int.max is valid in PyTorch: one window per axis, at the top-left.
        let geometry = try Self.geometry(Conv2dParameters(stride: .uniform(Int.max)))
        #expect(geometry.outputShape == Self.shape(1, 1, 1, 1))
        let convolution = try Convolution(
            input: SeedExampleTests.grid(SeedExampleTests.input),
            weight: SeedExampleTests.grid(SeedExampleTests.kernel), bias: nil,
            parameters: Conv2dParameters(stride: .uniform(Int.max)))
        #expect(convolution.output().values == [10])
        #expect(convolution.trace(TensorIndex(channel: 0, row: 0, column: 0)).value == 10)
        // Stride Int.max with padding 10^18 still gives one (all-padding) window.
        let padded = try Convolution(
            input: SeedExampleTests.grid(SeedExampleTests.input),
            weight: SeedExampleTests.grid(SeedExampleTests.kernel), bias: nil,
            parameters: Conv2dParameters(stride: .uniform(Int.max), padding: .uniform(1_000_000_000_000_000_000)))
        #expect(padded.output().values == [0])
    }

    @Test func anOutputOverTheElementLimitIsTooLarge() throws {
        // A 1x1 kernel with padding 4000 on a 1x1 input: 8001 x 8001 = 64,016,001 outputs > 2^24.
        let result = try #require(
            Self.tooLarge { () throws(ConvError) in
                try Self.geometry(
                    input: Self.shape(1, 1, 1, 1), weight: Self.shape(1, 1, 1, 1),
                    Conv2dParameters(padding: .uniform(4000)))
            })
        #expect(result.key == "padding")
        #expect(result.description.contains("64016001"))
        #expect(result.description.contains("\(Limits.maxElements)"))
        // Just under the limit is accepted: 4095 x 4095 outputs from padding 2047.
        #expect(throws: Never.self) {
            try Self.geometry(
                input: Self.shape(1, 1, 1, 1), weight: Self.shape(1, 1, 1, 1), Conv2dParameters(padding: .uniform(2047))
            )
        }
    }

    @Test func tooManyInputElementsOrMultiplyAdds() throws {
        let input = try #require(
            Self.tooLarge { () throws(ConvError) in
                try Self.geometry(input: Self.shape(1, 1, 5000, 5000), weight: Self.shape(1, 1, 1, 1))
            })
        #expect(input.key == "input")
        let overflow = try #require(
            Self.tooLarge { () throws(ConvError) in
                try Self.geometry(input: Self.shape(Int.max / 2, 1, 4, 4), weight: Self.shape(1, 1, 1, 1))
            })
        #expect(overflow.key == "input")
        // An input of exactly 2^24 elements is allowed; a kernel of 4097^2 is not.
        let kernel = try #require(
            Self.tooLarge { () throws(ConvError) in
                try Self.geometry(
                    input: Self.shape(1, 1, 4096, 4096), weight: Self.shape(1, 1, 4097, 4097),
                    Conv2dParameters(padding: .uniform(1)))
            })
        #expect(kernel.key == "kernel")
        // 4096^2 inputs are allowed, but a 16x16 kernel over them is ~4.3 billion multiply-adds.
        let work = try #require(
            Self.tooLarge { () throws(ConvError) in
                try Self.geometry(input: Self.shape(1, 1, 4096, 4096), weight: Self.shape(1, 1, 16, 16))
            })
        #expect(work.key == "kernel")
    }

    // MARK: - Messages

    @Test(
        arguments: [
            (ConvError.nonPositiveStride(AxisPair(height: 0, width: 3)), ["stride", "0", "3"]),
            (.nonPositiveDilation(.uniform(-4)), ["dilation", "-4"]),
            (.negativePadding(height: -7, width: 2), ["padding", "-7", "2"]),
            (.nonPositiveGroups(-5), ["groups", "-5"]),
            (.sameWithStride(.uniform(2)), ["same", "stride", "2"]),
            (.emptyInput(Shape4(n: 1, c: 1, h: 0, w: 6)), ["input", "(1, 1, 0, 6)"]),
            (.emptyKernel(Shape4(n: 1, c: 1, h: 3, w: 0)), ["kernel", "(1, 1, 3, 0)"]),
            (.inputChannelsNotDivisible(channels: 7, groups: 3), ["7", "3", "groups"]),
            (.outputChannelsNotDivisible(channels: 5, groups: 2), ["5", "2", "groups"]),
            (
                .channelMismatch(
                    weight: Shape4(n: 4, c: 3, h: 3, w: 3), groups: 2, input: Shape4(n: 1, c: 5, h: 8, w: 8)),
                ["groups=2", "(4, 3, 3, 3)", "6", "5"]
            ),
            (.biasCount(expected: 4, got: 9), ["bias", "4", "9"]),
            (.reflectPaddingTooLarge(axis: .height, padding: 6, size: 6), ["reflect", "6", "height", "rows"]),
            (.circularPaddingTooLarge(axis: .width, padding: 8, size: 7), ["circular", "8", "7", "width", "columns"]),
            (
                .kernelLargerThanInput(paddedHeight: 2, paddedWidth: 5, kernelHeight: 3, kernelWidth: 3),
                ["2 x 5", "3 x 3"]
            ),
            (
                .tooLarge(key: "padding", what: "the output's element count (64016001)", limit: "16777216"),
                ["64016001", "16777216"]
            ),
        ] as [(ConvError, [String])])
    func descriptionsMentionTheNumbers(error: ConvError, words: [String]) {
        #expect(!error.description.isEmpty)
        for word in words {
            #expect(error.description.contains(word), "\(error.description) should mention \(word)")
        }
    }

    @Test func errorsNameTheirKey() {
        let expected: [(ConvError, String)] = [
            (.nonPositiveStride(.uniform(0)), "stride"), (.sameWithStride(.uniform(2)), "stride"),
            (.nonPositiveDilation(.uniform(0)), "dilation"), (.negativePadding(height: -1, width: -1), "padding"),
            (.nonPositiveGroups(0), "groups"), (.inputChannelsNotDivisible(channels: 3, groups: 2), "groups"),
            (.outputChannelsNotDivisible(channels: 3, groups: 2), "groups"),
            (.emptyInput(Shape4(n: 1, c: 1, h: 0, w: 1)), "input"),
            (.emptyKernel(Shape4(n: 1, c: 1, h: 0, w: 1)), "kernel"),
            (.channelMismatch(weight: Self.kernel3, groups: 1, input: Self.image), "kernel"),
            (.biasCount(expected: 1, got: 2), "bias"),
            (.reflectPaddingTooLarge(axis: .height, padding: 5, size: 5), "padding_mode"),
            (.circularPaddingTooLarge(axis: .width, padding: 6, size: 5), "padding_mode"),
            (.kernelLargerThanInput(paddedHeight: 2, paddedWidth: 5, kernelHeight: 3, kernelWidth: 3), "padding"),
            (.tooLarge(key: "dilation", what: "x", limit: "1"), "dilation"),
        ]
        for (error, key) in expected { #expect(error.key == key, "\(error)") }
    }
}
