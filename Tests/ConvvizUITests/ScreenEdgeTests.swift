import Testing

@testable import ConvvizUI

/// What must survive at every screen size: the title's `? help  q quit`, the end of a long status or prompt, the
/// animation's key hints cut only between whole keys.
@Suite
struct ScreenEdgeTests {
    static let sizes = [(80, 24), (140, 45), (200, 60)]

    /// Every kind of screen: a convolution, both transposed views, pooling, the pipeline, backward mode, a
    /// rejected preset.
    static func screens(width: Int, height: Int) throws -> [(String, AppState)] {
        var direct = try Shipped.state("transposed-overlap", width: width, height: height)
        direct.apply(.toggleTransposedView)
        var backward = try Shipped.state("pytorch-example", width: width, height: height)
        backward.apply(.toggleBackward)
        var rejected = try Shipped.state("pytorch-example", width: width, height: height)
        rejected.apply(.adjustBothAxes(.strideHeight, 1), .run("padding same"))
        return [
            ("convolution", try Shipped.state("pytorch-example", width: width, height: height)),
            ("scatter", try Shipped.state("transposed-overlap", width: width, height: height)),
            ("direct", direct),
            ("pooling", try Shipped.state("max-pool", width: width, height: height)),
            ("pipeline", try Shipped.state("tiny-vgg", width: width, height: height)),
            ("backward", backward),
            ("rejected", rejected),
        ]
    }

    @Test(arguments: sizes) func titleKeepsHelpAndQuit(width: Int, height: Int) throws {
        for (name, state) in try Self.screens(width: width, height: height) {
            let title = Screen.render(state, color: false).lines[0]
            #expect(title.hasSuffix("? help  q quit"), "\(name) at \(width)x\(height): \(title)")
        }
    }

    @Test func animationKeysFitAt80Columns() throws {
        var state = try Shipped.state("pytorch-example", width: 80, height: 24)
        state.apply(.jumpToStart, .step(12))
        let lines = Screen.render(state, color: false).lines
        let line = try #require(lines.first { $0.contains("space play") })
        #expect(line.trimmingCharacters(in: .whitespaces).hasSuffix("< > speed"))
        var wide = try Shipped.state("pytorch-example", width: 140, height: 45)
        wide.apply(.jumpToStart, .step(12))
        #expect(Screen.render(wide, color: false).lines.contains { $0.hasSuffix("? help  q quit") })
    }

    @Test func longMessageWrapsOntoMoreRows() {
        let text = String(repeating: "word ", count: 30) + "END"
        let rows = ScreenSkeleton.statusRows([(text, Theme.info)], width: 80)
        #expect(rows.count == 2)
        #expect(rows.last?.first?.0.hasSuffix("END") == true)
    }

    @Test func longPromptScrollsToItsCursor() throws {
        var state = try Shipped.state("pytorch-example", width: 80, height: 24)
        state.apply(.openCommandLine)
        state.type("load " + String(repeating: "x", count: 90) + "END")
        let status = Screen.render(state, color: false).lines[23]
        #expect(status.hasPrefix("…"))
        #expect(status.trimmingCharacters(in: .whitespaces).hasSuffix("END_"))
    }
}
