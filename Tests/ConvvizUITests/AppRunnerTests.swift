import ConvCore
import Foundation
import Presets
import Testing

@testable import ConvvizUI

/// The main loop over a scripted terminal and a fake clock; saving and loading through real files.
struct AppRunnerTests {
    final class ScriptedTerminal: TerminalDevice {
        var events: [TerminalEvent]
        var frames: [CellGrid] = []
        let size: (width: Int, height: Int) = (80, 24)

        init(_ events: [TerminalEvent]) { self.events = events }

        func nextEvent(timeoutMilliseconds: Int) -> TerminalEvent {
            events.isEmpty ? .endOfInput : events.removeFirst()
        }

        func draw(_ grid: CellGrid) { frames.append(grid) }
    }

    final class FakeClock: @unchecked Sendable {
        var now = 0.0
        func read() -> Double {
            now += 0.25
            return now
        }
    }

    func runner(_ clock: FakeClock = FakeClock()) -> AppRunner {
        AppRunner(clock: clock.read, color: false, library: PresetLibrary(directory: Shipped.directory))
    }

    @Test func keysEditTheInputAndQQuitsAfterConfirming() throws {
        let terminal = ScriptedTerminal([
            .input(.key(.character("7"))), .input(.key(.enter)),
            .input(.key(.character("q"))), .input(.key(.character("y"))),
            .input(.key(.character("s"))),
        ])
        let final = runner().run(try Shipped.state("pytorch-example"), on: terminal)
        #expect(final.preset.input[0, 0, 0, 0] == 7)
        #expect(final.preset.parameters.stride == .uniform(1), "keys after quitting are not read")
        #expect(terminal.frames.count == 4, "the first frame, then one after each key until y quits")
        #expect(terminal.frames.last?.text.contains("17") == true)
    }

    @Test func playingTicksWithTheInjectedClock() throws {
        let terminal = ScriptedTerminal([.input(.key(.character(" "))), .timeout, .timeout, .timeout])
        let final = runner().run(try Shipped.state("pytorch-example"), on: terminal)
        #expect(final.playback.position == 2)
    }

    @Test func theExplorerPlaysToo() throws {
        let terminal = ScriptedTerminal([
            .input(.key(.character(" "))), .timeout, .timeout, .timeout, .timeout, .timeout,
        ])
        let final = runner().run(try Shipped.state("max-pool"), on: terminal)
        #expect(final.playback.position == 4)
    }

    @Test func saveWritesAtomicallyAndNeverReplacesUnasked() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("convviz-save-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("mine.yaml").path
        var state = try Shipped.state("pytorch-example")
        state.apply(.run("stride 2"))
        let effects = state.apply(.run("save \(path)"))
        #expect(runner().perform(try #require(effects.first)) == .saved(path: path))
        let saved = try PresetLoader.load(path: path)
        #expect(saved.parameters.stride == .uniform(2))
        #expect(saved.input == state.preset.input)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("  - [1, 2, 0, 3, 1]"))
        let again = state.apply(.run("save \(path)"))
        guard case let .saveFailed(message)? = runner().perform(try #require(again.first)) else {
            Issue.record("an existing file was replaced without asking")
            return
        }
        #expect(message.contains("already exists"))
        let replace = try #require(state.apply(.run("save! \(path)")).first)
        #expect(runner().perform(replace) == .saved(path: path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(leftovers == ["mine.yaml"], "no temporary files are left behind")
    }

    @Test func aFailedSaveSaysSoAndKeepsEverything() throws {
        var state = try Shipped.state("pytorch-example")
        state.type("9")
        state.press(.enter)
        let effects = state.apply(.run("save /nonexistent-folder/x.yaml"))
        let effect = try #require(effects.first)
        let result = try #require(runner().perform(effect))
        state.apply(result)
        #expect(state.status?.isError == true)
        #expect(state.preset.input[0, 0, 0, 0] == 9)
        #expect(state.isDirty)
    }

    @Test func loadReportsAMissingPreset() throws {
        let result = runner().perform(.load("no-such-preset"))
        guard case let .loadFailed(message)? = result else {
            Issue.record("expected loadFailed, got \(String(describing: result))")
            return
        }
        #expect(message.contains("no such file or shipped preset"))
    }
}
