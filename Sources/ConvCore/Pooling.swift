/// One validated 2-D pooling, exactly as PyTorch's `F.max_pool2d` / `F.avg_pool2d` computes it on (N, C, H, W):
/// each channel on its own, each output cell the max or the mean of one window.
public struct Pooling: Sendable {
    /// The input, (N, C, H, W); an unbatched input has N = 1.
    public let input: Tensor
    /// The parameters.
    public let parameters: Pool2dParameters
    /// The output's shape, (N, C, H_out, W_out).
    public let outputShape: Shape4
    /// The shape arithmetic of the rows.
    let rows: PoolAxis
    /// The shape arithmetic of the columns.
    let columns: PoolAxis

    /// Validates the pooling; throws what PyTorch would reject, in the user's terms, and `.tooLarge` past ``Limits``.
    public init(input: Tensor, parameters: Pool2dParameters) throws(ConvError) {
        let kernel = parameters.kernel, stride = parameters.stride, padding = parameters.padding
        let dilation = parameters.dilation, x = input.shape
        if kernel.height <= 0 || kernel.width <= 0 { throw .nonPositiveKernelSize(kernel) }
        if stride.height <= 0 || stride.width <= 0 { throw .nonPositiveStride(stride) }
        if dilation.height <= 0 || dilation.width <= 0 { throw .nonPositiveDilation(dilation) }
        if padding.height < 0 || padding.width < 0 {
            throw .negativePadding(height: padding.height, width: padding.width)
        }
        if parameters.kind == .avg && dilation != .uniform(1) { throw .dilatedAveragePool(dilation) }
        let window = CheckedSize(key: "kernel_size")
        try window.requireSetting(kernel, "the kernel size")
        try CheckedSize(key: "padding").requireSetting(padding, "the padding")
        try CheckedSize(key: "dilation").requireSetting(dilation, "the dilation")
        if x.n <= 0 || x.c <= 0 || x.h <= 0 || x.w <= 0 { throw .emptyInput(x) }
        let sizes = CheckedSize(key: "input")
        try sizes.require(
            try sizes.product(x.dimensions, "the input"), atMost: Limits.maxElements, "the input's element count")
        let windowSize = try window.multiply(kernel.height, kernel.width, "the window")
        try window.require(windowSize, atMost: Limits.maxElements, "the window's element count")

        let rows = try PoolAxis(
            .height, size: x.h, kernel: kernel.height, stride: stride.height, padding: padding.height,
            dilation: dilation.height, ceilMode: parameters.ceilMode)
        let columns = try PoolAxis(
            .width, size: x.w, kernel: kernel.width, stride: stride.width, padding: padding.width,
            dilation: dilation.width, ceilMode: parameters.ceilMode)
        let output = Shape4(n: x.n, c: x.c, h: rows.output, w: columns.output)
        let outputSize = CheckedSize(key: "padding")
        let cells = try outputSize.product(output.dimensions, "the output")
        try outputSize.require(cells, atMost: Limits.maxElements, "the output's element count")
        try window.require(
            try window.multiply(cells, windowSize, "the work"), atMost: Limits.maxMultiplyAdds,
            "the number of window reads")

        self.input = input
        self.parameters = parameters
        self.outputShape = output
        self.rows = rows
        self.columns = columns
    }

    /// The whole output, (N, C, H_out, W_out); every cell equals its trace's value bit for bit.
    ///
    /// Max pooling keeps the first largest real value of the window in row-major order (a later value replaces it
    /// only if strictly larger, or NaN), starting from minus infinity; average pooling sums the real values in
    /// row-major order from 0.0 and divides once by ``PoolTrace/divisor``.
    public func output() -> Tensor {
        let out = outputShape
        let work = out.checkedCount! * parameters.kernel.height * parameters.kernel.width
        let values = RowFill.values(rows: out.n * out.c * out.h, rowLength: out.w, work: work) { r, values in
            let plane = r / out.h, row = r % out.h
            for column in 0..<out.w {
                values[column] = cellValue(plane: plane, row: row, column: column)
            }
        }
        return Tensor(shape: out, values: values)
    }

    /// The value of one output cell of plane `plane` (image × channel), computed exactly as ``trace(_:)`` does.
    @inline(__always)
    private func cellValue(plane: Int, row: Int, column: Int) -> Double {
        let height = input.shape.h, width = input.shape.w
        let rowWindow = rows.window(row), columnWindow = columns.window(column)
        let first = plane * height * width
        switch parameters.kind {
        case .max:
            var best = -Double.infinity
            for i in rowWindow where 0 <= i && i < height {
                for j in columnWindow where 0 <= j && j < width {
                    let value = input.values[first + i * width + j]
                    if value > best || value.isNaN { best = value }
                }
            }
            return best
        case .avg:
            var sum = 0.0
            for i in rowWindow where 0 <= i && i < height {
                for j in columnWindow where 0 <= j && j < width { sum += input.values[first + i * width + j] }
            }
            return sum / Double(divisor(rowWindow: rowWindow, columnWindow: columnWindow))
        }
    }

    /// What average pooling divides a window's sum by: the whole window clipped at the padded input's edge with
    /// count_include_pad, its real cells without.
    func divisor(rowWindow: StrideTo<Int>, columnWindow: StrideTo<Int>) -> Int {
        let counted = { (window: StrideTo<Int>, size: Int) in
            window.count { self.parameters.countIncludePad || (0 <= $0 && $0 < size) }
        }
        return counted(rowWindow, input.shape.h) * counted(columnWindow, input.shape.w)
    }

    /// The output-size formula along one axis with this pooling's numbers:
    /// `H_out = ⌊(5 + 2·1 − 1·(3−1) − 1) / 2⌋ + 1 = 3`, with `⌈⌉` under ceil_mode, and, when ceil_mode's rule
    /// drops a last window that would start past the input, `− 1` and why.
    public func formula(_ axis: ConvError.Axis) -> String {
        axis == .height ? rows.formula : columns.formula
    }
}
