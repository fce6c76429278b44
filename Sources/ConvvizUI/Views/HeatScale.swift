/// How a panel's values become colours and shades: larger values are brighter in every mode. A map
/// with values on both sides of zero gets a diverging palette (dark blue for the most negative, neutral
/// grey at zero, bright amber for the most positive, symmetric about zero so equal magnitudes get equal
/// strength); other maps a grey ramp from the minimum to the maximum. Both ramps rise in luminance.
struct HeatScale: Equatable {
    /// The smallest finite value (0 when there is none).
    let low: Double
    /// The largest finite value (0 when there is none).
    let high: Double

    /// The scale of some values; infinities and NaN are left out of the range.
    init<Values: Sequence<Double>>(_ values: Values) {
        var low = Double.infinity, high = -Double.infinity
        for value in values where value.isFinite {
            low = min(low, value)
            high = max(high, value)
        }
        self.init(low: low.isFinite ? low : 0, high: high.isFinite ? high : 0)
    }

    /// A scale from `low` to `high`.
    init(low: Double, high: Double) {
        self.low = min(low, high)
        self.high = max(low, high)
    }

    /// Whether values lie on both sides of zero, so zero is the neutral middle.
    var isSigned: Bool { low < 0 && high > 0 }

    /// Where `value` sits: 0 the darkest, 1 the brightest; a signed scale puts zero at 0.5. NaN is the middle.
    func fraction(_ value: Double) -> Double {
        let raw: Double
        if isSigned {
            // Halved so that a range spanning nearly the whole Double range does not overflow.
            let magnitude = max(-low / 2, high / 2)
            raw = 0.5 + (value / 2) / magnitude / 2
        } else {
            let span = high / 2 - low / 2
            raw = span > 0 ? (value / 2 - low / 2) / span : 0.5
        }
        if raw.isNaN { return 0.5 }
        return min(max(raw, 0), 1)
    }

    /// The 24-bit colour of `value`.
    func color(_ value: Double) -> Color {
        Self.color(atFraction: fraction(value), signed: isSigned)
    }

    /// The shade glyph of `value` (for NO_COLOR and 8/16-colour terminals): denser is larger.
    func shade(_ value: Double) -> Character { Self.shade(atFraction: fraction(value)) }

    /// Shade glyphs from low to high.
    static let shades: [Character] = [" ", "░", "▒", "▓", "█"]

    static func shade(atFraction fraction: Double) -> Character {
        shades[min(shades.count - 1, max(0, Int(fraction * Double(shades.count - 1) + 0.5)))]
    }

    /// The grey ramp's ends and the diverging palette's stops (negative end, zero, positive end).
    static let sequentialStops: [(Double, Double, Double)] = [(12, 12, 12), (255, 255, 255)]
    static let divergingStops: [(Double, Double, Double)] = [(24, 52, 150), (118, 118, 118), (255, 214, 120)]

    /// The colour at `fraction` of the grey ramp, or of the diverging palette when `signed`.
    static func color(atFraction fraction: Double, signed: Bool) -> Color {
        let stops = signed ? divergingStops : sequentialStops
        let position = min(max(fraction.isNaN ? 0.5 : fraction, 0), 1) * Double(stops.count - 1)
        let lower = min(stops.count - 2, Int(position))
        let t = position - Double(lower)
        let (a, b) = (stops[lower], stops[lower + 1])
        func mix(_ x: Double, _ y: Double) -> UInt8 { UInt8(min(255, max(0, (x + (y - x) * t).rounded()))) }
        return .rgb(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    /// The colour of one pixel of a 3-channel picture, each channel placed on this scale (one scale for all
    /// three, so a grey pixel stays grey).
    func composite(red: Double, green: Double, blue: Double) -> Color {
        let span = high / 2 - low / 2
        func level(_ value: Double) -> UInt8 {
            let raw = span > 0 ? (value / 2 - low / 2) / span : 0.5
            return UInt8((min(max(raw.isNaN ? 0.5 : raw, 0), 1) * 255).rounded())
        }
        return .rgb(level(red), level(green), level(blue))
    }
}
