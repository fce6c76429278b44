import ConvCore
import Foundation
import Presets
import Testing

/// The PyTorch layer-stack fixtures (tools/golden/make_stack_fixtures.py): each case is a JSON preset with
/// `layers:`, read by the preset reader, computed by ``Stack`` and traced by ``Stack/unitField(layer:row:column:)``.
struct StackFixtureTests {
    static let fixture = Fixture(name: "stack")

    static func stack(_ testCase: Fixture.Case) throws -> Stack {
        let preset = try PresetLoader.parse(testCase.fields["preset"] as? String ?? "", file: testCase.id, isJSON: true)
        return try preset.stack()
    }

    @Test func theFixtureCoversEveryLayerKind() throws {
        #expect(Self.fixture.valid.count >= 150)
        #expect(Self.fixture.rejected.count >= 10)
        var kinds = Set<String>()
        for testCase in Self.fixture.valid { kinds.formUnion(try Self.stack(testCase).layers.map(\.kind)) }
        #expect(
            kinds == [
                "conv2d", "conv_transpose2d", "relu", "sigmoid", "tanh", "max_pool2d", "avg_pool2d", "flatten",
                "linear", "softmax",
            ])
    }

    @Test func everyLayerOfEveryStackMatchesPyTorch() {
        for testCase in Self.fixture.valid {
            let id = testCase.id
            do {
                let stack = try Self.stack(testCase)
                let outputs = testCase.fields["outputs"] as? [[String: Any]] ?? []
                #expect(outputs.count == stack.layers.count, "\(id)")
                for (index, expected) in outputs.enumerated() where index < stack.layers.count {
                    let shape = (expected["shape"] as? [NSNumber])?.map(\.intValue)
                    #expect(stack.outputDimensions(index) == shape, "\(id) layer \(index + 1)")
                    let values = (expected["output"] as? [NSNumber])?.map(\.doubleValue) ?? []
                    let worst =
                        zip(stack.outputs[index].values, values).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
                    #expect(
                        values.count == stack.outputs[index].values.count && worst <= 1e-9,
                        "\(id) layer \(index + 1): off by \(worst)")
                }
            } catch {
                Issue.record("\(id) was rejected: \(error)")
            }
        }
    }

    @Test func everyReceptiveFieldMatchesTheRecurrences() throws {
        for testCase in Self.fixture.valid {
            let id = testCase.id
            let fields = try Self.stack(testCase).receptiveFields()
            let expected = testCase.fields["fields"] as? [Any] ?? []
            #expect(fields.count == expected.count, "\(id)")
            for (field, reference) in zip(fields, expected) {
                guard let reference = reference as? [String: [NSNumber]] else {
                    #expect(field == nil, "\(id): a flat layer has no field")
                    continue
                }
                let got = field.map {
                    [
                        [$0.height.size, $0.width.size], [$0.height.stride, $0.width.stride],
                        [$0.height.padding, $0.width.padding],
                    ]
                }
                let want = ["r", "S", "P"].map { reference[$0]?.map(\.doubleValue) ?? [] }
                let close = got.map { zip($0.joined(), want.joined()).allSatisfy { abs($0 - $1) <= 1e-9 } } ?? false
                #expect(close, "\(id): \(String(describing: got)) vs \(want)")
            }
        }
    }

    @Test func everyUnitsIntervalAndPathsMatchAutograd() throws {
        var units = 0
        for testCase in Self.fixture.valid {
            guard let unit = testCase.fields["unit"] as? [String: Any] else { continue }
            units += 1
            let id = testCase.id
            let position = (unit["position"] as? [NSNumber])?.map(\.intValue) ?? []
            let layer = (unit["layer"] as? NSNumber)?.intValue ?? 0
            let field = try Self.stack(testCase).unitField(layer: layer - 1, row: position[0], column: position[1])
            let interval = { (range: ClosedRange<Int>?) in range.map { [$0.lowerBound, $0.upperBound] } }
            #expect(interval(field.rows[0]) == (unit["rows"] as? [NSNumber])?.map(\.intValue), "\(id) rows")
            #expect(interval(field.columns[0]) == (unit["cols"] as? [NSNumber])?.map(\.intValue), "\(id) cols")
            let paths = (unit["paths"] as? [[NSNumber]])?.map { $0.map(\.intValue) }
            #expect(try field.paths(grid: 0) == paths, "\(id) paths")
        }
        #expect(units >= 100)
    }

    @Test func everyRejectedStackIsRejected() {
        for testCase in Self.fixture.rejected {
            #expect(throws: (any Error).self, "\(testCase.id): torch said \(testCase.torchError ?? "")") {
                try Self.stack(testCase)
            }
        }
    }
}
