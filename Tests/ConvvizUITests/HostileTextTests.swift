import Foundation
import Presets
import Testing

@testable import ConvvizUI

/// Hostile text reaching the screen (issue 11, item 2): controls are shown, never drawn raw; wide and
/// combining characters take their real columns and never spill over their neighbours.
struct HostileTextTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("HostileCorpus/text")

    static let files = ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []).sorted()

    static func containsControls(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 != "\n" && SafeText.isUnsafe($0) }
    }

    @Test func theGridShowsControlsVisibly() {
        var grid = CellGrid(width: 30, height: 1)
        let end = grid.put("a\u{1B}]0;x\u{07}\u{202E}b", x: 0, y: 0)
        #expect(grid.text == "a\\e]0;x\\u{7}\\u{202E}b")
        #expect(end == 21)
        #expect(!grid.cells.contains { SafeText.isUnsafe($0.character.unicodeScalars.first!) })
    }

    @Test func wideCharactersTakeTwoCellsAndStopAtTheLimit() {
        var grid = CellGrid(width: 10, height: 1)
        grid.put("|", x: 6, y: 0)
        let end = grid.put("宽字符", x: 0, y: 0, limit: 5)
        #expect(end == 4)
        #expect(grid.text == "宽字  |")
        #expect(grid[1, 0].isWideTail && grid[3, 0].isWideTail && !grid[4, 0].isWideTail)
        #expect(AnsiFrame.plain(AnsiFrame.text(grid)) == "宽字  |   ")
        // Combining marks ride on their base; zero-width characters take no cell.
        var marks = CellGrid(width: 10, height: 1)
        #expect(marks.put("e\u{301}\u{301}x\u{200B}y", x: 0, y: 0) == 3)
        #expect(marks.text == "e\u{301}\u{301}xy")
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var grid = CellGrid(width: 6, height: 1)
        grid.put("宽宽", x: 0, y: 0)
        grid.put("x", x: 1, y: 0)
        #expect(grid.text == " x宽")
        grid.put("y", x: 2, y: 0)
        #expect(grid.text == " xy")
        #expect(!grid.cells.contains { $0.isWideTail })
    }

    @Test func ctrlCIsAKeyThatCancelsOrAsks() throws {
        var state = try Shipped.state("pytorch-example")
        _ = state.press(.character("7"))
        if case .editing = state.mode {} else { Issue.record("not editing: \(state.mode)") }
        _ = state.press(.control("c"))
        #expect(state.mode == .normal && !state.isDirty)
        _ = state.press(.character("7"), .enter)
        #expect(state.isDirty)
        #expect(state.press(.control("c")).isEmpty)
        #expect(state.mode == .confirmQuit)
        _ = state.press(.control("c"))
        #expect(state.mode == .normal && state.isDirty)
        _ = state.press(.character(":"), .character("x"), .control("c"))
        #expect(state.mode == .normal)
    }

    @Test func aLessonStepAtTheTextLimitDrawsQuickly() throws {
        let words = String(repeating: "word ", count: PresetLoader.maxTextCharacters / 10 - 1)
        let text = "name: x\ninput: [[1, 2], [3, 4]]\nkernel: [[1]]\nlesson:\n  - text: \"\(words)\\n\(words)\"\n"
        var state = AppState(preset: try PresetLoader.parse(text, file: "l.yaml"), width: 120, height: 40)
        _ = Reducer.reduce(&state, .toggleLesson)
        let start = Date()
        for _ in 0..<20 { _ = Screen.render(state, color: true) }
        let perFrame = Date().timeIntervalSince(start) / 20
        #expect(perFrame < 0.25, "\(perFrame) s a frame")
        #expect(Screen.render(state, color: false).text.contains("Lesson · step 1/1"))
    }

    @Test func asciiOnlyTerminalsKeepTheArithmeticTrue() throws {
        var grid = CellGrid(width: 60, height: 2)
        grid.put("H = ⌊(5 − 1·(3−1)) / 2⌋ + 1 = 2  |", x: 0, y: 0)
        grid.put("宽 → ∞", x: 0, y: 1)
        let ascii = grid.asciiOnly()
        #expect(ascii.text == "H = floor((5 - 1*(3-1)) / 2) + 1 = 2  |\n?? -> inf")
        #expect(ascii.cells.allSatisfy { cell in cell.character.isASCII })
        // A whole screen under LC_ALL=C: only ASCII, and the products keep their operator.
        let state = try Shipped.state("pytorch-example", width: 120, height: 40)
        let screen = Screen.render(state, color: false).asciiOnly().text
        #expect(screen.allSatisfy { $0.isASCII })
        #expect(screen.contains("1*1 + 0*2") && screen.contains("floor((5 + 1 + 1 - 1*(3-1) - 1) / 1) + 1 = 5"))
    }

    @Test(arguments: files) func screensAndRecordingsNeverCarryRawControls(name: String) throws {
        let preset = try PresetLoader.load(path: Self.corpus.appendingPathComponent(name).path)
        var state = AppState(preset: preset, width: 100, height: 30)
        if !preset.lesson.isEmpty { _ = Reducer.reduce(&state, .toggleLesson) }
        let screen = Screen.render(state, color: false).text
        #expect(!Self.containsControls(screen), "\(screen)")
        let cast = Recording.asciicast(state, stepsPerSecond: 1000, color: false, title: "convviz: \(preset.name)")
        for line in cast.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            let text = (object as? [String: Any])?["title"] as? String ?? ((object as? [Any])?[2] as? String ?? "")
            let ours = text.replacingOccurrences(
                of: "\u{1B}\\[[0-9;]*[mHJ]|\r\n", with: "",
                options: .regularExpression)
            #expect(!Self.containsControls(ours), "\(text.debugDescription)")
        }
    }
}
