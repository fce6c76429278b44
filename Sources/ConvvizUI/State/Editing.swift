import ConvCore
import Foundation
import Presets

/// Editing a conv2d preset's values: typing a number into a cell, filling and resizing grids.
extension AppState {
    /// The grid and cell the cursor is on, if the focused panel is editable.
    var editTarget: (grid: Grid, index: TensorIndex)? {
        switch cursors.focus {
        case .input: (.input, cursors.input)
        case .kernel: (.kernel, cursors.kernel)
        case .bias: preset.bias == nil ? nil : (.bias, TensorIndex(channel: cursors.bias, row: 0, column: 0))
        case .output, .parameters: nil
        }
    }

    /// The current value of a cell.
    func value(_ grid: Grid, _ index: TensorIndex) -> Double { preset.value(grid, index) }

    mutating func beginEdit(_ text: String) {
        guard let target = editTarget else {
            return fail(
                cursors.focus == .output
                    ? "the output is computed: edit the input, kernel or bias (Tab moves between them)"
                    : "select a grid cell to edit (Tab moves between panels)")
        }
        mode = .editing(
            EditBuffer(
                grid: target.grid, index: target.index,
                text: text.isEmpty ? NumberText.format(value(target.grid, target.index)) : text))
    }

    mutating func editType(_ character: Character) {
        guard case var .editing(buffer) = mode else { return }
        guard buffer.text.count < 32 else { return fail("numbers are at most 32 characters") }
        buffer.text.append(character)
        mode = .editing(buffer)
    }

    mutating func editBackspace() {
        guard case var .editing(buffer) = mode else { return }
        if !buffer.text.isEmpty { buffer.text.removeLast() }
        mode = .editing(buffer)
    }

    /// Stores the typed number; a malformed one stays in the buffer with an error, so nothing is lost.
    mutating func commitEdit() {
        guard case let .editing(buffer) = mode else { return }
        let text = buffer.text.trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            mode = .normal
            return
        }
        guard let value = Self.parseNumber(text) else {
            return fail("'\(text)' is not a number: type digits, with - and . if needed (Esc cancels)")
        }
        mode = .normal
        guard isInsideItsGrid(buffer) else {
            return fail("the cell being edited is gone (its grid shrank); the value was not stored")
        }
        change { workspace in
            switch buffer.grid {
            case .input: workspace.setInput(buffer.index, value)
            case .kernel: workspace.setKernel(buffer.index, value)
            case .bias: workspace.setBias(buffer.index.channel, value)
            case .gradOutput: break
            }
        }
    }

    /// Whether the edited cell still exists: something may have resized its grid while the edit was open.
    private func isInsideItsGrid(_ buffer: EditBuffer) -> Bool {
        let preset = workspace.preset
        switch buffer.grid {
        case .input: return Cursors.clamp(buffer.index, to: preset.input.shape) == buffer.index
        case .kernel: return Cursors.clamp(buffer.index, to: preset.kernel.shape) == buffer.index
        case .bias: return preset.bias?.indices.contains(buffer.index.channel) ?? false
        case .gradOutput: return false
        }
    }

    /// A finite decimal number, as a preset file would accept it.
    static func parseNumber(_ text: String) -> Double? { NumberText.parse(text) }

    mutating func fillFocusedGrid(random: Bool) {
        let grid: Grid
        switch cursors.focus {
        case .input: grid = .input
        case .kernel: grid = .kernel
        case .bias where preset.bias != nil: grid = .bias
        default: return fail("focus the input, kernel or bias first (Tab)")
        }
        var generator = self.random
        let range: ClosedRange<Int> = grid == .input ? 0...9 : -2...2
        change { workspace in
            workspace.fill(grid) { random ? Double(generator.next(in: range)) : 0 }
        }
        self.random = generator
        inform(random ? "randomised the \(grid)" : "zeroed the \(grid)")
    }

    /// The largest input side the keys and `:input` grow to (a loaded preset may be larger).
    static let maxInteractiveSide = 512
    /// The largest kernel side the keys and `:kernel` grow to (a loaded preset may be larger).
    static let maxInteractiveKernelSide = 64

    mutating func resizeFocusedGrid(rows: Int, columns: Int) {
        switch cursors.focus {
        case .input:
            let shape = preset.input.shape
            resizeInput(height: shape.h + rows, width: shape.w + columns)
        case .kernel:
            let shape = preset.kernel.shape
            resizeKernel(height: shape.h + rows, width: shape.w + columns)
        default:
            fail("focus the input or the kernel to resize it (Tab)")
        }
    }

    mutating func resizeInput(height: Int, width: Int) {
        let limit = max(Self.maxInteractiveSide, preset.input.shape.h, preset.input.shape.w)
        guard height >= 1, width >= 1, height <= limit, width <= limit else {
            return fail("the input must be between 1x1 and \(limit)x\(limit)")
        }
        change { $0.resizeInput(height: height, width: width) }
        inform("input is \(height)x\(width)")
    }

    mutating func resizeKernel(height: Int, width: Int) {
        let limit = max(Self.maxInteractiveKernelSide, preset.kernel.shape.h, preset.kernel.shape.w)
        guard height >= 1, width >= 1, height <= limit, width <= limit else {
            return fail("the kernel must be between 1x1 and \(limit)x\(limit)")
        }
        change { $0.resizeKernel(height: height, width: width) }
        inform("kernel is \(height)x\(width)")
    }
}
