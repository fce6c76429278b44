import ArgumentParser
import ConvCore
import Presets

/// `convviz rf PRESET [--json] [--unit Y,X] [--layer K]`: receptive fields, per layer and of one unit.
struct ReceptiveFieldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rf",
        abstract: "Print each layer's receptive field (r, S, P per axis) and, for one unit, its field and paths "
            + "in the input.")

    @Argument(help: "A preset file, or the name of a shipped preset.")
    var preset: String

    @Flag(help: "Print {\"layers\": [...], \"unit\": {...}} instead (see docs/networks.md).")
    var json = false

    @Option(help: "A position Y,X in the output of layer K: trace its field back to the input.")
    var unit: String?

    @Option(help: "The unit's layer (1-based); default: the last convolution or pooling. Alone, picks the centre unit.")
    var layer: Int?

    func run() throws {
        let loaded = try loadPreset(preset)
        let stack = try layerStack(loaded)
        let field = try unitField(stack, loaded)
        do {
            print(
                json
                    ? try StackText.receptiveFieldJSON(stack, unit: field)
                    : try StackText.receptiveFieldTable(stack, unit: field))
        } catch {
            throw CommandFailure(message: "\(loaded.name): \(error.description)")
        }
    }

    /// The unit the options name, or `nil` when they name none.
    private func unitField(_ stack: Stack, _ preset: Preset) throws(CommandFailure) -> UnitField? {
        guard unit != nil || layer != nil else { return nil }
        let index: Int
        if let chosen = try layerIndex(layer, in: stack, preset: preset) {
            index = chosen
        } else if let last = stack.lastWindowedLayer {
            index = last
        } else {
            throw CommandFailure(
                message: "\(preset.name) has no convolution or pooling layer; choose the "
                    + "unit's layer with --layer K")
        }
        let position: (row: Int, column: Int)
        if let unit {
            position = try Self.parse(unit)
        } else {
            let shape = stack.outputs[index].shape
            position = (shape.h / 2, shape.w / 2)
        }
        do {
            return try stack.unitField(layer: index, row: position.row, column: position.column)
        } catch {
            throw CommandFailure(message: "--unit \(position.row),\(position.column): \(error.description)")
        }
    }

    /// `Y,X` as two whole numbers.
    static func parse(_ text: String) throws(CommandFailure) -> (row: Int, column: Int) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let row = Int(parts[0]), let column = Int(parts[1]) else {
            throw CommandFailure(message: "--unit \(text): expected a position Y,X such as 3,4")
        }
        guard row >= 0, column >= 0 else { throw CommandFailure(message: "--unit \(text): positions start at 0") }
        return (row, column)
    }
}
