import ConvCore
import Testing

/// `OutputSizeFormula`: PyTorch's output-size formula with the numbers filled in.
struct OutputSizeFormulaTests {
    static func geometry(input: Int, kernel: Int = 3, _ parameters: Conv2dParameters) throws -> ConvGeometry {
        try ConvGeometry(
            input: Shape4(n: 1, c: 1, h: input, w: input), weight: Shape4(n: 1, c: 1, h: kernel, w: kernel),
            biasCount: nil, parameters: parameters)
    }

    @Test func theSeedExample() throws {
        let geometry = try Self.geometry(input: 5, Conv2dParameters(padding: .uniform(1)))
        #expect(geometry.formula(.height).description == "H_out = ⌊(5 + 1 + 1 − 1·(3−1) − 1) / 1⌋ + 1 = 5")
        #expect(geometry.formula(.width).description == "W_out = ⌊(5 + 1 + 1 − 1·(3−1) − 1) / 1⌋ + 1 = 5")
        #expect(geometry.formula(.height).result == 5)
        #expect(geometry.formula(.height).numerator == 4)
        #expect(geometry.formula(.height).droppedByFloor == 0)
    }

    @Test func strideTwoOnAnEvenPaddedSizeDropsARow() throws {
        // 6 rows, no padding, 3 taps, stride 2: windows start at rows 0 and 2; row 5 is never read.
        let geometry = try Self.geometry(input: 6, Conv2dParameters(stride: .uniform(2)))
        let formula = geometry.formula(.height)
        #expect(formula.description == "H_out = ⌊(6 + 0 + 0 − 1·(3−1) − 1) / 2⌋ + 1 = 2")
        #expect(formula.result == 2)
        #expect(formula.droppedByFloor == 1)
        #expect(geometry.outputShape.h == 2)
        // The seed example with stride 2 and padding 1 has an odd padded size (7): nothing dropped.
        let seed = try Self.geometry(input: 5, Conv2dParameters(stride: .uniform(2), padding: .uniform(1)))
        #expect(seed.formula(.height).droppedByFloor == 0)
        #expect(seed.formula(.height).description == "H_out = ⌊(5 + 1 + 1 − 1·(3−1) − 1) / 2⌋ + 1 = 3")
        // Seed example, stride 2, no padding: padded size 5, numerator 2, nothing dropped; stride 3: 2 dropped.
        #expect(try Self.geometry(input: 5, Conv2dParameters(stride: .uniform(2))).formula(.width).droppedByFloor == 0)
        #expect(try Self.geometry(input: 5, Conv2dParameters(stride: .uniform(3))).formula(.width).droppedByFloor == 2)
    }

    @Test func sameWithAnEvenKernelShowsUnequalPads() throws {
        let geometry = try Self.geometry(input: 5, kernel: 4, Conv2dParameters(padding: .same))
        #expect(geometry.formula(.height).description == "H_out = ⌊(5 + 1 + 2 − 1·(4−1) − 1) / 1⌋ + 1 = 5")
    }

    @Test func dilationAppearsInTheFormula() throws {
        let geometry = try Self.geometry(
            input: 9, Conv2dParameters(stride: .uniform(2), padding: .uniform(1), dilation: .uniform(2)))
        #expect(geometry.formula(.width).description == "W_out = ⌊(9 + 1 + 1 − 2·(3−1) − 1) / 2⌋ + 1 = 4")
        #expect(geometry.formula(.width).droppedByFloor == 0)
        #expect(geometry.outputShape.w == 4)
    }

    @Test func aKernelThatDoesNotFit() {
        let formula = OutputSizeFormula(
            axis: .height, size: 2, padBefore: 0, padAfter: 0, dilation: 1, kernel: 3, stride: 1)
        #expect(formula.result == nil)
        #expect(formula.droppedByFloor == 0)
        #expect(formula.description == "H_out = ⌊(2 + 0 + 0 − 1·(3−1) − 1) / 1⌋ + 1 < 1: the kernel does not fit")
    }

    @Test func overflowIsNoResultNotATrap() {
        let formula = OutputSizeFormula(
            axis: .width, size: Int.max, padBefore: Int.max, padAfter: 1, dilation: Int.max,
            kernel: 3, stride: 1)
        #expect(formula.numerator == nil)
        #expect(formula.result == nil)
        #expect(formula.droppedByFloor == 0)
        #expect(formula.description.hasPrefix("W_out = "))
    }
}
