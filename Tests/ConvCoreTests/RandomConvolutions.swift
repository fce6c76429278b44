import ConvCore
import PropertyBased

/// The seeds PropertyBased supplies; each one is expanded into a random valid convolution.
let seeds = Gen<UInt64>.value()

/// The ingredients of a random convolution, before validation.
struct ConvRecipe: Sendable, CustomStringConvertible {
    var input: Tensor
    var weight: Tensor
    var bias: [Double]?
    var parameters: Conv2dParameters

    var groups: Int { parameters.groups }

    func convolution() throws(ConvError) -> Convolution {
        try Convolution(input: input, weight: weight, bias: bias, parameters: parameters)
    }

    var description: String {
        "input \(input.shape), weight \(weight.shape), bias \(bias.map { "\($0.count)" } ?? "none"), "
            + "stride \(parameters.stride), padding \(parameters.padding.presetText), dilation \(parameters.dilation), "
            + "groups \(parameters.groups), mode \(parameters.paddingMode.rawValue)"
    }
}

/// What a random convolution may contain.
struct ConvOptions: Sendable {
    /// Whether a bias may be drawn (half of the time).
    var allowBias = true
    /// Force a padding; `nil` draws numbers, `same` or `valid`.
    var padding: PaddingChoice? = nil
    /// Force a padding mode; `nil` draws one of the four.
    var mode: PaddingMode? = nil
    /// Largest input height and width of a small convolution.
    var maxSize = 7
    /// Largest kernel height and width of a small convolution.
    var maxKernel = 4
    /// Values are small integers (exact arithmetic) instead of arbitrary doubles.
    var integers = false
    /// Force a size profile; `nil` draws small (50%), wide (40%) or large (10%).
    var profile: Profile? = nil
    /// Whether `nil` may draw the large profile (tests that look at every tap of every cell skip it).
    var allowLarge = true

    enum PaddingChoice: Sendable { case numbers, same, valid }

    /// Sizes that reach every path of `Convolution.output()`.
    enum Profile: Sendable, CaseIterable {
        /// Up to `maxSize` x `maxSize`, one or two filters per group: mostly cell-by-cell code.
        case small
        /// Up to 40 columns and up to 7 filters per group (blocks of 4, 2 and 1): the register tiles.
        case wide
        /// Over 200,000 multiply-adds: the parallel path.
        case large
    }
}

enum RandomConv {
    /// A random tensor of `shape`, integers in -3...3 or doubles in -2...2 with every mantissa bit used.
    static func tensor(_ shape: Shape4, integers: Bool, using rng: inout SplitMix64) -> Tensor {
        let count = shape.n * shape.c * shape.h * shape.w
        let values = (0..<count).map { _ in
            integers ? Double(Int.random(in: -3...3, using: &rng)) : Double.random(in: -2...2, using: &rng)
        }
        return Tensor(shape: shape, values: values)
    }

    /// Draws ingredients from `rng` until ``ConvGeometry`` accepts them.
    static func recipe(_ rng: inout SplitMix64, _ options: ConvOptions = ConvOptions()) -> ConvRecipe {
        while true {
            let profile =
                options.profile ?? [
                    .small, .small, .small, .small, .small, .wide, .wide, .wide, .wide,
                    options.allowLarge ? .large : .wide,
                ].randomElement(using: &rng)!
            let groups: Int, inPerGroup: Int, outPerGroup: Int, n: Int, h: Int, w: Int, kh: Int, kw: Int
            switch profile {
            case .small:
                (groups, inPerGroup, outPerGroup) = (
                    Int.random(in: 1...3, using: &rng), Int.random(in: 1...2, using: &rng),
                    Int.random(in: 1...2, using: &rng)
                )
                (n, h, w) = (
                    Int.random(in: 1...2, using: &rng), Int.random(in: 1...options.maxSize, using: &rng),
                    Int.random(in: 1...options.maxSize, using: &rng)
                )
                (kh, kw) = (
                    Int.random(in: 1...options.maxKernel, using: &rng),
                    Int.random(in: 1...options.maxKernel, using: &rng)
                )
            case .wide:
                (groups, inPerGroup, outPerGroup) = (
                    Int.random(in: 1...2, using: &rng), Int.random(in: 1...2, using: &rng),
                    Int.random(in: 1...7, using: &rng)
                )
                (n, h, w) = (
                    Int.random(in: 1...2, using: &rng), Int.random(in: 1...6, using: &rng),
                    Int.random(in: 8...40, using: &rng)
                )
                (kh, kw) = (Int.random(in: 1...4, using: &rng), Int.random(in: 1...5, using: &rng))
            case .large:
                (groups, inPerGroup, outPerGroup) = (
                    Int.random(in: 1...2, using: &rng), Int.random(in: 2...3, using: &rng),
                    Int.random(in: 3...8, using: &rng)
                )
                (n, h, w) = (2, Int.random(in: 24...34, using: &rng), Int.random(in: 24...34, using: &rng))
                (kh, kw) = (3, 3)
            }
            let inputChannels = groups * inPerGroup, outputChannels = groups * outPerGroup
            let padding: Padding
            let choice = options.padding ?? [.numbers, .numbers, .same, .valid].randomElement(using: &rng)!
            switch choice {
            case .numbers:
                padding = .explicit(
                    height: Int.random(in: 0...3, using: &rng), width: Int.random(in: 0...3, using: &rng))
            case .same: padding = .same
            case .valid: padding = .valid
            }
            let maxStride = profile == .large ? 1 : 3
            let stride =
                padding == .same
                ? AxisPair.uniform(1)
                : AxisPair(
                    height: Int.random(in: 1...maxStride, using: &rng), width: Int.random(in: 1...3, using: &rng))
            let dilation = AxisPair(
                height: Int.random(in: 1...3, using: &rng), width: Int.random(in: 1...3, using: &rng))
            let mode = options.mode ?? PaddingMode.allCases.randomElement(using: &rng)!
            let parameters = Conv2dParameters(
                stride: stride, padding: padding, dilation: dilation, groups: groups, paddingMode: mode)
            let inputShape = Shape4(n: n, c: inputChannels, h: h, w: w)
            let weightShape = Shape4(n: outputChannels, c: inPerGroup, h: kh, w: kw)
            let hasBias = options.allowBias && Bool.random(using: &rng)
            guard
                let geometry = try? ConvGeometry(
                    input: inputShape, weight: weightShape, biasCount: hasBias ? outputChannels : nil,
                    parameters: parameters)
            else { continue }
            if profile == .large && geometry.outputShape.dimensions.reduce(1, *) * inPerGroup * kh * kw <= 200_000 {
                continue
            }
            let input = tensor(inputShape, integers: options.integers, using: &rng)
            let weight = tensor(weightShape, integers: options.integers, using: &rng)
            let bias =
                hasBias
                ? tensor(Shape4(n: 1, c: 1, h: 1, w: outputChannels), integers: options.integers, using: &rng).values
                : nil
            return ConvRecipe(input: input, weight: weight, bias: bias, parameters: parameters)
        }
    }

    /// A random valid convolution from `seed`.
    static func make(seed: UInt64, _ options: ConvOptions = ConvOptions()) throws -> (ConvRecipe, Convolution) {
        var rng = SplitMix64(seed: seed)
        let recipe = recipe(&rng, options)
        return (recipe, try recipe.convolution())
    }
}

extension Tensor {
    /// Every index of the tensor in row-major order.
    var everyIndex: [TensorIndex] {
        var result: [TensorIndex] = []
        result.reserveCapacity(values.count)
        for n in 0..<shape.n {
            for c in 0..<shape.c {
                for row in 0..<shape.h {
                    for column in 0..<shape.w { result.append(TensorIndex(n: n, channel: c, row: row, column: column)) }
                }
            }
        }
        return result
    }

    func value(at index: TensorIndex) -> Double { self[index.n, index.channel, index.row, index.column] }

    /// The channels `channels` of every batch item.
    func slicingChannels(_ channels: Range<Int>) -> Tensor {
        var values: [Double] = []
        for n in 0..<shape.n {
            for c in channels { for row in 0..<shape.h { values += plane(n: n, c: c)[row] } }
        }
        return Tensor(shape: Shape4(n: shape.n, c: channels.count, h: shape.h, w: shape.w), values: values)
    }

    /// `a * self + b * other`, elementwise.
    func linearCombination(_ a: Double, _ b: Double, _ other: Tensor) -> Tensor {
        Tensor(shape: shape, values: zip(values, other.values).map { a * $0 + b * $1 })
    }
}

/// The largest elementwise difference relative to the tensors' scale (at least 1).
func relativeDifference(_ lhs: Tensor, _ rhs: Tensor) -> Double {
    guard lhs.shape == rhs.shape else { return .infinity }
    let scale = max(1, (lhs.values + rhs.values).map(abs).max() ?? 0)
    return (zip(lhs.values, rhs.values).map { abs($0 - $1) }.max() ?? 0) / scale
}

/// Where unpadded coordinate `position` of an axis of `size` reads from, written independently of ConvCore:
/// `nil` for zeros, otherwise the real index (reflect mirrors without the edge, replicate clamps, circular wraps).
func referenceSource(_ position: Int, size: Int, mode: PaddingMode) -> Int? {
    if (0..<size).contains(position) { return position }
    switch mode {
    case .zeros: return nil
    case .replicate: return min(max(position, 0), size - 1)
    case .circular:
        var p = position
        while p < 0 { p += size }
        while p >= size { p -= size }
        return p
    case .reflect:
        // Bounce off the edges (a pad is smaller than the size, so one bounce is enough).
        return position < 0 ? -position : (size - 1) - (position - (size - 1))
    }
}

/// The resolved padding (top, bottom, left, right), from conv-semantics.md.
func referencePads(_ parameters: Conv2dParameters, kernelHeight kh: Int, kernelWidth kw: Int) -> (Int, Int, Int, Int) {
    switch parameters.padding {
    case let .explicit(height, width): return (height, height, width, width)
    case .valid: return (0, 0, 0, 0)
    case .same:
        let totalH = parameters.dilation.height * (kh - 1), totalW = parameters.dilation.width * (kw - 1)
        return (totalH / 2, totalH - totalH / 2, totalW / 2, totalW - totalW / 2)
    }
}

/// A direct transcription of the definition in conv-semantics.md: pad first (by mode), then correlate.
func referenceConv2d(_ recipe: ConvRecipe) -> Tensor {
    let x = recipe.input, w = recipe.weight, p = recipe.parameters
    let (top, bottom, left, right) = referencePads(p, kernelHeight: w.shape.h, kernelWidth: w.shape.w)
    let paddedH = x.shape.h + top + bottom, paddedW = x.shape.w + left + right
    let outH = (paddedH - p.dilation.height * (w.shape.h - 1) - 1) / p.stride.height + 1
    let outW = (paddedW - p.dilation.width * (w.shape.w - 1) - 1) / p.stride.width + 1
    var out = Tensor(shape: Shape4(n: x.shape.n, c: w.shape.n, h: outH, w: outW))
    let perGroupOut = w.shape.n / p.groups
    func padded(_ n: Int, _ c: Int, _ r: Int, _ col: Int) -> Double {
        guard let sr = referenceSource(r - top, size: x.shape.h, mode: p.paddingMode),
            let sc = referenceSource(col - left, size: x.shape.w, mode: p.paddingMode)
        else { return 0 }
        return x[n, c, sr, sc]
    }
    for n in 0..<x.shape.n {
        for o in 0..<w.shape.n {
            let group = o / perGroupOut
            for i in 0..<outH {
                for j in 0..<outW {
                    var sum = 0.0
                    for c in 0..<w.shape.c {
                        for a in 0..<w.shape.h {
                            for b in 0..<w.shape.w {
                                sum +=
                                    w[o, c, a, b]
                                    * padded(
                                        n, group * w.shape.c + c, i * p.stride.height + a * p.dilation.height,
                                        j * p.stride.width + b * p.dilation.width)
                            }
                        }
                    }
                    out[n, o, i, j] = sum + (recipe.bias?[o] ?? 0)
                }
            }
        }
    }
    return out
}
