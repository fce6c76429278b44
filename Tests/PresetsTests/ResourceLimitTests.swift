import ConvCore
import Foundation
import Presets
import Testing

/// Hostile sizes (issue 11, items 5, 6, 8 and 9): refused with a clean error before the work or memory
/// they would cost.
struct ResourceLimitTests {
    func parseError(_ text: String) -> PresetError? {
        do {
            _ = try PresetLoader.parse(text, file: "h.yaml")
            return nil
        } catch {
            return error
        }
    }

    static let seed = "name: x\ninput: [[1, 2], [3, 4]]\nkernel: [[1]]\n"

    @Test func anUnknownTopLevelKeyIsRefusedBeforeItsValuesAreParsed() {
        // 3 million values under an unknown key: refused on its line, before any tree is built.
        let text = Self.seed + "junk: [" + String(repeating: "1,", count: 3_000_000) + "1]\n"
        let error = parseError(text)
        #expect(error?.line == 4 && error?.key == "junk" && error?.message.hasPrefix("unknown key") == true)
    }

    @Test func tooManyValuesAreRefusedBeforeTheTreeIsBuilt() {
        let quoted = Self.seed + "\"junk\": [" + String(repeating: "1,", count: PresetLoader.maxValues) + "1]\n"
        let limit = PresetLoader.maxValues
        #expect(parseError(quoted)?.message.hasPrefix("the file holds more than \(limit) values") == true)
        let block = Self.seed + "lesson:\n  - text: a\n    junk:\n" + String(repeating: "      -\n", count: limit)
        #expect(parseError(block)?.message.contains("values") == true)
    }

    @Test func multiLineQuotedTextIsNotMistakenForKeys() throws {
        let preset = try PresetLoader.parse("name: \"a\nb: c\"\ninput: [[1]]\nkernel: [[1]]\n", file: "q.yaml")
        #expect(preset.name == "a b: c")
    }

    @Test func didYouMeanIsCappedOnHugeKeys() {
        let start = Date()
        let key = String(repeating: "k", count: 1_000_000)
        #expect(Suggestion.nearest(to: key, in: PresetLoader.knownKeys) == nil)
        #expect(Suggestion.nearest(to: "strid", in: PresetLoader.knownKeys) == "stride")
        let error = parseError(Self.seed + key + ": 1\n")
        #expect(error?.message.hasPrefix("unknown key; known keys") == true)
        #expect((error?.description.count ?? .max) < 3 * PresetError.maxPartCharacters)
        #expect(error?.description.contains("(1000000 characters)") == true)
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test func lessonAndTextLimits() {
        let steps = PresetLoader.maxLessonSteps, characters = PresetLoader.maxTextCharacters
        let tooMany = Self.seed + "lesson:\n" + String(repeating: "  - text: a\n", count: steps + 1)
        #expect(parseError(tooMany)?.message == "has \(steps + 1) steps; lessons are limited to \(steps)")
        let longText = Self.seed + "lesson:\n  - text: " + String(repeating: "w", count: characters + 1) + "\n"
        #expect(parseError(longText)?.key == "lesson, step 1, text")
        let longName =
            "name: " + String(repeating: "n", count: PresetLoader.maxNameCharacters + 1)
            + "\ninput: [[1]]\nkernel: [[1]]\n"
        #expect(parseError(longName)?.key == "name")
        let longDescription = Self.seed + "description: " + String(repeating: "d", count: characters + 1) + "\n"
        #expect(parseError(longDescription)?.key == "description")
        let step = "  - text: " + String(repeating: "w", count: characters) + "\n"
        let atTheLimits = Self.seed + "lesson:\n" + String(repeating: step, count: steps)
        #expect(parseError(atTheLimits) == nil)
    }

    @Test func aSaveNeverWritesWhatALoadWouldRefuse() throws {
        // A legal 2364x2364 RGB image (16.7 million values) cannot be a YAML preset: the save says so, and
        // writes nothing.
        let side = 2364
        let image = Tensor(
            shape: Shape4(n: 1, c: 3, h: side, w: side),
            values: Array(repeating: 1, count: 3 * side * side))
        let preset = Preset(
            name: "big", input: image,
            inputRank: 3, kernel: Tensor(shape: Shape4(n: 1, c: 3, h: 1, w: 1), values: [1, 1, 1]))
        let text = PresetWriter.yaml(preset)
        try withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("big.yaml").path
            do throws(PresetError) {
                try PresetWriter.write(text, to: path, overwrite: false)
                Issue.record("the save went through")
            } catch {
                #expect(error.message.hasPrefix("not saved: "), "\(error)")
                #expect(error.message.hasSuffix("(the file could not be loaded again)"))
            }
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }
}
