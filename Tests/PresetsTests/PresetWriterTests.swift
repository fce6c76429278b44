import ConvCore
import Foundation
import Presets
import Testing

/// `PresetWriter.yaml` writes what `PresetLoader` reads back unchanged: any name or description text, and lessons.
struct PresetWriterTests {
    /// The minimised files the preset fuzzer found (finding F4 in docs/fuzzing.md).
    static let fuzzRegressions: [String] = {
        let folder = URL(fileURLWithPath: shippedPresetsDirectory).deletingLastPathComponent()
            .appendingPathComponent("Fuzz/regressions/preset")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder.appendingPathComponent($0).path }
    }()

    static let awkwardTexts = [
        "", "a", "a\n", "a\n\n", "\ta", "\n  a", " leading space", "trailing space ", "a\u{1}b", "a\u{7F}b", "a\u{85}b",
        "a\u{2028}b", "a\u{2029}b\n", "mid\u{FEFF}bom", "two\nlines\n", "  indented\nblock\n",
        "quotes \" and \\ backslash",
        "key: value", "- dash", "# hash", "yes", "null", "~", "123", "⌊(5 + 2 − 3) / 1⌋ + 1 = 5 ×", "emoji 🙂", "a\r\nb",
        "tabs\tand \"quotes\"", "\n", "\n\n", String(repeating: "[", count: 70),
        "a\\\"" + String(repeating: "{", count: 70),
        "- [out[0,1,2]\nnot closed [\n" + String(repeating: "[[ it's [\n", count: 30), "# not a comment: [[[[",
    ]

    @Test func theFuzzRegressionsReadBackEqual() throws {
        #expect(Self.fuzzRegressions.count >= 10)
        for path in Self.fuzzRegressions {
            // As the fuzzer reads its input: invalid UTF-8 becomes U+FFFD.
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
            let preset = try PresetLoader.parse(text, file: path)
            try expectRoundTrip(preset)
        }
    }

    @Test(arguments: awkwardTexts)
    func anyDescriptionReadsBackEqual(text: String) throws {
        var preset = try PresetLoader.parse(validPreset, file: "small.yaml")
        preset.description = text
        try expectRoundTrip(preset)
        if !text.isEmpty, !text.contains(where: \.isNewline) {
            preset.name = text
            try expectRoundTrip(preset)
        }
    }

    @Test func everyShippedPresetReadsBackEqualWithItsLesson() throws {
        let library = PresetLibrary(directory: shippedPresetsDirectory)
        var lessons = 0
        for name in library.names() {
            let preset = try library.load(name)
            lessons += preset.lesson.isEmpty ? 0 : 1
            try expectRoundTrip(preset)
        }
        #expect(lessons >= 5)
    }

    @Test func everyLessonFieldIsWritten() throws {
        var preset = try PresetLoader.parse(validPreset, file: "small.yaml")
        preset.lesson = [
            LessonStep(
                text: "Look.\nThen look again.",
                changes: ParameterChanges(
                    stride: AxisPair(height: 2, width: 1), padding: .explicit(height: 1, width: 0),
                    dilation: AxisPair(height: 1, width: 2),
                    groups: 1, paddingMode: .reflect, bias: true), select: [1, 0], animate: .cell),
            LessonStep(text: "same", changes: ParameterChanges(padding: .same, bias: false), animate: .all),
            LessonStep(text: "valid: what is the shape?", changes: ParameterChanges(padding: .valid), quiz: .shape),
            LessonStep(text: "and this cell?", select: [0, 0, 0, 0], quiz: .value),
        ]
        let text = PresetWriter.yaml(preset)
        #expect(
            text.contains(
                "set: {stride: [2, 1], padding: [1, 0], dilation: [1, 2], groups: 1, padding_mode: reflect, bias: on}"))
        #expect(text.contains("select: [0, 0, 0, 0]"))
        try expectRoundTrip(preset)
    }

    @Test func aFailedWriteSaysWhyInWords() throws {
        try withTemporaryDirectory { folder in
            let file = try write(Data("x".utf8), "file", in: folder)
            for (path, reason) in [
                ("\(folder.path)/missing/a.yaml", "the folder \(folder.path)/missing does not exist"),
                ("\(file)/a.yaml", "\(file) is not a folder"), (folder.path, "is a directory"),
                (file, "already exists; use :save! to replace it"),
            ] {
                do throws(PresetError) {
                    try PresetWriter.write("name: a\n", to: path, overwrite: false)
                    Issue.record("\(path) was written")
                } catch {
                    #expect(error.message.hasSuffix(reason), "\(error.message)")
                }
            }
        }
    }

    private func expectRoundTrip(_ preset: Preset, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = PresetWriter.yaml(preset)
        let again = try PresetLoader.parse(text, file: "saved.yaml")
        #expect(again == preset, "wrote:\n\(text)", sourceLocation: sourceLocation)
        #expect(PresetWriter.yaml(again) == text, sourceLocation: sourceLocation)
    }
}
