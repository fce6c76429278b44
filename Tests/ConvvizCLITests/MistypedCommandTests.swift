import Testing

/// A mistyped command names the command meant (and a mistyped preset the preset meant).
struct MistypedCommandTests {
    @Test func aMistypedCommandSuggestsTheRightOne() throws {
        for (typed, meant) in [
            (["comptue"], "compute"), (["comptue", "sobel"], "compute"), (["rendr", "sobel"], "render"),
            (["expotr", "sobel", "--json"], "export"),
        ] {
            let result = try CLI.run(typed)
            CLI.expectFailure(result, mentioning: ["did you mean `convviz \(meant)`?"])
            #expect(result.status == 64, "\(result)")
            // The usage reminder is a line of its own, not an escaped line break.
            #expect(result.stderr.split(separator: "\n").last?.hasPrefix("Usage: convviz") == true, "\(result)")
            #expect(!result.stderr.contains("\\n"), "\(result)")
        }
    }

    @Test func aMistypedPresetStillSuggestsThePreset() throws {
        let result = try CLI.run(["sobl"])
        CLI.expectFailure(result, mentioning: ["did you mean 'sobel'?"])
        #expect(!result.stderr.contains("convviz compute"))
    }

    @Test func commandsAndPresetsAreNotMistakenForTypos() throws {
        let result = try CLI.run(["compute", "sobel", "--json"])
        #expect(result.status == 0, "\(result)")
    }
}
