import ConvCore
import Testing

/// The worked example of conv-semantics.md, checked exactly (the values are small integers).
struct SeedExampleTests {
    static let input: [[Double]] = [
        [1, 2, 0, 3, 1], [0, 1, 1, 0, 0], [1, 2, 1, 0, 0], [5, 2, 3, 1, 1], [2, 1, 0, 1, 1],
    ]
    static let kernel: [[Double]] = [[1, 2, 1], [0, 1, 0], [2, 1, 0]]

    static func grid(_ rows: [[Double]]) -> Tensor {
        Tensor(shape: Shape4(n: 1, c: 1, h: rows.count, w: rows[0].count), values: rows.flatMap { $0 })
    }

    static func output(stride: Int = 1, padding: Int) throws -> Tensor {
        let convolution = try Convolution(
            input: grid(input), weight: grid(kernel), bias: nil,
            parameters: Conv2dParameters(stride: .uniform(stride), padding: .uniform(padding)))
        return convolution.output()
    }

    @Test func paddingOneKeepsTheSize() throws {
        let output = try Self.output(padding: 1)
        #expect(output.shape == Shape4(n: 1, c: 1, h: 5, w: 5))
        #expect(
            output.plane(n: 0, c: 0) == [
                [1, 3, 3, 5, 1], [5, 10, 11, 9, 5], [7, 17, 11, 8, 3], [11, 13, 9, 3, 4], [14, 13, 9, 7, 4],
            ])
    }

    @Test func paddingZero() throws {
        let output = try Self.output(padding: 0)
        #expect(output.shape == Shape4(n: 1, c: 1, h: 3, w: 3))
        #expect(output.plane(n: 0, c: 0) == [[10, 11, 9], [17, 11, 8], [13, 9, 3]])
    }

    @Test func strideTwo() throws {
        let output = try Self.output(stride: 2, padding: 0)
        #expect(output.shape == Shape4(n: 1, c: 1, h: 2, w: 2))
        #expect(output.plane(n: 0, c: 0) == [[10, 9], [13, 3]])
    }

    @Test func strideTwoPaddingOne() throws {
        let output = try Self.output(stride: 2, padding: 1)
        #expect(output.shape == Shape4(n: 1, c: 1, h: 3, w: 3))
        #expect(output.plane(n: 0, c: 0) == [[1, 3, 1], [7, 11, 3], [14, 9, 4]])
    }

    @Test func theKernelIsNotFlipped() throws {
        // Cross-correlation: output[0][0] with padding 0 is the plain dot product of the top-left window.
        let window = Self.input[0..<3].map { Array($0[0..<3]) }
        let dot = zip(window.flatMap { $0 }, Self.kernel.flatMap { $0 }).map { $0 * $1 }.reduce(0, +)
        #expect(dot == 10)
        #expect(try Self.output(padding: 0)[0, 0, 0, 0] == dot)
    }

    @Test func aBiasIsAddedToEveryCell() throws {
        let convolution = try Convolution(
            input: Self.grid(Self.input), weight: Self.grid(Self.kernel), bias: [0.5],
            parameters: Conv2dParameters(padding: .uniform(0)))
        #expect(convolution.output().plane(n: 0, c: 0) == [[10.5, 11.5, 9.5], [17.5, 11.5, 8.5], [13.5, 9.5, 3.5]])
    }
}
