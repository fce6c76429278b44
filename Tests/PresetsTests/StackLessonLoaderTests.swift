import Presets
import Testing

/// A layer stack's lesson: `layer:` names a grid, `select:` a unit of it, `paths:` turns path counts on or off;
/// everything is checked when the file loads.
struct StackLessonLoaderTests {
    /// A 6x6 input, a 3x3 convolution (4x4 out), a 2x2 max pooling (2x2 out), flatten.
    static let base = """
        name: s
        input: [[1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1], [1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1],
                [1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1]]
        layers:
          - conv2d: {out_channels: 2, kernel_size: 3}
          - max_pool2d: {kernel_size: 2}
          - flatten

        """

    @Test func aStackLessonLoadsAndRoundTrips() throws {
        let preset = try PresetLoader.parse(
            Self.base + """
                lesson:
                  - text: the pooled unit
                    layer: 2
                    select: [1, 1]
                    paths: on
                  - text: channel 1 of the convolution
                    layer: 1
                    select: [1, 3, 0]
                  - text: values again
                    paths: off
                  - text: the input
                    layer: 0
                """, file: "s.yaml")
        #expect(preset.lesson.map(\.layer) == [2, 1, nil, 0])
        #expect(preset.lesson.map(\.select) == [[1, 1], [1, 3, 0], nil, nil])
        #expect(preset.lesson.map(\.paths) == [true, nil, false, nil])
        let again = try PresetLoader.parse(PresetWriter.yaml(preset), file: "again.yaml")
        #expect(again.lesson == preset.lesson)
    }

    @Test(
        arguments: [
            (
                "- text: t\n    layer: 4", "lesson, step 1, layer",
                "is 4, but the stack has 3 layers (0 is the input, 1–3 the layers' outputs)"
            ),
            ("- text: t\n    layer: -1", "lesson, step 1, layer", "0 is the input, 1 the first layer"),
            (
                "- text: t\n    select: [0, 0]", "lesson, step 1, select",
                "needs layer: in a layer-stack lesson (the grid the unit is in: 0 the input, K the output of layer K)"
            ),
            (
                "- text: t\n    layer: 2\n    select: [2, 0]", "lesson, step 1, select",
                "[2, 0] is outside layer 2's output (2 channels of 2x2)"
            ),
            (
                "- text: t\n    layer: 1\n    select: [2, 0, 0]", "lesson, step 1, select",
                "[2, 0, 0] is outside layer 1's output (2 channels of 4x4)"
            ),
            (
                "- text: t\n    layer: 1\n    select: [0, 0, 0, 0]", "lesson, step 1, select",
                "expected [row, column] or [channel, row, column] of layer 1's output (a stack shows batch item 0)"
            ),
            (
                "- text: t\n  - text: u\n    set: {stride: 2}", "lesson, step 2, set",
                "a layer-stack lesson uses text:, layer:, select: and paths:; set: works with a single operation"
            ),
            (
                "- text: t\n    quiz: value", "lesson, step 1, quiz",
                "a layer-stack lesson uses text:, layer:, select: and paths:; quiz: works with a single operation"
            ),
            ("- text: t\n    paths: maybe", "lesson, step 1, paths", nil),
            ("- text: t\n    unit: [0, 0]", "lesson, step 1", nil),
        ] as [(String, String, String?)])
    func aWrongStepIsRefusedNamingIt(step: String, key: String, message: String?) {
        let error = parseError(Self.base + "lesson:\n  " + step + "\n")
        #expect(error?.key == key)
        if let message { #expect(error?.message == message) }
    }

    @Test func layerAndPathsNeedAStack() {
        let error = parseError(
            """
            name: l
            input: [[1, 2], [3, 4]]
            kernel: [[1]]
            lesson:
              - text: t
                layer: 1
            """)
        #expect(error?.key == "lesson, step 1")
        #expect(
            error?.message
                == "layer: and paths: work with layer-stack presets (layers:); this preset has one operation")
    }
}
