import ConvCore
import Foundation
import Presets
import Testing

/// `layers:` in preset files: every layer kind read, validated with its layer named, and written back unchanged.
struct LayerPresetTests {
    static let everyKind = """
        name: every layer
        input:
          - - [1, 2, 0, 3, 1, 2]
            - [0, 1, 1, 0, 0, 1]
            - [1, 2, 1, 0, 0, 3]
            - [5, 2, 3, 1, 1, 0]
            - [2, 1, 0, 1, 1, 2]
            - [1, 1, 2, 0, 3, 1]
        layers:
          - conv2d:
              kernel: [[[[1, 0], [0, 1]]], [[[0.5, 0], [1, -1]]]]
              bias: [1, -1]
              padding: 1
              padding_mode: reflect
          - tanh
          - conv_transpose2d: {out_channels: 2, kernel_size: 2, stride: 2, groups: 2, output_padding: 1}
          - sigmoid
          - max_pool2d: {kernel_size: 3, stride: 2, ceil_mode: true, dilation: 1}
          - avg_pool2d: {kernel_size: 2, padding: 1, count_include_pad: false}
          - conv2d: {out_channels: 3, kernel_size: [2, 1], seed: 9, padding: same}
          - relu
          - flatten
          - linear: {out_features: 4, bias: [0, 1, 2, 3]}
          - linear:
              weight:
                - [1, 2, 3, 4]
                - [0, -1, 0, 1]
          - softmax

        """

    @Test func readsEveryLayerKind() throws {
        let preset = try PresetLoader.parse(Self.everyKind, file: "every.yaml")
        guard case let .stack(layers) = preset.operation else {
            Issue.record("not a stack")
            return
        }
        #expect(
            layers.map(\.kind) == [
                "conv2d", "tanh", "conv_transpose2d", "sigmoid", "max_pool2d", "avg_pool2d", "conv2d",
                "relu", "flatten", "linear", "linear", "softmax",
            ])
        #expect(
            layers[2]
                == .convTranspose2d(
                    TransposedConv2dLayer(
                        weights: .seeded(outChannels: 2, kernelSize: .uniform(2), seed: 2),
                        parameters: TransposedConv2dParameters(
                            stride: .uniform(2), outputPadding: .uniform(1), groups: 2))))
        let stack = try preset.stack()
        #expect(stack.outputDimensions(1) == [1, 2, 7, 7])
        #expect(stack.outputDimensions(2) == [1, 2, 15, 15])
        #expect(stack.outputDimensions(11) == [1, 2])
        #expect(abs(stack.output.values.reduce(0, +) - 1) < 1e-12)
        #expect(try preset.output() == stack.output)
    }

    @Test func writesLayersBackUnchanged() throws {
        let preset = try PresetLoader.parse(Self.everyKind, file: "every.yaml")
        let text = PresetWriter.yaml(preset)
        #expect(text.contains("  - conv_transpose2d:\n      out_channels: 2\n      kernel_size: 2\n      seed: 2\n"))
        let again = try PresetLoader.parse(text, file: "saved.yaml")
        #expect(again == preset, "wrote:\n\(text)")
        #expect(PresetWriter.yaml(again) == text)
    }

    @Test func errorsNameTheLayerItsKeyAndItsLine() throws {
        let groups = parseError(
            """
            name: g
            input: [[[1, 2], [3, 4]], [[1, 2], [3, 4]], [[1, 2], [3, 4]]]
            layers:
              - conv2d: {out_channels: 6, kernel_size: 1}
              - relu
              - tanh
              - conv2d: {out_channels: 8, kernel_size: 1, groups: 4}
            """)
        #expect(groups?.key == "layers[3].conv2d.groups")
        #expect(groups?.message == "4 does not divide C_in = 6 (the output of layers[2])")
        #expect(groups?.line == 7)

        let typo = parseError("name: t\ninput: [[1, 2], [3, 4]]\nlayers:\n  - max_pool2d: {kernel_size: 2, strid: 1}\n")
        #expect(typo?.key == "layers[0].max_pool2d")
        #expect(
            typo?.message.contains("unknown key 'strid' (did you mean 'stride'?)") == true,
            "\(String(describing: typo))")

        let kind = parseError("name: t\ninput: [[1, 2], [3, 4]]\nlayers:\n  - rellu\n")
        #expect(
            kind?.message.hasPrefix("'rellu' is not a layer (did you mean 'relu'?)") == true,
            "\(String(describing: kind))")

        let avgDilation = parseError(
            "name: t\ninput: [[1, 2], [3, 4]]\nlayers:\n  - avg_pool2d: {kernel_size: 2, dilation: 2}\n")
        #expect(avgDilation?.message.contains("unknown key 'dilation'") == true)

        let mixed = parseError("name: t\ninput: [[1, 2], [3, 4]]\nkernel: [[1]]\nlayers:\n  - relu\n")
        #expect(mixed?.key == "kernel")
        #expect(mixed?.message.contains("cannot also have the single-operation key kernel") == true)

        let both = parseError(
            "name: t\ninput: [[1, 2], [3, 4]]\nlayers:\n  - conv2d: {kernel: [[1]], out_channels: 1}\n")
        #expect(both?.key == "layers[0].conv2d.out_channels")

        let linear = parseError("name: t\ninput: [[1, 2], [3, 4]]\nlayers:\n  - linear: {weight: [[1, 2]]}\n")
        #expect(linear?.message.contains("needs flat features") == true, "\(String(describing: linear))")

        let words = parseError("name: t\ninput: [[1, 2], [3, 4]]\nlayers:\n  - relu: {inplace: true}\n")
        #expect(words?.message == "takes no settings")

        let mode = parseError(
            "name: t\ninput: [[1, 2], [3, 4]]\nlayers:\n  - conv_transpose2d: {kernel: [[1]], padding_mode: reflect}\n")
        #expect(mode?.key == "layers[0].conv_transpose2d.padding_mode")
        #expect(
            try PresetLoader.parse(
                "name: t\ninput: [[1, 2], [3, 4]]\nlayers:\n  - conv_transpose2d: {kernel: [[1]], padding_mode: zeros}\n",
                file: "t.yaml"
            ).output().values == [1, 2, 3, 4])

        let pooled = try PresetLoader.parse(
            #"{"name": "p", "input": [[1, 2], [3, 4]], "layers": [{"max_pool2d": {"kernel_size": 2, "stride": null}}]}"#,
            file: "p.json", isJSON: true)
        #expect(try pooled.output().values == [4])

        let number = parseError("name: t\ninput: [[1, 2], [3, 4]]\nlayers:\n  - conv2d: {kernel: [[1]], stride: two}\n")
        #expect(number?.key == "layers[0].conv2d.stride")
    }

    @Test func aSinglePresetIsAStackOfOneLayer() throws {
        let preset = try PresetLoader.parse(validPreset, file: "small.yaml")
        let stack = try preset.stack()
        #expect(stack.layers.map(\.kind) == ["conv2d"])
        #expect(stack.output == (try preset.output()))
    }

    @Test func jsonAndTextOfAFlatOutput() throws {
        let preset = try PresetLoader.parse(Self.everyKind, file: "every.yaml")
        let stack = try preset.stack()
        let json = StackText.json(stack, layer: 10)
        #expect(json.hasPrefix("{\"shape\": [1, 2], \"output\": [["))
        #expect(StackText.grids(stack, layer: 10, batched: true).hasPrefix("output[0]  (2 features)\n"))
        #expect(StackText.json(stack, layer: 0).hasPrefix("{\"shape\": [1, 2, 7, 7]"))
    }

    @Test func theTorchScriptIsASequential() throws {
        let preset = try PresetLoader.parse(Self.everyKind, file: "every.yaml")
        let script = TorchExport.script(preset)
        #expect(
            script.contains(
                "model = nn.Sequential(\n    nn.Conv2d(1, 2, kernel_size=(2, 2), stride=(1, 1), padding=(1, 1), dilation=(1, 1), groups=1, bias=True, padding_mode='reflect', dtype=torch.float64),\n    nn.Tanh(),"
            ))
        #expect(
            script.contains(
                "    nn.ConvTranspose2d(2, 2, kernel_size=(2, 2), stride=(2, 2), padding=(0, 0), output_padding=(1, 1), groups=2, bias=False, dilation=(1, 1), dtype=torch.float64),"
            ))
        #expect(script.contains("    nn.Flatten(),\n    nn.Linear("))
        #expect(script.contains("    nn.Softmax(dim=1),\n)"))
        #expect(script.contains("    model[2].weight.copy_(torch.tensor("))
    }
}
