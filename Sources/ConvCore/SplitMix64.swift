/// SplitMix64: a small deterministic random generator, so a seed replays the same choices (randomised grids, the
/// benchmarks' tensors, the tests' random convolutions, the monkey test, the fuzzers' samples).
public struct SplitMix64: RandomNumberGenerator, Equatable, Sendable {
    /// The generator's whole state: equal states give equal sequences.
    public private(set) var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next number in `0..<bound`; 0 when `bound` is not positive.
    public mutating func next(below bound: Int) -> Int {
        let bits = next()
        return bound <= 0 ? 0 : Int(bits % UInt64(bound))
    }

    /// The next number in `range`.
    public mutating func next(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + next(below: range.count)
    }
}
