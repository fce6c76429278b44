import ConvCore
import Presets

/// Everything the screen shows, as a value. Only the reducer changes it.
public struct AppState: Sendable {
    /// The convolution being edited and its result.
    public var workspace: Workspace
    /// The file the preset came from, if any.
    public var presetPath: String?
    /// The panel with the cursor.
    public var focus: Focus = .input
    /// The keyboard mode.
    public var mode: Mode = .normal
    /// Cursor in the input: batch item, channel, row, column (unpadded coordinates).
    public var inputCursor = TensorIndex(channel: 0, row: 0, column: 0)
    /// Cursor in the kernel: filter (`n`), in-group channel, row, column.
    public var kernelCursor = TensorIndex(channel: 0, row: 0, column: 0)
    /// Cursor in the bias: the output channel.
    public var biasCursor = 0
    /// The selected output cell: the cell the arithmetic line and the animation show.
    public var outputCursor = TensorIndex(channel: 0, row: 0, column: 0)
    /// The selected field of the parameter bar.
    public var parameterCursor: ParameterField = .strideHeight
    /// The animation.
    public var playback = Playback()
    /// The status line's message, if any.
    public var status: StatusMessage?
    /// Earlier versions of the preset, most recent last.
    public var undoStack: [Preset] = []
    /// Versions undone, most recent last.
    public var redoStack: [Preset] = []
    /// The preset as last loaded or written to a file: what quitting would not lose.
    public var cleanPreset: Preset
    /// Whether there are edits not saved to a file: undoing every edit makes the preset clean again. In a lesson the
    /// steps' own settings are not edits; the student's changes are, including those a step set aside for undo.
    public var isDirty: Bool {
        guard let lesson else { return workspace.preset != cleanPreset }
        return lesson.base != cleanPreset || lesson.setAsideEdits || lesson.shown.map { $0 != workspace.preset } ?? false
    }

    /// What `:save` writes: the preset on screen, or during a lesson the lesson as loaded (a step's settings saved as
    /// the preset's own would change every step before it).
    public var presetToSave: Preset { lesson?.base ?? workspace.preset }
    /// Whether grids are drawn as shaded heatmaps instead of numbers.
    public var heatmap = false
    /// The terminal's size.
    public var screenWidth: Int
    /// The terminal's size.
    public var screenHeight: Int
    /// Names of the shipped presets, for `:load` completion and the preset browser.
    public var presetNames: [String]
    /// The shipped presets' descriptions, by name, for the preset browser.
    public var presetDescriptions: [String: String] = [:]
    /// The random generator randomise draws from.
    public var random = SplitMix64(seed: 0x9E37_79B9_7F4A_7C15)

    /// The lesson under way, if any.
    public var lesson: LessonState?
    /// The explorer, for a transposed convolution or a pooling preset.
    public var explorer: Explorer?
    /// Why a transposed convolution or pooling preset cannot be shown (PyTorch would reject it).
    public var explorerError: ConvError?
    /// For the direct view of a transposed convolution: its equivalent, which says which input cells are
    /// real, inserted zeros or padding.
    public var directRoles: DirectEquivalent?
    /// The step a restarted lesson opens at (where it was left).
    public var lessonResumeIndex = 0

    /// The most undo steps kept.
    public static let undoLimit = 200
    /// Undo keeps fewer steps for large grids: at most about this many values in all (at least 3 steps).
    public static let undoElementBudget = 1 << 24

    /// A fresh session on a preset.
    public init(preset: Preset, presetPath: String? = nil, presetNames: [String] = [], width: Int = 80, height: Int = 24) {
        workspace = Workspace(preset: preset)
        cleanPreset = preset
        self.presetPath = presetPath
        self.presetNames = presetNames
        screenWidth = width
        screenHeight = height
        heatmap = Self.prefersHeatmap(preset)
        do {
            explorer = try Explorer(preset: preset, width: width, height: height)
        } catch {
            explorerError = error
        }
        showWholeOutput()
    }

    /// The preset being edited.
    public var preset: Preset { workspace.preset }

    /// Steps in the animation shown: the convolution's multiply-adds, or the explorer's steps.
    public var totalSteps: Int? {
        if let explorer {
            return explorer.view == .direct ? explorer.direct?.plan?.totalSteps : explorer.totalSteps
        }
        return plan?.totalSteps
    }

    /// Whether an animation is playing (so the loop must tick): the convolution's, or the explorer's.
    public var isAnimating: Bool {
        playback.playing || explorer?.playback.playing == true || explorer?.direct?.playback.playing == true
    }

    /// The animation plan, when the combination is valid.
    public var plan: AnimationPlan? { workspace.convolution.map(AnimationPlan.init) }

    /// Shows every output value with the selected cell complete (the state after a jump to the end).
    mutating func showWholeOutput() {
        playback.revealing = false
        playback.playing = false
        if let plan { playback.position = plan.lastPosition(ofCell: plan.cell(of: outputCursor)) }
    }

    /// Large inputs read better as heatmaps.
    static func prefersHeatmap(_ preset: Preset) -> Bool {
        preset.input.shape.w > 24 || preset.input.shape.h > 24
    }
}
