import ConvCore
import Foundation
import Presets
import Testing

/// `export --torch` scripts (checked against torch by tools/check_exports.py) and `export --json`.
struct ExportTests {
    let seed = """
        name: seed
        input: [[1, 2, 0], [0, 1, 1], [1, 2, 1]]
        kernel: [[1, 0], [0, 1]]
        bias: [0.5]
        stride: [1, 2]
        padding: 1
        padding_mode: reflect
        """

    @Test func theTorchScriptRebuildsTheConvolution() throws {
        let script = TorchExport.script(try PresetLoader.parse(seed, file: "seed.yaml"))
        #expect(script.contains("import torch"))
        #expect(
            script.contains(
                "input = torch.tensor([[[[1.0, 2.0, 0.0], [0.0, 1.0, 1.0], [1.0, 2.0, 1.0]]]], dtype=torch.float64)"))
        #expect(script.contains("weight = torch.tensor([[[[1.0, 0.0], [0.0, 1.0]]]], dtype=torch.float64)"))
        #expect(script.contains("bias = torch.tensor([0.5], dtype=torch.float64)"))
        #expect(script.contains("module = nn.Conv2d("))
        #expect(script.contains("stride=(1, 2),"))
        #expect(script.contains("padding=(1, 1),"))
        #expect(script.contains("padding_mode='reflect',"))
        #expect(script.contains("    output = module(input)"))
        #expect(script.hasSuffix("print(grad_bias)\n"))
    }

    @Test func theTorchScriptRunsTheBackwardPass() throws {
        let script = TorchExport.script(try PresetLoader.parse(seed, file: "seed.yaml"))
        #expect(script.contains("grad_output = torch.ones_like(output)\noutput.backward(grad_output)"))
        #expect(
            script.contains("grad_input = input.grad\ngrad_weight = module.weight.grad\ngrad_bias = module.bias.grad\n")
        )
        let given = try PresetLoader.parse(
            "name: g\ninput: [[1, 2], [3, 4]]\npool: max\nkernel_size: 2\ngrad_output: [[5]]\n",
            file: "g.yaml")
        let poolScript = TorchExport.script(given)
        #expect(poolScript.contains("grad_output = torch.tensor([[[[5.0]]]], dtype=torch.float64)"))
        #expect(poolScript.contains("grad_weight = None\ngrad_bias = None\n"))
    }

    @Test func transposedAndPoolingScripts() throws {
        let transposed = try PresetLoader.parse(
            "name: t\ninput: [[1, 2]]\nkernel: [[1, 1]]\ntransposed: true\nstride: 2\noutput_padding: 1\n",
            file: "t.yaml")
        let script = TorchExport.script(transposed)
        #expect(script.contains("module = nn.ConvTranspose2d("))
        #expect(script.contains("output_padding=(1, 1),"))
        let pool = try PresetLoader.parse(
            "name: p\ninput: [[1, 2], [3, 4]]\npool: avg\nkernel_size: 2\ncount_include_pad: false\n", file: "p.yaml")
        let poolScript = TorchExport.script(pool)
        #expect(poolScript.contains("weight = None"))
        #expect(poolScript.contains("module = nn.AvgPool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0),"))
        #expect(poolScript.contains("count_include_pad=False"))
        #expect(!poolScript.contains("module.weight"))
    }

    @Test func theJSONExportHoldsThePresetAndItsOutput() throws {
        let preset = try PresetLoader.parse(seed, file: "seed.yaml")
        let text = StateExport.json(preset, output: try preset.output())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["name"] as? String == "seed")
        #expect(object["bias"] as? [Double] == [0.5])
        let parameters = try #require(object["parameters"] as? [String: Any])
        #expect(parameters["stride"] as? [Int] == [1, 2])
        #expect(parameters["padding_mode"] as? String == "reflect")
        let output = try #require(object["output"] as? [String: Any])
        #expect(output["shape"] as? [Int] == [1, 1, 4, 2])
    }

    @Test func savedPresetsReadBackEqual() throws {
        for text in [
            seed, "name: t\ninput: [[1, 2]]\nkernel: [[1, 1]]\ntransposed: true\nstride: 2\n",
            "name: p\ndescription: |\n  two\n  lines\ninput: [[[1, 2], [3, 4]]]\npool: max\nkernel_size: 2\nceil_mode: true\n",
        ] {
            let preset = try PresetLoader.parse(text, file: "a.yaml")
            let again = try PresetLoader.parse(PresetWriter.yaml(preset), file: "b.yaml")
            #expect(again == preset, "\(PresetWriter.yaml(preset))")
        }
    }
}
