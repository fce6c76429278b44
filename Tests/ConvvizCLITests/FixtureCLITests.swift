import Foundation
import Testing

/// A sample of the PyTorch fixtures (Tests/ConformanceTests/Fixtures/conv2d.json) run through
/// `convviz compute FILE --json` as preset files: the valid ones match torch, the rejected ones fail cleanly.
struct FixtureCLITests {
    struct Case: Sendable, CustomTestStringConvertible {
        let id: String
        let presetJSON: String
        let shape: [Int]?
        let output: [Double]?
        let torchError: String?

        var testDescription: String { id }
    }

    static let fixtureURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ConformanceTests/Fixtures/conv2d.json")

    /// Every case, converted to a preset: id/shape/output/error/class dropped, `name` added.
    static let cases: (valid: [Case], rejected: [Case]) = {
        guard let data = try? Data(contentsOf: fixtureURL),
            let fixture = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return ([], []) }
        func decode(_ kind: String) -> [Case] {
            ((fixture[kind] as? [[String: Any]]) ?? []).compactMap { testCase in
                guard let id = testCase["id"] as? String else { return nil }
                var preset = testCase.filter { !["id", "shape", "output", "error", "class"].contains($0.key) }
                preset["name"] = id
                guard let json = try? JSONSerialization.data(withJSONObject: preset, options: [.sortedKeys]) else {
                    return nil
                }
                return Case(
                    id: id, presetJSON: String(decoding: json, as: UTF8.self),
                    shape: (testCase["shape"] as? [NSNumber])?.map(\.intValue),
                    output: (testCase["output"] as? [NSNumber])?.map(\.doubleValue),
                    torchError: testCase["error"] as? String)
            }
        }
        return (decode("valid"), decode("rejected"))
    }()

    /// About `count` cases spread evenly over `all`, always including the first (the seed example).
    static func sample(_ all: [Case], _ count: Int) -> [Case] {
        guard all.count > count else { return all }
        return (0..<count).map { all[$0 * all.count / count] }
    }

    static let validSample = sample(cases.valid, 30)
    static let rejectedSample = sample(cases.rejected, 30)

    @Test func theFixtureWasRead() {
        #expect(Self.validSample.count == 30)
        #expect(Self.rejectedSample.count == 30)
        #expect(Self.validSample.first?.id == "seed-pad1")
    }

    /// Numbers of a nested JSON array, in order.
    static func flatten(_ value: Any) -> [Double] {
        if let number = value as? NSNumber { return [number.doubleValue] }
        if let array = value as? [Any] { return array.flatMap(flatten) }
        return [.nan]
    }

    @Test(arguments: validSample)
    func aValidCaseMatchesPyTorch(_ testCase: Case) throws {
        let expectedShape = try #require(testCase.shape), expected = try #require(testCase.output)
        try withPresetFile(testCase.presetJSON, named: "\(testCase.id).json") { path in
            let result = try CLI.run(["compute", path, "--json"])
            #expect(result.status == 0, "\(result)")
            #expect(result.stderr.isEmpty, "\(result)")
            #expect(
                result.stdout.hasSuffix("}\n") && result.stdout.filter { $0 == "\n" }.count == 1,
                "one JSON line: \(result)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["shape", "output"])
            let shape = try #require(object["shape"] as? [NSNumber]).map(\.intValue)
            #expect(shape == expectedShape)
            let values = Self.flatten(try #require(object["output"]))
            try #require(values.count == expected.count, "got \(values.count) values, expected \(expected.count)")
            let worst = zip(values, expected).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
            #expect(worst <= 1e-9, "off by \(worst)")
        }
    }

    @Test(arguments: rejectedSample)
    func aRejectedCaseFailsCleanly(_ testCase: Case) throws {
        try withPresetFile(testCase.presetJSON, named: "\(testCase.id).json") { path in
            let result = try CLI.run(["compute", path, "--json"])
            CLI.expectFailure(result, mentioning: ["\(testCase.id).json"])
        }
    }
}
