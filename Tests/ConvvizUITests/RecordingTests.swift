import Foundation
import Presets
import Testing

@testable import ConvvizUI

/// asciicast v2 recordings: a header line, then `[time, "o", frame]` events whose text is the renderer's.
struct RecordingTests {
    @Test func theRecordingParsesAndItsFramesAreTheRenderersFrames() throws {
        let state = try Shipped.state("pytorch-example", width: 80, height: 24)
        let cast = Recording.asciicast(state, stepsPerSecond: 4, color: true, title: "demo")
        let lines = cast.split(separator: "\n").map(String.init)
        let header = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect((header?["version"] as? NSNumber)?.intValue == 2)
        #expect((header?["width"] as? NSNumber)?.intValue == 80 && (header?["height"] as? NSNumber)?.intValue == 24)
        var events: [[Any]] = []
        for line in lines.dropFirst() {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            guard let event = object as? [Any] else {
                Issue.record("an event is not a list: \(line.prefix(80))")
                return
            }
            events.append(event)
        }
        #expect(events.count == 25 * 9 + 1, "\(events.count) events")
        var previous = -1.0
        for event in events {
            let time = try #require((event[0] as? NSNumber)?.doubleValue)
            #expect(time >= previous)
            previous = time
            #expect(event[1] as? String == "o")
        }
        var expected = state
        expected.isRecording = true
        _ = Reducer.reduce(&expected, .jumpToStart)
        _ = Reducer.reduce(&expected, .step(10))
        expected.playback.playing = true
        let frame = try #require(events[10][2] as? String)
        let recorded = AnsiFrame.plain(frame).split(separator: "\n", omittingEmptySubsequences: false).map(Self.trimmed)
        let rendered = Screen.render(expected, color: true).text.split(
            separator: "\n", omittingEmptySubsequences: false
        ).map(Self.trimmed)
        #expect(recorded == rendered)
        let plain = recorded.joined(separator: "\n")
        #expect(plain.contains("▶ playing"))
        for hint in ["? help", "q quit", "space", "Tab: next panel"] { #expect(!plain.contains(hint), "\(hint)") }
        let last = AnsiFrame.plain(try #require(events.last?[2] as? String))
        #expect(last.contains("■ whole output") && !last.contains("q quit"))
    }

    @Test func aLongAnimationIsSpedUpToTwoMinutesAndAThousandFrames() throws {
        let state = try Shipped.state("image-rgb-6-maps", width: 40, height: 12)
        let cast = Recording.asciicast(state, stepsPerSecond: 4, color: false, title: "long")
        let events = cast.split(separator: "\n").dropFirst()
        #expect(events.count <= Recording.maxFrames + 2)
        let last = try #require(try JSONSerialization.jsonObject(with: Data(events.last!.utf8)) as? [Any])
        let seconds = try #require((last[0] as? NSNumber)?.doubleValue)
        #expect(seconds <= Recording.maxSeconds + 1)
    }

    static func trimmed(_ line: Substring) -> String {
        var text = String(line)
        while text.last == " " { text.removeLast() }
        return text
    }
}
