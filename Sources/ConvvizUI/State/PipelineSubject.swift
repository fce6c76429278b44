import ConvCore
import Presets

/// A stack of layers on screen: every layer's output, the receptive fields, and one selected unit traced back to
/// the input.
///
/// Grids are numbered as ``UnitField`` numbers them: grid 0 is the input, grid `g` the output of layer `g − 1`
/// (0-based). The selection is a grid, a channel of it and a position (row, column) in it; the unit's field is
/// traced from that position back to the input whenever the grid is an image.
public struct PipelineSubject: Sendable {
    /// The validated stack with every layer's output.
    public private(set) var stack: Stack
    /// The layers as the preset gives them (seeded or values), to notice when undo changes them.
    private var source: [Layer]
    /// `r`, `S`, `P` of every layer (`nil` once flat).
    public let fields: [LayerField?]
    /// The selected grid: 0 = the input, `g` = the output of layer `g − 1`.
    public private(set) var grid: Int
    /// The selected channel of the grid.
    public private(set) var channel = 0
    /// The selected row of the grid.
    public private(set) var row = 0
    /// The selected column of the grid.
    public private(set) var column = 0
    /// Whether the pictures of earlier grids show the unit's path counts instead of their values.
    public var showsPaths = false
    /// The image grid the row and column belong to (the selected grid, or the last image grid before a flat one).
    private var positionGrid: Int
    /// The selected unit traced back to the input, when the grid is a layer's image output.
    public private(set) var unit: UnitField?

    /// The pipeline of a stack preset, selecting the centre of the last convolution or pooling's output.
    init(_ preset: Preset) throws(ConvError) {
        do {
            stack = try preset.stack()
        } catch {
            throw .layer(error)
        }
        source = Self.layers(of: preset)
        fields = stack.receptiveFields()
        grid = (stack.lastWindowedLayer ?? -1) + 1
        positionGrid = grid
        let shape = self.shape(grid)
        (row, column) = (shape.h / 2, shape.w / 2)
        retrace()
    }

    /// How many grids there are: the input and every layer's output.
    public var gridCount: Int { stack.layers.count + 1 }

    /// The tensor of grid `grid`.
    public func tensor(_ grid: Int) -> Tensor { grid == 0 ? stack.input : stack.outputs[grid - 1] }

    /// The shape of grid `grid`.
    public func shape(_ grid: Int) -> Shape4 { tensor(grid).shape }

    /// Whether grid `grid` is flat features (no positions).
    public func isFlat(_ grid: Int) -> Bool { grid > 0 && stack.isFlat[grid - 1] }

    /// The selected position as a tensor index (batch item 0).
    public var selection: TensorIndex { TensorIndex(channel: channel, row: row, column: column) }

    /// The layer (0-based) of the selected grid, `nil` on the input.
    public var layer: Int? { grid == 0 ? nil : grid - 1 }

    /// Selects another grid, keeping the unit at the same relative place.
    mutating func selectGrid(_ target: Int) {
        let target = min(max(target, 0), gridCount - 1)
        guard target != grid else { return }
        let old = shape(positionGrid), new = shape(target)
        grid = target
        channel = min(channel, new.c - 1)
        if !isFlat(target) {
            row = Self.rescale(row, from: old.h, to: new.h)
            column = Self.rescale(column, from: old.w, to: new.w)
            positionGrid = target
        }
        retrace()
    }

    /// Moves the selected position (flat grids: through the features).
    mutating func move(rows: Int, columns: Int) {
        let shape = self.shape(grid)
        if isFlat(grid) {
            channel = min(max(channel + rows + columns, 0), shape.c - 1)
        } else {
            row = min(max(row + rows, 0), shape.h - 1)
            column = min(max(column + columns, 0), shape.w - 1)
        }
        retrace()
    }

    /// Selects a position; `false` when it is outside the grid.
    mutating func select(row: Int, column: Int, channel: Int? = nil) -> Bool {
        let shape = self.shape(grid)
        guard (0..<shape.h).contains(row), (0..<shape.w).contains(column),
            (0..<shape.c).contains(channel ?? self.channel)
        else { return false }
        (self.row, self.column) = (row, column)
        if let channel { self.channel = channel }
        retrace()
        return true
    }

    /// The next or previous channel of the grid.
    mutating func cycleChannel(by delta: Int) {
        let channels = shape(grid).c
        channel = ((channel + delta) % channels + channels) % channels
    }

    /// Sets one input value and recomputes only what it reaches in every layer; returns the cells recomputed.
    @discardableResult
    mutating func setInput(_ index: TensorIndex, _ value: Double) -> [Int] {
        let counts = stack.setInput(index, to: value)
        retrace()
        return counts
    }

    /// Brings the stack in line with the document (after an edit, undo or redo): the input cell by cell when only a
    /// few values changed, else the whole stack.
    mutating func follow(_ preset: Preset) throws(ConvError) {
        let input = preset.input, layers = Self.layers(of: preset)
        let changed =
            input.shape != stack.input.shape || layers != source
            ? [] : input.values.indices.filter { input.values[$0] != stack.input.values[$0] }
        if input.shape != stack.input.shape || layers != source || changed.count > 64 {
            do {
                stack = try Stack(input: input, layers: layers)
            } catch {
                throw .layer(error)
            }
            source = layers
        } else {
            for flat in changed { stack.setInput(input.shape.index(atFlat: flat), to: input.values[flat]) }
        }
        retrace()
    }

    /// Replaces layer `index` (after its own view edited it), recomputing the stack.
    mutating func replaceLayer(_ index: Int, with layer: Layer) throws(StackError) {
        var layers = source
        layers[index] = layer
        stack = try Stack(input: stack.input, layers: layers)
        source = layers
        retrace()
    }

    private static func layers(of preset: Preset) -> [Layer] {
        if case let .stack(layers) = preset.operation { return layers }
        return []
    }

    private mutating func retrace() {
        guard let layer, !isFlat(grid) else {
            unit = nil
            return
        }
        unit = try? stack.unitField(layer: layer, row: row, column: column)
    }

    private static func rescale(_ position: Int, from old: Int, to new: Int) -> Int {
        guard old > 1, new > 1 else { return min(position, max(0, new - 1)) }
        return min(new - 1, (position * new + old / 2) / old)
    }

    /// The preset of one layer as its own operation, its input being the previous layer's output: a conv2d,
    /// a transposed convolution or a pooling; `nil` for the other kinds.
    func layerPreset(_ index: Int, of preset: Preset) -> Preset? {
        let input = stack.input(ofLayer: index)
        let rank = index == 0 ? preset.inputRank : (preset.isBatched ? 4 : 3)
        let name = "\(preset.name) · layer \(index + 1) \(stack.layers[index].kind)"
        let noKernel = Tensor(shape: Shape4(n: 1, c: 1, h: 1, w: 1), values: [1])
        switch stack.layers[index] {
        case let .conv2d(layer):
            guard case let .values(weight) = layer.weights else { return nil }
            return Preset(
                name: name, input: input, inputRank: rank, kernel: weight, bias: layer.bias,
                parameters: layer.parameters)
        case let .convTranspose2d(layer):
            guard case let .values(weight) = layer.weights else { return nil }
            return Preset(
                name: name, input: input, inputRank: rank, kernel: weight, bias: layer.bias,
                operation: .transposed(layer.parameters))
        case let .pool(parameters):
            return Preset(
                name: name, input: input, inputRank: rank, kernel: noKernel,
                operation: .pooling(parameters))
        case .activation, .flatten, .linear, .softmax:
            return nil
        }
    }
}
