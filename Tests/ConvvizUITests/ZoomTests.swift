@testable import ConvvizUI
import Testing

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
