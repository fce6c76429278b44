/// One validated transposed convolution, exactly as PyTorch's `F.conv_transpose2d` / `nn.ConvTranspose2d`
/// computes it: every input cell stamps the kernel, scaled by its value, onto the output at `stride` spacing;
/// `padding` crops the stamped result and `output_padding` extends it at the bottom and right.
///
/// Weight (C_in, C_out/groups, kH, kW); input (N, C_in, H, W).
public struct TransposedConvolution: Sendable {
    /// The input, (N, C_in, H, W); an unbatched input has N = 1.
    public let input: Tensor
    /// The weight, (C_in, C_out/groups, kH, kW).
    public let weight: Tensor
    /// One value per output channel (C_out values), or `nil` for no bias.
    public let bias: [Double]?
    /// The parameters.
    public let parameters: TransposedConv2dParameters
    /// The output's shape, (N, C_out, H_out, W_out).
    public let outputShape: Shape4
    /// The shape arithmetic of the rows.
    let rows: TransposedAxis
    /// The shape arithmetic of the columns.
    let columns: TransposedAxis

    /// Validates the transposed convolution; throws what PyTorch would reject, in the user's terms, and
    /// `.tooLarge` past ``Limits``.
    public init(input: Tensor, weight: Tensor, bias: [Double]?, parameters: TransposedConv2dParameters)
        throws(ConvError)
    {
        let stride = parameters.stride, padding = parameters.padding, outputPadding = parameters.outputPadding
        let dilation = parameters.dilation, groups = parameters.groups
        let x = input.shape, w = weight.shape
        if groups <= 0 { throw .nonPositiveGroups(groups) }
        if stride.height <= 0 || stride.width <= 0 { throw .nonPositiveStride(stride) }
        if dilation.height <= 0 || dilation.width <= 0 { throw .nonPositiveDilation(dilation) }
        if padding.height < 0 || padding.width < 0 {
            throw .negativePadding(height: padding.height, width: padding.width)
        }
        if outputPadding.height < 0 || outputPadding.width < 0 { throw .negativeOutputPadding(outputPadding) }
        try CheckedSize(key: "padding").requireSetting(padding, "the padding")
        try CheckedSize(key: "output_padding").requireSetting(outputPadding, "the output padding")
        try CheckedSize(key: "dilation").requireSetting(dilation, "the dilation")
        if x.n <= 0 || x.c <= 0 || x.h <= 0 || x.w <= 0 { throw .emptyInput(x) }
        if w.n <= 0 || w.c <= 0 || w.h <= 0 || w.w <= 0 { throw .emptyKernel(w) }
        if w.n != x.c { throw .transposedChannelMismatch(weight: w, input: x) }
        if x.c % groups != 0 { throw .inputChannelsNotDivisible(channels: x.c, groups: groups) }
        for (axis, op, s, d) in [
            (ConvError.Axis.height, outputPadding.height, stride.height, dilation.height),
            (.width, outputPadding.width, stride.width, dilation.width),
        ]
        where op >= s && op >= d {
            throw .outputPaddingTooLarge(axis: axis, outputPadding: op, stride: s, dilation: d)
        }
        let outputChannels = try CheckedSize(key: "groups").multiply(w.c, groups, "C_out")
        if let bias, bias.count != outputChannels { throw .biasCount(expected: outputChannels, got: bias.count) }

        let sizes = CheckedSize(key: "input"), kernel = CheckedSize(key: "kernel")
        try sizes.require(
            try sizes.product(x.dimensions, "the input"), atMost: Limits.maxElements, "the input's element count")
        try kernel.require(
            try kernel.product(w.dimensions, "the kernel"), atMost: Limits.maxElements, "the kernel's element count")
        let rows = try TransposedAxis(
            .height, size: x.h, stride: stride.height, padding: padding.height,
            outputPadding: outputPadding.height, dilation: dilation.height, kernel: w.h)
        let columns = try TransposedAxis(
            .width, size: x.w, stride: stride.width, padding: padding.width,
            outputPadding: outputPadding.width, dilation: dilation.width, kernel: w.w)
        if rows.output < 1 || columns.output < 1 {
            throw .outputCroppedAway(height: rows.output, width: columns.output)
        }
        let output = Shape4(n: x.n, c: outputChannels, h: rows.output, w: columns.output)
        let outputSize = CheckedSize(key: "stride")
        try outputSize.require(
            try outputSize.product(output.dimensions, "the output"), atMost: Limits.maxElements,
            "the output's element count")
        // Each input value is multiplied by each weight of its group's filters once (some products land outside
        // the output and are dropped).
        let multiplyAdds = try kernel.product(x.dimensions + [w.c, w.h, w.w], "the work")
        try kernel.require(multiplyAdds, atMost: Limits.maxMultiplyAdds, "the number of multiply-adds")

        self.input = input
        self.weight = weight
        self.bias = bias
        self.parameters = parameters
        self.outputShape = output
        self.rows = rows
        self.columns = columns
    }

    /// Input channels in each group: `C_in / groups`.
    var inputChannelsPerGroup: Int { input.shape.c / parameters.groups }

    /// The whole output, (N, C_out, H_out, W_out).
    ///
    /// Each output cell gathers the taps that land on it in the order of ``trace(_:)`` (in-group input channel,
    /// kernel row, kernel column), adding `weight * input` (a multiply, then an add) to a sum that starts from 0.0,
    /// and adds the bias last — so every cell equals its trace's value bit for bit.
    public func output() -> Tensor {
        let out = outputShape
        let rowLandings = (0..<out.h).map(rows.landing(on:)), columnLandings = (0..<out.w).map(columns.landing(on:))
        let work = input.shape.checkedCount! * weight.shape.c * weight.shape.h * weight.shape.w + out.checkedCount!
        let values = RowFill.values(rows: out.n * out.c * out.h, rowLength: out.w, work: work) { r, values in
            let (image, channel, row) = (r / (out.c * out.h), r / out.h % out.c, r % out.h)
            for column in 0..<out.w {
                values[column] = cellValue(
                    image: image, channel: channel, rowLanding: rowLandings[row],
                    columnLanding: columnLandings[column])
            }
        }
        return Tensor(shape: out, values: values)
    }

    /// The value of one output cell, accumulated exactly as ``trace(_:)`` does.
    @inline(__always)
    private func cellValue(image n: Int, channel o: Int, rowLanding: Landing, columnLanding: Landing) -> Double {
        let perGroup = inputChannelsPerGroup, filters = weight.shape.c
        let firstChannel = o / filters * perGroup, filter = o % filters
        var sum = 0.0
        for c in firstChannel..<firstChannel + perGroup {
            var a = rowLanding.kernel, i = rowLanding.input
            for _ in 0..<rowLanding.count {
                var b = columnLanding.kernel, j = columnLanding.input
                for _ in 0..<columnLanding.count {
                    sum += weight[c, filter, a, b] * input[n, c, i, j]
                    b += columns.kernelStep
                    j -= columns.inputStep
                }
                a += rows.kernelStep
                i -= rows.inputStep
            }
        }
        return bias.map { sum + $0[o] } ?? sum
    }

    /// The output-size formula along one axis with this convolution's numbers:
    /// `H_out = (5−1)·2 − 2·1 + 1·(3−1) + 1 + 1 = 10`, i.e. `(H−1)·s − 2·p + d·(k−1) + output_padding + 1`.
    public func formula(_ axis: ConvError.Axis) -> String {
        axis == .height ? rows.formula : columns.formula
    }
}
