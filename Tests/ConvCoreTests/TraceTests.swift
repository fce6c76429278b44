import ConvCore
import PropertyBased
import Testing

/// `Convolution.trace(_:)`: every multiply-add of one output cell, agreeing with `output()` bit for bit.
struct TraceTests {
    @Test func everyTraceValueIsTheOutputBitForBit() async throws {
        await propertyCheck(count: 200, input: seeds) { seed in
            let (recipe, convolution) = try RandomConv.make(seed: seed, ConvOptions(allowLarge: false))
            let output = convolution.output()
            var mismatches: [String] = []
            for cell in output.everyIndex {
                let value = convolution.trace(cell).value
                if value.bitPattern != output.value(at: cell).bitPattern {
                    mismatches.append("\(cell): trace \(value), output \(output.value(at: cell))")
                }
            }
            #expect(mismatches.isEmpty, "\(recipe): \(mismatches.prefix(5))")
        }
    }

    @Test(arguments: ConvOptions.Profile.allCases)
    func everyOutputPathAgreesWithTheTraces(profile: ConvOptions.Profile) async throws {
        // Small convolutions run cell by cell, wide ones through the register tiles (blocks of 4, 2 and 1
        // filters), large ones on all cores: every path must give each cell its trace's value, bit for bit.
        await propertyCheck(count: profile == .large ? 12 : 60, input: seeds) { seed in
            let (recipe, convolution) = try RandomConv.make(seed: seed, ConvOptions(profile: profile))
            let output = convolution.output()
            let mismatches = output.everyIndex.filter {
                convolution.trace($0).value.bitPattern != output.value(at: $0).bitPattern
            }
            #expect(mismatches.isEmpty, "\(recipe): \(mismatches.count) cells differ, e.g. \(mismatches.prefix(3))")
            // And the same output twice (no uninitialised or racing writes).
            #expect(convolution.output().values.map(\.bitPattern) == output.values.map(\.bitPattern), "\(recipe)")
        }
    }

    @Test func tapsAreInKernelOrderAndAddUp() async throws {
        await propertyCheck(count: 150, input: seeds) { seed in
            let (recipe, convolution) = try RandomConv.make(seed: seed, ConvOptions(allowLarge: false))
            let w = recipe.weight.shape, p = recipe.parameters
            let expectedOrder = (0..<w.c).flatMap { c in (0..<w.h).flatMap { a in (0..<w.w).map { b in [c, a, b] } } }
            var problems: [String] = []
            for cell in convolution.geometry.outputShape.everyIndex {
                let trace = convolution.trace(cell)
                func check(_ condition: Bool, _ what: @autoclosure () -> String) {
                    if !condition && problems.count < 5 { problems.append("\(cell): \(what())") }
                }
                check(trace.output == cell, "trace of another cell \(trace.output)")
                check(trace.taps.count == recipe.input.shape.c / recipe.groups * w.h * w.w, "\(trace.taps.count) taps")
                check(
                    trace.taps.map { [$0.kernelChannel, $0.kernelRow, $0.kernelColumn] } == expectedOrder,
                    "taps out of order")
                let bias = recipe.bias?[cell.channel]
                check(trace.bias == bias, "bias \(String(describing: trace.bias))")
                let last = trace.taps.last?.sum ?? 0
                check(
                    (bias.map { last + $0 } ?? last).bitPattern == trace.value.bitPattern,
                    "last sum \(last) + bias \(String(describing: bias)) != value \(trace.value)")
                let group = cell.channel / (w.n / recipe.groups)
                var sum = 0.0
                for tap in trace.taps {
                    let at = "tap (\(tap.kernelChannel), \(tap.kernelRow), \(tap.kernelColumn))"
                    check(
                        tap.inputChannel == group * w.c + tap.kernelChannel, "\(at) reads channel \(tap.inputChannel)")
                    check(
                        tap.weight == recipe.weight[cell.channel, tap.kernelChannel, tap.kernelRow, tap.kernelColumn],
                        "\(at) weight")
                    check(
                        tap.paddedRow == cell.row * p.stride.height + tap.kernelRow * p.dilation.height,
                        "\(at) padded row")
                    check(
                        tap.paddedColumn == cell.column * p.stride.width + tap.kernelColumn * p.dilation.width,
                        "\(at) padded column")
                    check(tap.product.bitPattern == (tap.weight * tap.value).bitPattern, "\(at) product")
                    if tap.source != .zeroPadding { sum = sum.addingProduct(tap.weight, tap.value) }
                    check(tap.sum.bitPattern == sum.bitPattern, "\(at) running sum \(tap.sum), expected \(sum)")
                    if let source = tap.source.cell {
                        check(
                            tap.value == recipe.input[cell.n, tap.inputChannel, source.row, source.column],
                            "\(at) value")
                    } else {
                        check(tap.value == 0, "\(at) zero padding reads \(tap.value)")
                    }
                }
            }
            #expect(problems.isEmpty, "\(recipe): \(problems)")
        }
    }

    @Test func paddingTapsNameTheCellTheyCopy() async throws {
        await propertyCheck(count: 200, input: seeds) { seed in
            let (recipe, convolution) = try RandomConv.make(seed: seed, ConvOptions(allowLarge: false))
            let g = convolution.geometry, mode = recipe.parameters.paddingMode
            let h = recipe.input.shape.h, w = recipe.input.shape.w
            var wrong: [String] = []
            for cell in g.outputShape.everyIndex {
                for tap in convolution.trace(cell).taps {
                    let row = tap.paddedRow - g.padTop, column = tap.paddedColumn - g.padLeft
                    let inside = (0..<h).contains(row) && (0..<w).contains(column)
                    let expected: TapSource
                    if inside {
                        expected = .input(row: row, column: column)
                    } else if let r = referenceSource(row, size: h, mode: mode),
                        let c = referenceSource(column, size: w, mode: mode)
                    {
                        expected = .padding(copyOfRow: r, column: c)
                    } else {
                        expected = .zeroPadding
                    }
                    if tap.source != expected || tap.source.isPadding == inside {
                        wrong.append(
                            "\(cell) tap (\(tap.kernelRow), \(tap.kernelColumn)): \(tap.source), expected \(expected)")
                    }
                }
            }
            #expect(wrong.isEmpty, "\(recipe): \(wrong.count) taps, e.g. \(wrong.prefix(3))")
        }
    }

    /// Row [1, 2, 3] padded by 1 on the width, read through a 1x1 kernel so output column j is padded column j.
    @Test(arguments: [
        (PaddingMode.zeros, [0.0, 1, 2, 3, 0], [nil, 0, 1, 2, nil] as [Int?]),
        (.reflect, [2, 1, 2, 3, 2], [1, 0, 1, 2, 1]),
        (.replicate, [1, 1, 2, 3, 3], [0, 0, 1, 2, 2]),
        (.circular, [3, 1, 2, 3, 1], [2, 0, 1, 2, 0]),
    ])
    func aRowPaddedByOne(mode: PaddingMode, values: [Double], sources: [Int?]) throws {
        let row = Tensor(shape: Shape4(n: 1, c: 1, h: 1, w: 3), values: [1, 2, 3])
        let one = Tensor(shape: Shape4(n: 1, c: 1, h: 1, w: 1), values: [1])
        let convolution = try Convolution(
            input: row, weight: one, bias: nil,
            parameters: Conv2dParameters(padding: .explicit(height: 0, width: 1), paddingMode: mode))
        #expect(convolution.output().values == values)
        for j in 0..<5 {
            let trace = convolution.trace(TensorIndex(channel: 0, row: 0, column: j))
            #expect(trace.value == values[j])
            let tap = try #require(trace.taps.first)
            #expect(trace.taps.count == 1)
            #expect(tap.paddedColumn == j && tap.paddedRow == 0)
            let expected: TapSource =
                switch (j, sources[j]) {
                case (1...3, let c?): .input(row: 0, column: c)
                case (_, let c?): .padding(copyOfRow: 0, column: c)
                case (_, nil): .zeroPadding
                }
            #expect(tap.source == expected, "\(mode) column \(j)")
            #expect(tap.source.isPadding == (j == 0 || j == 4))
            #expect(tap.value == values[j])
        }
    }

    /// The same on a column [1, 2, 3] padded by 1 on the height.
    @Test(arguments: [
        (PaddingMode.reflect, [2.0, 1, 2, 3, 2], [1, 0, 1, 2, 1]),
        (.replicate, [1, 1, 2, 3, 3], [0, 0, 1, 2, 2]),
        (.circular, [3, 1, 2, 3, 1], [2, 0, 1, 2, 0]),
    ])
    func aColumnPaddedByOne(mode: PaddingMode, values: [Double], sources: [Int]) throws {
        let column = Tensor(shape: Shape4(n: 1, c: 1, h: 3, w: 1), values: [1, 2, 3])
        let one = Tensor(shape: Shape4(n: 1, c: 1, h: 1, w: 1), values: [1])
        let convolution = try Convolution(
            input: column, weight: one, bias: nil,
            parameters: Conv2dParameters(padding: .explicit(height: 1, width: 0), paddingMode: mode))
        #expect(convolution.output().values == values)
        for i in 0..<5 {
            let tap = try #require(convolution.trace(TensorIndex(channel: 0, row: i, column: 0)).taps.first)
            #expect(
                tap.source
                    == ((1...3).contains(i)
                        ? .input(row: sources[i], column: 0) : .padding(copyOfRow: sources[i], column: 0)))
            #expect(tap.value == values[i])
        }
    }

    @Test func aCornerTapCopiesAlongBothAxes() throws {
        // 2x2 input [[1, 2], [3, 4]], padding 1: the top-left corner of the padded input.
        let input = Tensor(shape: Shape4(n: 1, c: 1, h: 2, w: 2), values: [1, 2, 3, 4])
        let one = Tensor(shape: Shape4(n: 1, c: 1, h: 1, w: 1), values: [1])
        let expected: [(PaddingMode, TapSource, Double)] = [
            (.zeros, .zeroPadding, 0),
            (.reflect, .padding(copyOfRow: 1, column: 1), 4),
            (.replicate, .padding(copyOfRow: 0, column: 0), 1),
            (.circular, .padding(copyOfRow: 1, column: 1), 4),
        ]
        for (mode, source, value) in expected {
            let convolution = try Convolution(
                input: input, weight: one, bias: nil,
                parameters: Conv2dParameters(padding: .uniform(1), paddingMode: mode))
            let tap = try #require(convolution.trace(TensorIndex(channel: 0, row: 0, column: 0)).taps.first)
            #expect(tap.source == source, "\(mode)")
            #expect(tap.value == value, "\(mode)")
            #expect(convolution.output()[0, 0, 0, 0] == value, "\(mode)")
        }
    }

    @Test func zeroPaddingTapsLeaveTheSumUnchanged() throws {
        // Seed example, padding 1, output (0, 0): the first row of taps and the first column read zeros.
        let convolution = try Convolution(
            input: SeedExampleTests.grid(SeedExampleTests.input),
            weight: SeedExampleTests.grid(SeedExampleTests.kernel), bias: [1],
            parameters: Conv2dParameters(padding: .uniform(1)))
        let trace = convolution.trace(TensorIndex(channel: 0, row: 0, column: 0))
        #expect(
            trace.taps.filter { $0.source == .zeroPadding }.map { [$0.kernelRow, $0.kernelColumn] }
                == [[0, 0], [0, 1], [0, 2], [1, 0], [2, 0]])
        #expect(trace.taps.map(\.sum) == [0, 0, 0, 0, 1, 1, 1, 1, 1])
        #expect(trace.taps.map(\.product) == [0, 0, 0, 0, 1, 0, 0, 0, 0])
        #expect(trace.bias == 1)
        #expect(trace.value == 2)
    }
}

extension Shape4 {
    /// Every index of a tensor of this shape, row-major.
    var everyIndex: [TensorIndex] {
        var result: [TensorIndex] = []
        for n in 0..<self.n {
            for c in 0..<self.c {
                for row in 0..<h {
                    for column in 0..<w { result.append(TensorIndex(n: n, channel: c, row: row, column: column)) }
                }
            }
        }
        return result
    }
}
