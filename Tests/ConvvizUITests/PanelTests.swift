import ConvCore
import Presets
import Testing

@testable import ConvvizUI

/// Panels, the layout solver and the screen skeleton, drawn into small grids and compared cell by cell.
struct PanelTests {
    /// A panel of one 2x3 grid, `[1 2 3; 4 5 6]`, with the middle column bracketed.
    static var numbers: Panel {
        Panel(
            title: "x (2, 3)", focused: false,
            blocks: [
                .text("c0", Theme.title),
                .grid(
                    GridSpec(
                        rows: 2, slices: [3], cellWidth: 1,
                        look: { row, _, column in
                            CellLook(text: "\(row * 3 + column + 1)", bracketed: column == 1)
                        }, target: { row, _, column in (.input, TensorIndex(channel: 0, row: row, column: column)) })),
            ], anchor: (0, 0))
    }

    func draw(_ panel: Panel, in rect: Rect, width: Int, height: Int) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        PlacedPanel(panel, in: rect).draw(into: &grid)
        return grid
    }

    @Test func aPanelDrawsItsTitleTextAndBracketedCells() {
        let grid = draw(Self.numbers, in: Rect(x: 1, y: 0, width: 9, height: 4), width: 10, height: 4)
        #expect(
            grid.lines
                == CellGrid(lines: [
                    " x (2, 3) ",
                    " c0       ",
                    "  1[2]3   ",
                    "  4[5]6   ",
                ]).lines)
    }

    @Test func aPanelTooSmallScrollsToItsAnchorAndSaysItIsCut() {
        var panel = Self.numbers
        panel.anchor = (2, 0)  // the second grid row
        let grid = draw(panel, in: Rect(x: 0, y: 0, width: 10, height: 2), width: 10, height: 2)
        #expect(
            grid.lines
                == CellGrid(lines: [
                    "x (2, 3) ⋯",
                    " 4[5]6    ",
                ]).lines)
    }

    @Test func clicksLandOnTheCellDrawnThere() {
        let placed = PlacedPanel(Self.numbers, in: Rect(x: 1, y: 0, width: 9, height: 4))
        #expect(placed.target(x: 4, y: 2)?.1 == TensorIndex(channel: 0, row: 0, column: 1))
        #expect(placed.target(x: 6, y: 3)?.1 == TensorIndex(channel: 0, row: 1, column: 2))
        #expect(placed.target(x: 2, y: 1) == nil, "the channel label is no cell")
    }

    @Test func rowsStackFromTheTopAndTheBottomAroundTheFill() {
        let rows = Layout.rows(
            of: Rect(x: 0, y: 0, width: 80, height: 24),
            [.fixed(1), .fixed(1), .fill, .fixed(2), .fixed(1)])
        #expect(rows.map(\.y) == [0, 1, 2, 21, 23])
        #expect(rows.map(\.height) == [1, 1, 19, 2, 1])
        let cramped = Layout.rows(of: Rect(x: 0, y: 0, width: 10, height: 3), [.fixed(2), .fill, .fixed(2)])
        #expect(cramped[1].height == 0, "the fill never goes negative")
    }

    @Test func columnsShrinkTheWidestFirst() {
        #expect(Layout.fit([10, 30, 20], into: 50, gap: 2) == [10, 18, 18])
        #expect(Layout.fit([10, 12], into: 100, gap: 2) == [10, 12], "what fits keeps its width")
        #expect(Layout.fit([30, 30], into: 10, gap: 2) == [8, 8], "never below the minimum")
        let columns = Layout.columns(of: Rect(x: 0, y: 3, width: 50, height: 5), widths: [10, 18, 18], gap: 2)
        #expect(columns.map(\.x) == [0, 12, 32])
    }

    @Test func theSkeletonPutsTheFooterAndStatusAtTheBottom() {
        var skeleton = ScreenSkeleton(title: [("t", .plain)])
        skeleton.lesson = ["lesson", "text"]
        skeleton.footer = [[("formula", .plain)], [("sum", .plain)], [("play", .plain)]]
        let regions = skeleton.regions(width: 80, height: 24)
        #expect(regions.status.y == 23)
        #expect(regions.footer.y == 20)
        #expect(regions.lesson.y == 18)
        #expect(regions.panels == Rect(x: 0, y: 3, width: 80, height: 14))
    }

    @Test func onlyTheDirectViewMarksInsertedZeros() throws {
        let transposed = try AppState(
            preset: PresetLoader.parse(
                """
                name: up
                input: [[1, 2], [3, 4]]
                kernel: [[1, 1], [1, 1]]
                transposed: true
                stride: 2
                """, file: "up.yaml"), width: 100, height: 30)
        let direct = try #require(transposed.transposed?.direct)
        let marked = PanelBuilder(transposed, direct).inputPanel()
        let plain = PanelBuilder(transposed, ShownConvolution(workspace: direct.workspace, roles: nil)).inputPanel()
        let grid = { (panel: Panel) in
            self.draw(panel, in: Rect(x: 0, y: 0, width: 30, height: 10), width: 30, height: 10).lines.joined()
        }
        #expect(grid(marked).contains("◦"))
        #expect(!grid(plain).contains("◦"), "the same convolution without the roles is an ordinary conv2d")
    }
}
