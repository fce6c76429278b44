import ConvCore
import Presets
import Testing

/// The `grad_output:` key: read in the output's shape (batched exactly when the input is), refused otherwise with
/// both shapes, written back unchanged, and used by ``Preset/gradients()``.
struct GradOutputTests {
    @Test func anUnbatchedGradOutputIsReadAsTheOutputsShape() throws {
        let preset = try PresetLoader.parse(
            "name: g\ninput: [[1, 2], [3, 4]]\nkernel: [[1]]\ngrad_output: [[1, 2], [3, 4.5]]\n",
            file: "g.yaml")
        #expect(preset.gradOutput == Tensor(shape: Shape4(n: 1, c: 1, h: 2, w: 2), values: [1, 2, 3, 4.5]))
        let gradients = try preset.gradients()
        #expect(gradients.input.values == [1, 2, 3, 4.5])
        #expect(gradients.weight?.values == [1 + 4 + 9 + 18])
        #expect(gradients.bias == nil)
    }

    @Test func withoutGradOutputTheUpstreamGradientIsAllOnes() throws {
        let preset = try PresetLoader.parse(
            "name: g\ninput: [[[[1, 2], [3, 4]]], [[[5, 6], [7, 8]]]]\nkernel: [[1, 1]]\nbias: [2]\n",
            file: "g.yaml")
        #expect(preset.gradOutput == nil)
        let gradients = try preset.gradients()
        #expect(gradients.input.values == [1, 1, 1, 1, 1, 1, 1, 1])
        #expect(gradients.weight?.values == [1 + 3 + 5 + 7, 2 + 4 + 6 + 8])
        #expect(gradients.bias == [4])
    }

    @Test(arguments: [
        (
            "input: [[1, 2], [3, 4]]\nkernel: [[1]]\ngrad_output: [[1, 2]]\n",
            "has shape (1, 1, 2), but the output's shape is (1, 2, 2)"
        ),
        ("input: [[1, 2], [3, 4]]\nkernel: [[1]]\ngrad_output: [[[[1, 2], [3, 4]]]]\n", "the input is unbatched"),
        ("input: [[[[1, 2], [3, 4]]]]\nkernel: [[1]]\ngrad_output: [[1, 2], [3, 4]]\n", "the input is batched"),
        ("input: [[1, 2], [3, 4]]\nkernel: [[1]]\ngrad_output: 3\n", "got 0 levels of lists"),
        ("input: [[1, 2], [3, 4]]\nkernel: [[1]]\ngrad_output: [[1, x], [3, 4]]\n", "expected a number"),
        (
            "input: [[1, 2], [3, 4]]\npool: max\nkernel_size: 2\ngrad_output: [[[1], [2]]]\n",
            "but the output's shape is (1, 1, 1)"
        ),
    ])
    func aWrongGradOutputIsRefused(body: String, message: String) throws {
        let text = "name: g\n" + body
        let error = try #require(parseError(text))
        #expect(error.key?.hasPrefix("grad_output") == true, "\(error)")
        let line = text.split(separator: "\n").firstIndex { $0.hasPrefix("grad_output") }.map { $0 + 1 }
        #expect(error.line == line, "\(error)")
        #expect(error.description.contains(message), "\(error)")
    }

    @Test func gradOutputIsWrittenBackUnchanged() throws {
        for text in [
            "name: u\ninput: [[[1, 2]], [[3, 4]]]\nkernel: [[[[1]], [[2]]]]\ngrad_output: [[[0.5, -2]]]\n",
            "name: b\ninput: [[[[1, 2, 3]]], [[[4, 5, 6]]]]\npool: avg\nkernel_size: [1, 2]\nstride: 1\n"
                + "grad_output: [[[[1, 2]]], [[[3, 4]]]]\n",
            "name: t\ninput: [[1, 2]]\nkernel: [[1, 1]]\ntransposed: true\nstride: 2\ngrad_output: [[1, 2, 3, 4]]\n",
        ] {
            let preset = try PresetLoader.parse(text, file: "a.yaml")
            #expect(preset.gradOutput != nil)
            let again = try PresetLoader.parse(PresetWriter.yaml(preset), file: "b.yaml")
            #expect(again == preset, "\(PresetWriter.yaml(preset))")
        }
    }

    @Test func aGradOutputThatNoLongerFitsIsNotSaved() throws {
        var preset = try PresetLoader.parse(
            "name: g\ninput: [[1, 2], [3, 4]]\nkernel: [[1]]\ngrad_output: [[1, 2], [3, 4]]\n",
            file: "g.yaml")
        #expect(try preset.outputShape() == Shape4(n: 1, c: 1, h: 2, w: 2))
        preset.parameters.stride = .uniform(2)
        let text = PresetWriter.yaml(preset)
        #expect(!text.contains("grad_output"))
        #expect(try PresetLoader.parse(text, file: "again.yaml").gradOutput == nil)
    }
}
