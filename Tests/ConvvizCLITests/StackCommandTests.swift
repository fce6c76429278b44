import Foundation
import Testing

/// `convviz compute --layer` and `convviz rf` on the shipped layer stacks, run as the real binary.
struct StackCommandTests {
    private func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try CLI.run(arguments)
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result)")
        return try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func tinyVGGEndsInTenProbabilities() throws {
        let last = try json(["compute", "tiny-vgg", "--json"])
        #expect(last["shape"] as? [Int] == [1, 10])
        let probabilities = try #require((last["output"] as? [[Double]])?.first)
        #expect(abs(probabilities.reduce(0, +) - 1) < 1e-12)
        let pooled = try json(["compute", "tiny-vgg", "--json", "--layer", "5"])
        #expect(pooled["shape"] as? [Int] == [1, 10, 30, 30])
        let flat = try json(["compute", "tiny-vgg", "--json", "--layer", "11"])
        #expect(flat["shape"] as? [Int] == [1, 1690])
    }

    @Test func aLayerOutsideTheStackIsAnError() throws {
        for layer in ["0", "14", "-1"] {
            let result = try CLI.run(["compute", "tiny-vgg", "--layer", layer])
            #expect(result.status != 0 && result.status < 128 && result.exitedNormally, "\(result)")
            #expect(result.stderr.hasPrefix("error:") && result.stdout.isEmpty, "\(result)")
        }
        let single = try json(["compute", "pytorch-example", "--json", "--layer", "1"])
        #expect(single["shape"] as? [Int] == [1, 1, 5, 5])
    }

    @Test func rfGivesDistillsTableRows() throws {
        for (preset, row) in [("vgg16", [212, 32, 90]), ("alexnet-v2", [195, 32, 64])] {
            let layers = try #require(try json(["rf", preset, "--json"])["layers"] as? [[String: Any]])
            let last = try #require(layers.last)
            #expect(["r", "S", "P"].map { (last[$0] as? [Int])?.first } == row, "\(preset)")
            #expect(last["kind"] as? String == "max_pool2d")
            #expect(last["index"] as? Int == layers.count)
        }
    }

    @Test func rfTracesAUnitToTheInput() throws {
        let rf = try json(["rf", "tiny-vgg", "--json", "--unit", "6,6"])
        let unit = try #require(rf["unit"] as? [String: Any])
        #expect(unit["layer"] as? Int == 10)
        #expect(unit["position"] as? [Int] == [6, 6])
        #expect(unit["rows"] as? [Int] == [24, 39])
        #expect(unit["cols"] as? [Int] == [24, 39])
        let paths = try #require(unit["paths"] as? [[Int]])
        #expect(paths.count == 64 && paths.allSatisfy { $0.count == 64 })
        #expect(paths.joined().reduce(0, +) == 324 * 324)
        #expect(paths[24][24] == 1 && paths[31][31] == 1849 && paths[23][24] == 0)
        let flatLayers = (rf["layers"] as? [[String: Any]])?.suffix(3).map { $0["r"] is NSNull }
        #expect(flatLayers == [true, true, true])
    }

    @Test func rfRejectsBadUnits() throws {
        for arguments in [
            ["--unit", "99,0"], ["--unit", "a,b"], ["--unit", "1,1", "--layer", "12"], ["--unit", "-1,2"],
        ] {
            let result = try CLI.run(["rf", "tiny-vgg"] + arguments)
            #expect(result.status != 0 && result.status < 128 && result.exitedNormally, "\(arguments): \(result)")
            #expect(result.stderr.hasPrefix("error:") && result.stdout.isEmpty, "\(arguments): \(result)")
        }
    }

    @Test func renderAndRecordShowThePipeline() throws {
        let render = try CLI.run(["render", "tiny-vgg", "--width", "140", "--height", "45"])
        #expect(render.status == 0, "\(render)")
        #expect(render.stdout.contains("layer 10/13 max_pool2d (1, 10, 13, 13) · [c0, 6, 6]"), "\(render)")
        #expect(render.stdout.contains("field on the input: rows 24–39, columns 24–39 · 104976 paths · 0 holes"))
        let stepped = try CLI.run(["render", "tiny-vgg", "--step", "3"])
        #expect(stepped.status != 0 && stepped.stderr.hasPrefix("error:") && stepped.stderr.contains("--step"))
        let lesson = try CLI.run(["lesson", "tiny-vgg"])
        #expect(lesson.status == 1 && lesson.stderr.contains("has no lesson"), "\(lesson)")
    }
}
