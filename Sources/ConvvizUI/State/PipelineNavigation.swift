import ConvCore
import Presets

/// The pipeline's own actions: choosing a grid and a unit, opening a layer in its single-operation view and
/// coming back, and editing the input.
extension AppState {
    /// The pipeline on screen, if the subject is one.
    var pipeline: PipelineSubject? {
        if case let .pipeline(pipeline) = subject { return pipeline }
        return nil
    }

    /// Whether a layer's own view is open over a pipeline (Esc returns).
    public var isInsideLayer: Bool { !parked.isEmpty }

    /// Changes the pipeline in place.
    mutating func updatePipeline(_ body: (inout PipelineSubject) -> Void) {
        guard case var .pipeline(pipeline) = subject else { return }
        body(&pipeline)
        subject = .pipeline(pipeline)
    }

    /// Tab and Shift-Tab: the next or previous grid of a pipeline, else the next or previous panel.
    mutating func nextPanelOrLayer(by delta: Int) {
        guard let pipeline else { return onConvolutionScreen { $0.cycleFocus(by: delta) } }
        selectGrid(pipeline.grid + delta)
    }

    /// Selects grid `grid` (0 = the input) and says what it is.
    mutating func selectGrid(_ grid: Int) {
        updatePipeline { $0.selectGrid(grid) }
        guard let pipeline else { return }
        if let layer = pipeline.layer {
            let kind = pipeline.stack.layers[layer].kind
            let opens = pipeline.layerPreset(layer, of: preset) != nil ? " · Enter opens it" : ""
            let shape = pipeline.shape(pipeline.grid)
            let shown = pipeline.isFlat(pipeline.grid) ? "(\(shape.n), \(shape.c))" : Notation.shape(shape)
            inform("layer \(layer + 1): \(kind) \(shown)\(opens)")
        } else {
            inform("the input \(Notation.shape(pipeline.shape(0))) · type a number to edit the selected value")
        }
    }

    /// `c` and `C`: the next or previous channel of the selected grid.
    mutating func cycleChannel(by delta: Int) {
        guard pipeline != nil else { return fail("channels are chosen this way in the pipeline of a layer stack") }
        updatePipeline { $0.cycleChannel(by: delta) }
        if let pipeline { inform("channel \(pipeline.channel) (channels 0–\(pipeline.shape(pipeline.grid).c - 1))") }
    }

    /// `f`: earlier grids show the selected unit's path counts, or their own values.
    mutating func toggleFieldPaths() {
        guard pipeline != nil else { return fail("path counts are shown in the pipeline of a layer stack") }
        updatePipeline { $0.showsPaths.toggle() }
        inform(
            pipeline?.showsPaths == true
                ? "paths: each earlier grid shows how many paths lead from each position to the unit (0 inside = a hole)"
                : "values: each grid shows its values; the unit's field is lit, the rest dimmed")
    }

    /// Opens a step of a layer-stack lesson: its grid (`layer:`), its unit (`select:`) and paths or values.
    mutating func openPipelineLessonStep(_ step: LessonStep) {
        mode = .normal
        updatePipeline { pipeline in
            if let layer = step.layer { pipeline.selectGrid(layer) }
            if let select = step.select {
                let cell = select.count == 3 ? select : [pipeline.channel] + select
                _ = pipeline.select(row: cell[1], column: cell[2], channel: cell[0])
            }
            if let paths = step.paths { pipeline.showsPaths = paths }
        }
        status = nil
    }

    /// Enter: opens the selected layer in its single-operation view, its input the previous layer's output.
    mutating func openLayer() {
        guard let pipeline else { return }
        guard let layer = pipeline.layer else {
            return fail("the input is not a layer: Tab selects a layer, Enter opens a convolution or pooling")
        }
        guard let layerPreset = pipeline.layerPreset(layer, of: preset) else {
            return fail(
                "\(pipeline.stack.layers[layer].kind) has no view of its own: Enter opens a convolution, "
                    + "transposed convolution or pooling")
        }
        let saved = self
        var opened = AppState(preset: layerPreset, presetPath: nil, width: screenWidth, height: screenHeight)
        opened.catalogue = catalogue
        opened.parked = [saved]
        opened.cursors.output = Cursors.clamp(pipeline.selection, to: opened.plan?.output ?? pipeline.shape(0))
        opened.normalize()
        self = opened
        inform(
            "layer \(layer + 1) on its own; its input is \(layer == 0 ? "the input" : "layer \(layer)'s output")"
                + " · Esc returns to the pipeline")
    }

    /// Esc in a layer's view: back to the pipeline, carrying a conv2d's edited weights and bias into the stack.
    mutating func backToPipeline() {
        guard var saved = parked.last, var pipeline = saved.pipeline, let layer = pipeline.layer else { return }
        var note = "back to the pipeline"
        if case let .conv2d(old) = pipeline.stack.layers[layer], case let .values(weight) = old.weights,
            preset.operation == .convolution,
            preset.kernel != weight || preset.bias != old.bias || preset.parameters != old.parameters
        {
            let edited = Layer.conv2d(
                Conv2dLayer(
                    weights: .values(preset.kernel), bias: preset.bias,
                    parameters: preset.parameters))
            do throws(StackError) {
                try pipeline.replaceLayer(layer, with: edited)
                guard case var .stack(layers) = saved.preset.operation else { return }
                layers[layer] = edited
                var document = saved.preset
                document.operation = .stack(layers)
                saved.change { $0.replace(with: document) }
                saved.subject = .pipeline(pipeline)
                note = "back to the pipeline: layer \(layer + 1)'s edits carried into every later layer"
            } catch {
                note = "back to the pipeline; layer \(layer + 1)'s edits were left behind: \(error.description)"
            }
        }
        saved.screenWidth = screenWidth
        saved.screenHeight = screenHeight
        self = saved
        inform(note)
    }

    /// A digit or Enter-to-edit on the pipeline: only the input's values are typed in.
    mutating func beginPipelineEdit(_ text: String) {
        guard let pipeline else { return }
        guard pipeline.grid == 0 else {
            return fail(
                "layers' outputs are computed: select the input (Tab to grid 0) to edit a value, "
                    + "Enter opens a layer")
        }
        let index = pipeline.selection
        mode = .editing(
            EditBuffer(
                grid: .input, index: index,
                text: text.isEmpty ? NumberText.format(value(.input, index)) : text))
    }

    /// Keeps the pipeline's stack in step with the document's input (after an edit, undo or redo).
    mutating func followInput() {
        guard var pipeline else { return }
        let before = pipeline.stack.outputs
        do throws(ConvError) {
            try pipeline.follow(preset)
        } catch {
            return fail(error.description)
        }
        subject = .pipeline(pipeline)
        let changed = zip(before, pipeline.stack.outputs).map { old, new in
            zip(old.values, new.values).reduce(0) { $0 + ($1.0 == $1.1 ? 0 : 1) }
        }
        if changed.contains(where: { $0 > 0 }) {
            inform("values changed per layer: " + changed.map(String.init).joined(separator: " "))
        }
    }
}
