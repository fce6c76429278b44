import ConvCore
import PropertyBased
import Testing

/// `Convolution.uses(of:)`, the inverse of `trace(_:)`.
struct InverseMapTests {
    /// One (output cell, kernel tap) pair reading one input cell.
    struct Link: Hashable, CustomStringConvertible {
        var input: TensorIndex
        var output: TensorIndex
        var kernelChannel: Int
        var kernelRow: Int
        var kernelColumn: Int
        var viaPadding: Bool

        var description: String {
            "\(input)->\(output) tap (\(kernelChannel),\(kernelRow),\(kernelColumn))\(viaPadding ? " via padding" : "")"
        }
    }

    static func linksFromTraces(_ convolution: Convolution) -> [Link] {
        convolution.geometry.outputShape.everyIndex.flatMap { cell in
            convolution.trace(cell).taps.compactMap { tap -> Link? in
                guard let source = tap.source.cell else { return nil }
                return Link(
                    input: TensorIndex(n: cell.n, channel: tap.inputChannel, row: source.row, column: source.column),
                    output: cell, kernelChannel: tap.kernelChannel, kernelRow: tap.kernelRow,
                    kernelColumn: tap.kernelColumn, viaPadding: tap.source.isPadding)
            }
        }
    }

    static func linksFromUses(_ convolution: Convolution) -> [Link] {
        convolution.input.everyIndex.flatMap { cell in
            convolution.uses(of: cell).map { use in
                Link(
                    input: cell, output: use.output, kernelChannel: use.kernelChannel, kernelRow: use.kernelRow,
                    kernelColumn: use.kernelColumn, viaPadding: use.viaPadding)
            }
        }
    }

    @Test func usesAreExactlyTheTracedTaps() async throws {
        await propertyCheck(count: 150, input: seeds) { seed in
            let (recipe, convolution) = try RandomConv.make(seed: seed, ConvOptions(allowLarge: false))
            let traced = Self.linksFromTraces(convolution), used = Self.linksFromUses(convolution)
            #expect(Set(traced).count == traced.count)
            #expect(Set(used).count == used.count, "uses(of:) lists a pair twice: \(recipe)")
            let missing = Set(traced).subtracting(used), extra = Set(used).subtracting(traced)
            #expect(
                missing.isEmpty && extra.isEmpty,
                "\(recipe): missing \(missing.prefix(3).map(\.description)), extra \(extra.prefix(3).map(\.description))"
            )
        }
    }

    @Test func paddingModesAreCoveredWithCopies() async throws {
        // Force the non-zero modes, where one input cell is read both directly and via padding.
        for mode in [PaddingMode.reflect, .replicate, .circular] {
            await propertyCheck(count: 60, input: seeds) { seed in
                let (recipe, convolution) = try RandomConv.make(
                    seed: seed, ConvOptions(padding: .numbers, mode: mode, allowLarge: false))
                #expect(Set(Self.linksFromTraces(convolution)) == Set(Self.linksFromUses(convolution)), "\(recipe)")
            }
        }
    }

    @Test func usesAreOrderedByOutputThenTap() async throws {
        await propertyCheck(count: 100, input: seeds) { seed in
            let (recipe, convolution) = try RandomConv.make(seed: seed, ConvOptions(allowLarge: false))
            for cell in convolution.input.everyIndex {
                let keys = convolution.uses(of: cell).map {
                    [$0.output.channel, $0.output.row, $0.output.column, $0.kernelRow, $0.kernelColumn]
                }
                #expect(keys == keys.sorted { $0.lexicographicallyPrecedes($1) }, "\(recipe) \(cell)")
                #expect(convolution.uses(of: cell).allSatisfy { $0.output.n == cell.n })
            }
        }
    }

    @Test func theSeedExampleCentreCell() throws {
        // Input (2, 2) of the seed example with padding 1 (padded (3, 3)) is read by the 3x3 block of outputs
        // around it, output (i, j) through kernel tap (a, b) = (3 - i, 3 - j).
        let convolution = try Convolution(
            input: SeedExampleTests.grid(SeedExampleTests.input),
            weight: SeedExampleTests.grid(SeedExampleTests.kernel), bias: nil,
            parameters: Conv2dParameters(padding: .uniform(1)))
        let uses = convolution.uses(of: TensorIndex(channel: 0, row: 2, column: 2))
        #expect(uses.count == 9)
        #expect(
            uses.map { [$0.output.row, $0.output.column, $0.kernelRow, $0.kernelColumn] } == [
                [1, 1, 2, 2], [1, 2, 2, 1], [1, 3, 2, 0],
                [2, 1, 1, 2], [2, 2, 1, 1], [2, 3, 1, 0],
                [3, 1, 0, 2], [3, 2, 0, 1], [3, 3, 0, 0],
            ])
        #expect(uses.allSatisfy { !$0.viaPadding && $0.kernelChannel == 0 })
    }

    @Test func aReflectedCornerIsReadViaPadding() throws {
        // Row [1, 2, 3] with reflect padding 1 and a 1x1 kernel: input column 1 is read by output 0 (a copy),
        // output 2 (itself) and output 4 (a copy).
        let row = Tensor(shape: Shape4(n: 1, c: 1, h: 1, w: 3), values: [1, 2, 3])
        let one = Tensor(shape: Shape4(n: 1, c: 1, h: 1, w: 1), values: [1])
        let convolution = try Convolution(
            input: row, weight: one, bias: nil,
            parameters: Conv2dParameters(padding: .explicit(height: 0, width: 1), paddingMode: .reflect))
        let uses = convolution.uses(of: TensorIndex(channel: 0, row: 0, column: 1))
        #expect(uses.map(\.output.column) == [0, 2, 4])
        #expect(uses.map(\.viaPadding) == [true, false, true])
    }
}
