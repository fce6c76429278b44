import ConvCore
import Foundation
import Presets
import Testing

/// `PresetLibrary`: shipped presets found by name, paths used as given, typos answered with a suggestion.
struct PresetLibraryTests {
    let library = PresetLibrary(directory: shippedPresetsDirectory)

    @Test func theDefaultPresetIsShipped() throws {
        #expect(library.names().contains(PresetLibrary.defaultName))
        #expect(PresetLibrary.defaultName == "pytorch-example")
        let preset = try library.load("pytorch-example")
        #expect(preset.input.shape == Shape4(n: 1, c: 1, h: 5, w: 5))
        #expect(preset.parameters.padding == .uniform(1))
        #expect(
            OutputText.json(try preset.convolution().output())
                == #"{"shape": [1, 1, 5, 5], "output": [[[[1, 3, 3, 5, 1], [5, 10, 11, 9, 5], [7, 17, 11, 8, 3], [11, 13, 9, 3, 4], [14, 13, 9, 7, 4]]]]}"#
        )
    }

    @Test func theLibraryCoversEveryIdea() {
        let names = Set(library.names())
        #expect(names.count >= 16)
        for name in [
            "pytorch-example", "valid-vs-same", "full-padding", "stride-2", "stride-2-odd", "dilation-2",
            "rectangular-kernel", "padding-reflect", "padding-replicate", "padding-circular", "padding-zeros",
            "bias", "rgb-3-to-6", "groups-2", "depthwise", "depthwise-separable", "pointwise-1x1", "sobel-x",
            "sobel-y", "blur", "sharpen", "image-rgb-6-maps", "lesson-pytorch-example", "lesson-output-size",
            "lesson-channels-groups", "transposed-upsample-2", "max-pool", "avg-pool",
        ] {
            #expect(names.contains(name), "\(name) is shipped")
        }
    }

    @Test func everyShippedPresetLoads() throws {
        let names = library.names()
        #expect(!names.isEmpty)
        #expect(names == names.sorted())
        for name in names {
            let path = try #require(library.path(named: name))
            let preset = try PresetLoader.load(path: path)
            #expect(!preset.name.isEmpty, "\(name)")
            #expect(!(preset.description ?? "").isEmpty, "\(name) teaches one idea in its description")
            #expect(try preset.output().values.allSatisfy(\.isFinite), "\(name)")
        }
    }

    @Test func resolvesAName() throws {
        let path = try library.resolve("pytorch-example")
        #expect(path == (shippedPresetsDirectory as NSString).appendingPathComponent("pytorch-example.yaml"))
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func resolvesAPath() throws {
        try withTemporaryDirectory { folder in
            let path = try write(Data(validPreset.utf8), "mine.yaml", in: folder)
            #expect(try library.resolve(path) == path)
            #expect(try library.load(path).name == "small")
            // A file in the current folder named like a shipped preset is still a path.
            let json = try write(
                Data(#"{"name": "j", "input": [[1]], "kernel": [[1]]}"#.utf8), "pytorch-example.json", in: folder)
            #expect(try library.resolve(json) == json)
        }
    }

    @Test func aTypoSuggestsTheShippedName() throws {
        do {
            _ = try library.resolve("pytorch-exampel")
            Issue.record("a typo resolved")
        } catch {
            #expect(error.file == "pytorch-exampel")
            #expect(error.message.contains("did you mean 'pytorch-example'?"))
            #expect(error.message.contains("convviz presets"))
            #expect(error.description.hasPrefix("pytorch-exampel: "))
        }
    }

    @Test func aMissingPathIsNotAName() throws {
        do {
            _ = try library.resolve("missing/preset.yaml")
            Issue.record("a missing path resolved")
        } catch {
            #expect(error.message == "no such file")
            #expect(error.file == "missing/preset.yaml")
        }
        #expect(throws: PresetError.self) { try library.load("no-such-\(UUID().uuidString).yml") }
    }

    @Test func anEmptyOrMissingLibrary() throws {
        let empty = PresetLibrary(directory: "/nonexistent-\(UUID().uuidString)")
        #expect(empty.names().isEmpty)
        #expect(empty.path(named: "pytorch-example") == nil)
        #expect(throws: PresetError.self) { try empty.resolve("pytorch-example") }
    }
}
