import ConvCore
import Foundation
import Presets
import Testing

/// The real-data fixtures (tools/golden/make_tensorfile_fixtures.py): PNG, JPEG, .npy, .npz and .safetensors files
/// of every variant, decoded against the values NumPy, Pillow and safetensors read; malformed ones refused.
struct RealDataFixtureTests {
    static let folder = Bundle.module.url(forResource: "realdata", withExtension: nil, subdirectory: "Fixtures")!
    nonisolated(unsafe) static let expected: [String: [[String: Any]]] = {
        let data = try! Data(contentsOf: folder.appendingPathComponent("expected.json"))
        return try! JSONSerialization.jsonObject(with: data) as! [String: [[String: Any]]]
    }()

    static func path(_ entry: [String: Any]) -> String { folder.appendingPathComponent(entry["file"] as! String).path }
    static func numbers(_ value: Any?) -> [Double] { (value as! [NSNumber]).map(\.doubleValue) }

    static let images = expected["images"]!.map { $0["file"] as! String }
    static let tensors = expected["tensors"]!.indices.map { $0 }
    static let errors = expected["errors"]!.map { $0["file"] as! String }

    @Test func everyVariantIsThere() {
        for variant in [
            "grey1", "grey2", "grey4", "grey8", "grey16", "rgb8", "rgb16", "palette1", "palette8",
            "palette-trns", "grey-alpha8", "grey-alpha16", "rgba8", "rgba16", "interlaced-rgb8",
            "interlaced-rgba16", "interlaced-palette2",
        ] {
            #expect(Self.images.contains("\(variant).png"), "\(variant)")
        }
        for variant in ["baseline", "progressive", "grey", "grey-progressive"] {
            #expect(Self.images.contains("\(variant).jpg"), "\(variant)")
        }
        #expect(Self.tensors.count >= 50)
        #expect(Self.errors.count >= 25)
    }

    @Test(arguments: images) func imageMatchesPillowAndNumPy(file: String) throws {
        let entry = Self.expected["images"]!.first { $0["file"] as? String == file }!
        let image = try ImageFile.load(path: Self.path(entry))
        let shape = Self.numbers(entry["shape"]).map { Int($0) }
        #expect(image.shape == Shape4(n: 1, c: shape[0], h: shape[1], w: shape[2]))
        let want = Self.numbers(entry["values"])
        let tolerance = (entry["tolerance"] as! NSNumber).doubleValue
        #expect(image.values.count == want.count)
        let worst = zip(image.values, want).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= tolerance, "\(file): off by up to \(worst)")
    }

    @Test(arguments: tensors) func tensorMatchesNumPyAndSafetensors(index: Int) throws {
        let entry = Self.expected["tensors"]![index]
        let tensor = entry["tensor"] as? String
        let stored = try TensorFile.decode(
            [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.path(entry)))),
            file: Self.path(entry), tensor: tensor)
        #expect(stored.shape == Self.numbers(entry["shape"]).map { Int($0) }, "\(entry["file"]!) \(tensor ?? "")")
        let want = (entry["values"] as! [String]).map { Double($0)! }
        #expect(stored.values == want, "\(entry["file"]!) \(tensor ?? "")")
    }

    @Test(arguments: errors) func malformedFileIsRefusedByName(file: String) {
        let entry = Self.expected["errors"]!.first { $0["file"] as? String == file }!
        let path = Self.path(entry)
        do {
            if file.hasSuffix(".png") || file.hasSuffix(".jpg") {
                _ = try ImageFile.load(path: path)
            } else {
                _ = try TensorFile.load(file: path, tensor: entry["tensor"] as? String, relativeTo: "preset.yaml")
            }
            Issue.record("\(file) loaded")
        } catch {
            #expect(error.description.contains(file))
            #expect(error.message.contains(entry["message"] as! String), "\(error.message)")
        }
    }

    /// A large file without a zip's end record is refused at once (ZIPFoundation alone would search it byte by byte).
    @Test func aLargeNonZipIsRefusedQuickly() {
        let start = Date()
        #expect {
            try TensorFile.decode([UInt8](repeating: 0, count: 16 << 20), file: "zeros.npz", tensor: "a")
        } throws: { error in
            "\(error)".contains("no end-of-central-directory record")
        }
        #expect(Date().timeIntervalSince(start) < 5, "a hang guard, not a speed test")
    }

    /// Inputs that crashed the data-file fuzzer (Fuzz/regressions/data): a format byte, then the file.
    @Test func fuzzFindingsAreRefusedCleanly() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/regressions/data")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".bin") }
        #expect(!names.isEmpty)
        for name in names {
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
            let file = ["x.png", "x.jpg", "x.npy", "x.npz", "x.safetensors"][Int(bytes[0] % 5)]
            #expect(throws: PresetError.self, "\(name)") {
                if file.hasSuffix(".png") || file.hasSuffix(".jpg") {
                    _ = try ImageFile.decode(Array(bytes.dropFirst()), file: file)
                } else {
                    _ = try TensorFile.decode(Array(bytes.dropFirst()), file: file, tensor: nil)
                }
            }
        }
    }

    @Test func presetsTakeTensorFilesWhereverAGridGoes() throws {
        let yaml = """
            name: files
            input: {file: fortran-4d.npy}
            kernel: {file: stored.npz, tensor: kernel}
            bias: {file: numpy.safetensors, tensor: conv.bias}
            padding: 1
            """
        let folder = Self.folder.path
        let preset = try PresetLoader.parse(yaml, file: folder + "/files.yaml", isJSON: false)
        #expect(preset.input.shape == Shape4(n: 2, c: 3, h: 2, w: 5))
        #expect(preset.kernel.shape == Shape4(n: 6, c: 3, h: 3, w: 3))
        #expect(preset.bias?.count == 6)
        let wrong = "name: w\ninput: [[1, 2], [3, 4]]\nkernel: {file: vector.npy}\n"
        #expect {
            try PresetLoader.parse(wrong, file: folder + "/w.yaml", isJSON: false)
        } throws: { error in
            let text = "\(error)"
            return text.contains("vector.npy") && text.contains("has shape (4,)") && text.contains("kernel")
        }
    }

    /// The trained digits network's first layer (weights from the committed safetensors file) on every shipped
    /// digit equals PyTorch's float64 output on the same weights (tools/train_digits.py).
    @Test func trainedFirstLayerMatchesPyTorch() throws {
        let url = Bundle.module.url(forResource: "digits_cnn", withExtension: "json", subdirectory: "Fixtures")!
        let fixture = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let cases = fixture["cases"] as! [[String: Any]]
        #expect(cases.count == 10)
        let presets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("presets")
        let shipped = try PresetLoader.load(path: presets.appendingPathComponent("digits-cnn-layer1.yaml").path)
        for testCase in cases {
            let image = testCase["image"] as! String
            let yaml = """
                name: digit
                image: images/\(image)
                kernel: {file: weights/digits-cnn.safetensors, tensor: conv1.weight}
                bias: {file: weights/digits-cnn.safetensors, tensor: conv1.bias}
                padding: 1
                """
            let preset = try PresetLoader.parse(yaml, file: presets.appendingPathComponent("digit.yaml").path)
            let output = try preset.output()
            let first = (testCase["layers"] as! [[String: Any]])[0]
            #expect(output.shape == Shape4(n: 1, c: 6, h: 8, w: 8))
            let want = Self.numbers(first["output"])
            let worst = zip(output.values, want).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst <= 1e-12, "\(image): off by \(worst)")
            if image == "sklearn-digit-3.png" { #expect(try shipped.output() == output) }
        }
    }

    /// The whole trained network (`presets/digits-cnn.yaml`: two convolutions, ReLU, max pooling, flatten, linear,
    /// softmax, every weight from the safetensors file) on every shipped digit: every layer's output equals
    /// PyTorch's float64 `nn.Sequential` on the same weights, and the predicted class is torch's.
    @Test func trainedNetworkMatchesPyTorchLayerByLayer() throws {
        let url = Bundle.module.url(forResource: "digits_cnn", withExtension: "json", subdirectory: "Fixtures")!
        let fixture = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let presets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("presets")
        let shipped = try String(contentsOf: presets.appendingPathComponent("digits-cnn.yaml"), encoding: .utf8)
        for testCase in fixture["cases"] as! [[String: Any]] {
            let image = testCase["image"] as! String
            let yaml = shipped.replacingOccurrences(of: "images/sklearn-digit-3.png", with: "images/\(image)")
            let stack = try PresetLoader.parse(yaml, file: presets.appendingPathComponent("digit.yaml").path).stack()
            // The fixture holds the eight layers before softmax, then softmax's output on its own.
            let layers =
                (testCase["layers"] as! [[String: Any]]).map { Self.numbers($0["output"]) }
                + [Self.numbers(testCase["softmax"])]
            #expect(stack.outputs.count == layers.count)
            for (index, (output, want)) in zip(stack.outputs, layers).enumerated() {
                let worst = zip(output.values, want).map { abs($0 - $1) }.max() ?? .infinity
                #expect(
                    output.values.count == want.count && worst <= 1e-12, "\(image) layer \(index + 1): off by \(worst)")
            }
            let probabilities = stack.output.values
            let predicted = probabilities.indices.max { probabilities[$0] < probabilities[$1] }
            #expect(predicted == (testCase["predicted"] as? NSNumber)?.intValue, "\(image)")
        }
    }
}
