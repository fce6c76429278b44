import ConvCore
import Foundation
import Presets
import Testing

/// `PresetLoader.load(path:)` on real files: missing, directories, bytes that are not text, JSON, huge
/// inputs, and hostile YAML (alias bombs, absurd nesting) that must fail fast without crashing.
struct PresetFileTests {
    @Test func aYAMLFileLoads() throws {
        try withTemporaryDirectory { folder in
            let path = try write(Data(validPreset.utf8), "small.yaml", in: folder)
            let preset = try PresetLoader.load(path: path)
            #expect(preset.name == "small")
            #expect(preset.input.values == [1, 2, 0, 0, 1, 1, 1, 2, 1])
        }
    }

    @Test func aMissingFile() throws {
        let path = "/nonexistent-\(UUID().uuidString)/preset.yaml"
        let error = try #require(loadError(path))
        #expect(error.file == path)
        #expect(error.message.contains("no such file"))
        #expect(error.description.hasPrefix(path))
    }

    @Test func aDirectory() throws {
        try withTemporaryDirectory { folder in
            let error = try #require(loadError(folder.path))
            #expect(error.message.contains("directory"))
            #expect(error.description.contains(folder.path))
            // Even one named like a preset.
            let named = folder.appendingPathComponent("looks.yaml")
            try FileManager.default.createDirectory(at: named, withIntermediateDirectories: false)
            #expect(try #require(loadError(named.path)).message.contains("directory"))
        }
    }

    @Test func bytesThatAreNotUTF8() throws {
        try withTemporaryDirectory { folder in
            var data = Data("name: binary\ninput: [[1]]\nkernel: [[1]]\ndescription: ".utf8)
            data.append(contentsOf: [0xFF, 0xFE, 0xC3, 0x28, 0x80, 0x00, 0x0A])
            let path = try write(data, "binary.yaml", in: folder)
            let error = try #require(loadError(path))
            #expect(error.message.contains("UTF-8"))
            #expect(error.description.contains("binary.yaml"))
            // A PNG header.
            let png = try write(
                Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0xFF]), "image.yaml",
                in: folder)
            _ = try #require(loadError(png))
        }
    }

    @Test func anEmptyFileOnDisk() throws {
        try withTemporaryDirectory { folder in
            let path = try write(Data(), "empty.yaml", in: folder)
            let error = try #require(loadError(path))
            #expect(error.message.contains("empty"))
            #expect(error.file == path)
        }
    }

    @Test func errorsNameThePathTheUserGave() throws {
        try withTemporaryDirectory { folder in
            let path = try write(Data((validPreset + "strid: 2\n").utf8), "typo.yaml", in: folder)
            let error = try #require(loadError(path))
            #expect(error.description == "\(path), line 9: strid: \(error.message)")
        }
    }

    @Test func aJSONPresetLoads() throws {
        try withTemporaryDirectory { folder in
            let json =
                #"{"name": "json preset", "input": [[1, 2, 0], [0, 1, 1], [1, 2, 1]], "kernel": [[1, 0], [0, 1]], "padding": 1, "bias": [0.5]}"#
            let preset = try PresetLoader.load(path: try write(Data(json.utf8), "p.json", in: folder))
            #expect(preset.name == "json preset")
            #expect(preset.parameters.padding == .uniform(1))
            #expect(preset.bias == [0.5])
            #expect(try preset.convolution().output().shape == Shape4(n: 1, c: 1, h: 4, w: 4))
        }
    }

    @Test func aJSONPresetIndentedWithTabsLoads() throws {
        try withTemporaryDirectory { folder in
            let json =
                "{\n\t\"name\": \"tabs\",\n\t\"input\": [\n\t\t[1, 2, 0],\n\t\t[0, 1, 1],\n\t\t[1, 2, 1]\n\t],\n\t\"kernel\": [\n\t\t[1, 0],\n\t\t[0, 1]\n\t],\n\t\"padding_mode\": \"circular\",\n\t\"padding\": 1\n}\n"
            let preset = try PresetLoader.load(path: try write(Data(json.utf8), "tabs.json", in: folder))
            #expect(preset.name == "tabs")
            #expect(preset.input.values == [1, 2, 0, 0, 1, 1, 1, 2, 1])
            #expect(preset.parameters.paddingMode == .circular)
            // The same through parse with isJSON.
            #expect(try PresetLoader.parse(json, file: "tabs.json", isJSON: true) == preset)
        }
    }

    @Test func aBadJSONPresetNamesTheLine() throws {
        let json = "{\n  \"name\": \"bad\",\n  \"input\": [[1, 2], [3]],\n  \"kernel\": [[1]]\n}\n"
        let error = try #require(parseError(json, file: "bad.json", isJSON: true))
        #expect(error.key == "input, row 2")
        #expect(error.line == 3)
    }

    /// A preset with a `size` x `size` input of digits and a 3x3 kernel.
    static func largePreset(_ size: Int) -> String {
        var text = "name: large\nkernel: [[1, 0, -1], [2, 0, -2], [1, 0, -1]]\ninput:\n"
        text.reserveCapacity(size * size * 3 + size * 8)
        for row in 0..<size {
            text += "  - ["
            text += (0..<size).map { String((row + $0) % 10) }.joined(separator: ", ")
            text += "]\n"
        }
        return text
    }

    @Test func aLargeInputLoadsInAFewSeconds() throws {
        try withTemporaryDirectory { folder in
            // A 150x150 probe first: when it is far too slow, say so without spending minutes on the full size.
            let probe = try write(Data(Self.largePreset(150).utf8), "probe.yaml", in: folder)
            let probeTime = try seconds { _ = try PresetLoader.load(path: probe) }
            let projected = probeTime * 100
            guard projected < 60 else {
                Issue.record(
                    "a 150x150 input took \(probeTime) CPU s to load, so a 1500x1500 one would take about \(Int(projected)) s"
                )
                return
            }
            let size = 1500
            let path = try write(Data(Self.largePreset(size).utf8), "large.yaml", in: folder)
            var preset: Preset?
            let elapsed = try seconds { preset = try PresetLoader.load(path: path) }
            let loaded = try #require(preset)
            #expect(loaded.input.shape == Shape4(n: 1, c: 1, h: size, w: size))
            #expect(loaded.input[0, 0, 1499, 1498] == Double((1499 + 1498) % 10))
            #expect(elapsed < 15, "a 1500x1500 input took \(elapsed) CPU s to load (debug build)")
        }
    }

    @Test func aBillionLaughsFailsFast() throws {
        // The classic: nine levels of nine-fold aliases under input.
        var classic = "name: lol\nkernel: [[1]]\ninput: &a0 [[1, 1, 1, 1, 1, 1, 1, 1, 1]]\n"
        for level in 1...9 {
            classic +=
                "description: &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
                + "]\n"
        }
        // Rank-4 grid built from aliases: 1000 numbers per row, 1000 rows per channel, 16 channels, 1000 items
        // (16 billion numbers from a ~20 kB file).
        let row = "&r [" + Array(repeating: "1", count: 1000).joined(separator: ", ") + "]"
        let channel = "&c [" + row + ", " + Array(repeating: "*r", count: 999).joined(separator: ", ") + "]"
        let item = "&i [" + channel + ", " + Array(repeating: "*c", count: 15).joined(separator: ", ") + "]"
        let batch = "[" + item + ", " + Array(repeating: "*i", count: 999).joined(separator: ", ") + "]"
        let grid = "name: bomb\nkernel: [[1]]\ninput: " + batch + "\n"
        let kernelBomb =
            "name: bomb\ninput: [[1]]\nkernel: [[[" + row + ", "
            + Array(repeating: "*r", count: 999).joined(separator: ", ")
            + "]], " + Array(repeating: "[[*r]]", count: 999).joined(separator: ", ") + "]\n"
        for (name, text) in [("classic", classic), ("grid", grid), ("kernel", kernelBomb)] {
            var error: PresetError?
            let elapsed = seconds { error = parseError(text, file: "\(name).yaml") }
            #expect(error != nil, "\(name)")
            #expect(elapsed < 1, "\(name) took \(elapsed) CPU s")
        }
    }

    @Test func absurdNestingFailsWithoutCrashing() throws {
        let depth = 100_000
        let cases = [
            ("open", "name: deep\nkernel: [[1]]\ninput: " + String(repeating: "[", count: depth) + "\n"),
            (
                "closed",
                "name: deep\nkernel: [[1]]\ninput: " + String(repeating: "[", count: depth) + "1"
                    + String(repeating: "]", count: depth) + "\n"
            ),
            (
                "braces",
                "name: deep\nkernel: [[1]]\ninput: " + String(repeating: "{a: ", count: depth) + "1"
                    + String(repeating: "}", count: depth) + "\n"
            ),
            ("block", "name: deep\nkernel: [[1]]\ninput:\n" + String(repeating: "- ", count: depth) + "1\n"),
            (
                "indent",
                "name: deep\nkernel: [[1]]\ninput:\n"
                    + (0..<2000).map { String(repeating: " ", count: $0 + 1) + "- x:" }.joined(separator: "\n") + "\n"
            ),
        ]
        for (name, text) in cases {
            var error: PresetError?
            let elapsed = seconds { error = parseError(text, file: "\(name).yaml") }
            let found = try #require(error, "\(name)")
            #expect(found.file == "\(name).yaml")
            #expect(elapsed < 2, "\(name) took \(elapsed) CPU s")
        }
        // Nesting inside a quoted string or a comment is just text.
        let quoted = try PresetLoader.parse(
            validPreset + "description: \"" + String(repeating: "[", count: 500) + "\" # "
                + String(repeating: "[", count: 500) + "\n", file: "q.yaml")
        #expect(quoted.description?.count == 500)
    }
}
