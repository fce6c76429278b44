import Presets
import Testing

@testable import ConvvizUI

/// The small things a newcomer hit: an invalid `:` value says why, `[` at the first step stays there.
@Suite
struct NewcomerTests {
    @Test(arguments: [
        ("stride 0", "stride: stride must be at least 1 on each axis"),
        ("dilation 0 1", "dilation: dilation must be at least 1 on each axis"),
        ("groups 0", "groups: groups must be at least 1"),
    ])
    func anInvalidCommandValueSaysWhy(command: String, reason: String) throws {
        var state = try Shipped.state("pytorch-example", width: 80, height: 24)
        state.apply(.openCommandLine)
        state.type(command)
        state.press(.enter)
        #expect(state.status?.isError == true)
        #expect(state.status?.text.hasPrefix(reason) == true, "\(String(describing: state.status))")
        let bottom = Screen.render(state, color: false).lines.suffix(2).map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(bottom.joined(separator: " ").contains("error: " + reason), "\(bottom)")
        #expect(bottom.joined(separator: " ").hasSuffix("(u undoes)"))
        state.press(.character("u"))
        #expect(state.workspace.error == nil)
    }

    @Test func aValidCommandIsEchoed() throws {
        var state = try Shipped.state("pytorch-example", width: 80, height: 24)
        state.apply(.run("stride 2"))
        #expect(state.status == StatusMessage(text: ":stride 2", isError: false))
    }

    @Test func previousCellAtTheFirstStepStaysThere() throws {
        var state = try Shipped.state("pytorch-example", width: 80, height: 24)
        state.apply(.jumpToStart)
        state.press(.character("["))
        #expect(state.playback.position == 0)
        #expect(state.playback.revealing)
        state.press(.character("]"), .character("]"), .character("["))
        #expect(state.playback.position == 17)
    }

    @Test func aWrongQuizAnswerGetsAHintThenTheProductsThenTheWorking() throws {
        let preset = try PresetLoader.parse(LessonTests.text, file: "lesson.yaml")
        var state = AppState(preset: preset, width: 80, height: 24)
        state.apply(.toggleLesson, .lessonStep(1))
        var messages: [String] = []
        for answer in ["10", "12", "13"] {
            state.type(answer)
            state.press(.enter)
            messages.append(state.lesson?.verdict?.message ?? "")
        }
        #expect(messages[0].hasPrefix("Not 10 (too low). Hint: multiply each of the 9 weights by the input value"))
        #expect(!messages[0].contains("·"), "the first miss gives no products")
        #expect(messages[1].hasPrefix("Not 12 (too high). Add up the products: 1·1 + 2·1"))
        #expect(!messages[1].contains("= 11"))
        #expect(messages[2].hasPrefix("Not 13: out[0,2,2] = 11 = 1·1 + 2·1"))
    }

    @Test(arguments: ["max-pool", "transposed-overlap", "tiny-vgg"])
    func vSaysWhyWhereThereIsNoHeatmap(preset: String) throws {
        var state = try Shipped.state(preset, width: 80, height: 24)
        let heatmap = state.heatmap
        state.press(.character("v"))
        let after = state.heatmap
        #expect(after == heatmap)
        #expect(state.status?.isError == true)
        #expect(state.status?.text.contains("v works") == true, "\(String(describing: state.status))")
    }

    @Test func vTogglesTheHeatmapInTheDirectView() throws {
        var state = try Shipped.state("transposed-overlap", width: 80, height: 24)
        state.press(.character("e"), .character("v"))
        #expect(state.heatmap)
    }

    @Test func theBrowserAsksBeforeOpeningOverUnsavedEdits() throws {
        var state = try Shipped.state("pytorch-example", width: 80, height: 24)
        state.apply(.run("stride 2"))
        #expect(state.isDirty)
        state.apply(.openBrowser, .browse(1))
        state.press(.enter)
        guard case let .confirmOpen(name) = state.mode else {
            Issue.record("no question: \(state.mode)")
            return
        }
        let bottom = Screen.render(state, color: false).lines.suffix(2).joined(separator: " ")
        #expect(bottom.hasPrefix("Unsaved edits. Open \(name) without saving? y = open"))
        state.press(.character("n"))
        #expect(state.mode == .normal && state.isDirty)
        state.apply(.openBrowser, .browse(1))
        state.press(.enter)
        #expect(state.press(.character("y")) == [.load(name)])
    }

    @Test func theBrowserMarksLessonsAndShowsWhereItIs() throws {
        var state = try Shipped.state("pytorch-example", width: 80, height: 24)
        state.catalogue.descriptions = PresetLibrary(directory: Shipped.directory).descriptions()
        state.apply(.openBrowser, .browse(5))
        let lines = Screen.render(state, color: false).lines
        #expect(lines[0].hasSuffix("6/\(state.catalogue.names.count)"))
        #expect(lines.contains { $0.hasPrefix(" lesson-backward [lesson]") })
        #expect(!lines.contains { $0.hasPrefix(" pytorch-example [lesson]") })
        #expect(lines[1].contains("more"))
    }
}
