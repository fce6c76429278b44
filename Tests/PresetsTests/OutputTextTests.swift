import ConvCore
import Presets
import Testing

/// How numbers and outputs are written: `NumberText.format`, `OutputText.json` and `OutputText.grids`.
struct OutputTextTests {
    @Test(arguments: [
        (3.0, "3"), (-0.0, "0"), (0.0, "0"), (0.5, "0.5"), (-2.5, "-2.5"), (-7.0, "-7"), (123456.0, "123456"),
        (0.1 + 0.2, "0.30000000000000004"), (1e-20, "1e-20"),
    ])
    func numbers(value: Double, text: String) {
        #expect(NumberText.format(value) == text)
    }

    @Test func numbersReadBackToTheSameDouble() {
        for value in [
            0.1, -1.0 / 3.0, 2.0 / 7.0, 1e300, -Double.leastNonzeroMagnitude, 123.456, 1e15 + 0.5, 9.007199254740993e15,
        ] {
            let text = NumberText.format(value)
            #expect(Double(text) == value, "\(value) written as \(text)")
            #expect(!text.contains(" "))
        }
    }

    static func seedOutput() throws -> Tensor {
        let preset = try PresetLoader.parse(
            """
            name: seed
            input:
              - [1, 2, 0, 3, 1]
              - [0, 1, 1, 0, 0]
              - [1, 2, 1, 0, 0]
              - [5, 2, 3, 1, 1]
              - [2, 1, 0, 1, 1]
            kernel:
              - [1, 2, 1]
              - [0, 1, 0]
              - [2, 1, 0]
            padding: 1
            """, file: "seed.yaml")
        return try preset.convolution().output()
    }

    @Test func jsonOfTheSeedExample() throws {
        #expect(
            OutputText.json(try Self.seedOutput())
                == #"{"shape": [1, 1, 5, 5], "output": [[[[1, 3, 3, 5, 1], [5, 10, 11, 9, 5], [7, 17, 11, 8, 3], [11, 13, 9, 3, 4], [14, 13, 9, 7, 4]]]]}"#
        )
    }

    @Test func jsonIsAlwaysFourDimensional() {
        let output = Tensor(shape: Shape4(n: 2, c: 2, h: 1, w: 2), values: [1, 2, 3, 4, 0.5, -0.0, -1.25, 1e-20])
        #expect(
            OutputText.json(output)
                == #"{"shape": [2, 2, 1, 2], "output": [[[[1, 2]], [[3, 4]]], [[[0.5, 0]], [[-1.25, 1e-20]]]]}"#)
    }

    @Test func gridsOfTheSeedExample() throws {
        let text = OutputText.grids(try Self.seedOutput(), batched: false)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "output[0]  (5 x 5)")
        #expect(
            lines.dropFirst().map { $0.split(separator: " ").compactMap { Double($0) } }
                == [[1, 3, 3, 5, 1], [5, 10, 11, 9, 5], [7, 17, 11, 8, 3], [11, 13, 9, 3, 4], [14, 13, 9, 7, 4]])
        // Right-aligned: every row of a grid has the same length, and no line ends in a space.
        #expect(Set(lines.dropFirst().map(\.count)).count == 1)
        #expect(lines.allSatisfy { !$0.hasSuffix(" ") })
    }

    @Test func gridsOfABatchNameEachPlane() {
        let output = Tensor(shape: Shape4(n: 2, c: 1, h: 1, w: 2), values: [1, -2, 0.5, 3])
        #expect(
            OutputText.grids(output, batched: true) == "output[0, 0]  (1 x 2)\n 1 -2\n\noutput[1, 0]  (1 x 2)\n0.5   3")
    }
}
