import ConvCore
import Presets
import Testing

@testable import ConvvizUI

/// What the reducer fuzzer found (docs/fuzzing.md, F2 and F3), replayed as plain action sequences.
struct FuzzFindingTests {
    @Test(arguments: ["groups", "stride", "padding", "dilation", "channels", "filters", "input", "kernel"])
    func theSmallestIntegerAsAnArgumentIsRefused(command: String) throws {
        var state = try Shipped.state("pytorch-example")
        let before = state.preset
        state.apply(.run("\(command) -9223372036854775808"))
        #expect(state.status?.isError == true)
        #expect(state.preset == before)
        state.apply(.run("\(command) 9223372036854775807 -9223372036854775808"))
        #expect(state.preset == before)
    }

    @Test func aWheelTurnOnTheBarWhileEditingChangesNothing() throws {
        var state = try Shipped.state("groups-2", width: 140, height: 45)
        let filters = state.preset.kernel.shape.n
        state.press(.tab)
        #expect(state.cursors.focus == .kernel)
        state.type("jjj5")
        guard case let .editing(buffer) = state.mode else {
            Issue.record("not editing: \(state.mode)")
            return
        }
        let field = try #require(state.layout()?.parameterFields.first { $0.field == .outputChannels })
        state.apply(.wheel(x: field.x, y: 1, delta: -1))
        #expect(state.preset.kernel.shape.n == filters)
        state.press(.enter)
        #expect(state.mode == .normal)
        #expect(state.preset.kernel[buffer.index.n, buffer.index.channel, buffer.index.row, buffer.index.column] == 5)
    }

    @Test func anEditWhoseCellWasRemovedIsNotStored() throws {
        var state = try Shipped.state("pytorch-example")
        state.press(.down, .down, .down, .down)
        state.type("5")
        state.apply(.run("input 1"))
        #expect(state.preset.input.shape.h == 1)
        state.press(.enter)
        #expect(state.mode == .normal)
        #expect(state.status?.isError == true)
        #expect(state.status?.text.contains("gone") == true)
        #expect(state.preset.input.shape.h == 1)
    }
}
