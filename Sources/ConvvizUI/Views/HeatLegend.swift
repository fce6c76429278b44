/// The scale bar under a picture: the minimum, a ramp of the palette, and the maximum, with 0 marked in
/// the middle of a diverging (signed) scale: `-4 ▕ramp▏ 0 ▕ramp▏ 4`. Colour ramps in colour, shade glyphs
/// without.
enum HeatLegend {
    /// The legend's cells, at most `width` of them (the ramp shrinks first, then the legend is left out).
    static func cells(_ scale: HeatScale, depth: ColorDepth, width: Int) -> [Cell] {
        let low = GridNumber.format(scale.low), high = GridNumber.format(scale.high)
        let labels = scale.isSigned ? low.count + high.count + 5 : low.count + high.count + 2
        let ramp = min(scale.isSigned ? 16 : 12, width - labels)
        guard ramp >= (scale.isSigned ? 4 : 3) else { return [] }
        var cells = text(low + " ")
        if scale.isSigned {
            let half = ramp / 2
            cells += bar(scale, depth: depth, from: scale.fraction(scale.low), to: 0.5, count: half) + text(" 0 ")
            cells += bar(scale, depth: depth, from: 0.5, to: scale.fraction(scale.high), count: half)
        } else {
            cells += bar(scale, depth: depth, from: 0, to: 1, count: ramp)
        }
        return cells + text(" " + high)
    }

    private static func text(_ string: String) -> [Cell] { string.map { Cell($0, Theme.info) } }

    /// `count` cells of the palette from fraction `start` to `end`.
    private static func bar(_ scale: HeatScale, depth: ColorDepth, from start: Double, to end: Double, count: Int)
        -> [Cell]
    {
        (0..<count).map { index in
            let fraction = start + (end - start) * (count > 1 ? Double(index) / Double(count - 1) : 0.5)
            if depth.drawsColorPictures {
                return Cell(
                    " ", Style(background: depth.adapt(HeatScale.color(atFraction: fraction, signed: scale.isSigned))))
            }
            return Cell(HeatScale.shade(atFraction: fraction))
        }
    }
}
