import ConvCore
import Foundation
import Testing

/// The PyTorch pooling fixtures (tools/golden/make_pool_fixtures.py), decoded straight into ``Pooling``.
struct PoolingFixtureTests {
    static let fixture = FixtureFile(name: "pool2d")

    /// The case's pooling; throws what ConvCore rejects.
    static func pooling(_ testCase: [String: Any]) throws -> Pooling {
        guard let kind = PoolKind(rawValue: testCase["pool"] as? String ?? "") else {
            throw FixtureFile.Malformed(description: "no pool kind")
        }
        let kernel = try FixtureFile.pair(testCase["kernel_size"], default: 0)
        let parameters = Pool2dParameters(
            kind: kind, kernel: kernel,
            stride: testCase["stride"] == nil ? nil : try FixtureFile.pair(testCase["stride"], default: 0),
            padding: try FixtureFile.pair(testCase["padding"], default: 0),
            dilation: try FixtureFile.pair(testCase["dilation"], default: 1),
            ceilMode: testCase["ceil_mode"] as? Bool ?? false,
            countIncludePad: testCase["count_include_pad"] as? Bool ?? true)
        return try Pooling(input: try FixtureFile.tensor(testCase["input"]), parameters: parameters)
    }

    @Test func theFixtureIsLargeEnough() {
        #expect(Self.fixture.valid.count >= 300)
        #expect(Self.fixture.rejected.count >= 40)
        for kind in PoolKind.allCases {
            #expect(Self.fixture.valid.count { $0["pool"] as? String == kind.rawValue } >= 100)
        }
    }

    @Test func everyValidCaseMatchesPyTorch() {
        for testCase in Self.fixture.valid {
            let id = FixtureFile.id(testCase)
            do {
                let pooling = try Self.pooling(testCase)
                let output = pooling.output()
                let mismatch = FixtureFile.mismatch(output, testCase)
                #expect(mismatch == nil, "\(id): \(mismatch ?? "")")
                let traced = output.shape.everyIndex.filter { pooling.trace($0).value.bitPattern != output[$0].bitPattern }
                #expect(traced.isEmpty, "\(id): traces differ from the output at \(traced.prefix(3))")
            } catch {
                Issue.record("\(id) was rejected: \(error)")
            }
        }
    }

    @Test func everyRejectedCaseIsRejected() {
        for testCase in Self.fixture.rejected {
            #expect(throws: ConvError.self, "\(FixtureFile.id(testCase)) should be rejected: torch said \(testCase["error"] ?? "")") {
                try Self.pooling(testCase)
            }
        }
    }
}
