@testable import ConvvizUI
import Testing

/// The small things a newcomer hit: an invalid `:` value says why, `[` at the first step stays there.
@Suite
struct NewcomerTests {
    @Test(arguments: [
        ("stride 0", "stride: stride must be at least 1 on each axis"),
        ("dilation 0 1", "dilation: dilation must be at least 1 on each axis"),
        ("groups 0", "groups: groups must be at least 1"),
    ])
    func anInvalidCommandValueSaysWhy(command: String, reason: String) throws {
        var state = try Shipped.state("pytorch-example", width: 80, height: 24)
        state.apply(.openCommandLine)
        state.type(command)
        state.press(.enter)
        #expect(state.status?.isError == true)
        #expect(state.status?.text.hasPrefix(reason) == true, "\(String(describing: state.status))")
        let bottom = Screen.render(state, color: false).lines.suffix(2).map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(bottom.joined(separator: " ").contains("error: " + reason), "\(bottom)")
        #expect(bottom.joined(separator: " ").hasSuffix("(u undoes)"))
        state.press(.character("u"))
        #expect(state.workspace.error == nil)
    }

    @Test func aValidCommandIsEchoed() throws {
        var state = try Shipped.state("pytorch-example", width: 80, height: 24)
        state.apply(.run("stride 2"))
        #expect(state.status == StatusMessage(text: ":stride 2", isError: false))
    }

    @Test func previousCellAtTheFirstStepStaysThere() throws {
        var state = try Shipped.state("pytorch-example", width: 80, height: 24)
        state.apply(.jumpToStart)
        state.press(.character("["))
        #expect(state.playback.position == 0)
        #expect(state.playback.revealing)
        state.press(.character("]"), .character("]"), .character("["))
        #expect(state.playback.position == 17)
    }
}
