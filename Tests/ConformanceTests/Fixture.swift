import ConvCore
import Foundation

/// One fixture file of Tests/ConformanceTests/Fixtures (written by tools/golden/), decoded once: the one decoder
/// of the conformance tests. Immutable once loaded, so it can be shared across test tasks.
struct Fixture: @unchecked Sendable {
    /// One case: a preset in JSON form plus torch's verdict.
    struct Case {
        /// The case's name.
        let id: String
        /// The preset keys (input, kernel, stride, ...), as the fixture spells them.
        let fields: [String: Any]
        /// torch's output shape and row-major values, for a valid case.
        let shape: [Int]?
        let output: [Double]?
        /// torch's error, for a rejected case.
        let torchError: String?

        /// The preset file the case stands for (JSON, named after the case).
        var presetText: String {
            var preset = fields
            preset["name"] = id
            let data = try! JSONSerialization.data(withJSONObject: preset, options: [.sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }

        /// How `computed` differs from torch's result (shape, or the worst value off by more than 1e-9 relative),
        /// or `nil` when it matches.
        func mismatch(_ computed: Tensor) -> String? {
            let expected = output ?? []
            guard computed.shape.dimensions == shape, computed.values.count == expected.count else {
                return "shape \(computed.shape), torch \(shape ?? [])"
            }
            let worst = zip(computed.values, expected).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
            return worst <= 1e-9 ? nil : "off by \(worst)"
        }
    }

    /// A case the fixture spells in a way ConvCore values cannot hold (the preset format rejects it first).
    struct Unspellable: Error, CustomStringConvertible {
        let description: String
    }

    /// The valid cases, with torch's output.
    let valid: [Case]
    /// The cases torch rejects, with its error.
    let rejected: [Case]

    /// Loads `Fixtures/<name>.json`.
    init(name: String) {
        let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures")!
        let fixture = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        func decode(_ kind: String) -> [Case] {
            (fixture[kind] as! [[String: Any]]).map { testCase in
                Case(
                    id: testCase["id"] as? String ?? "?",
                    fields: testCase.filter { !["id", "shape", "output", "error", "class"].contains($0.key) },
                    shape: (testCase["shape"] as? [NSNumber])?.map(\.intValue),
                    output: (testCase["output"] as? [NSNumber])?.map(\.doubleValue),
                    torchError: testCase["error"] as? String)
            }
        }
        valid = decode("valid")
        rejected = decode("rejected")
    }

    // MARK: - Fields as ConvCore values

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
                throw Unspellable(description: "not a number: \(value)")
            }
        }
        try flatten(list as Any)
        guard (2...4).contains(extents.count) else {
            throw Unspellable(description: "a tensor of rank \(extents.count)")
        }
        let padded = Array(repeating: 1, count: 4 - extents.count) + extents
        let shape = Shape4(n: padded[0], c: padded[1], h: padded[2], w: padded[3])
        guard shape.checkedCount == values.count else { throw Unspellable(description: "a ragged list for \(shape)") }
        return Tensor(shape: shape, values: values)
    }

    /// A per-axis setting spelled `v`, `[v]` or `[h, w]`; `fallback` when omitted.
    static func pair(_ value: Any?, default fallback: Int) throws -> AxisPair {
        switch value {
        case nil: return .uniform(fallback)
        case let number as NSNumber: return .uniform(number.intValue)
        case let list as [NSNumber] where list.count == 1: return .uniform(list[0].intValue)
        case let list as [NSNumber] where list.count == 2:
            return AxisPair(height: list[0].intValue, width: list[1].intValue)
        default: throw Unspellable(description: "not a per-axis setting: \(String(describing: value))")
        }
    }

    /// The bias, if the case has one.
    static func bias(_ value: Any?) -> [Double]? { (value as? [NSNumber])?.map(\.doubleValue) }
}

extension Shape4 {
    /// Every index of a tensor of this shape, row-major.
    var everyIndex: [TensorIndex] {
        (0..<(checkedCount ?? 0)).map { index(atFlat: $0) }
    }
}

extension Tensor {
    /// The value at `index`.
    subscript(_ index: TensorIndex) -> Double { self[index.n, index.channel, index.row, index.column] }
}
