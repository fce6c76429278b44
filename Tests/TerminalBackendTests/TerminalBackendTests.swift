import ConvvizUI
import Testing

@testable import TerminalBackend

/// What the terminal's character codes become: the pure part of reading keys.
struct KeyDecodingTests {
    @Test(
        arguments: [
            (9, Key.tab), (10, .enter), (13, .enter), (27, .escape), (8, .backspace), (127, .backspace),
            (1, .control("a")), (18, .control("r")), (26, .control("z")),
            (32, .character(" ")), (65, .character("A")), (0x3A, .character(":")), (0xE9, .character("é")),
            (0x1F600, .character("😀")),
        ] as [(UInt32, Key)])
    func characterCodes(code: UInt32, key: Key) {
        #expect(Terminal.key(forCharacter: code) == key)
    }

    @Test(arguments: [0, 28, 31, 0xD800, 0x110000] as [UInt32])
    func codesThatAreNoKeyAreDropped(code: UInt32) {
        #expect(Terminal.key(forCharacter: code) == nil)
    }
}

/// How 256-colour indices fall back to the 8 basic colours on a terminal with fewer colours.
struct ColorFallbackTests {
    @Test func theSixteenSystemColoursKeepTheirHue() {
        #expect(
            (0..<16).map { ColorPairs.nearestBasic(UInt8($0)) } == [0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7])
    }

    @Test(
        arguments: [
            (16, 0), (196, 1), (46, 2), (226, 3), (21, 4), (201, 5), (51, 6), (231, 7),
        ] as [(UInt8, Int)])
    func cubeCornersAreTheirBasicColour(index: UInt8, basic: Int) {
        #expect(ColorPairs.nearestBasic(index) == basic)
    }

    @Test func theGreyRampRunsFromBlackToWhite() {
        // Mid greys are nearest to (205, 205, 0): the first of the three basic colours at equal distance.
        let expected = Array(repeating: 0, count: 10) + [3, 3, 3] + Array(repeating: 7, count: 11)
        #expect((232...255).map { ColorPairs.nearestBasic(UInt8($0)) } == expected)
    }
}
