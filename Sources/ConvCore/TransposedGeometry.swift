/// The kernel taps of one axis that land on one output position of a transposed convolution: kernel indices
/// `kernel + m * kernelStep` read input indices `input - m * inputStep`, for `m` in `0..<count` (see ``TransposedAxis``).
struct Landing: Hashable, Sendable {
    /// The first (smallest) kernel index.
    let kernel: Int
    /// The input index the first kernel index reads.
    let input: Int
    /// How many taps land.
    let count: Int

    /// No tap lands.
    static let empty = Landing(kernel: 0, input: 0, count: 0)
}

/// The shape arithmetic of one axis of a transposed convolution. Input index `i` is stamped through kernel index
/// `a` onto output index `o = i*s - p + a*d`; the output has `(H-1)*s - 2*p + d*(k-1) + output_padding + 1`
/// positions, and positions outside it are dropped.
struct TransposedAxis: Hashable, Sendable {
    /// Which axis this is.
    let axis: ConvError.Axis
    /// The input extent `H`.
    let size: Int
    /// The stride `s`.
    let stride: Int
    /// The padding `p`.
    let padding: Int
    /// The output padding.
    let outputPadding: Int
    /// The dilation `d`.
    let dilation: Int
    /// The kernel extent `k`.
    let kernel: Int
    /// The output extent; below 1 when padding crops everything (the caller rejects that).
    let output: Int
    /// How far apart the kernel indices landing on one output position are.
    let kernelStep: Int
    /// How far apart the input indices those kernel indices read are.
    let inputStep: Int
    /// `(H-1)*s`: how far the last input position is stamped from the first.
    private let span: Int
    /// The stride as far as landing goes: 1 for a single input position, where every stride stamps alike (and a
    /// huge stride would overflow the modular arithmetic).
    private let period: Int
    /// `gcd(period, d)`: an output position receives taps only if `o + p` is a multiple of it.
    private let divisor: Int
    /// The inverse of `inputStep` modulo `kernelStep`.
    private let inverse: Int

    /// The axis's output extent, computed without overflow.
    /// - Precondition: the settings are positive (padding and output padding non-negative) and at most
    ///   ``Limits/maxElements``.
    init(
        _ axis: ConvError.Axis, size: Int, stride: Int, padding: Int, outputPadding: Int, dilation: Int,
        kernel: Int
    ) throws(ConvError) {
        let stamped = CheckedSize(key: "stride"), dilated = CheckedSize(key: "dilation")
        let span = try stamped.multiply(size - 1, stride, "the stamped \(axis.rawValue)")
        let spread = try dilated.multiply(dilation, kernel - 1, "the dilated kernel")
        let full = try stamped.add(
            try stamped.add(span, spread, "the output \(axis.rawValue)"), outputPadding + 1,
            "the output \(axis.rawValue)")
        self.axis = axis
        self.size = size
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
        self.dilation = dilation
        self.kernel = kernel
        output = full - 2 * padding
        self.span = span
        period = size == 1 ? 1 : stride
        divisor = Self.gcd(period, dilation)
        kernelStep = period / divisor
        inputStep = dilation / divisor
        inverse = Self.inverse(of: inputStep, modulo: kernelStep)
    }

    /// The taps landing on output position `o`: kernel indices `a` in `0..<k` whose input index
    /// `i = (o + p - a*d) / s` is a whole number in `0..<H`.
    ///
    /// `a*d ≡ o + p (mod s)` has solutions only when `gcd(s, d)` divides `o + p`, and then they are one residue
    /// modulo `s / gcd`; the range of `i` bounds `a` from both sides.
    func landing(on o: Int) -> Landing {
        let target = o + padding
        let lowest = max(0, Self.ceilingDivide(target - span, dilation))
        let highest = min(kernel - 1, target / dilation)
        guard lowest <= highest, target % divisor == 0 else { return .empty }
        let residue = target / divisor % kernelStep * inverse % kernelStep
        let first = lowest + ((residue - lowest) % kernelStep + kernelStep) % kernelStep
        guard first <= highest else { return .empty }
        return Landing(
            kernel: first, input: (target - first * dilation) / period, count: (highest - first) / kernelStep + 1)
    }

    /// The output position input index `i` lands on through kernel index `a`, or `nil` outside the output.
    func outputPosition(input i: Int, kernel a: Int) -> Int? {
        let o = i * stride - padding + a * dilation
        return (0..<output).contains(o) ? o : nil
    }

    /// `H_out = (5−1)·2 − 2·1 + 1·(3−1) + 1 + 1 = 10`.
    var formula: String {
        let name = axis == .height ? "H_out" : "W_out"
        return
            "\(name) = (\(size)−1)·\(stride) − 2·\(padding) + \(dilation)·(\(kernel)−1) + \(outputPadding) + 1 = \(output)"
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    /// `x⁻¹ mod m` for `x` coprime to `m >= 1` (0 when `m` is 1), by the extended Euclidean algorithm.
    private static func inverse(of x: Int, modulo m: Int) -> Int {
        var (r0, r1, t0, t1) = (m, x % m, 0, 1)
        while r1 != 0 {
            let q = r0 / r1
            (r0, r1) = (r1, r0 - q * r1)
            (t0, t1) = (t1, t0 - q * t1)
        }
        return ((t0 % m) + m) % m
    }

    /// `⌈a / b⌉` for `b > 0`.
    private static func ceilingDivide(_ a: Int, _ b: Int) -> Int { a >= 0 ? (a + b - 1) / b : -(-a / b) }
}
