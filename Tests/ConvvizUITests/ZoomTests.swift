import Testing

@testable import ConvvizUI

/// The zoom model: `+`/`-` from the fitted level, `:zoom N`, and back to fit.
struct ZoomTests {
    @Test func zoomStartsFromTheFittedLevel() {
        var zoom = Zoom.fit
        #expect(zoom.isFit && zoom.effective(fitted: 3) == 3)
        #expect(zoom.apply(.zoomIn, fitted: 3) == "zoom 4 (0 fits the screen)")
        #expect(zoom.effective(fitted: 1) == 4 && !zoom.isFit)
        zoom.apply(.zoomOut, fitted: 3)
        zoom.apply(.zoomOut, fitted: 3)
        #expect(zoom.level == 2)
        #expect(zoom.apply(.fit, fitted: 5) == "zoom: fit to the screen (level 5)")
        #expect(zoom == .fit && zoom.effective(fitted: 5) == 5)
    }

    @Test func levelsStayInRange() {
        var zoom = Zoom.fit
        zoom.apply(.set(8), fitted: 2)
        #expect(zoom.apply(.zoomIn, fitted: 2) == "zoom 8: the largest (0 fits the screen)")
        zoom.apply(.set(1), fitted: 2)
        #expect(zoom.apply(.zoomOut, fitted: 2) == "zoom 1: the smallest (0 fits the screen)")
        #expect(zoom.level == 1)
        #expect(Zoom.fit.effective(fitted: 40) == 8 && Zoom.fit.effective(fitted: -3) == 1)
    }

    @Test func theZoomCommandReadsLevelsFitAndSteps() {
        #expect(Zoom.command(["3"]) == .success(.set(3)))
        #expect(Zoom.command(["fit"]) == .success(.fit))
        #expect(Zoom.command(["0"]) == .success(.fit))
        #expect(Zoom.command(["+"]) == .success(.zoomIn))
        #expect(Zoom.command(["-"]) == .success(.zoomOut))
        for wrong in [[], ["9"], ["x"], ["1", "2"], ["-3"]] {
            #expect(Zoom.command(wrong) == .failure(ZoomUsage()), "\(wrong)")
        }
        #expect(ZoomUsage().description == "zoom takes a level 1-8, fit (or 0), + or -: :zoom 3")
    }
}

/// Zoom in the app: keys, the command, and grids that fill the screen.
struct ZoomInTheAppTests {
    @Test func keysAndTheCommandChangeTheZoom() throws {
        var state = try Shipped.state("pytorch-example", width: 140, height: 45)
        let fitted = try #require(state.layout()?.fittedLevel)
        #expect(fitted > 1)
        state.type("+")
        #expect(state.zoom.level == min(8, fitted + 1))
        state.type("_")
        state.type("_")
        #expect(state.zoom.level == fitted - 1)
        state.type("-")
        #expect(state.mode != .normal, "on the input, - starts typing a value")
        state.press(.escape)
        while state.cursors.focus != .output { state.apply(.focusNext) }
        state.type("0")
        #expect(state.zoom == .fit)
        state.apply(.run("zoom 2"))
        #expect(state.zoom.level == 2)
        state.apply(.run("zoom 9"))
        #expect(state.status?.isError == true)
        #expect(state.zoom.level == 2)
        state.apply(.run("zoom fit"))
        #expect(state.zoom == .fit)
    }

    /// The share of columns and rows between the first and last non-blank cells of the panels' rows.
    static func spread(_ state: AppState) -> (columns: Double, rows: Double) {
        let lines = Screen.render(state, color: false).text.split(separator: "\n", omittingEmptySubsequences: false)
        let panelRows = lines.dropFirst(3).prefix { !$0.hasPrefix("H_out") }
        let filled = panelRows.enumerated().filter { !$0.element.trimmingCharacters(in: .whitespaces).isEmpty }
        let width = filled.map { $0.element.count }.max() ?? 0
        let height = (filled.last?.offset ?? 0) + 1
        return (Double(width) / Double(state.screenWidth), Double(height) / Double(state.screenHeight))
    }

    @Test(arguments: [(80, 24), (140, 45), (200, 60)]) func gridsFillTheScreen(width: Int, height: Int) throws {
        let state = try Shipped.state("pytorch-example", width: width, height: height)
        let spread = Self.spread(state)
        #expect(spread.columns >= 0.6, "\(spread)")
        #expect(spread.rows >= 0.5, "\(spread)")
    }

    @Test func zoomingInMakesTheGridsLarger() throws {
        var state = try Shipped.state("sobel", width: 140, height: 45)
        state.apply(.toggleHeatmap, .zoom(.set(1)))
        let small = Self.spread(state)
        state.apply(.zoom(.set(3)))
        let large = Self.spread(state)
        #expect(large.columns > small.columns && large.rows > small.rows, "\(small) \(large)")
    }
}
