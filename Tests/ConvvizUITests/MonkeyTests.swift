import ConvCore
import Presets
import Testing

@testable import ConvvizUI

/// Thousands of random keys, clicks, wheel turns and resizes (fixed seeds); after every one the
/// invariants hold, and undoing everything returns the start.
struct MonkeyTests {
    struct Monkey {
        var generator: SplitMix64

        mutating func next(_ bound: Int) -> Int { generator.next(below: bound) }

        static let keys: [Key] = [
            .up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .enter, .escape,
            .backspace, .delete, .tab, .backTab, .control("r"), .control("c"),
        ]
        static let characters = Array("hjklHJKLsSpPdDagGiIoOmbvnNt{}[]<> uUrz0123456789-.eE?:x")

        /// A random event as the app would receive it.
        mutating func event(width: Int, height: Int) -> InputEvent {
            switch next(100) {
            case 0..<40: return .key(.character(Self.characters[next(Self.characters.count)]))
            case 40..<75: return .key(Self.keys[next(Self.keys.count)])
            case 75..<90: return .click(x: next(width + 4) - 2, y: next(height + 4) - 2)
            case 90..<96: return .wheel(x: next(width), y: next(height), delta: next(2) == 0 ? 1 : -1)
            default: return .resize(width: 10 + next(190), height: 5 + next(60))
            }
        }
    }

    func run(preset name: String, seed: UInt64, steps: Int, checkUndo: Bool = true) throws {
        var state = try Shipped.state(name, width: 100, height: 30)
        let start = state.preset
        var monkey = Monkey(generator: SplitMix64(seed: seed))
        var time = 0.0
        for step in 0..<steps {
            let action: Action?
            switch monkey.event(width: state.screenWidth, height: state.screenHeight) {
            case let .key(key): action = KeyMap.action(for: key, in: state)
            case let .click(x, y): action = .click(x: x, y: y)
            case let .wheel(x, y, delta): action = .wheel(x: x, y: y, delta: delta)
            case let .resize(width, height): action = .resize(width: width, height: height)
            }
            if let action {
                for effect in Reducer.reduce(&state, action) where effect == .quit {
                    state.mode = .normal
                }
            }
            time += 0.05
            _ = Reducer.reduce(&state, .tick(time))
            try checkInvariants(state, context: "\(name) seed \(seed) step \(step)")
        }
        guard checkUndo else { return }
        state.mode = .normal
        while !state.history.undo.isEmpty { _ = Reducer.reduce(&state, .undo) }
        if state.history.undo.count < History.limit {
            #expect(state.preset == start, "undoing everything returns the start (\(name), seed \(seed))")
        }
    }

    func checkInvariants(_ state: AppState, context: String) throws {
        if let output = state.transposed?.output ?? state.pooling?.output, let total = state.totalSteps {
            #expect((0..<total).contains(state.playback.position), "\(context)")
            #expect(output == (try? state.preset.output()), "the explorer shows the preset's output (\(context))")
        }
        // The cursors belong to the convolution on screen: a conv2d preset's, or a transposed one's direct view.
        if let shown = state.shownConvolution { try checkCursors(state, shown, context: context) }
        let screen = Screen.render(state)
        #expect(screen.width == state.screenWidth && screen.height == state.screenHeight)
    }

    func checkCursors(_ state: AppState, _ shown: ShownConvolution, context: String) throws {
        let input = shown.preset.input.shape, kernel = shown.preset.kernel.shape
        #expect(
            (0..<input.n).contains(state.cursors.input.n) && (0..<input.c).contains(state.cursors.input.channel)
                && (0..<input.h).contains(state.cursors.input.row)
                && (0..<input.w).contains(state.cursors.input.column), "\(context)")
        #expect(
            (0..<kernel.n).contains(state.cursors.kernel.n) && (0..<kernel.c).contains(state.cursors.kernel.channel)
                && (0..<kernel.h).contains(state.cursors.kernel.row)
                && (0..<kernel.w).contains(state.cursors.kernel.column), "\(context)")
        switch Result(catching: { () throws(ConvError) in try shown.preset.convolution() }) {
        case let .success(convolution):
            #expect(shown.workspace.output == convolution.output(), "the output shown is compute's (\(context))")
            let output = convolution.geometry.outputShape
            #expect(
                (0..<output.c).contains(state.cursors.output.channel)
                    && (0..<output.h).contains(state.cursors.output.row)
                    && (0..<output.w).contains(state.cursors.output.column), "\(context)")
            let plan = AnimationPlan(convolution)
            #expect((0..<plan.totalSteps).contains(state.playback.position), "\(context)")
        case let .failure(error):
            #expect(shown.workspace.output == nil && shown.workspace.error == error, "\(context)")
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64]) func pytorchExample(seed: UInt64) throws {
        try run(preset: "pytorch-example", seed: seed, steps: 1500)
    }

    @Test(arguments: [4, 5] as [UInt64]) func groupsAndBias(seed: UInt64) throws {
        try run(preset: "groups-2", seed: seed, steps: 1000)
        try run(preset: "bias", seed: seed, steps: 1000)
    }

    @Test func paddingModes() throws {
        try run(preset: "padding-circular", seed: 6, steps: 1000)
        try run(preset: "padding-reflect", seed: 7, steps: 1000)
    }

    @Test func transposedAndPoolingExplorers() throws {
        for (name, seed) in [
            ("transposed-overlap", 9), ("transposed-upsample-2", 10), ("max-pool-ceil", 11), ("avg-pool-padding", 12),
        ] as [(String, UInt64)] {
            try run(preset: name, seed: seed, steps: 800, checkUndo: false)
        }
    }

    @Test func pipeline() throws {
        try run(preset: "tiny-vgg", seed: 13, steps: 400, checkUndo: false)
        try run(preset: "dilation-doubling", seed: 14, steps: 400, checkUndo: false)
    }

    @Test func lesson() throws {
        try run(preset: "lesson-pytorch-example", seed: 8, steps: 1500, checkUndo: false)
    }
}
