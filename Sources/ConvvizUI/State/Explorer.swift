import ConvCore
import Presets

/// The app on a transposed convolution or a pooling: step and play through it, no editing.
/// A transposed convolution has two views: the scatter (each input cell stamps the weighted kernel onto
/// the output) and the equivalent direct convolution (zero-inserted, padded input; flipped kernel).
public struct Explorer: Sendable {
    /// What the explorer shows.
    public enum View: Hashable, Sendable {
        case scatter
        case direct
        case pooling
    }

    /// The view shown.
    public var view: View
    /// The transposed convolution, for the scatter view.
    public let transposed: TransposedConvolution?
    /// The pooling.
    public let pooling: Pooling?
    /// The equivalent direct convolution as a whole app state of its own, for the direct view.
    public var direct: AppState? {
        get { directStorage.first }
        set { directStorage = newValue.map { [$0] } ?? [] }
    }
    /// Holds `direct` (an array, because a value type cannot contain itself directly).
    private var directStorage: [AppState] = []
    /// Which cells of the direct view's input are real, inserted zeros or padding.
    public let equivalent: DirectEquivalent?
    /// The transposed convolution's or the pooling's output, computed once.
    public let output: Tensor
    /// The scatter or pooling animation: input cells (scatter) or window taps of output cells (pooling).
    public var playback = Playback()

    /// An explorer for a preset that is not a plain convolution; `nil` for convolutions.
    init?(preset: Preset, width: Int, height: Int) throws(ConvError) {
        switch preset.operation {
        case .convolution:
            return nil
        case .stack:
            throw .layer(StackError(message: "the pipeline view of layer stacks is not built yet; "
                                    + "`convviz compute` and `convviz rf` work on this preset"))
        case let .transposed(parameters):
            let transposed = try TransposedConvolution(input: preset.input, weight: preset.kernel, bias: preset.bias, parameters: parameters)
            self.view = .scatter
            self.transposed = transposed
            self.pooling = nil
            self.output = transposed.output()
            // The direct view needs the zero-inserted input in memory; without it the scatter view still works.
            if let equivalent = try? DirectEquivalent(transposed) {
                let convolution = equivalent.convolution
                var direct = AppState(
                    preset: Preset(name: "\(preset.name): the equivalent direct convolution",
                                   input: convolution.input, inputRank: preset.inputRank == 4 ? 4 : 3, kernel: convolution.weight,
                                   bias: convolution.bias, parameters: convolution.parameters),
                    width: width, height: height)
                direct.directRoles = equivalent
                direct.focus = .output
                self.equivalent = equivalent
                self.directStorage = [direct]
            } else {
                self.equivalent = nil
            }
        case let .pooling(parameters):
            self.view = .pooling
            self.transposed = nil
            let pooling = try Pooling(input: preset.input, parameters: parameters)
            self.pooling = pooling
            self.output = pooling.output()
            self.equivalent = nil
        }
        playback.position = totalSteps - 1
    }

    /// Steps in the scatter or pooling animation.
    public var totalSteps: Int {
        if let transposed { return transposed.input.shape.checkedCount ?? 1 }
        if let pooling { return (pooling.outputShape.checkedCount ?? 1) * stepsPerCell }
        return 1
    }

    /// Pooling: steps per output cell (the window's taps).
    public var stepsPerCell: Int {
        guard let pooling else { return 1 }
        return pooling.parameters.kernel.height * pooling.parameters.kernel.width
    }

    /// `position`, or, when it lies past the last tap of its cell (a ceil_mode window clipped at the far edge has
    /// fewer taps than `stepsPerCell`), the nearest real step: the next cell's first going forward, else the
    /// cell's last tap.
    func skippingClippedSteps(_ position: Int, forward: Bool) -> Int {
        guard let pooling else { return position }
        let cell = position / stepsPerCell
        let taps = pooling.trace(Self.index(cell, in: pooling.outputShape)).taps.count
        guard position % stepsPerCell >= taps else { return position }
        return forward ? min((cell + 1) * stepsPerCell, totalSteps - 1) : cell * stepsPerCell + max(taps, 1) - 1
    }

    /// The input cell stamped at the current step (scatter view).
    public var currentInputCell: TensorIndex? {
        guard let transposed else { return nil }
        return Self.index(playback.position, in: transposed.input.shape)
    }

    /// The output cell computed at the current step (pooling view).
    public var currentOutputCell: TensorIndex? {
        guard let pooling else { return nil }
        return Self.index(playback.position / stepsPerCell, in: pooling.outputShape)
    }

    static func index(_ flat: Int, in shape: Shape4) -> TensorIndex {
        let plane = shape.h * shape.w, channels = shape.c * plane
        return TensorIndex(n: flat / channels, channel: (flat % channels) / plane, row: (flat % plane) / shape.w, column: flat % shape.w)
    }

    static func flat(_ index: TensorIndex, in shape: Shape4) -> Int {
        ((index.n * shape.c + index.channel) * shape.h + index.row) * shape.w + index.column
    }
}

extension AppState {
    /// Opens a lesson step in the explorer: its selection (an input cell for the scatter view, an output
    /// cell for pooling) and its animation.
    mutating func openExplorerStep(_ step: LessonStep) {
        guard var explorer else { return }
        explorer.playback = Playback(position: explorer.totalSteps - 1, speedIndex: explorer.playback.speedIndex)
        if let select = step.select {
            let padded = Array(repeating: 0, count: 4 - select.count) + select
            let shape = explorer.transposed?.input.shape ?? explorer.pooling!.outputShape
            let index = AppState.clamp(TensorIndex(n: padded[0], channel: padded[1], row: padded[2], column: padded[3]), to: shape)
            explorer.playback.position = Explorer.flat(index, in: shape) * explorer.stepsPerCell + explorer.stepsPerCell - 1
        }
        switch step.animate {
        case .cell?:
            explorer.playback.position -= explorer.stepsPerCell - 1
            explorer.playback.stopAt = explorer.playback.position + explorer.stepsPerCell - 1
        case .all?:
            explorer.playback.position = 0
        case nil:
            self.explorer = explorer
            return
        }
        explorer.playback.revealing = true
        explorer.playback.playing = true
        self.explorer = explorer
    }

    /// Handles an action while exploring a transposed convolution or a pooling; returns `false` when the
    /// action is not the explorer's (quit, help, resize, load, commands are handled as usual).
    mutating func explore(_ action: Action) -> Bool {
        guard var explorer else { return false }
        defer { self.explorer = explorer }
        if explorer.view == .direct, var direct = explorer.direct {
            switch action {
            case .move, .focusNext, .focusPrevious, .select, .togglePlay, .step, .stepCell, .jumpToStart, .jumpToEnd,
                 .changeSpeed, .tick, .toggleHeatmap, .click, .wheel:
                _ = Reducer.reduce(&direct, action)
                explorer.direct = direct
                return true
            case let .resize(width, height):
                _ = Reducer.reduce(&direct, .resize(width: width, height: height))
                explorer.direct = direct
                return false
            default: break
            }
        }
        let last = explorer.totalSteps - 1
        switch action {
        case .toggleTransposedView:
            guard explorer.transposed != nil else {
                fail("only a transposed convolution has two views")
                return true
            }
            guard explorer.direct != nil else {
                fail("the direct view's zero-inserted input would be too large to show; the scatter view is exact")
                return true
            }
            explorer.view = explorer.view == .scatter ? .direct : .scatter
            inform(explorer.view == .direct
                ? "direct view: the same output as a stride-1 convolution over the zero-inserted, padded input with the flipped kernel"
                : "scatter view: each input cell stamps the kernel, scaled by its value, onto the output")
        case .togglePlay:
            if explorer.playback.playing {
                explorer.playback.playing = false
            } else {
                if !explorer.playback.revealing || explorer.playback.position >= last { explorer.playback.position = 0 }
                explorer.playback.stopAt = nil
                explorer.playback.revealing = true
                explorer.playback.playing = true
                explorer.playback.lastTick = nil
                explorer.playback.carry = 0
            }
        case let .step(delta):
            explorer.playback.playing = false
            if !explorer.playback.revealing && delta > 0 {
                explorer.playback.position = 0
            } else {
                let from = explorer.skippingClippedSteps(explorer.playback.position, forward: false)
                explorer.playback.position = explorer.skippingClippedSteps(min(max(from + delta, 0), last), forward: delta > 0)
            }
            explorer.playback.revealing = true
        case let .stepCell(delta):
            explorer.playback.playing = false
            explorer.playback.revealing = true
            let cell = min(max(explorer.playback.position / explorer.stepsPerCell + delta, 0), explorer.totalSteps / explorer.stepsPerCell - 1)
            explorer.playback.position = cell * explorer.stepsPerCell + explorer.stepsPerCell - 1
        case let .move(rows, columns):
            explorer.playback.playing = false
            explorer.playback.revealing = true
            let shape = explorer.transposed?.input.shape ?? explorer.pooling!.outputShape
            let cell = explorer.playback.position / explorer.stepsPerCell
            var index = Explorer.index(cell, in: shape)
            index = AppState.moveStacked(index, rows: rows, columns: columns, shape: shape)
            explorer.playback.position = Explorer.flat(index, in: shape) * explorer.stepsPerCell + explorer.stepsPerCell - 1
        case .jumpToStart:
            explorer.playback = Playback(position: 0, revealing: true, speedIndex: explorer.playback.speedIndex)
        case .jumpToEnd:
            explorer.playback = Playback(position: last, revealing: false, speedIndex: explorer.playback.speedIndex)
        case let .changeSpeed(delta):
            explorer.playback.speedIndex = min(max(explorer.playback.speedIndex + delta, 0), Playback.speeds.count - 1)
        case let .tick(now):
            guard explorer.playback.playing else { return true }
            guard let previous = explorer.playback.lastTick else {
                explorer.playback.lastTick = now
                return true
            }
            explorer.playback.lastTick = now
            explorer.playback.carry += min(max(now - previous, 0), 1) * explorer.playback.speed
            let steps = Int(explorer.playback.carry)
            explorer.playback.carry -= Double(steps)
            let end = min(explorer.playback.stopAt ?? last, last)
            var position = min(explorer.playback.position + steps, max(end, explorer.playback.position))
            if position < end { position = min(explorer.skippingClippedSteps(position, forward: true), end) }
            explorer.playback.position = position
            if explorer.playback.position >= end {
                explorer.playback.playing = false
                explorer.playback.stopAt = nil
            }
        case .toggleHeatmap:
            heatmap.toggle()
        case .beginEdit, .editType, .commitEdit, .randomize, .zero, .resizeGrid, .adjustParameter, .adjustBothAxes,
             .cyclePaddingKind, .cyclePaddingMode, .toggleBias, .undo, .redo:
            fail("\(preset.operation.name) presets are for watching: edit the preset file, or :load a conv2d preset to experiment")
        case let .resize(width, height):
            explorer.direct?.screenWidth = width
            explorer.direct?.screenHeight = height
            return false
        case .requestQuit, .confirmQuit, .showHelp, .dismiss, .openCommandLine, .commandType, .commandBackspace,
             .commandComplete, .commandSubmit, .commandCancel, .run, .toggleLesson, .lessonStep, .quizType, .quizBackspace,
             .quizSubmit, .openBrowser, .browse, .openSelectedPreset, .loaded, .loadFailed, .saved, .saveFailed:
            return false
        default:
            // Anything else (focus, clicks and wheel turns on the parameter bar, ...) would change the
            // hidden convolution state; the explorer has no use for it.
            return true
        }
        return true
    }
}
