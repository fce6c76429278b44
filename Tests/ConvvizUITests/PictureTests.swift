import Testing

@testable import ConvvizUI

/// Pictures: colour depth, the heat scales (larger is brighter in every mode), half-block pictures with
/// their marks and rulers, shade pictures without colour, the legend, and 24-bit colour in ANSI frames.
struct PictureTests {
    // MARK: - Colours

    @Test func colorDepthFollowsTheTerminal() {
        #expect(ColorDepth.detect(noColor: true, colorTerm: "truecolor", colors: 1 << 24) == .none)
        #expect(ColorDepth.detect(noColor: false, colorTerm: nil, colors: 2) == .none)
        #expect(ColorDepth.detect(noColor: false, colorTerm: nil, colors: 8) == .basic)
        #expect(ColorDepth.detect(noColor: false, colorTerm: "truecolor", colors: 16) == .basic)
        #expect(ColorDepth.detect(noColor: false, colorTerm: nil, colors: 256) == .palette256)
        #expect(ColorDepth.detect(noColor: false, colorTerm: "24bit", colors: 256) == .trueColor)
        #expect(ColorDepth.detect(noColor: false, colorTerm: "TrueColor", colors: 256) == .trueColor)
        #expect(ColorDepth.detect(noColor: false, colorTerm: nil, colors: 1 << 24) == .trueColor)
    }

    @Test func rgbColorsBecomeTheNearestPaletteColourBelowTrueColor() {
        #expect(Palette256.nearest(red: 255, green: 255, blue: 255) == 231)
        #expect(Palette256.nearest(red: 128, green: 128, blue: 128) == 244)
        #expect(Palette256.nearest(red: 255, green: 0, blue: 0) == 196)
        #expect(Palette256.nearest(red: 0, green: 95, blue: 135) == 24)
        #expect(Palette256.components(196) == (255, 0, 0))
        #expect(Palette256.components(232) == (8, 8, 8))
        let orange = Color.rgb(250, 130, 10)
        #expect(ColorDepth.trueColor.adapt(orange) == orange)
        #expect(ColorDepth.palette256.adapt(orange) == Color(208))
        #expect(ColorDepth.palette256.adapt(Color(24)) == Color(24))
        let style = Style(foreground: orange, background: Color(24), bold: true)
        #expect(style.adapted(to: .none) == Style(bold: true))
        #expect(style.adapted(to: .palette256) == Style(foreground: Color(208), background: Color(24), bold: true))
    }

    @Test func ansiFramesCarry24BitAndPaletteColours() {
        var grid = CellGrid(width: 2, height: 1)
        grid[0, 0] = Cell("▀", Style(foreground: .rgb(1, 2, 3), background: .rgb(250, 251, 252)))
        grid[1, 0] = Cell("x", Style(foreground: Color(208)))
        let text = AnsiFrame.text(grid)
        #expect(text.contains("\u{1B}[0;38;2;1;2;3;48;2;250;251;252m▀"))
        #expect(text.contains("\u{1B}[0;38;5;208mx"))
        #expect(AnsiFrame.plain(text) == "▀x")
    }

    // MARK: - Scales

    @Test func largerValuesAreBrighterOnBothScales() {
        let unsigned = HeatScale([0, 3, 10])
        #expect(!unsigned.isSigned)
        let signed = HeatScale([-4, 1, 2])
        #expect(signed.isSigned)
        for scale in [unsigned, signed] {
            let values = stride(from: scale.low, through: scale.high, by: (scale.high - scale.low) / 40)
            let luminances = values.map { scale.color($0).luminance }
            #expect(zip(luminances, luminances.dropFirst()).allSatisfy { $0 < $1 }, "\(luminances)")
            let paletteLuminances = values.map { ColorDepth.palette256.adapt(scale.color($0)).luminance }
            #expect(zip(paletteLuminances, paletteLuminances.dropFirst()).allSatisfy { $0 <= $1 })
            #expect(paletteLuminances.last! > paletteLuminances.first! + 0.3)
        }
        #expect(unsigned.fraction(0) == 0 && unsigned.fraction(10) == 1 && unsigned.fraction(5) == 0.5)
    }

    @Test func aDivergingScaleIsSymmetricWithZeroNeutral() {
        let scale = HeatScale([-4, 1, 2])
        #expect(scale.fraction(0) == 0.5)
        #expect(scale.fraction(-4) == 0 && scale.fraction(4) == 1 && scale.fraction(2) == 0.75)
        let zero = scale.color(0).components
        #expect(zero.red == zero.green && zero.green == zero.blue)
        let negative = scale.color(-4).components, positive = scale.color(2).components
        #expect(negative.blue > negative.red)
        #expect(positive.red > positive.blue)
    }

    @Test func hugeAndOddValuesStayOnTheScale() {
        let scale = HeatScale([-Double.greatestFiniteMagnitude, .nan, .infinity, Double.greatestFiniteMagnitude])
        #expect(scale.low == -Double.greatestFiniteMagnitude && scale.high == Double.greatestFiniteMagnitude)
        #expect(scale.fraction(0) == 0.5 && scale.fraction(.greatestFiniteMagnitude) == 1)
        #expect(scale.fraction(.nan) == 0.5 && scale.fraction(.infinity) == 1 && scale.fraction(-.infinity) == 0)
        let flat = HeatScale([3, 3])
        #expect(flat.fraction(3) == 0.5)
        #expect(HeatScale([Double]()).low == 0)
        #expect(HeatScale.shade(atFraction: 0) == " " && HeatScale.shade(atFraction: 1) == "█")
    }

    @Test func theCompositeOfThreeChannelsIsTheirColour() {
        let scale = HeatScale([0, 255])
        #expect(scale.composite(red: 255, green: 0, blue: 0) == .rgb(255, 0, 0))
        #expect(scale.composite(red: 51, green: 51, blue: 51) == .rgb(51, 51, 51))
        #expect(HeatScale([0, 1]).composite(red: 1, green: 0.5, blue: 2) == .rgb(255, 128, 255))
    }

    // MARK: - Half-block pictures

    /// A 3x2 ramp, value = 10 * row + column.
    static func ramp(depth: ColorDepth, rows: Int = 3, marks: [Int: PixelMark] = [:], hidden: Set<Int> = []) -> Picture
    {
        Picture(
            rows: rows, columns: 2, scale: HeatScale((0..<rows).flatMap { [Double(10 * $0), Double(10 * $0 + 1)] }),
            depth: depth
        ) { row, column in
            let key = 10 * row + column
            return Pixel(value: hidden.contains(key) ? nil : Double(key), mark: marks[key] ?? .none)
        }
    }

    @Test func colourPicturesPutTwoSquarePixelsInACell() {
        let picture = Self.ramp(depth: .trueColor)
        #expect(picture.width == 3 && picture.height == 3)
        let scale = HeatScale([0, 1, 10, 11, 20, 21])
        let first = picture.line(1)
        #expect(first.map(\.character) == [" ", "▀", "▀"])
        #expect(first[1].style.foreground == scale.color(0) && first[1].style.background == scale.color(10))
        #expect(first[2].style.foreground == scale.color(1) && first[2].style.background == scale.color(11))
        // The third row is alone in the last line: the bottom half is the terminal's background.
        let last = picture.line(2)
        #expect(
            last[1].character == "▀" && last[1].style.foreground == scale.color(20)
                && last[1].style.background == nil)
        #expect(last[1].style.foreground!.luminance > first[1].style.background!.luminance)
        #expect(picture.line(3).isEmpty)
    }

    @Test func biggerPixelsKeepTheirSquareShape() {
        var picture = Self.ramp(depth: .trueColor, rows: 2)
        picture.pixelSize = 2
        picture.rulers = false
        #expect(picture.width == 4 && picture.height == 2)
        #expect(picture.line(0).map(\.character) == ["▀", "▀", "▀", "▀"])
        let scale = HeatScale([0, 1, 10, 11])
        #expect(picture.line(0)[1].style.background == scale.color(0))
        #expect(picture.line(1)[2].style.foreground == scale.color(11))
        #expect(picture.pixel(atX: 3, y: 1)! == (1, 1))
        #expect(picture.position(row: 1, column: 1) == (2, 1))
    }

    @Test func in256ColoursPixelsArePaletteColours() {
        let picture = Self.ramp(depth: .palette256)
        let cell = picture.line(1)[1]
        guard case .palette = cell.style.foreground?.value, case .palette = cell.style.background?.value else {
            Issue.record("not palette colours: \(cell.style)")
            return
        }
    }

    @Test func marksShowInColourAndOnTheRulers() {
        let picture = Self.ramp(depth: .trueColor, marks: [0: .window, 1: .currentTap, 21: .cursor], hidden: [20])
        #expect(String(picture.line(0).map(\.character)) == " ━▼")
        #expect(picture.line(1)[0].character == "▶")
        #expect(picture.line(1)[2].style.foreground == Picture.tapColor)
        #expect(picture.line(1)[1].style.foreground != HeatScale([0, 21]).color(0))
        #expect(picture.line(2)[0].character == "▷")
        #expect(picture.line(2)[1].character == "·")
        #expect(picture.line(2)[2].style.foreground == Picture.cursorColor)
    }

    @Test func withoutColourPixelsAreShadeGlyphsWithBracketsAndMarkers() {
        let picture = Self.ramp(
            depth: .none, marks: [0: .window, 1: .window, 10: .currentTap, 11: .window, 21: .cursor],
            hidden: [20])
        #expect(picture.width == 5 && picture.height == 4)
        let lines = (0..<picture.height).map { String(picture.line($0).map(\.character)) }
        #expect(lines == [" ▼▼▽▽", "┃[  ]", "▶◆◆▒]", "▷· ██"], "\(lines)")
        #expect(picture.line(3)[3].style.reverse)
        #expect(picture.line(1).allSatisfy { $0.style.foreground == nil || $0.style == Theme.latestTerm })
    }

    @Test func compositePixelsShadeByLuminanceWithoutColour() {
        let picture = Picture(rows: 1, columns: 2, scale: HeatScale([0, 255]), depth: .none, rulers: false) {
            _, column in
            Pixel(value: nil, color: column == 0 ? .rgb(0, 0, 0) : .rgb(255, 255, 255))
        }
        #expect(String(picture.line(0).map(\.character)) == "  ██")
        let colour = Picture(rows: 1, columns: 1, scale: HeatScale([0, 255]), depth: .trueColor, rulers: false) {
            _, _ in
            Pixel(value: nil, color: .rgb(200, 10, 10))
        }
        #expect(colour.line(0)[0].style.foreground == .rgb(200, 10, 10))
    }

    // MARK: - Legend

    @Test func theLegendShowsMinimumZeroAndMaximum() {
        let signed = HeatLegend.cells(HeatScale([-4, 2]), depth: .none, width: 40)
        #expect(String(signed.map(\.character)) == "-4   ░░░░▒▒ 0 ▒▒▒▒▓▓▓▓ 2")
        let unsigned = HeatLegend.cells(HeatScale([0, 255]), depth: .trueColor, width: 40)
        #expect(
            String(unsigned.map(\.character)).hasPrefix("0 ") && String(unsigned.map(\.character)).hasSuffix(" 255"))
        let backgrounds = unsigned.compactMap(\.style.background).map(\.luminance)
        #expect(backgrounds.count == 12 && backgrounds == backgrounds.sorted())
        #expect(HeatLegend.cells(HeatScale([-4, 2]), depth: .none, width: 14).count <= 14)
        #expect(HeatLegend.cells(HeatScale([0, 255]), depth: .none, width: 6).isEmpty)
    }
}
