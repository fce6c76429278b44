import ConvCore
import PropertyBased

/// Random valid transposed convolutions and poolings, small tensors, and the `.tooLarge` check, for the tests.
enum RandomOperations {
    static func tensor(_ rows: [[Double]]) -> Tensor {
        Tensor(shape: Shape4(n: 1, c: 1, h: rows.count, w: rows[0].count), values: rows.flatMap { $0 })
    }

    static func randomTensor(_ shape: Shape4, integers: Bool, using rng: inout SplitMix64) -> Tensor {
        Tensor(
            shape: shape,
            values: (0..<shape.n * shape.c * shape.h * shape.w).map { _ in
                integers ? Double(Int.random(in: -3...3, using: &rng)) : Double.random(in: -2...2, using: &rng)
            })
    }

    /// A random valid transposed convolution; `large` ones take the parallel path.
    static func randomTransposed(seed: UInt64, integers: Bool = false, large: Bool = false) -> TransposedConvolution {
        var rng = SplitMix64(seed: seed)
        while true {
            let groups = Int.random(in: 1...3, using: &rng), inPerGroup = Int.random(in: 1...2, using: &rng)
            let filters = Int.random(in: 1...(large ? 4 : 2), using: &rng)
            let sizes = large ? 12...20 : 1...6
            let input = Shape4(
                n: Int.random(in: 1...2, using: &rng), c: groups * inPerGroup,
                h: Int.random(in: sizes, using: &rng), w: Int.random(in: sizes, using: &rng))
            let weight = Shape4(
                n: input.c, c: filters, h: Int.random(in: 1...4, using: &rng), w: Int.random(in: 1...4, using: &rng))
            let axis = { (rng: inout SplitMix64) -> (Int, Int, Int, Int) in
                let s = Int.random(in: 1...3, using: &rng), d = Int.random(in: 1...3, using: &rng)
                return (s, d, Int.random(in: 0..<max(s, d), using: &rng), Int.random(in: 0...3, using: &rng))
            }
            let (sh, dh, oph, ph) = axis(&rng), (sw, dw, opw, pw) = axis(&rng)
            let parameters = TransposedConv2dParameters(
                stride: AxisPair(height: sh, width: sw), padding: AxisPair(height: ph, width: pw),
                outputPadding: AxisPair(height: oph, width: opw), dilation: AxisPair(height: dh, width: dw),
                groups: groups)
            let bias =
                Bool.random(using: &rng)
                ? randomTensor(Shape4(n: 1, c: 1, h: 1, w: filters * groups), integers: integers, using: &rng).values
                : nil
            if let convolution = try? TransposedConvolution(
                input: randomTensor(input, integers: integers, using: &rng),
                weight: randomTensor(weight, integers: integers, using: &rng), bias: bias, parameters: parameters)
            {
                return convolution
            }
        }
    }

    /// A random valid pooling of either kind.
    static func randomPooling(seed: UInt64) -> Pooling {
        var rng = SplitMix64(seed: seed)
        while true {
            let kind = PoolKind.allCases.randomElement(using: &rng)!
            let input = Shape4(
                n: Int.random(in: 1...2, using: &rng), c: Int.random(in: 1...3, using: &rng),
                h: Int.random(in: 1...8, using: &rng), w: Int.random(in: 1...8, using: &rng))
            let kernel = AxisPair(height: Int.random(in: 1...4, using: &rng), width: Int.random(in: 1...4, using: &rng))
            let parameters = Pool2dParameters(
                kind: kind, kernel: kernel,
                stride: AxisPair(height: Int.random(in: 1...3, using: &rng), width: Int.random(in: 1...3, using: &rng)),
                padding: AxisPair(
                    height: Int.random(in: 0...kernel.height / 2, using: &rng),
                    width: Int.random(in: 0...kernel.width / 2, using: &rng)),
                dilation: kind == .avg
                    ? .uniform(1)
                    : AxisPair(height: Int.random(in: 1...3, using: &rng), width: Int.random(in: 1...3, using: &rng)),
                ceilMode: Bool.random(using: &rng), countIncludePad: Bool.random(using: &rng))
            if let pooling = try? Pooling(
                input: randomTensor(input, integers: Bool.random(using: &rng), using: &rng),
                parameters: parameters)
            {
                return pooling
            }
        }
    }

    /// The preset key of the `.tooLarge` error `body` throws, or `nil` if it throws something else or nothing.
    static func tooLargeKey(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            guard case let .tooLarge(key, _, _) = error as? ConvError else { return nil }
            return key
        }
    }
}
