/// The documented, seeded initialisation of a convolution layer given by `out_channels` and `kernel_size` instead of
/// weight values, so that the same preset always has the same weights (and `export --torch` can write them).
///
/// Like PyTorch's default (`kaiming_uniform_` with `a = √5`), every weight is uniform in `[−b, b)` with
/// `b = 1/√fan_in`, where `fan_in = weight.size(1) · kH · kW` (`C_in/groups · kH · kW` for `nn.Conv2d`,
/// `C_out/groups · kH · kW` for `nn.ConvTranspose2d`, `in_features` for `nn.Linear`, whose weight is held as
/// (1, 1, out, in)). The values are drawn in row-major order from
/// ``SplitMix64`` seeded with `seed`: each takes the top 53 bits of the next 64 as `u` in `[0, 1)` and is
/// `(2u − 1) · b`.
public enum SeededInit {
    /// The weight of `shape`, drawn from `seed`.
    public static func weight(shape: Shape4, fanIn: Int, seed: UInt64) -> Tensor {
        var generator = SplitMix64(seed: seed)
        let bound = 1 / Double(fanIn).squareRoot()
        let count = shape.checkedCount ?? 0
        var values: [Double] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            let unit = Double(generator.next() >> 11) * 0x1p-53
            values.append((2 * unit - 1) * bound)
        }
        return Tensor(shape: shape, values: values)
    }
}
