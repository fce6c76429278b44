import ArgumentParser
import ConvvizUI

/// `--grad [--grad-view scatter|gather|weight]`: `render` and `record` show the backward pass.
struct BackwardOptions: ParsableArguments {
    @Flag(help: "Show the backward pass (dL/dY from the preset's grad_output, all ones when absent).")
    var grad = false

    @Option(
        help: ArgumentHelp(
            "With --grad: scatter (dL/dX stamped by each dL/dY cell, the default), gather (dL/dX cell by cell) "
                + "or weight (dL/dW tap by tap)."))
    var gradView: GradView?

    /// The backward views by name.
    enum GradView: String, ExpressibleByArgument, CaseIterable {
        case scatter, gather, weight
    }

    func validate() throws {
        if gradView != nil && !grad { throw ValidationError("--grad-view needs --grad") }
    }

    /// Enters backward mode and the chosen view, or says why the preset has none.
    func apply(to state: inout AppState) throws {
        guard grad else { return }
        _ = Reducer.reduce(&state, .toggleBackward)
        guard state.isBackward else {
            throw CommandFailure(message: "no backward pass: \(state.status?.text ?? "this preset has none")")
        }
        let views: [GradView] = [.scatter, .gather, .weight]
        let wanted = gradView ?? .scatter
        for _ in 0..<(views.firstIndex(of: wanted) ?? 0) { _ = Reducer.reduce(&state, .toggleTransposedView) }
        if wanted == .weight && state.backwardView != .weight {
            throw CommandFailure(message: "pooling has no weight: --grad-view scatter or gather")
        }
        state.status = nil
    }
}
