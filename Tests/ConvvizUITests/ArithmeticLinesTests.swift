import Testing

@testable import ConvvizUI

/// The arithmetic lines: grouped by channel with subtotals, the order labelled once, wrapped to the lines
/// given, and elided around the current term.
struct ArithmeticLinesTests {
    static func text(_ lines: [[ArithmeticLines.Part]]) -> [String] { lines.map { $0.map(\.text).joined() } }

    @Test func channelsGetLabelsSubtotalsAndTheBiasComesLast() {
        let terms = [
            ArithmeticTerm(channel: 0, weight: 1, value: 0), ArithmeticTerm(channel: 0, weight: 2, value: 1),
            ArithmeticTerm(channel: 1, weight: 3, value: 1),
            ArithmeticTerm(channel: 1, weight: -1, value: 0, isZeroPadding: true),
        ]
        let arithmetic = ArithmeticLines(
            name: "out[0,0,1,1]", terms: terms, current: nil, groupsChannels: true, bias: 0.5,
            total: 5.5, isComplete: true)
        let lines = arithmetic.lines(width: 120, maxLines: 1)
        #expect(
            Self.text(lines) == [
                "out[0,0,1,1] (weight·input) = c0: 1·0 + 2·1 = 2 │ c1: 3·1 + (-1)·0 = 3 │ + bias 0.5 = 5.5"
            ])
        #expect(lines[0].first { $0.text == " + (-1)·0" }?.style == Theme.dim)
    }

    @Test func oneChannelReadsAsAPlainSumSoFar() {
        let terms = [ArithmeticTerm(channel: 0, weight: 1, value: 0), ArithmeticTerm(channel: 0, weight: 2, value: 3)]
        let lines = ArithmeticLines(
            name: "out[0,0,0,4]", terms: terms, current: 1, groupsChannels: false, total: 6, isComplete: false
        )
        .lines(width: 80, maxLines: 1)
        #expect(Self.text(lines) == ["out[0,0,0,4] (weight·input) = 1·0 + 2·3 = 6 so far"])
        #expect(lines[0].first { $0.text == " + 2·3" }?.style == Theme.latestTerm)
    }

    /// 4 channels of 9 terms: term t reads channel t / 9, weight t, value 1.
    static let manyTerms = (0..<36).map { ArithmeticTerm(channel: $0 / 9, weight: Double($0), value: 1) }

    @Test func longSumsWrapOverTheLinesGiven() {
        let arithmetic = ArithmeticLines(
            name: "out[0,0,0,0]", terms: Self.manyTerms, current: nil, groupsChannels: true,
            total: 630, isComplete: true)
        let lines = Self.text(arithmetic.lines(width: 80, maxLines: 6))
        #expect(lines.count > 1 && lines.count <= 6)
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(!lines.joined().contains("…"))
        #expect(lines.joined(separator: " ").contains("c3: 27·1 + 28·1"))
        #expect(lines.joined(separator: " ").hasSuffix("= 279 │ = 630"))
    }

    @Test func elisionKeepsTheCurrentTermItsNeighboursAndEveryChannelsSubtotal() {
        let arithmetic = ArithmeticLines(
            name: "out[0,0,0,0]", terms: Self.manyTerms, current: 20, groupsChannels: true,
            bias: 1, total: 631, isComplete: false)
        let lines = arithmetic.lines(width: 80, maxLines: 2)
        let text = Self.text(lines)
        #expect(text.count == 2 && text.allSatisfy { $0.count <= 80 }, "\(text)")
        let joined = text.joined(separator: " ")
        #expect(joined.contains("19·1 + 20·1 + 21·1"), "\(joined)")
        #expect(joined.hasPrefix("out[0,0,0,0] (weight·input) = c0:"))
        for subtotal in ["= 36", "= 117", "= 198", "= 279"] {
            #expect(joined.contains(subtotal), "\(subtotal) in \(joined)")
        }
        #expect(joined.contains("…") && joined.hasSuffix("+ bias 1 = 631 so far"))
        #expect(lines.joined().contains { $0.text.hasSuffix("20·1") && $0.style == Theme.latestTerm })
    }

    @Test func aNarrowLineDropsWholeChannelsButNotTheCurrentTerm() {
        let arithmetic = ArithmeticLines(
            name: "out[0,0,0,0]", terms: Self.manyTerms, current: 35, groupsChannels: true,
            total: 630, isComplete: true)
        let text = Self.text(arithmetic.lines(width: 60, maxLines: 1))
        #expect(text.count == 1 && text[0].count <= 60, "\(text)")
        #expect(
            text[0].contains("35·1") && text[0].contains("c3:") && text[0].contains("…")
                && text[0].hasSuffix("= 630"))
    }
}
