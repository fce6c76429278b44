import CPictures
import ConvCore
import Foundation

/// Why a picture cannot be made.
public struct PictureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, in the user's words.
    public let description: String

    /// Creates an error.
    public init(_ description: String) { self.description = description }
}

/// Pictures of a convolution in the style of conv_arithmetic (Dumoulin and Visin): the padded input with the
/// kernel's window on it, the output filling in, and a caption with the parameters. One output channel
/// (the first) of the first batch item is shown, with the first input channel its filter reads.
public struct ConvolutionPicture: Sendable {
    /// The most columns the two grids (padded input and output) may have side by side.
    public static let maxColumns = 190
    /// The most rows either grid may have.
    public static let maxRows = 130

    let convolution: Convolution
    let title: String
    let cell: Int
    let margin = 16
    let gap: Int
    let top: Int
    let inputChannel: Int
    let inputPanel: Panel
    let outputPanel: Panel

    /// The output cells shown (one output channel): each is a frame of the animation.
    public var cellCount: Int { convolution.geometry.outputShape.h * convolution.geometry.outputShape.w }
    /// The multiply-adds of one output cell.
    public var tapsPerCell: Int { convolution.weight.shape.c * convolution.weight.shape.h * convolution.weight.shape.w }

    /// Lays out the pictures of `convolution` titled `title`, or says why the grids are too large to draw.
    public init(_ convolution: Convolution, title: String) throws(PictureError) {
        let geometry = convolution.geometry, output = geometry.outputShape
        let columns = geometry.paddedWidth + output.w, rows = max(geometry.paddedHeight, output.h)
        guard columns <= Self.maxColumns, rows <= Self.maxRows else {
            throw PictureError(
                "the padded input and the output are \(columns) columns by \(rows) rows side by side; "
                    + "pictures show at most \(Self.maxColumns) columns and \(Self.maxRows) rows")
        }
        self.convolution = convolution
        self.title = title
        cell = max(4, min(48, min(760 / columns, 520 / rows)))
        gap = max(40, cell)
        top = 16 + 24 + 30
        inputChannel = convolution.inputChannel(output: 0, kernelChannel: 0)
        inputPanel = Self.inputPanel(convolution, channel: inputChannel, cell: cell)
        let outputValues = Array(convolution.output().values.prefix(output.h * output.w))
        outputPanel = Panel(rows: output.h, columns: output.w, values: outputValues, cell: cell)
    }

    static func inputPanel(_ convolution: Convolution, channel: Int, cell: Int) -> Panel {
        let geometry = convolution.geometry
        let values = (0..<geometry.paddedHeight).flatMap { row in
            (0..<geometry.paddedWidth).map { column in paddedValue(convolution, channel: channel, row, column) }
        }
        return Panel(rows: geometry.paddedHeight, columns: geometry.paddedWidth, values: values, cell: cell)
    }

    /// The value at padded (row, column) of input channel `channel` of batch item 0.
    static func paddedValue(_ convolution: Convolution, channel: Int, _ row: Int, _ column: Int) -> Double {
        let geometry = convolution.geometry
        guard let r = geometry.rowSource(row).index, let c = geometry.columnSource(column).index else { return 0 }
        let shape = convolution.input.shape
        return convolution.input.values[(channel * shape.h + r) * shape.w + c]
    }

    /// How one grid is drawn: numbers when they fit in the cells, else a heatmap.
    struct Panel {
        let rows: Int
        let columns: Int
        let values: [Double]
        let texts: [String]?
        let scale: Int
        let signed: Bool
        let largest: Double

        init(rows: Int, columns: Int, values: [Double], cell: Int) {
            self.rows = rows
            self.columns = columns
            self.values = values
            signed = values.contains { $0 < 0 }
            largest = values.map(abs).max() ?? 0
            let texts = values.map(GridNumber.format)
            let widest = texts.map(convvizTextWidth).max() ?? 0
            if cell >= 40 && widest * 2 <= cell - 6 {
                (self.texts, scale) = (texts, 2)
            } else if cell >= 20 && widest <= cell - 4 {
                (self.texts, scale) = (texts, 1)
            } else {
                (self.texts, scale) = (nil, 1)
            }
        }

        /// The heatmap fill of value `value`.
        func fill(_ value: Double) -> PictureScene.Fill {
            let top = Double(PictureScene.levels - 1)
            guard largest > 0 else { return signed ? .heat(Int(top / 2)) : .grey(0) }
            if signed { return .heat(Int(((value / largest + 1) / 2 * top).rounded())) }
            return .grey(Int((value / largest * top).rounded()))
        }
    }

    /// The picture with output cell `index` (0-based, row by row) being computed: with `tap` nil the whole
    /// window and the finished value, else multiply-add `tap` of that cell in progress (its input channel shown).
    public func scene(cell index: Int, tap: Int? = nil) -> PictureScene {
        let geometry = convolution.geometry, output = geometry.outputShape
        let target = TensorIndex(n: 0, channel: 0, row: index / output.w, column: index % output.w)
        let trace = convolution.trace(target)
        let shownChannel = tap.map { trace.taps[$0].inputChannel } ?? inputChannel
        let inputLeft = margin, outputLeft = margin + inputPanel.columns * cell + gap
        let gridBottom = top + max(inputPanel.rows, outputPanel.rows) * cell
        let captions = captionLines(target: target, trace: trace, tap: tap, channel: shownChannel)
        let captionWidth = captions.map { convvizTextWidth($0) * 2 }.max() ?? 0
        let titleWidth = convvizTextWidth(title) * 2
        let width = max(outputLeft + outputPanel.columns * cell, margin + captionWidth, margin + titleWidth) + margin
        var scene = PictureScene(width: width, height: gridBottom + 12 + captions.count * 22 + margin)
        scene.items.append(
            .rect(
                x: 0, y: 0, width: scene.width, height: scene.height, fill: .colour(.background),
                outlined: false))
        scene.items.append(.text(x: margin, y: 16, scale: 2, title, .text, centred: false))
        let channels = convolution.input.shape.c
        let inputLabel = channels > 1 ? "input channel \(shownChannel) of \(channels), padded" : "input, padded"
        scene.items.append(.text(x: inputLeft, y: top - 22, scale: 2, inputLabel, .dim, centred: false))
        scene.items.append(.text(x: outputLeft, y: top - 22, scale: 2, "output channel 0", .dim, centred: false))

        // The input: padding, real cells, then the window on top.
        let inputShown =
            shownChannel == inputChannel
            ? inputPanel
            : Self.inputPanel(convolution, channel: shownChannel, cell: cell)
        let values = inputShown.values
        var window: [Int: (weight: Double, current: Bool)] = [:]
        for (number, step) in trace.taps.enumerated() where step.inputChannel == shownChannel {
            window[step.paddedRow * geometry.paddedWidth + step.paddedColumn] = (step.weight, number == tap)
        }
        for row in 0..<inputShown.rows {
            for column in 0..<inputShown.columns {
                let key = row * geometry.paddedWidth + column
                let isPadding =
                    !((geometry.padTop..<(geometry.padTop + convolution.input.shape.h)).contains(row)
                    && (geometry.padLeft..<(geometry.padLeft + convolution.input.shape.w)).contains(column))
                var fill: PictureScene.Fill =
                    inputShown.texts == nil
                    ? inputShown.fill(values[key]) : .colour(isPadding ? .padding : .input)
                var colour: PictureScene.Colour = isPadding ? .dim : .text
                if let tapInfo = window[key] {
                    fill = .colour(tapInfo.current ? .current : .window)
                    colour = .light
                }
                let x = inputLeft + column * cell, y = top + row * cell
                scene.items.append(.rect(x: x, y: y, width: cell, height: cell, fill: fill, outlined: cell >= 8))
                if let texts = inputShown.texts {
                    scene.items.append(
                        .text(
                            x: x + cell / 2, y: y + (cell - 7 * inputShown.scale) / 2,
                            scale: inputShown.scale, texts[key], colour, centred: true))
                    if let tapInfo = window[key], cell >= 36 {
                        scene.items.append(
                            .text(
                                x: x + cell - 2 - convvizTextWidth(GridNumber.format(tapInfo.weight)),
                                y: y + cell - 9, scale: 1, GridNumber.format(tapInfo.weight),
                                .input, centred: false))
                    }
                } else if window[key] != nil, cell >= 8 {
                    // A heatmap keeps the value visible inside a window outline.
                    scene.items.removeLast()
                    scene.items.append(
                        .rect(
                            x: x, y: y, width: cell, height: cell, fill: .colour(.window),
                            outlined: false))
                    scene.items.append(
                        .rect(
                            x: x + 2, y: y + 2, width: cell - 4, height: cell - 4,
                            fill: inputShown.fill(values[key]), outlined: false))
                }
            }
        }

        // The output: finished cells, the current one, the rest empty.
        for row in 0..<outputPanel.rows {
            for column in 0..<outputPanel.columns {
                let number = row * output.w + column
                let x = outputLeft + column * cell, y = top + row * cell
                let value =
                    number == index
                    ? (tap.map { trace.taps[$0].sum } ?? outputPanel.values[number])
                    : outputPanel.values[number]
                let fill: PictureScene.Fill
                if number > index {
                    fill = .colour(.background)
                } else if outputPanel.texts != nil {
                    fill = .colour(number == index ? .current : .done)
                } else {
                    fill = outputPanel.fill(value)
                }
                scene.items.append(.rect(x: x, y: y, width: cell, height: cell, fill: fill, outlined: cell >= 8))
                if number == index && outputPanel.texts == nil && cell >= 8 {
                    scene.items.append(
                        .rect(
                            x: x + 1, y: y + 1, width: cell - 2, height: 2, fill: .colour(.current),
                            outlined: false))
                }
                if number <= index, outputPanel.texts != nil {
                    scene.items.append(
                        .text(
                            x: x + cell / 2, y: y + (cell - 7 * outputPanel.scale) / 2,
                            scale: outputPanel.scale, GridNumber.format(value),
                            number == index ? .light : .text, centred: true))
                }
            }
        }
        for (line, text) in captions.enumerated() {
            scene.items.append(.text(x: margin, y: gridBottom + 12 + line * 22, scale: 2, text, .text, centred: false))
        }
        return scene
    }

    private func captionLines(target: TensorIndex, trace: CellTrace, tap: Int?, channel: Int) -> [String] {
        let geometry = convolution.geometry, parameters = geometry.parameters, weight = convolution.weight.shape
        let input = convolution.input.shape, output = geometry.outputShape
        let first =
            "Conv2d(\(input.c), \(weight.n), \(weight.h)x\(weight.w))  stride \(parameters.stride.height),"
            + "\(parameters.stride.width)  padding \(geometry.padTop),\(geometry.padLeft)  dilation "
            + "\(parameters.dilation.height),\(parameters.dilation.width)  "
            + "\(input.h)x\(input.w) -> \(output.h)x\(output.w)"
        let value = tap.map { trace.taps[$0].sum } ?? trace.value
        let progress = tap.map { " (multiply-add \($0 + 1) of \(trace.taps.count))" } ?? ""
        return [first, "out[\(target.row),\(target.column)] = \(GridNumber.format(value))\(progress)"]
    }
}

/// The width of `text` in the bitmap font at scale 1.
func convvizTextWidth(_ text: String) -> Int { Int(convviz_text_width(text)) }
