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

/// Where everything goes on a screen of the state's size. Rendering and mouse hit-testing both use it,
/// so a click always lands on what is drawn there.
struct ScreenLayout {
    /// The smallest terminal the full layout needs.
    static let minimumWidth = 40
    static let minimumHeight = 12

    let width: Int
    let height: Int
    let panels: [PlacedPanel]
    let parameterFields: [ParameterBarField]
    /// The first footer row.
    let footerTop: Int
    /// Whether the two output-size formulas fit side by side on one row.
    let formulasOnOneLine: Bool
    /// The first row of the lesson box.
    let lessonTop: Int
    /// The lesson box: a heading, then the step's text wrapped to the screen.
    let lessonLines: [String]
    let builder: PanelBuilder

    var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    init(_ state: AppState) {
        width = state.screenWidth
        height = state.screenHeight
        builder = Self.largestFittingBuilder(state)
        parameterFields = Self.parameterBar(state, compact: width < 100)
        let screenWidth = state.screenWidth
        formulasOnOneLine = Footer(state: state, frame: builder.frame).formulaLines(oneLine: true).allSatisfy { $0.count <= screenWidth }
        let formulaLines = formulasOnOneLine ? 1 : 2
        let screenHeight = state.screenHeight
        lessonLines = state.lesson.map { Self.lessonText($0, width: screenWidth, maxLines: max(2, screenHeight / 4)) } ?? []
        footerTop = max(3, height - (formulaLines + 3))
        lessonTop = footerTop - lessonLines.count
        guard width >= Self.minimumWidth, height >= Self.minimumHeight else {
            panels = []
            return
        }
        let top = 3, areaHeight = lessonTop - top - 1
        let input = builder.inputPanel(), kernel = builder.kernelPanel(), bias = builder.biasPanel(), output = builder.outputPanel()
        let gap = 2
        let kernelWidth = min(max(kernel.contentWidth, bias?.contentWidth ?? 0), max(12, width - 2 * gap - 2 * 20))
        let remaining = max(0, width - kernelWidth - 2 * gap)
        var inputWidth = input.contentWidth, outputWidth = output.contentWidth
        if inputWidth + outputWidth > remaining {
            if inputWidth <= remaining / 2 {
                outputWidth = remaining - inputWidth
            } else if outputWidth <= remaining / 2 {
                inputWidth = remaining - outputWidth
            } else {
                inputWidth = remaining / 2
                outputWidth = remaining - inputWidth
            }
        }
        let biasHeight = bias == nil ? 0 : min(3, areaHeight / 3)
        let kernelHeight = bias == nil ? areaHeight : min(kernel.contentHeight + 2, areaHeight - biasHeight)
        var placed = [
            PlacedPanel(input, x: 0, y: top, width: inputWidth, height: areaHeight),
            PlacedPanel(kernel, x: inputWidth + gap, y: top, width: kernelWidth, height: kernelHeight),
            PlacedPanel(output, x: inputWidth + kernelWidth + 2 * gap, y: top, width: outputWidth, height: areaHeight),
        ]
        if let bias {
            placed.append(PlacedPanel(bias, x: inputWidth + gap, y: top + kernelHeight, width: kernelWidth, height: biasHeight))
        }
        panels = placed
    }

    static func lessonText(_ lesson: LessonState, width: Int, maxLines: Int) -> [String] {
        let heading = "Lesson · step \(lesson.index + 1)/\(lesson.steps.count)   PgDn/} next · PgUp/{ back · t ends"
        var lines = [heading]
        // Only what fits is laid out: the text of a step is bounded (PresetLoader.maxTextCharacters), and the
        // paragraphs past the box are never wrapped.
        for paragraph in lesson.step.text.split(separator: "\n", omittingEmptySubsequences: false) {
            if lines.count >= maxLines, lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == false { break }
            lines += PanelBuilder.wrap(String(paragraph), width: max(10, width - 2)).map { " " + $0 }
        }
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        return Array(lines.prefix(maxLines))
    }

    /// Panels with the largest cells (up to 3 extra characters) that still fit side by side.
    private static func largestFittingBuilder(_ state: AppState) -> PanelBuilder {
        let input = state.preset.input.shape, kernel = state.preset.kernel.shape
        guard !state.heatmap, input.w <= 24, kernel.c * kernel.w <= 32 else { return PanelBuilder(state) }
        for zoom in stride(from: 3, to: 0, by: -1) {
            let builder = PanelBuilder(state, zoom: zoom)
            let kernelWidth = max(builder.kernelPanel().contentWidth, builder.biasPanel()?.contentWidth ?? 0)
            let total = builder.inputPanel().contentWidth + kernelWidth + builder.outputPanel().contentWidth + 4
            if total <= state.screenWidth { return builder }
        }
        return PanelBuilder(state)
    }

    /// The parameter bar's fields and where each starts on row 1.
    private static func parameterBar(_ state: AppState, compact: Bool) -> [ParameterBarField] {
        let parameters = state.preset.parameters
        let padding: (String, String)
        switch parameters.padding {
        case let .explicit(height, width): padding = ("\(height)", "\(width)")
        case .same, .valid:
            let resolved = compact ? nil : state.workspace.geometry.map { "=\($0.padTop)+\($0.padBottom),\($0.padLeft)+\($0.padRight)" }
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
            (.inputChannels, "C_in", "\(state.preset.input.shape.c)"),
            (.outputChannels, "C_out", "\(state.preset.kernel.shape.n)"),
            (.paddingMode, compact ? "" : "mode", parameters.paddingMode.rawValue),
            (.bias, "bias", state.preset.bias == nil ? "off" : "on"),
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
    /// Opens the layout for mouse hit-testing.
    func layout() -> ScreenLayout { ScreenLayout(self) }
}
