import Presets
import SnapshotTesting
import Testing

@testable import ConvvizUI

/// Text snapshots of whole screens at 80x24, 140x45 and 200x60 (re-record with SNAPSHOT_TESTING_RECORD=all), and
/// colour snapshots of half-block pictures (the frames as ANSI text, one line a row).
@Suite
struct ScreenSnapshotTests {
    static let sizes = [(80, 24), (140, 45), (200, 60)]

    func snapshot(
        _ state: AppState, named name: String, fileID: StaticString = #fileID, file: StaticString = #filePath,
        line: UInt = #line, column: UInt = #column
    ) {
        assertSnapshot(
            of: Screen.render(state, color: false).text, as: .lines, named: name,
            fileID: fileID, file: file, testName: "screen", line: line, column: column)
    }

    @Test(arguments: sizes) func pytorchExampleMidAnimation(width: Int, height: Int) throws {
        var state = try Shipped.state("pytorch-example", width: width, height: height)
        state.apply(.jumpToStart, .step(12))
        snapshot(state, named: "pytorch-example-step-12-\(width)x\(height)")
    }

    @Test(arguments: sizes) func paddingModePreset(width: Int, height: Int) throws {
        var state = try Shipped.state("padding-reflect", width: width, height: height)
        state.apply(.focusNext, .focusNext, .select(.output, .init(channel: 0, row: 0, column: 0)))
        snapshot(state, named: "padding-reflect-\(width)x\(height)")
    }

    @Test(arguments: sizes) func depthwisePreset(width: Int, height: Int) throws {
        var state = try Shipped.state("depthwise", width: width, height: height)
        state.apply(.jumpToStart, .stepCell(10), .step(-3))
        snapshot(state, named: "depthwise-\(width)x\(height)")
    }

    @Test(arguments: sizes) func helpScreen(width: Int, height: Int) throws {
        var state = try Shipped.state("pytorch-example", width: width, height: height)
        state.apply(.showHelp)
        snapshot(state, named: "help-\(width)x\(height)")
    }

    @Test(arguments: sizes) func invalidParameters(width: Int, height: Int) throws {
        var state = try Shipped.state("pytorch-example", width: width, height: height)
        state.apply(.adjustBothAxes(.strideHeight, 1), .run("padding same"))
        snapshot(state, named: "invalid-same-with-stride-\(width)x\(height)")
    }

    @Test(arguments: sizes) func heatmap(width: Int, height: Int) throws {
        var state = try Shipped.state("rgb-3-to-6", width: width, height: height)
        state.apply(.toggleHeatmap, .jumpToStart, .step(40))
        snapshot(state, named: "heatmap-rgb-\(width)x\(height)")
    }

    @Test(arguments: sizes) func lessonAndQuiz(width: Int, height: Int) throws {
        var state = AppState(
            preset: try PresetLoader.parse(LessonTests.text, file: "lesson.yaml"), width: width, height: height)
        state.apply(.toggleLesson, .tick(0), .tick(1))
        snapshot(state, named: "lesson-step-1-\(width)x\(height)")
        state.apply(.lessonStep(1), .quizType("1"), .quizType("0"))
        snapshot(state, named: "quiz-typing-\(width)x\(height)")
        state.apply(.quizSubmit)
        snapshot(state, named: "quiz-wrong-\(width)x\(height)")
    }

    @Test(arguments: sizes) func transposedViews(width: Int, height: Int) throws {
        var state = AppState(
            preset: try PresetLoader.parse(ExplorerTests.transposed, file: "t.yaml"), width: width, height: height)
        state.apply(.jumpToStart, .step(2))
        snapshot(state, named: "transposed-scatter-\(width)x\(height)")
        state.apply(.toggleTransposedView, .jumpToStart, .step(5))
        snapshot(state, named: "transposed-direct-\(width)x\(height)")
    }

    @Test(arguments: sizes) func pooling(width: Int, height: Int) throws {
        var state = AppState(
            preset: try PresetLoader.parse(ExplorerTests.pooling, file: "p.yaml"), width: width, height: height)
        state.apply(.jumpToStart, .step(6))
        snapshot(state, named: "max-pool-\(width)x\(height)")
    }

    @Test(arguments: [ColorDepth.trueColor, .palette256]) func halfBlockPicture(depth: ColorDepth) throws {
        var state = try Shipped.state("image-digit", width: 80, height: 24)
        state.colorDepth = depth
        state.heatmap = true
        state.apply(.jumpToStart, .stepCell(30), .step(4))
        let lines = AnsiFrame.text(Screen.render(state)).components(separatedBy: "\r\n").joined(separator: "\n")
        assertSnapshot(
            of: lines, as: .lines, named: "image-digit-\(depth == .trueColor ? "24bit" : "256")-80x24",
            testName: "picture")
    }

    @Test(arguments: sizes) func heatmapWithoutColour(width: Int, height: Int) throws {
        var state = try Shipped.state("sobel", width: width, height: height)
        state.apply(.toggleHeatmap, .jumpToStart, .stepCell(20), .step(4))
        snapshot(state, named: "sobel-heatmap-\(width)x\(height)")
    }

    @Test(arguments: [(80, 24), (140, 45), (200, 60)]) func tinyVGGPipeline(width: Int, height: Int) throws {
        var state = try Shipped.state("tiny-vgg", width: width, height: height)
        state.apply(.move(rows: -2, columns: 3))
        snapshot(state, named: "tiny-vgg-pipeline-\(width)x\(height)")
    }

    @Test func tinyVGGPipelinePathsAndHelp() throws {
        var state = try Shipped.state("tiny-vgg", width: 140, height: 45)
        state.apply(.run("layer 8"), .run("unit 0 25"), .toggleFieldPaths)
        snapshot(state, named: "tiny-vgg-pipeline-paths-140x45")
        state.apply(.resize(width: 80, height: 24), .showHelp)
        snapshot(state, named: "tiny-vgg-pipeline-help-80x24")
    }

    @Test func stackLessonStep() throws {
        var state = try Shipped.state("lesson-paths", width: 140, height: 45)
        state.apply(.toggleLesson, .lessonStep(2))
        snapshot(state, named: "lesson-paths-step-3-140x45")
    }

    @Test func tooSmall() throws {
        let state = try Shipped.state("pytorch-example", width: 30, height: 10)
        snapshot(state, named: "too-small-30x10")
    }
}
