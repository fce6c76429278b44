import ConvCore
import PropertyBased
import Testing

/// Algebraic properties of `Convolution.output()` over random valid convolutions: every argument of
/// nn.Conv2d is drawn (batch, channels, groups, sizes, kernel, stride, dilation, padding numbers, same
/// and valid, all four padding modes, bias or not).
struct PropertyTests {
    @Test func outputMatchesADirectPadThenCorrelateReference() async throws {
        await propertyCheck(count: 200, input: seeds) { seed in
            let (recipe, convolution) = try RandomConv.make(seed: seed)
            let difference = relativeDifference(convolution.output(), referenceConv2d(recipe))
            #expect(difference <= 1e-12, "\(recipe)")
        }
    }

    @Test func integerConvolutionsMatchTheReferenceExactly() async throws {
        await propertyCheck(count: 120, input: seeds) { seed in
            let (recipe, convolution) = try RandomConv.make(seed: seed, ConvOptions(integers: true))
            #expect(convolution.output() == referenceConv2d(recipe), "\(recipe)")
        }
    }

    @Test func linearInTheInput() async throws {
        await propertyCheck(count: 200, input: seeds) { seed in
            var rng = SplitMix64(seed: seed)
            let recipe = RandomConv.recipe(&rng, ConvOptions(allowBias: false, allowLarge: false))
            let other = RandomConv.tensor(recipe.input.shape, integers: false, using: &rng)
            let a = Double.random(in: -3...3, using: &rng), b = Double.random(in: -3...3, using: &rng)
            func conv(_ x: Tensor) throws -> Tensor {
                try Convolution(input: x, weight: recipe.weight, bias: nil, parameters: recipe.parameters).output()
            }
            let lhs = try conv(recipe.input.linearCombination(a, b, other))
            let rhs = try conv(recipe.input).linearCombination(a, b, try conv(other))
            #expect(relativeDifference(lhs, rhs) <= 1e-9, "\(recipe), a \(a), b \(b)")
        }
    }

    @Test func linearInTheKernel() async throws {
        await propertyCheck(count: 200, input: seeds) { seed in
            var rng = SplitMix64(seed: seed)
            let recipe = RandomConv.recipe(&rng, ConvOptions(allowBias: false, allowLarge: false))
            let other = RandomConv.tensor(recipe.weight.shape, integers: false, using: &rng)
            let a = Double.random(in: -3...3, using: &rng), b = Double.random(in: -3...3, using: &rng)
            func conv(_ w: Tensor) throws -> Tensor {
                try Convolution(input: recipe.input, weight: w, bias: nil, parameters: recipe.parameters).output()
            }
            let lhs = try conv(recipe.weight.linearCombination(a, b, other))
            let rhs = try conv(recipe.weight).linearCombination(a, b, try conv(other))
            #expect(relativeDifference(lhs, rhs) <= 1e-9, "\(recipe), a \(a), b \(b)")
        }
    }

    @Test func theBiasShiftsEachOutputChannel() async throws {
        await propertyCheck(count: 100, input: seeds) { seed in
            var rng = SplitMix64(seed: seed)
            let recipe = RandomConv.recipe(&rng, ConvOptions(allowBias: false, integers: true, allowLarge: false))
            let bias = (0..<recipe.weight.shape.n).map { _ in Double(Int.random(in: -9...9, using: &rng)) }
            let without = try recipe.convolution().output()
            let with = try Convolution(
                input: recipe.input, weight: recipe.weight, bias: bias, parameters: recipe.parameters
            ).output()
            let expected = Tensor(
                shape: without.shape, values: without.everyIndex.map { without.value(at: $0) + bias[$0.channel] })
            #expect(with == expected, "\(recipe)")
        }
    }

    @Test func anIdentityKernelReturnsTheInput() async throws {
        await propertyCheck(count: 100, input: seeds) { seed in
            var rng = SplitMix64(seed: seed)
            let channels = Int.random(in: 1...4, using: &rng)
            let input = RandomConv.tensor(
                Shape4(
                    n: Int.random(in: 1...2, using: &rng), c: channels,
                    h: Int.random(in: 1...8, using: &rng), w: Int.random(in: 1...8, using: &rng)),
                integers: false, using: &rng)
            let kh = 2 * Int.random(in: 0...2, using: &rng) + 1, kw = 2 * Int.random(in: 0...2, using: &rng) + 1
            var weight = Tensor(shape: Shape4(n: channels, c: 1, h: kh, w: kw))
            for o in 0..<channels { weight[o, 0, kh / 2, kw / 2] = 1 }
            let dilation = AxisPair(
                height: Int.random(in: 1...3, using: &rng), width: Int.random(in: 1...3, using: &rng))
            let convolution = try Convolution(
                input: input, weight: weight, bias: nil,
                parameters: Conv2dParameters(padding: .same, dilation: dilation, groups: channels))
            #expect(convolution.output() == input, "input \(input.shape), kernel \(kh)x\(kw), dilation \(dilation)")
        }
    }

    @Test func aGroupedConvolutionIsThePerGroupConvolutionsConcatenated() async throws {
        await propertyCheck(count: 200, input: seeds) { seed in
            var rng = SplitMix64(seed: seed)
            var recipe = RandomConv.recipe(&rng, ConvOptions(allowLarge: false))
            while recipe.groups == 1 { recipe = RandomConv.recipe(&rng, ConvOptions(allowLarge: false)) }
            let whole = try recipe.convolution().output()
            let inPerGroup = recipe.input.shape.c / recipe.groups, outPerGroup = recipe.weight.shape.n / recipe.groups
            var parts: [Tensor] = []
            for g in 0..<recipe.groups {
                var single = recipe.parameters
                single.groups = 1
                let part = try Convolution(
                    input: recipe.input.slicingChannels(g * inPerGroup..<(g + 1) * inPerGroup),
                    weight: recipe.weight.slicingFilters(g * outPerGroup..<(g + 1) * outPerGroup),
                    bias: recipe.bias.map { Array($0[g * outPerGroup..<(g + 1) * outPerGroup]) },
                    parameters: single)
                parts.append(part.output())
            }
            let concatenated = Tensor.stackingChannels(parts)
            #expect(concatenated == whole, "\(recipe)")
        }
    }

    @Test func paddingSameKeepsHeightAndWidth() async throws {
        await propertyCheck(count: 200, input: seeds) { seed in
            let (recipe, convolution) = try RandomConv.make(seed: seed, ConvOptions(padding: .same, maxKernel: 6))
            let output = convolution.output()
            #expect(output.shape.h == recipe.input.shape.h && output.shape.w == recipe.input.shape.w, "\(recipe)")
            #expect(output.shape.n == recipe.input.shape.n && output.shape.c == recipe.weight.shape.n, "\(recipe)")
        }
    }

    @Test func samePutsTheExtraPaddingAtTheEnd() throws {
        // k = 4 -> (1, 2); k = 2 with dilation 3 -> (1, 2).
        let geometry = try ConvGeometry(
            input: Shape4(n: 1, c: 1, h: 5, w: 5), weight: Shape4(n: 1, c: 1, h: 4, w: 2),
            biasCount: nil, parameters: Conv2dParameters(padding: .same, dilation: AxisPair(height: 1, width: 3)))
        #expect([geometry.padTop, geometry.padBottom, geometry.padLeft, geometry.padRight] == [1, 2, 1, 2])
        #expect(geometry.outputShape == Shape4(n: 1, c: 1, h: 5, w: 5))
        // Same even when the kernel is larger than the input.
        let large = try ConvGeometry(
            input: Shape4(n: 1, c: 1, h: 2, w: 3), weight: Shape4(n: 1, c: 1, h: 5, w: 7),
            biasCount: nil, parameters: Conv2dParameters(padding: .same))
        #expect(large.outputShape == Shape4(n: 1, c: 1, h: 2, w: 3))
    }

    @Test func theOutputShapeFollowsTheFormula() async throws {
        await propertyCheck(count: 300, input: seeds) { seed in
            let (recipe, convolution) = try RandomConv.make(seed: seed, ConvOptions(maxSize: 12, maxKernel: 5))
            let p = recipe.parameters, x = recipe.input.shape, w = recipe.weight.shape
            let (top, bottom, left, right) = referencePads(p, kernelHeight: w.h, kernelWidth: w.w)
            let h = (x.h + top + bottom - p.dilation.height * (w.h - 1) - 1) / p.stride.height + 1
            let wOut = (x.w + left + right - p.dilation.width * (w.w - 1) - 1) / p.stride.width + 1
            let expected = Shape4(n: x.n, c: w.n, h: h, w: wOut)
            #expect(convolution.geometry.outputShape == expected, "\(recipe)")
            #expect(convolution.output().shape == expected, "\(recipe)")
            #expect(convolution.geometry.formula(.height).result == h, "\(recipe)")
            #expect(convolution.geometry.formula(.width).result == wOut, "\(recipe)")
            let g = convolution.geometry
            #expect([g.padTop, g.padBottom, g.padLeft, g.padRight] == [top, bottom, left, right], "\(recipe)")
        }
    }
}

extension Tensor {
    /// Filters `filters` of a weight tensor.
    func slicingFilters(_ filters: Range<Int>) -> Tensor {
        let size = shape.c * shape.h * shape.w
        return Tensor(
            shape: Shape4(n: filters.count, c: shape.c, h: shape.h, w: shape.w),
            values: Array(values[filters.lowerBound * size..<filters.upperBound * size]))
    }

    /// Tensors with the same N, H and W, stacked along the channels.
    static func stackingChannels(_ parts: [Tensor]) -> Tensor {
        let first = parts[0].shape
        var values: [Double] = []
        for n in 0..<first.n {
            for part in parts {
                let size = part.shape.c * part.shape.h * part.shape.w
                values += part.values[n * size..<(n + 1) * size]
            }
        }
        return Tensor(
            shape: Shape4(n: first.n, c: parts.map(\.shape.c).reduce(0, +), h: first.h, w: first.w), values: values)
    }
}
