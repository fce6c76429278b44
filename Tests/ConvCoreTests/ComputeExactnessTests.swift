import Testing

@testable import ConvCore

/// `output()` against `trace(_:)`, bit for bit, on convolutions wide enough for the fast paths: register
/// tiles of 4, 8 and 16 columns, channel blocks of 4, 2 and 1, padded edges in every mode, strides,
/// dilations, groups, batches, bias, special values (signed zeros, infinities, subnormals), and work large
/// enough to run on several threads.
struct ComputeExactnessTests {
    @Test(arguments: 0..<160)
    func everyCellEqualsItsTrace(seed: UInt64) throws {
        var rng = SplitMix64(seed: 0xC0FFEE &+ seed)
        let convolution = try Self.randomConvolution(&rng)
        let mismatches = Self.mismatches(
            convolution, cells: Self.cells(convolution.geometry.outputShape, sample: 4000, &rng))
        #expect(mismatches.isEmpty, "\(Self.describe(convolution)): \(mismatches.prefix(5))")
    }

    /// A fixed convolution shape: `Conv2d` with a square stride and padding.
    struct Case: Sendable, CustomTestStringConvertible {
        var input: Shape4, weight: Shape4, padding: Int, groups: Int, stride: Int
        var testDescription: String { "input \(input), weight \(weight)" }
    }

    /// The benchmark shapes (smaller), strided ones, and rows wide enough for several groups of tiles, each large
    /// enough to run on several threads.
    @Test(arguments: [
        Case(
            input: Shape4(n: 3, c: 3, h: 32, w: 32), weight: Shape4(n: 6, c: 3, h: 3, w: 3), padding: 0, groups: 1,
            stride: 1),
        Case(
            input: Shape4(n: 1, c: 3, h: 64, w: 96), weight: Shape4(n: 8, c: 3, h: 3, w: 3), padding: 1, groups: 1,
            stride: 1),
        Case(
            input: Shape4(n: 1, c: 64, h: 14, w: 14), weight: Shape4(n: 64, c: 64, h: 3, w: 3), padding: 1, groups: 1,
            stride: 1),
        Case(
            input: Shape4(n: 2, c: 64, h: 9, w: 40), weight: Shape4(n: 8, c: 64, h: 3, w: 3), padding: 1, groups: 1,
            stride: 1),
        Case(
            input: Shape4(n: 1, c: 40, h: 3, w: 1100), weight: Shape4(n: 6, c: 40, h: 1, w: 3), padding: 0, groups: 1,
            stride: 1),
        Case(
            input: Shape4(n: 1, c: 40, h: 4, w: 1100), weight: Shape4(n: 7, c: 40, h: 2, w: 3), padding: 1, groups: 1,
            stride: 2),
        Case(
            input: Shape4(n: 1, c: 32, h: 40, w: 40), weight: Shape4(n: 32, c: 1, h: 3, w: 3), padding: 1, groups: 32,
            stride: 1),
        Case(
            input: Shape4(n: 2, c: 6, h: 41, w: 67), weight: Shape4(n: 14, c: 3, h: 5, w: 4), padding: 2, groups: 2,
            stride: 2),
    ])
    func largeConvolutionsEqualTheirTraces(_ shape: Case) throws {
        var rng = SplitMix64(seed: UInt64(shape.input.c * 1000 + shape.weight.n))
        let parameters = Conv2dParameters(
            stride: .uniform(shape.stride), padding: .uniform(shape.padding), groups: shape.groups)
        let convolution = try Convolution(
            input: Self.tensor(shape.input, &rng), weight: Self.tensor(shape.weight, &rng),
            bias: Self.tensor(Shape4(n: 1, c: 1, h: 1, w: shape.weight.n), &rng).values,
            parameters: parameters)
        let mismatches = Self.mismatches(
            convolution, cells: Self.cells(convolution.geometry.outputShape, sample: 3000, &rng))
        #expect(mismatches.isEmpty, "\(Self.describe(convolution)): \(mismatches.prefix(5))")
    }

    /// The AVX-512 tiles cover zero-padded edges and ragged row ends by masking lanes: every row width agrees with
    /// the trace in blocks of 4, 2 and 1 filters, and a tap in the padding is skipped, so an infinite weight there
    /// leaves the edge cells finite.
    @Test(arguments: [1, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 40, 56, 57, 70])
    func raggedRowsAndPaddedEdgesEqualTheirTraces(width: Int) throws {
        var rng = SplitMix64(seed: UInt64(width))
        var weight = Tensor(
            shape: Shape4(n: 7, c: 2, h: 3, w: 3),
            values: (0..<126).map { _ in Double.random(in: -2...2, using: &rng) })
        for channel in 0..<2 {
            for row in 0..<3 { weight[6, channel, row, 0] = .infinity }
        }
        let input = Tensor(
            shape: Shape4(n: 1, c: 2, h: 5, w: width),
            values: (0..<10 * width).map { _ in Double.random(in: -2...2, using: &rng) })
        let convolution = try Convolution(
            input: input, weight: weight, bias: [1, 2, 3, 4, 5, 6, 7],
            parameters: Conv2dParameters(
                padding: .uniform(1),
                dilation: AxisPair(height: 1, width: width > 40 ? 2 : 1)))
        let mismatches = Self.mismatches(convolution, cells: convolution.geometry.outputShape.everyIndex)
        #expect(mismatches.isEmpty, "width \(width): \(mismatches.prefix(5))")
        for wide in [false, OutputKernel.hasWideTile ? true : nil].compactMap({ $0 }) {
            #expect(convolution.output(wideTile: wide)[0, 6, 2, 0].isFinite, "width \(width), AVX-512 \(wide)")
        }
    }

    /// The cells among `cells` whose output differs from the trace's value in any bit: with the 256-bit tiles, and
    /// with the AVX-512 tile too where the CPU has it.
    static func mismatches(_ convolution: Convolution, cells: [TensorIndex]) -> [String] {
        let outputs = [false, OutputKernel.hasWideTile ? true : nil].compactMap { $0 }.map {
            convolution.output(wideTile: $0)
        }
        return cells.flatMap { cell in
            let traced = convolution.trace(cell).value
            return outputs.enumerated().compactMap { path, output in
                let computed = output[cell.n, cell.channel, cell.row, cell.column]
                return traced.bitPattern == computed.bitPattern
                    ? nil : "\(cell)\(path == 1 ? " (AVX-512)" : ""): trace \(traced), output \(computed)"
            }
        }
    }

    /// Every cell of `shape`, or `sample` random ones (always including the four corners of every plane's
    /// first and last rows) when there are more.
    static func cells(_ shape: Shape4, sample: Int, _ rng: inout SplitMix64) -> [TensorIndex] {
        let count = shape.n * shape.c * shape.h * shape.w
        guard count > sample else {
            return (0..<count).map { index(shape, $0) }
        }
        var cells = (0..<sample).map { _ in index(shape, Int.random(in: 0..<count, using: &rng)) }
        for n in 0..<shape.n {
            for c in 0..<shape.c {
                for row in [0, shape.h - 1] {
                    for column in [0, shape.w - 1] {
                        cells.append(TensorIndex(n: n, channel: c, row: row, column: column))
                    }
                }
            }
        }
        return cells
    }

    /// The cell at flat position `flat` of `shape`.
    static func index(_ shape: Shape4, _ flat: Int) -> TensorIndex {
        TensorIndex(
            n: flat / (shape.c * shape.h * shape.w), channel: flat / (shape.h * shape.w) % shape.c,
            row: flat / shape.w % shape.h, column: flat % shape.w)
    }

    /// A random valid convolution with outputs up to 40 columns wide and up to 9 output channels per group.
    static func randomConvolution(_ rng: inout SplitMix64) throws -> Convolution {
        while true {
            let groups = Int.random(in: 1...3, using: &rng)
            let input = Shape4(
                n: Int.random(in: 1...2, using: &rng), c: groups * Int.random(in: 1...4, using: &rng),
                h: Int.random(in: 1...12, using: &rng), w: Int.random(in: 1...44, using: &rng))
            let weight = Shape4(
                n: groups * Int.random(in: 1...9, using: &rng), c: input.c / groups,
                h: Int.random(in: 1...4, using: &rng), w: Int.random(in: 1...5, using: &rng))
            let padding: Padding =
                switch Int.random(in: 0..<5, using: &rng) {
                case 0: .same
                case 1: .valid
                default:
                    .explicit(height: Int.random(in: 0...3, using: &rng), width: Int.random(in: 0...5, using: &rng))
                }
            let stride =
                padding == .same
                ? AxisPair.uniform(1)
                : AxisPair(height: Int.random(in: 1...2, using: &rng), width: [1, 1, 2, 3].randomElement(using: &rng)!)
            let parameters = Conv2dParameters(
                stride: stride, padding: padding,
                dilation: AxisPair(
                    height: Int.random(in: 1...2, using: &rng), width: [1, 1, 2, 3].randomElement(using: &rng)!),
                groups: groups, paddingMode: PaddingMode.allCases.randomElement(using: &rng)!)
            let bias = Bool.random(using: &rng) ? tensor(Shape4(n: 1, c: 1, h: 1, w: weight.n), &rng).values : nil
            if let convolution = try? Convolution(
                input: tensor(input, &rng), weight: tensor(weight, &rng), bias: bias,
                parameters: parameters)
            {
                return convolution
            }
        }
    }

    /// Random doubles in -2...2, with an occasional signed zero, infinity or subnormal (never a NaN, whose
    /// payload may legitimately depend on operand order).
    static func tensor(_ shape: Shape4, _ rng: inout SplitMix64) -> Tensor {
        let specials: [Double] = [0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNormalMagnitude / 3]
        let values = (0..<shape.n * shape.c * shape.h * shape.w).map { _ in
            Int.random(in: 0..<200, using: &rng) == 0
                ? specials.randomElement(using: &rng)!
                : Double.random(in: -2...2, using: &rng)
        }
        return Tensor(shape: shape, values: values)
    }

    /// The convolution's shapes and parameters, for a failure message.
    static func describe(_ convolution: Convolution) -> String {
        let p = convolution.parameters
        return "input \(convolution.input.shape), weight \(convolution.weight.shape), bias \(convolution.bias != nil), "
            + "stride \(p.stride), padding \(p.padding.presetText), dilation \(p.dilation), groups \(p.groups), "
            + "mode \(p.paddingMode.rawValue)"
    }
}
