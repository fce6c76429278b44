/// SplitMix64: a small deterministic random generator, so a seed replays the same choices (randomised grids in
/// tests, the monkey test, the fuzzers' samples).
public struct SplitMix64: Equatable, Sendable {
    /// The generator's whole state: equal states give equal sequences.
    public var state: UInt64

    /// A generator starting from `state`.
    public init(state: UInt64) {
        self.state = state
    }

    /// The next number in `0..<bound`; 0 when `bound` is not positive.
    public mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return bound <= 0 ? 0 : Int(z % UInt64(bound))
    }

    /// The next number in `range`.
    public mutating func next(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + next(below: range.count)
    }
}
