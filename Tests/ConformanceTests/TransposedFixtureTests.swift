import ConvCore
import Foundation
import Testing

/// The PyTorch transposed-convolution fixtures (tools/golden/make_transposed_fixtures.py), decoded straight into
/// ``TransposedConvolution``.
struct TransposedFixtureTests {
    static let fixture = FixtureFile(name: "conv_transpose2d")

    /// The case's transposed convolution; throws what ConvCore rejects.
    static func convolution(_ testCase: [String: Any]) throws -> TransposedConvolution {
        let parameters = TransposedConv2dParameters(
            stride: try FixtureFile.pair(testCase["stride"], default: 1),
            padding: try FixtureFile.pair(testCase["padding"], default: 0),
            outputPadding: try FixtureFile.pair(testCase["output_padding"], default: 0),
            dilation: try FixtureFile.pair(testCase["dilation"], default: 1),
            groups: (testCase["groups"] as? NSNumber)?.intValue ?? 1)
        return try TransposedConvolution(input: try FixtureFile.tensor(testCase["input"]),
                                         weight: try FixtureFile.tensor(testCase["kernel"]),
                                         bias: (testCase["bias"] as? [NSNumber])?.map(\.doubleValue),
                                         parameters: parameters)
    }

    @Test func theFixtureIsLargeEnough() {
        #expect(Self.fixture.valid.count >= 300)
        #expect(Self.fixture.rejected.count >= 40)
        #expect(Self.fixture.valid.allSatisfy { $0["transposed"] as? Bool == true })
    }

    @Test func everyValidCaseMatchesPyTorch() {
        for testCase in Self.fixture.valid {
            let id = FixtureFile.id(testCase)
            do {
                let convolution = try Self.convolution(testCase)
                let output = convolution.output()
                let mismatch = FixtureFile.mismatch(output, testCase)
                #expect(mismatch == nil, "\(id): \(mismatch ?? "")")
                let traced = output.shape.everyIndex.filter { convolution.trace($0).value.bitPattern != output[$0].bitPattern }
                #expect(traced.isEmpty, "\(id): traces differ from the output at \(traced.prefix(3))")
            } catch {
                Issue.record("\(id) was rejected: \(error)")
            }
        }
    }

    @Test func everyRejectedCaseIsRejected() {
        for testCase in Self.fixture.rejected {
            #expect(throws: ConvError.self, "\(FixtureFile.id(testCase)) should be rejected: torch said \(testCase["error"] ?? "")") {
                try Self.convolution(testCase)
            }
        }
    }
}

/// One fixture file of Tests/ConformanceTests/Fixtures, and the decoding of its preset-form cases into ConvCore
/// values (shared by the transposed-convolution and pooling fixture tests). Immutable once loaded, so it can be
/// shared across test tasks.
struct FixtureFile: @unchecked Sendable {
    /// A case the fixture spells wrongly (a bug in the generator, not in ConvCore).
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    /// The valid cases, each with "shape" and "output".
    let valid: [[String: Any]]
    /// The rejected cases, each with torch's "error".
    let rejected: [[String: Any]]

    init(name: String) {
        let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures")!
        let fixture = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        valid = fixture["valid"] as! [[String: Any]]
        rejected = fixture["rejected"] as! [[String: Any]]
    }

    static func id(_ testCase: [String: Any]) -> String { testCase["id"] as? String ?? "?" }

    /// A nested list of rank 2 (H, W), 3 (C, H, W) or 4 (N, C, H, W) as an NCHW tensor: rank 2 is (1, 1, H, W) and
    /// rank 3 (1, C, H, W), for an input as for a kernel (a rank-2 kernel is the weight (1, 1, kH, kW)).
    static func tensor(_ list: Any?) throws -> Tensor {
        var extents: [Int] = []
        var level = list
        while let items = level as? [Any] {
            extents.append(items.count)
            level = items.first
        }
        var values: [Double] = []
        func flatten(_ value: Any) throws {
            if let items = value as? [Any] {
                for item in items { try flatten(item) }
            } else if let number = value as? NSNumber {
                values.append(number.doubleValue)
            } else {
                throw Malformed(description: "not a number: \(value)")
            }
        }
        try flatten(list as Any)
        guard (2...4).contains(extents.count) else { throw Malformed(description: "a tensor of rank \(extents.count)") }
        let padded = Array(repeating: 1, count: 4 - extents.count) + extents
        let shape = Shape4(n: padded[0], c: padded[1], h: padded[2], w: padded[3])
        guard shape.checkedCount == values.count else { throw Malformed(description: "a ragged list for \(shape)") }
        return Tensor(shape: shape, values: values)
    }

    /// A per-axis setting spelled `v`, `[v]` or `[h, w]`; `fallback` when omitted.
    static func pair(_ value: Any?, default fallback: Int) throws -> AxisPair {
        switch value {
        case nil: return .uniform(fallback)
        case let number as NSNumber: return .uniform(number.intValue)
        case let list as [NSNumber] where list.count == 1: return .uniform(list[0].intValue)
        case let list as [NSNumber] where list.count == 2: return AxisPair(height: list[0].intValue, width: list[1].intValue)
        default: throw Malformed(description: "not a per-axis setting: \(value!)")
        }
    }

    /// How `output` differs from the case's torch result (shape, or the worst value off by more than 1e-9
    /// relative), or `nil` when it matches.
    static func mismatch(_ output: Tensor, _ testCase: [String: Any]) -> String? {
        let shape = (testCase["shape"] as? [NSNumber])?.map(\.intValue)
        let expected = (testCase["output"] as? [NSNumber])?.map(\.doubleValue) ?? []
        guard output.shape.dimensions == shape, output.values.count == expected.count else {
            return "shape \(output.shape), torch \(shape ?? [])"
        }
        let worst = zip(output.values, expected).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
        return worst <= 1e-9 ? nil : "off by \(worst)"
    }
}

extension Shape4 {
    /// Every index of a tensor of this shape, row-major.
    var everyIndex: [TensorIndex] {
        (0..<n).flatMap { n in
            (0..<c).flatMap { c in
                (0..<h).flatMap { row in (0..<w).map { TensorIndex(n: n, channel: c, row: row, column: $0) } }
            }
        }
    }
}

extension Tensor {
    /// The element at `index`.
    subscript(_ index: TensorIndex) -> Double { self[index.n, index.channel, index.row, index.column] }
}
