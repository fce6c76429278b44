import ConvCore
import PropertyBased
import Testing

/// The backward pass: the seed example by hand, the adjoint identities of a linear map, finite differences, the
/// transposed-convolution equivalence of dL/dX, traces against the whole pass, and the shape check.
struct GradientTests {
    static func tensor(_ rows: [[Double]]) -> Tensor {
        Tensor(shape: Shape4(n: 1, c: 1, h: rows.count, w: rows[0].count), values: rows.flatMap { $0 })
    }

    static let seedInput = tensor([
        [1, 2, 0, 3, 1], [0, 1, 1, 0, 0], [1, 2, 1, 0, 0], [5, 2, 3, 1, 1], [2, 1, 0, 1, 1],
    ])
    static let seedKernel = tensor([[1, 2, 1], [0, 1, 0], [2, 1, 0]])

    static func dot(_ lhs: Tensor, _ rhs: Tensor) -> Double {
        zip(lhs.values, rhs.values).reduce(0) { $0 + $1.0 * $1.1 }
    }

    static func randomGradient(_ shape: Shape4, integers: Bool, using rng: inout SplitMix64) -> Tensor {
        RandomConv.tensor(shape, integers: integers, using: &rng)
    }

    @Test func theSeedExampleByHand() throws {
        let convolution = try Convolution(
            input: Self.seedInput, weight: Self.seedKernel, bias: [0],
            parameters: Conv2dParameters(padding: .uniform(1)))
        let gradients = try ConvolutionBackward(convolution).gradients()
        // With dL/dY all ones, dL/dX counts the kernel weights that read each cell, and dL/dW[a][b] sums the input
        // window tap (a, b) sweeps.
        #expect(
            gradients.input
                == Self.tensor([
                    [4, 5, 5, 5, 4], [7, 8, 8, 8, 5], [7, 8, 8, 8, 5], [7, 8, 8, 8, 5],
                    [4, 4, 4, 4, 2],
                ]))
        #expect(gradients.weight == Self.tensor([[23, 25, 18], [27, 30, 21], [21, 23, 15]]))
        #expect(gradients.bias == [25])
    }

    @Test func theSeedExampleStridedAndDilatedLeavesHoles() throws {
        // Stride 2, dilation 2, no padding: the one output window reads rows and columns 0, 2, 4 only.
        let convolution = try Convolution(
            input: Self.seedInput, weight: Self.seedKernel, bias: nil,
            parameters: Conv2dParameters(stride: .uniform(2), dilation: .uniform(2)))
        let backward = try ConvolutionBackward(convolution, outputGradient: Self.tensor([[10]]))
        #expect(
            backward.inputGradient()
                == Self.tensor([
                    [10, 0, 20, 0, 10], [0, 0, 0, 0, 0], [0, 0, 10, 0, 0],
                    [0, 0, 0, 0, 0], [20, 0, 10, 0, 0],
                ]))
        #expect(backward.weightGradient() == Self.tensor([[10, 0, 10], [10, 10, 0], [20, 0, 10]]))
        let trace = backward.inputTrace(TensorIndex(channel: 0, row: 0, column: 2))
        #expect(trace.terms.map(\.weight) == [TensorIndex(n: 0, channel: 0, row: 0, column: 1)])
        #expect(trace.terms.map(\.product) == [20])
        #expect(backward.inputTrace(TensorIndex(channel: 0, row: 1, column: 1)).terms.isEmpty)
    }

    @Test func reflectPaddingFoldsGradientsBackOntoTheCopiedPixels() throws {
        // Row [1, 2, 3] reflect-padded by 1 is [2, 1, 2, 3, 2]: the middle pixel is read three times by a 1x1 kernel
        // of weight 1 (itself, and as both padding copies), so with dL/dY all ones its gradient is 3.
        let input = Self.tensor([[1, 2, 3]])
        let convolution = try Convolution(
            input: input, weight: Self.tensor([[1]]), bias: nil,
            parameters: Conv2dParameters(
                padding: .explicit(height: 0, width: 1),
                paddingMode: .reflect))
        let backward = try ConvolutionBackward(convolution)
        #expect(backward.inputGradient() == Self.tensor([[1, 3, 1]]))
        let trace = backward.inputTrace(TensorIndex(channel: 0, row: 0, column: 1))
        #expect(trace.terms.map(\.output.column) == [0, 2, 4])
        #expect(
            trace.terms.map { $0.padded?.source } == [
                .padding(copyOfRow: 0, column: 1), .input(row: 0, column: 1),
                .padding(copyOfRow: 0, column: 1),
            ])
    }

    @Test func maxPoolingRoutesToTheFirstMaximum() throws {
        let pooling = try Pooling(
            input: Self.tensor([[2, 2], [2, 1]]),
            parameters: Pool2dParameters(
                kind: .max, kernel: .uniform(2), stride: .uniform(1),
                padding: .uniform(1)))
        let backward = try PoolingBackward(pooling)
        #expect(backward.inputGradient() == Self.tensor([[4, 2], [2, 1]]))
        let trace = backward.inputTrace(TensorIndex(channel: 0, row: 0, column: 0))
        #expect(
            trace.terms.map(\.output) == [
                TensorIndex(channel: 0, row: 0, column: 0), TensorIndex(channel: 0, row: 0, column: 1),
                TensorIndex(channel: 0, row: 1, column: 0), TensorIndex(channel: 0, row: 1, column: 1),
            ])
        #expect(trace.terms.allSatisfy { $0.factor == .passThrough })
    }

    @Test func averagePoolingDividesByTheClippedWindow() throws {
        // count_include_pad false: the corner window holds one real cell, so it passes its whole gradient.
        let pooling = try Pooling(
            input: Self.tensor([[1, 2], [3, 4]]),
            parameters: Pool2dParameters(
                kind: .avg, kernel: .uniform(2), stride: .uniform(1),
                padding: .uniform(1), countIncludePad: false))
        let backward = try PoolingBackward(pooling)
        #expect(backward.inputGradient() == Self.tensor([[1 + 0.5 + 0.5 + 0.25, 2.25], [2.25, 2.25]]))
        let trace = backward.inputTrace(TensorIndex(channel: 0, row: 0, column: 0))
        #expect(trace.terms.map(\.factor) == [.dividedBy(1), .dividedBy(2), .dividedBy(2), .dividedBy(4)])
    }

    @Test func aWrongGradOutputShapeIsRejected() throws {
        let convolution = try Convolution(
            input: Self.seedInput, weight: Self.seedKernel, bias: nil, parameters: Conv2dParameters())
        let wrong = Tensor(shape: Shape4(n: 1, c: 1, h: 5, w: 5))
        #expect(throws: ConvError.gradientShape(expected: Shape4(n: 1, c: 1, h: 3, w: 3), got: wrong.shape)) {
            try ConvolutionBackward(convolution, outputGradient: wrong)
        }
        #expect(
            ConvError.gradientShape(expected: Shape4(n: 1, c: 1, h: 3, w: 3), got: wrong.shape).key == "grad_output")
    }

    // MARK: - The adjoint of a linear map

    @Test func convolutionGradientsAreTheAdjoint() async throws {
        // conv is linear in X and in W: <G, conv(X, W)> = <dL/dX, X> = <dL/dW, W>; integers keep every sum exact.
        await propertyCheck(count: 150, input: seeds) { seed in
            var rng = SplitMix64(seed: seed)
            let recipe = RandomConv.recipe(&rng, ConvOptions(allowBias: false, integers: true, allowLarge: false))
            let convolution = try recipe.convolution()
            let gradient = Self.randomGradient(convolution.geometry.outputShape, integers: true, using: &rng)
            let backward = try ConvolutionBackward(convolution, outputGradient: gradient)
            let forward = Self.dot(gradient, convolution.output())
            #expect(Self.dot(backward.inputGradient(), recipe.input) == forward, "\(recipe)")
            #expect(Self.dot(backward.weightGradient(), recipe.weight) == forward, "\(recipe)")
        }
    }

    @Test func convolutionGradientsAreTheAdjointInFloatingPoint() async throws {
        await propertyCheck(count: 100, input: seeds) { seed in
            var rng = SplitMix64(seed: seed)
            let recipe = RandomConv.recipe(&rng, ConvOptions(allowBias: false, allowLarge: false))
            let convolution = try recipe.convolution()
            let gradient = Self.randomGradient(convolution.geometry.outputShape, integers: false, using: &rng)
            let backward = try ConvolutionBackward(convolution, outputGradient: gradient)
            let forward = Self.dot(gradient, convolution.output())
            let scale = max(1, abs(forward))
            #expect(abs(Self.dot(backward.inputGradient(), recipe.input) - forward) <= 1e-9 * scale, "\(recipe)")
            #expect(abs(Self.dot(backward.weightGradient(), recipe.weight) - forward) <= 1e-9 * scale, "\(recipe)")
        }
    }

    @Test func transposedGradientsAreTheAdjoint() async throws {
        await propertyCheck(count: 150, input: seeds) { seed in
            var rng = SplitMix64(seed: seed)
            let random = RandomOperations.randomTransposed(seed: seed, integers: true)
            let convolution = try TransposedConvolution(
                input: random.input, weight: random.weight, bias: nil,
                parameters: random.parameters)
            let gradient = Self.randomGradient(convolution.outputShape, integers: true, using: &rng)
            let backward = try TransposedBackward(convolution, outputGradient: gradient)
            let forward = Self.dot(gradient, convolution.output())
            #expect(Self.dot(backward.inputGradient(), convolution.input) == forward)
            #expect(Self.dot(backward.weightGradient(), convolution.weight) == forward)
        }
    }

    @Test func poolingGradientsAreTheAdjoint() async throws {
        // Average pooling is linear; max pooling is linear where the maxima stay put: max(X) = X[argmax].
        await propertyCheck(count: 200, input: seeds) { seed in
            var rng = SplitMix64(seed: seed)
            let pooling = RandomOperations.randomPooling(seed: seed)
            let output = pooling.output()
            guard output.values.allSatisfy(\.isFinite) else { return }
            let gradient = Self.randomGradient(pooling.outputShape, integers: false, using: &rng)
            let dx = try PoolingBackward(pooling, outputGradient: gradient).inputGradient()
            let forward = Self.dot(gradient, output)
            #expect(abs(Self.dot(dx, pooling.input) - forward) <= 1e-9 * max(1, abs(forward)), "\(pooling.parameters)")
        }
    }

    // MARK: - Finite differences

    /// `(f(x + h) - f(x - h)) / 2h` of `<G, f(X)>` at every element of `x`.
    static func centralDifferences(_ x: Tensor, step: Double = 1e-4, _ loss: (Tensor) throws -> Double) rethrows
        -> Tensor
    {
        var result = Tensor(shape: x.shape)
        for index in x.values.indices {
            var plus = x, minus = x
            plus.values[index] += step
            minus.values[index] -= step
            result.values[index] = (try loss(plus) - loss(minus)) / (2 * step)
        }
        return result
    }

    @Test func convolutionGradientsMatchFiniteDifferences() async throws {
        await propertyCheck(count: 40, input: seeds) { seed in
            var rng = SplitMix64(seed: seed)
            let recipe = RandomConv.recipe(&rng, ConvOptions(maxSize: 4, maxKernel: 3, profile: .small))
            let convolution = try recipe.convolution()
            let gradient = Self.randomGradient(convolution.geometry.outputShape, integers: false, using: &rng)
            let gradients = try ConvolutionBackward(convolution, outputGradient: gradient).gradients()
            func loss(_ x: Tensor, _ w: Tensor, _ b: [Double]?) throws -> Double {
                Self.dot(
                    gradient, try Convolution(input: x, weight: w, bias: b, parameters: recipe.parameters).output())
            }
            let dx = try Self.centralDifferences(recipe.input) { try loss($0, recipe.weight, recipe.bias) }
            let dw = try Self.centralDifferences(recipe.weight) { try loss(recipe.input, $0, recipe.bias) }
            #expect(relativeDifference(dx, gradients.input) <= 1e-6, "\(recipe)")
            #expect(relativeDifference(dw, gradients.weight!) <= 1e-6, "\(recipe)")
            if let bias = recipe.bias {
                let db = try Self.centralDifferences(
                    Tensor(shape: Shape4(n: 1, c: 1, h: 1, w: bias.count), values: bias)
                ) {
                    try loss(recipe.input, recipe.weight, $0.values)
                }
                #expect(relativeDifference(db, Tensor(shape: db.shape, values: gradients.bias!)) <= 1e-6, "\(recipe)")
            }
        }
    }

    @Test func poolingGradientsMatchFiniteDifferences() async throws {
        // Random doubles have no ties, so a small step leaves every maximum where it is.
        await propertyCheck(count: 60, input: seeds) { seed in
            var rng = SplitMix64(seed: seed)
            let random = RandomOperations.randomPooling(seed: seed)
            let input = RandomConv.tensor(random.input.shape, integers: false, using: &rng)
            let pooling = try Pooling(input: input, parameters: random.parameters)
            guard pooling.output().values.allSatisfy(\.isFinite) else { return }
            let gradient = Self.randomGradient(pooling.outputShape, integers: false, using: &rng)
            let dx = try PoolingBackward(pooling, outputGradient: gradient).inputGradient()
            let numeric = try Self.centralDifferences(input, step: 1e-7) {
                Self.dot(gradient, try Pooling(input: $0, parameters: random.parameters).output())
            }
            #expect(relativeDifference(numeric, dx) <= 1e-6, "\(random.parameters)")
        }
    }

    // MARK: - Equivalences and traces

    @Test func zeroPaddedInputGradientIsATransposedConvolutionOfTheUpstreamGradient() async throws {
        // dL/dX = conv_transpose2d(dL/dY, W) with the forward's stride, padding, dilation and groups, and the
        // output padding that restores the rows and columns the forward's last window left unread.
        await propertyCheck(count: 150, input: seeds) { seed in
            var rng = SplitMix64(seed: seed)
            let recipe = RandomConv.recipe(
                &rng,
                ConvOptions(
                    allowBias: false, padding: .numbers, mode: .zeros, integers: true,
                    allowLarge: false))
            let convolution = try recipe.convolution()
            let gradient = Self.randomGradient(convolution.geometry.outputShape, integers: true, using: &rng)
            let backward = try ConvolutionBackward(convolution, outputGradient: gradient)
            let transposed = try #require(backward.transposedEquivalent(), "\(recipe)")
            #expect(transposed.output() == backward.inputGradient(), "\(recipe)")
        }
    }

    @Test func otherPaddingsHaveNoTransposedEquivalent() throws {
        let reflect = try Convolution(
            input: Self.seedInput, weight: Self.seedKernel, bias: nil,
            parameters: Conv2dParameters(padding: .uniform(1), paddingMode: .reflect))
        #expect(try ConvolutionBackward(reflect).transposedEquivalent() == nil)
        let evenSame = try Convolution(
            input: Self.seedInput, weight: Self.tensor([[1, 1]]), bias: nil,
            parameters: Conv2dParameters(padding: .same))
        #expect(try ConvolutionBackward(evenSame).transposedEquivalent() == nil)
        let seed = try Convolution(
            input: Self.seedInput, weight: Self.seedKernel, bias: nil,
            parameters: Conv2dParameters(stride: .uniform(2), padding: .uniform(1)))
        #expect(
            try ConvolutionBackward(seed).transposedEquivalent()?.output() == ConvolutionBackward(seed).inputGradient())
    }

    @Test func everyConvolutionGradientCellEqualsItsTrace() async throws {
        await propertyCheck(count: 120, input: seeds) { seed in
            var rng = SplitMix64(seed: seed)
            let recipe = RandomConv.recipe(&rng, ConvOptions(allowLarge: false))
            let convolution = try recipe.convolution()
            let gradient = Self.randomGradient(convolution.geometry.outputShape, integers: false, using: &rng)
            let backward = try ConvolutionBackward(convolution, outputGradient: gradient)
            let gradients = backward.gradients()
            let input = gradients.input.everyIndex.filter {
                backward.inputTrace($0).value.bitPattern != gradients.input.value(at: $0).bitPattern
            }
            let weight = gradients.weight!.everyIndex.filter {
                backward.weightTrace($0).value.bitPattern != gradients.weight!.value(at: $0).bitPattern
            }
            let bias = (0..<(gradients.bias?.count ?? 0)).filter {
                backward.biasTrace($0).value.bitPattern != gradients.bias![$0].bitPattern
            }
            #expect(
                input.isEmpty && weight.isEmpty && bias.isEmpty,
                "\(recipe): \(input.prefix(2)) \(weight.prefix(2)) \(bias)")
        }
    }

    @Test func transposedAndPoolingGradientCellsEqualTheirTraces() async throws {
        await propertyCheck(count: 100, input: seeds) { seed in
            var rng = SplitMix64(seed: seed)
            let convolution = RandomOperations.randomTransposed(seed: seed)
            let backward = try TransposedBackward(
                convolution, outputGradient: Self.randomGradient(convolution.outputShape, integers: false, using: &rng))
            let gradients = backward.gradients()
            #expect(
                gradients.input.everyIndex.allSatisfy {
                    backward.inputTrace($0).value.bitPattern == gradients.input.value(at: $0).bitPattern
                })
            #expect(
                gradients.weight!.everyIndex.allSatisfy {
                    backward.weightTrace($0).value.bitPattern == gradients.weight!.value(at: $0).bitPattern
                })
            let pooling = RandomOperations.randomPooling(seed: seed)
            let poolBackward = try PoolingBackward(
                pooling, outputGradient: Self.randomGradient(pooling.outputShape, integers: false, using: &rng))
            let dx = poolBackward.inputGradient()
            #expect(
                dx.everyIndex.allSatisfy { poolBackward.inputTrace($0).value.bitPattern == dx.value(at: $0).bitPattern }
            )
        }
    }

    @Test func theParallelPathsAgreeWithTheTraces() async throws {
        // Over 200,000 operations the whole pass runs on all cores; every cell must still equal its trace.
        await propertyCheck(count: 3, input: seeds) { seed in
            var rng = SplitMix64(seed: seed)
            let recipe = RandomConv.recipe(&rng, ConvOptions(profile: .large))
            let convolution = try recipe.convolution()
            let backward = try ConvolutionBackward(
                convolution,
                outputGradient: Self.randomGradient(convolution.geometry.outputShape, integers: false, using: &rng))
            let gradients = backward.gradients()
            let sample = gradients.input.everyIndex.enumerated().filter { $0.offset % 7 == 0 }.map(\.element)
            #expect(
                sample.allSatisfy {
                    backward.inputTrace($0).value.bitPattern == gradients.input.value(at: $0).bitPattern
                },
                "\(recipe)")
            #expect(
                gradients.weight!.everyIndex.allSatisfy {
                    backward.weightTrace($0).value.bitPattern == gradients.weight!.value(at: $0).bitPattern
                }, "\(recipe)")
            let transposed = RandomOperations.randomTransposed(seed: seed, large: true)
            let transposedBackward = try TransposedBackward(
                transposed, outputGradient: Self.randomGradient(transposed.outputShape, integers: false, using: &rng))
            let transposedGradients = transposedBackward.gradients()
            #expect(
                transposedGradients.input.everyIndex.allSatisfy {
                    transposedBackward.inputTrace($0).value.bitPattern
                        == transposedGradients.input.value(at: $0).bitPattern
                })
            #expect(
                transposedGradients.weight!.everyIndex.allSatisfy {
                    transposedBackward.weightTrace($0).value.bitPattern
                        == transposedGradients.weight!.value(at: $0).bitPattern
                })
        }
        var rng = SplitMix64(seed: 7)
        let input = RandomConv.tensor(Shape4(n: 2, c: 3, h: 90, w: 90), integers: true, using: &rng)
        for kind in PoolKind.allCases {
            let pooling = try Pooling(
                input: input,
                parameters: Pool2dParameters(
                    kind: kind, kernel: .uniform(3), stride: .uniform(1),
                    padding: .uniform(1)))
            let backward = try PoolingBackward(pooling)
            let dx = backward.inputGradient()
            let sample = dx.everyIndex.enumerated().filter { $0.offset % 5 == 0 }.map(\.element)
            #expect(
                sample.allSatisfy { backward.inputTrace($0).value.bitPattern == dx.value(at: $0).bitPattern }, "\(kind)"
            )
        }
    }
}
