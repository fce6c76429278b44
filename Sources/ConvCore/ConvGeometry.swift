/// Where one coordinate of the padded input comes from, along one axis.
public enum AxisSource: Hashable, Sendable {
    /// A real row or column of the input.
    case inside(Int)
    /// A zero of zero padding.
    case zero
    /// Padding that copies a real row or column (reflect, replicate, circular).
    case copied(Int)

    /// The real row or column read, if any.
    public var index: Int? {
        switch self {
        case let .inside(index), let .copied(index): index
        case .zero: nil
        }
    }
}

/// The validated shape arithmetic of one convolution: resolved padding, output shape, and the mapping
/// from padded coordinates to real input cells. Built only from shapes, so it is cheap to re-derive.
public struct ConvGeometry: Hashable, Sendable {
    /// The input's shape (batch 1 for an unbatched input).
    public let inputShape: Shape4
    /// The weight's shape: (C_out, C_in/groups, kH, kW).
    public let weightShape: Shape4
    /// The parameters, as given.
    public let parameters: Conv2dParameters
    /// Rows of padding above the input.
    public let padTop: Int
    /// Rows of padding below the input (one more than `padTop` for `same` with an even dilated kernel).
    public let padBottom: Int
    /// Columns of padding left of the input.
    public let padLeft: Int
    /// Columns of padding right of the input.
    public let padRight: Int
    /// The output's shape: (N, C_out, H_out, W_out).
    public let outputShape: Shape4

    /// Input channels each filter reads: `C_in / groups`.
    public var inputChannelsPerGroup: Int { weightShape.c }
    /// Filters in each group: `C_out / groups`.
    public var outputChannelsPerGroup: Int { weightShape.n / parameters.groups }
    /// The padded input's height.
    public var paddedHeight: Int { inputShape.h + padTop + padBottom }
    /// The padded input's width.
    public var paddedWidth: Int { inputShape.w + padLeft + padRight }

    /// Validates shapes and parameters exactly as `nn.Conv2d` does, and derives the output shape.
    /// - Parameter biasCount: the bias length, or `nil` for no bias.
    public init(input: Shape4, weight: Shape4, biasCount: Int?, parameters: Conv2dParameters) throws(ConvError) {
        let stride = parameters.stride, dilation = parameters.dilation, groups = parameters.groups
        if groups <= 0 { throw .nonPositiveGroups(groups) }
        if stride.height <= 0 || stride.width <= 0 { throw .nonPositiveStride(stride) }
        if dilation.height <= 0 || dilation.width <= 0 { throw .nonPositiveDilation(dilation) }
        if case let .explicit(height, width) = parameters.padding, height < 0 || width < 0 {
            throw .negativePadding(height: height, width: width)
        }
        if parameters.padding == .same, stride.height != 1 || stride.width != 1 { throw .sameWithStride(stride) }
        if input.n <= 0 || input.c <= 0 || input.h <= 0 || input.w <= 0 { throw .emptyInput(input) }
        if weight.n <= 0 || weight.c <= 0 || weight.h <= 0 || weight.w <= 0 { throw .emptyKernel(weight) }
        if input.c % groups != 0 { throw .inputChannelsNotDivisible(channels: input.c, groups: groups) }
        if weight.n % groups != 0 { throw .outputChannelsNotDivisible(channels: weight.n, groups: groups) }
        let expectedChannels = try CheckedSize(key: "groups").multiply(weight.c, groups, "C_in")
        if expectedChannels != input.c { throw .channelMismatch(weight: weight, groups: groups, input: input) }
        if let biasCount, biasCount != weight.n { throw .biasCount(expected: weight.n, got: biasCount) }

        let dilated = CheckedSize(key: "dilation")
        let kernelHeight = try dilated.add(
            try dilated.multiply(dilation.height, weight.h - 1, "the dilated kernel"), 1, "the dilated kernel")
        let kernelWidth = try dilated.add(
            try dilated.multiply(dilation.width, weight.w - 1, "the dilated kernel"), 1, "the dilated kernel")

        let pads: (top: Int, bottom: Int, left: Int, right: Int)
        switch parameters.padding {
        case let .explicit(height, width): pads = (height, height, width, width)
        case .valid: pads = (0, 0, 0, 0)
        case .same:
            let totalHeight = kernelHeight - 1, totalWidth = kernelWidth - 1
            pads = (totalHeight / 2, totalHeight - totalHeight / 2, totalWidth / 2, totalWidth - totalWidth / 2)
        }
        try Self.checkPaddingMode(parameters.paddingMode, pads.top, pads.bottom, size: input.h, axis: .height)
        try Self.checkPaddingMode(parameters.paddingMode, pads.left, pads.right, size: input.w, axis: .width)

        let padded = CheckedSize(key: "padding")
        let paddedHeight = try padded.add(
            try padded.add(input.h, pads.top, "the padded height"), pads.bottom, "the padded height")
        let paddedWidth = try padded.add(
            try padded.add(input.w, pads.left, "the padded width"), pads.right, "the padded width")
        if paddedHeight < kernelHeight || paddedWidth < kernelWidth {
            throw .kernelLargerThanInput(
                paddedHeight: paddedHeight, paddedWidth: paddedWidth,
                kernelHeight: kernelHeight, kernelWidth: kernelWidth)
        }
        let output = Shape4(
            n: input.n, c: weight.n,
            h: (paddedHeight - kernelHeight) / stride.height + 1,
            w: (paddedWidth - kernelWidth) / stride.width + 1)

        let sizes = CheckedSize(key: "input")
        try sizes.require(
            try sizes.product(input.dimensions, "the input"), atMost: Limits.maxElements, "the input's element count")
        try CheckedSize(key: "kernel").require(
            try CheckedSize(key: "kernel").product(weight.dimensions, "the kernel"),
            atMost: Limits.maxElements, "the kernel's element count")
        let outputSize = CheckedSize(key: "padding")
        try outputSize.require(
            try outputSize.product(output.dimensions, "the output"), atMost: Limits.maxElements,
            "the output's element count")
        let work = CheckedSize(key: "kernel")
        let multiplyAdds = try work.product(output.dimensions + [weight.c, weight.h, weight.w], "the work")
        try work.require(multiplyAdds, atMost: Limits.maxMultiplyAdds, "the number of multiply-adds")

        self.inputShape = input
        self.weightShape = weight
        self.parameters = parameters
        (padTop, padBottom, padLeft, padRight) = pads
        self.outputShape = output
    }

    private static func checkPaddingMode(
        _ mode: PaddingMode, _ before: Int, _ after: Int, size: Int,
        axis: ConvError.Axis
    ) throws(ConvError) {
        let largest = max(before, after)
        switch mode {
        case .zeros, .replicate: return
        case .reflect: if largest >= size { throw .reflectPaddingTooLarge(axis: axis, padding: largest, size: size) }
        case .circular: if largest > size { throw .circularPaddingTooLarge(axis: axis, padding: largest, size: size) }
        }
    }

    /// Where padded row `paddedRow` (0 is the first padding row) comes from.
    @inlinable
    public func rowSource(_ paddedRow: Int) -> AxisSource {
        Self.source(paddedRow - padTop, size: inputShape.h, mode: parameters.paddingMode)
    }

    /// Where padded column `paddedColumn` (0 is the first padding column) comes from.
    @inlinable
    public func columnSource(_ paddedColumn: Int) -> AxisSource {
        Self.source(paddedColumn - padLeft, size: inputShape.w, mode: parameters.paddingMode)
    }

    /// Maps an unpadded coordinate (negative or past the end inside the padding) to its source.
    @inlinable
    static func source(_ position: Int, size: Int, mode: PaddingMode) -> AxisSource {
        if position >= 0 && position < size { return .inside(position) }
        switch mode {
        case .zeros: return .zero
        case .reflect: return .copied(position < 0 ? -position : 2 * (size - 1) - position)
        case .replicate: return .copied(position < 0 ? 0 : size - 1)
        case .circular: return .copied(((position % size) + size) % size)
        }
    }

    /// The padded row that output row `row` reads through kernel row `kernelRow`.
    @inlinable
    public func paddedRow(output row: Int, kernelRow: Int) -> Int {
        row * parameters.stride.height + kernelRow * parameters.dilation.height
    }

    /// The padded column that output column `column` reads through kernel column `kernelColumn`.
    @inlinable
    public func paddedColumn(output column: Int, kernelColumn: Int) -> Int {
        column * parameters.stride.width + kernelColumn * parameters.dilation.width
    }

    /// The group an output channel belongs to.
    public func group(ofOutputChannel channel: Int) -> Int { channel / outputChannelsPerGroup }

    /// The group an input channel belongs to.
    public func group(ofInputChannel channel: Int) -> Int { channel / inputChannelsPerGroup }

    /// The output-size formula for one axis, with this geometry's numbers.
    public func formula(_ axis: ConvError.Axis) -> OutputSizeFormula {
        switch axis {
        case .height:
            OutputSizeFormula(
                axis: .height, size: inputShape.h, padBefore: padTop, padAfter: padBottom,
                dilation: parameters.dilation.height, kernel: weightShape.h, stride: parameters.stride.height)
        case .width:
            OutputSizeFormula(
                axis: .width, size: inputShape.w, padBefore: padLeft, padAfter: padRight,
                dilation: parameters.dilation.width, kernel: weightShape.w, stride: parameters.stride.width)
        }
    }
}
