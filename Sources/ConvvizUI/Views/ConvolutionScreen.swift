import ConvCore
import Foundation
import Presets

/// What a screen position stands for, for the mouse.
enum HitTarget: Equatable {
    case cell(Focus, TensorIndex)
    case parameter(ParameterField)
}

/// One field of the parameter bar: its label and value, and where they start on row 1.
struct ParameterBarField {
    let field: ParameterField
    let label: String
    let labelX: Int
    let x: Int
    let text: String
}

/// The convolution screen (a conv2d, or a transposed convolution's direct view): its skeleton and where its
/// panels go. Rendering and mouse hit-testing both use it, so a click always lands on what is drawn there.
struct ConvolutionScreen {
    var skeleton: ScreenSkeleton
    let panels: [PlacedPanel]
    let parameterFields: [ParameterBarField]
    /// The zoom level that fits the panels to the screen (what `0` goes back to).
    let fittedLevel: Int

    init(_ state: AppState, _ shown: ShownConvolution) {
        let width = state.screenWidth, height = state.screenHeight
        let base = PanelBuilder(state, shown)
        parameterFields = Self.parameterBar(state, shown, compact: width < 100)
        let footer = Footer(state: state, shown: shown, frame: base.frame)
        let formulasOnOneLine = footer.formulaLines(oneLine: true).allSatisfy { $0.count <= width }
        var skeleton = ScreenSkeleton(title: [
            ("convviz", Theme.title),
            (" · " + shown.preset.name + (state.isDirty ? " (edited)" : ""), .plain),
        ])
        skeleton.hint = state.isRecording ? nil : ": command  " + ScreenSkeleton.quitHint
        skeleton.bar = parameterFields.flatMap { item in
            let selected = state.cursors.focus == .parameters && state.cursors.parameter == item.field
            return [
                ScreenSkeleton.Run(text: item.label, x: item.labelX, style: Theme.info),
                ScreenSkeleton.Run(text: item.text, x: item.x, style: selected ? Theme.cursor : Theme.title),
            ]
        }
        skeleton.lesson = ScreenSkeleton.lessonLines(state.lesson, width: width, height: height)
        skeleton.footer =
            footer.formulaLines(oneLine: formulasOnOneLine).map { [($0, Theme.info)] }
            + footer.arithmetic(width: width, maxLines: Self.arithmeticLines(height: height))
            + [footer.playbackLine(width: width)]
        var area = skeleton.regions(width: width, height: height).panels
        fittedLevel = Self.fittedZoom(state, shown, area: area) + 1
        let builder = PanelBuilder(state, shown, zoom: state.zoom.effective(fitted: fittedLevel) - 1)
        if !skeleton.lesson.isEmpty {
            skeleton.panelsHeight = min(area.height, Self.height(builder))
            area = skeleton.regions(width: width, height: height).panels
        }
        panels = width >= Screen.minimumWidth && height >= Screen.minimumHeight ? Self.place(builder, in: area) : []
        skeleton.status = Screen.statusLine(state, idle: footer.idleStatus(panelsCut: panels.contains { $0.isCut }))
        self.skeleton = skeleton
    }

    func draw(into grid: inout CellGrid) {
        skeleton.draw(into: &grid)
        for panel in panels { panel.draw(into: &grid) }
    }

    /// The input, kernel (with the bias under it) and output panels side by side: the kernel column keeps its
    /// width, the input and output share what is left.
    private static func place(_ builder: PanelBuilder, in area: Rect) -> [PlacedPanel] {
        let input = builder.inputPanel(), kernel = builder.kernelPanel(), bias = builder.biasPanel()
        let output = builder.outputPanel()
        let gap = 2, width = area.width
        let kernelWidth = min(max(kernel.contentWidth, bias?.contentWidth ?? 0), max(12, width - 2 * gap - 2 * 20))
        let shared = Layout.fit(
            [input.contentWidth, output.contentWidth], into: max(0, width - kernelWidth - 2 * gap),
            gap: 0, minimum: 0)
        let columns = Layout.columns(of: area, widths: [shared[0], kernelWidth, shared[1]], gap: gap)
        let biasHeight = bias == nil ? 0 : min(3, area.height / 3)
        let kernelHeight = bias == nil ? area.height : min(kernel.contentHeight + 2, area.height - biasHeight)
        var placed = [
            PlacedPanel(input, in: columns[0]),
            PlacedPanel(kernel, in: Rect(x: columns[1].x, y: area.y, width: kernelWidth, height: kernelHeight)),
            PlacedPanel(output, in: columns[2]),
        ]
        if let bias {
            placed.append(
                PlacedPanel(
                    bias,
                    in: Rect(
                        x: columns[1].x, y: area.y + kernelHeight, width: kernelWidth,
                        height: biasHeight)))
        }
        return placed
    }

    /// Lines the arithmetic may take: one on a small screen, up to four on a projector.
    static func arithmeticLines(height: Int) -> Int { max(1, min(4, (height - 20) / 8 + 1)) }

    /// The largest zoom (extra characters per cell, pixel size - 1) whose panels fit `area` side by side, whole.
    private static func fittedZoom(_ state: AppState, _ shown: ShownConvolution, area: Rect) -> Int {
        let input = shown.preset.input.shape, kernel = shown.preset.kernel.shape
        guard state.heatmap || (input.w <= 64 && kernel.c * kernel.w <= 64) else { return 0 }
        for zoom in stride(from: Zoom.levels.upperBound - 1, to: 0, by: -1) {
            let builder = PanelBuilder(state, shown, zoom: zoom)
            let kernel = builder.kernelPanel(), bias = builder.biasPanel()
            let input = builder.inputPanel(), output = builder.outputPanel()
            let kernelWidth = max(kernel.contentWidth, bias?.contentWidth ?? 0)
            let width = input.contentWidth + kernelWidth + output.contentWidth + 4
            if width <= area.width && height(builder) <= area.height { return zoom }
        }
        return 0
    }

    /// The rows the panels take whole: the tallest of the input, the output, and the kernel with the bias under it.
    private static func height(_ builder: PanelBuilder) -> Int {
        let kernelHeight = builder.kernelPanel().contentHeight + 1 + (builder.biasPanel() == nil ? 0 : 3)
        return max(builder.inputPanel().contentHeight + 1, builder.outputPanel().contentHeight + 1, kernelHeight)
    }

    /// The parameter bar's fields and where each starts on row 1.
    private static func parameterBar(_ state: AppState, _ shown: ShownConvolution, compact: Bool) -> [ParameterBarField]
    {
        let preset = shown.preset, parameters = preset.parameters
        let padding: (String, String)
        switch parameters.padding {
        case let .explicit(height, width): padding = ("\(height)", "\(width)")
        case .same, .valid:
            let resolved =
                compact
                ? nil : shown.workspace.geometry.map { "=\($0.padTop)+\($0.padBottom),\($0.padLeft)+\($0.padRight)" }
            padding = (parameters.padding.presetText, resolved ?? "")
        }
        let values: [(ParameterField, String, String)] = [
            (.strideHeight, "stride", "\(parameters.stride.height)"),
            (.strideWidth, ",", "\(parameters.stride.width)"),
            (.paddingHeight, compact ? "pad" : "padding", padding.0),
            (.paddingWidth, padding.1.hasPrefix("=") || padding.1.isEmpty ? "" : ",", padding.1),
            (.dilationHeight, compact ? "dil" : "dilation", "\(parameters.dilation.height)"),
            (.dilationWidth, ",", "\(parameters.dilation.width)"),
            (.groups, "groups", "\(parameters.groups)"),
            (.inputChannels, "C_in", "\(preset.input.shape.c)"),
            (.outputChannels, "C_out", "\(preset.kernel.shape.n)"),
            (.paddingMode, compact ? "" : "mode", parameters.paddingMode.rawValue),
            (.bias, "bias", preset.bias == nil ? "off" : "on"),
        ]
        var fields: [ParameterBarField] = []
        var x = 0
        for (field, label, value) in values {
            let isSecondOfPair = [.strideWidth, .paddingWidth, .dilationWidth].contains(field)
            if !isSecondOfPair && x > 0 { x += 2 }
            let labelX = x
            x += label.count + (label.isEmpty || isSecondOfPair ? 0 : 1)
            fields.append(ParameterBarField(field: field, label: label, labelX: labelX, x: x, text: value))
            x += value.count
        }
        return fields
    }

    /// What is under a screen position.
    func target(x: Int, y: Int) -> HitTarget? {
        if y == 1 {
            for item in parameterFields where x >= item.labelX && x < item.x + max(1, item.text.count) {
                return .parameter(item.field)
            }
            return nil
        }
        for panel in panels {
            if let (focus, index) = panel.target(x: x, y: y) { return .cell(focus, index) }
        }
        return nil
    }
}

extension AppState {
    /// The convolution screen's layout, for mouse hit-testing; `nil` when the screen shows no convolution.
    func layout() -> ConvolutionScreen? { shownConvolution.map { ConvolutionScreen(self, $0) } }
}
