import ConvCore
import Presets

/// Which editable tensor a value belongs to.
public enum Grid: Hashable, Sendable {
    case input
    case kernel
    case bias
    /// dL/dY, the backward pass's upstream gradient (the preset's `grad_output:`).
    case gradOutput
}

extension Preset {
    /// The value of one cell of an editable grid (for the bias, `index.channel` is the output channel).
    func value(_ grid: Grid, _ index: TensorIndex) -> Double {
        switch grid {
        case .input: input[index.n, index.channel, index.row, index.column]
        case .kernel: kernel[index.n, index.channel, index.row, index.column]
        case .bias: bias?[index.channel] ?? 0
        case .gradOutput: gradOutput?[index.n, index.channel, index.row, index.column] ?? 1
        }
    }
}

/// The convolution being edited: the preset, the values the user typed that a resize has hidden
/// (so growing a grid again brings them back), and the derived, validated result.
public struct Workspace: Sendable {
    /// What the user is editing.
    public private(set) var preset: Preset
    /// The validated convolution, when PyTorch would accept the combination.
    public private(set) var convolution: Convolution?
    /// Why PyTorch would reject the combination, when it would.
    public private(set) var error: ConvError?
    /// The output, when the combination is valid.
    public private(set) var output: Tensor?
    /// Values hidden by shrinking a grid, by grid and position.
    private var hidden: [Slot: Double] = [:]
    /// Counts the changes that recompute the output; a background result is taken only for the latest one.
    public private(set) var generation = 0
    /// Multiply-adds done so far, while the output is being computed off the UI thread (`output` is then `nil`).
    public private(set) var computed: Int?
    /// Multiply-adds up to which the output is computed at once, in the change itself.
    let synchronousLimit: Int

    /// Multiply-adds up to which an output is computed between two frames (a few milliseconds); larger ones are
    /// computed by an ``OutputJob`` while keys go on being answered.
    public static let synchronousWork = 1 << 22

    private struct Slot: Hashable {
        let grid: Grid
        let index: TensorIndex
    }

    /// A workspace over a preset: its output computed at once up to `synchronousLimit` multiply-adds, else left
    /// to an ``OutputJob`` (``job``).
    public init(preset: Preset, synchronousLimit: Int = Workspace.synchronousWork) {
        self.preset = preset
        self.synchronousLimit = synchronousLimit
        recompute()
    }

    /// The job that computes the output, while it is awaited.
    public var job: OutputJob? {
        guard computed != nil, let convolution else { return nil }
        return OutputJob(generation: generation, convolution: convolution)
    }

    /// Whether the output is being computed off the UI thread.
    public var isComputing: Bool { computed != nil }

    /// Takes a job's output if it is for the latest change; returns whether it was taken.
    @discardableResult
    mutating func accept(_ output: Tensor, generation: Int) -> Bool {
        guard generation == self.generation, computed != nil, output.shape == convolution?.geometry.outputShape
        else { return false }
        self.output = output
        computed = nil
        return true
    }

    /// Records a job's progress if it is for the latest change.
    mutating func progress(_ done: Int, generation: Int) {
        if generation == self.generation, computed != nil { computed = done }
    }

    /// Numbers this workspace's generations after `previous`'s (a freshly loaded preset), so a result for the
    /// workspace it replaces is never taken for its own.
    mutating func continueGenerations(after previous: Workspace) {
        generation = max(generation, previous.generation + 1)
    }

    /// Computes an awaited output on this thread (the command-line renderings, which have no frames to keep).
    public mutating func finishComputing() {
        if let job, let output = job.run() { accept(output, generation: job.generation) }
    }

    /// The validated shape arithmetic (padding, output shape), when valid.
    public var geometry: ConvGeometry? { convolution?.geometry }

    // MARK: - Values

    /// Sets one input value and recomputes only the output cells that read it.
    public mutating func setInput(_ index: TensorIndex, _ value: Double) {
        preset.input[index.n, index.channel, index.row, index.column] = value
        guard let convolution, let output else { return recompute() }
        let updated = convolution.replacingInput(preset.input)
        var newOutput = output
        for use in updated.uses(of: index) {
            let cell = use.output
            newOutput[cell.n, cell.channel, cell.row, cell.column] = updated.trace(cell).value
        }
        self.convolution = updated
        self.output = newOutput
    }

    /// Sets one weight: filter `index.n`, in-group channel `index.channel`, kernel row and column.
    public mutating func setKernel(_ index: TensorIndex, _ value: Double) {
        preset.kernel[index.n, index.channel, index.row, index.column] = value
        recompute()
    }

    /// Sets the bias of one output channel.
    public mutating func setBias(_ channel: Int, _ value: Double) {
        guard var bias = preset.bias, bias.indices.contains(channel) else { return }
        bias[channel] = value
        preset.bias = bias
        recompute()
    }

    /// Replaces every value of a grid.
    public mutating func fill(_ grid: Grid, with value: () -> Double) {
        switch grid {
        case .input: preset.input.values = preset.input.values.map { _ in value() }
        case .kernel: preset.kernel.values = preset.kernel.values.map { _ in value() }
        case .bias: preset.bias = preset.bias?.map { _ in value() }
        case .gradOutput:
            preset.gradOutput = preset.gradOutput.map {
                Tensor(shape: $0.shape, values: $0.values.map { _ in value() })
            }
        }
        recompute()
    }

    // MARK: - Shapes and parameters

    /// Resizes the input's rows and columns (every channel), keeping what fits and remembering the rest.
    public mutating func resizeInput(height: Int, width: Int) {
        var shape = preset.input.shape
        (shape.h, shape.w) = (max(1, height), max(1, width))
        preset.input = resized(preset.input, to: shape, grid: .input)
        recompute()
    }

    /// Resizes the kernel's rows and columns (every filter and channel).
    public mutating func resizeKernel(height: Int, width: Int) {
        var shape = preset.kernel.shape
        (shape.h, shape.w) = (max(1, height), max(1, width))
        preset.kernel = resized(preset.kernel, to: shape, grid: .kernel)
        recompute()
    }

    /// Sets the number of input channels; the kernel follows when groups divide it.
    public mutating func setInputChannels(_ channels: Int) {
        var shape = preset.input.shape
        shape.c = max(1, channels)
        preset.input = resized(preset.input, to: shape, grid: .input)
        if preset.inputRank == 2 && shape.c > 1 { preset.inputRank = 3 }
        conformKernel()
    }

    /// Sets the number of output channels (filters); the bias follows.
    public mutating func setOutputChannels(_ channels: Int) {
        var shape = preset.kernel.shape
        shape.n = max(1, channels)
        preset.kernel = resized(preset.kernel, to: shape, grid: .kernel)
        if let bias = preset.bias { preset.bias = resizedBias(bias, count: shape.n) }
        conformKernel()
    }

    /// Sets stride, padding, dilation, groups or padding mode; the kernel follows a change of groups.
    public mutating func setParameters(_ parameters: Conv2dParameters) {
        preset.parameters = parameters
        conformKernel()
    }

    /// Turns the bias on (restoring remembered values) or off.
    public mutating func setBiasEnabled(_ enabled: Bool) {
        if enabled, preset.bias == nil {
            preset.bias = resizedBias([], count: preset.kernel.shape.n)
        } else if !enabled, let bias = preset.bias {
            for (channel, value) in bias.enumerated() {
                hidden[Slot(grid: .bias, index: TensorIndex(channel: channel, row: 0, column: 0))] = value
            }
            preset.bias = nil
        }
        recompute()
    }

    /// Replaces the whole preset (undo, redo, load).
    public mutating func replace(with preset: Preset) {
        self.preset = preset
        recompute()
    }

    /// Renames the preset.
    public mutating func rename(_ name: String) {
        preset.name = name
    }

    /// Makes the kernel's channel dimension `C_in / groups` when groups divide both channel counts.
    private mutating func conformKernel() {
        let groups = preset.parameters.groups
        let inputChannels = preset.input.shape.c, filters = preset.kernel.shape.n
        if groups > 0, inputChannels % groups == 0, filters % groups == 0,
            preset.kernel.shape.c != inputChannels / groups
        {
            var shape = preset.kernel.shape
            shape.c = inputChannels / groups
            preset.kernel = resized(preset.kernel, to: shape, grid: .kernel)
        }
        recompute()
    }

    private mutating func resized(_ tensor: Tensor, to shape: Shape4, grid: Grid) -> Tensor {
        let old = tensor.shape
        // Remember what a shrink hides, unless that is too much to keep (then undo still has it).
        if hidden.count + tensor.values.count <= Self.hiddenLimit {
            remember(tensor, outside: shape, grid: grid)
        }
        var result = Tensor(shape: shape)
        let kept = min(old.w, shape.w)
        for n in 0..<shape.n {
            for c in 0..<shape.c {
                for h in 0..<shape.h {
                    // A row inside the old tensor keeps its first `kept` values (copied at once); the rest are new.
                    let inside = n < old.n && c < old.c && h < old.h
                    if inside {
                        let from = tensor.index(n, c, h, 0), to = result.index(n, c, h, 0)
                        result.values.replaceSubrange(to..<to + kept, with: tensor.values[from..<from + kept])
                    }
                    guard !hidden.isEmpty else { continue }
                    for w in (inside ? kept : 0)..<shape.w {
                        let slot = Slot(grid: grid, index: TensorIndex(n: n, channel: c, row: h, column: w))
                        result[n, c, h, w] = hidden[slot] ?? 0
                    }
                }
            }
        }
        return result
    }

    /// The most hidden values remembered.
    static let hiddenLimit = 1 << 20

    private mutating func remember(_ tensor: Tensor, outside shape: Shape4, grid: Grid) {
        let old = tensor.shape
        for n in 0..<old.n {
            for c in 0..<old.c {
                for h in 0..<old.h {
                    for w in 0..<old.w
                    where n >= shape.n || c >= shape.c || h >= shape.h || w >= shape.w {
                        hidden[Slot(grid: grid, index: TensorIndex(n: n, channel: c, row: h, column: w))] =
                            tensor[n, c, h, w]
                    }
                }
            }
        }
    }

    private mutating func resizedBias(_ bias: [Double], count: Int) -> [Double] {
        for channel in count..<max(count, bias.count) {
            hidden[Slot(grid: .bias, index: TensorIndex(channel: channel, row: 0, column: 0))] = bias[channel]
        }
        return (0..<count).map { channel in
            channel < bias.count
                ? bias[channel]
                : hidden[Slot(grid: .bias, index: TensorIndex(channel: channel, row: 0, column: 0))] ?? 0
        }
    }

    private mutating func recompute() {
        generation += 1
        computed = nil
        do {
            let convolution = try preset.convolution()
            self.convolution = convolution
            self.error = nil
            if OutputJob.work(convolution.geometry) <= synchronousLimit {
                self.output = convolution.output()
            } else {
                self.output = nil
                computed = 0
            }
            // dL/dY (grad_output) must keep the output's shape: a change of shape drops it (undo brings it back).
            if case .convolution = preset.operation, let gradient = preset.gradOutput,
                gradient.shape != convolution.geometry.outputShape
            {
                preset.gradOutput = nil
            }
        } catch {
            self.convolution = nil
            self.output = nil
            self.error = error
        }
    }
}
