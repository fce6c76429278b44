import Foundation
import Testing

/// `render --grad` and `record --grad`: the backward pass headless.
struct BackwardFrameCommandsTests {
    @Test func renderDrawsEachBackwardView() throws {
        let scatter = try CLI.run(["render", "pytorch-example", "--grad", "--step", "4"])
        #expect(scatter.status == 0, "\(scatter)")
        #expect(scatter.stdout.contains("backward pass of conv2d · dL/dX by scatter"))
        #expect(scatter.stdout.contains("dL/dY cell 5/25"))
        let weight = try CLI.run(["render", "pytorch-example", "--grad", "--grad-view", "weight", "--width", "140"])
        #expect(weight.status == 0, "\(weight)")
        #expect(weight.stdout.contains("[23]25 18"))
        #expect(weight.stdout.contains("27 30 21"))
        let gather = try CLI.run(["render", "max-pool", "--grad", "--grad-view", "gather"])
        #expect(gather.status == 0, "\(gather)")
        #expect(gather.stdout.contains("backward pass of max_pool2d · dL/dX cell by"))
    }

    @Test func renderRefusesAViewTheOperationLacks() throws {
        CLI.expectFailure(
            try CLI.run(["render", "max-pool", "--grad", "--grad-view", "weight"]),
            mentioning: ["pooling has no weight"])
        CLI.expectFailure(
            try CLI.run(["render", "pytorch-example", "--grad-view", "weight"]),
            mentioning: ["--grad-view needs --grad"])
    }

    @Test func recordPlaysTheScatter() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("convviz-\(UUID().uuidString).cast").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try CLI.run(["record", "pytorch-example", "--grad", "--out", path])
        #expect(result.status == 0, "\(result)")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1 + 25 + 1)
        #expect(lines[1].contains("by scatter"))
    }
}
