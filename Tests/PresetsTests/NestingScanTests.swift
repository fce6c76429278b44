import Presets
import Testing

/// The nesting guard counts brackets that are structure, not brackets inside text.
struct NestingScanTests {
    static let grids = "input: [[1, 2], [3, 4]]\nkernel: [[1]]\n"

    @Test func bracketsInTextAreNotNesting() throws {
        let brackets = String(repeating: "[", count: 80)
        for description in [
            "|\n  \(brackets)\n  \(brackets) it's\n", ">-\n  \(brackets)\n", "\"a\\\"\(brackets)\"", "'\(brackets)'",
        ] {
            let preset = try PresetLoader.parse("name: t\ndescription: \(description)\n" + Self.grids, file: "t.yaml")
            #expect(preset.description?.contains(brackets) == true)
        }
        let commented = try PresetLoader.parse("name: t # \(brackets)\n" + Self.grids, file: "t.yaml")
        #expect(commented.name == "t")
    }

    @Test func deepFlowNestingIsRefusedBeforeParsing() {
        let deep = String(repeating: "[", count: 65) + "1" + String(repeating: "]", count: 65)
        let error = parseError("name: t\ninput: \(deep)\nkernel: [[1]]\n")
        #expect(error?.message == "lists are nested more than 64 levels deep")
        #expect(error?.line == 2)
    }
}
