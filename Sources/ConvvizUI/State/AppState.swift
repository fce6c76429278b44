import ConvCore
import Presets

/// Everything the screen shows, as a value. Only the reducer changes it.
///
/// Three parts: the document (the preset being edited, its history, the file it came from), the screen
/// (cursors, animation, mode, status, size), and the ``Subject``: what is specific to the preset's operation.
public struct AppState: Sendable {
    // MARK: Document

    /// The preset being edited and, for a conv2d, its validated result.
    public var workspace: Workspace
    /// Undo, redo, and the version a file holds.
    public var history: History
    /// The file the preset came from, if any.
    public var presetPath: String?
    /// The shipped presets, for `:load` completion and the preset browser.
    public var catalogue: Catalogue

    // MARK: Screen

    /// The convolution screen's cursors.
    public var cursors = Cursors()
    /// The animation.
    public var playback = Playback()
    /// Whether the screen is a frame of a recording (`convviz record`): no key hints, nothing to press.
    public var isRecording = false
    /// Whether grids are drawn as shaded heatmaps instead of numbers.
    public var heatmap = false
    /// Whether a 3-channel input's heatmap is one composite RGB picture (else three channel maps).
    public var compositeRGB = true
    /// How large the grids are drawn.
    public var zoom = Zoom.fit
    /// The colours the terminal shows (pictures are colour half-blocks from 256 colours up, else shade glyphs).
    public var colorDepth = ColorDepth.palette256
    /// The keyboard mode.
    public var mode: Mode = .normal
    /// The status line's message, if any.
    public var status: StatusMessage?
    /// The terminal's size.
    public var screenWidth: Int
    /// The terminal's size.
    public var screenHeight: Int
    /// The random generator randomise draws from.
    public var random = SplitMix64(seed: 0x9E37_79B9_7F4A_7C15)

    // MARK: Subject and lesson

    /// What is specific to the preset's operation.
    public var subject: Subject
    /// The lesson under way, if any.
    public var lesson: LessonState?
    /// The step a restarted lesson opens at (where it was left).
    public var lessonResumeIndex = 0
    /// The pipeline a layer's own view was opened from (Esc returns to it); empty otherwise.
    public var parked: [AppState] = []

    /// A fresh session on a preset.
    public init(
        preset: Preset, presetPath: String? = nil, presetNames: [String] = [], width: Int = 80, height: Int = 24
    ) {
        workspace = Workspace(preset: preset)
        history = History(clean: preset)
        self.presetPath = presetPath
        catalogue = Catalogue(names: presetNames)
        screenWidth = width
        screenHeight = height
        heatmap = Self.prefersHeatmap(preset)
        subject = Subject(preset)
        subject.open(&self)
    }

    /// The preset being edited.
    public var preset: Preset { workspace.preset }

    /// Whether there are edits not saved to a file (here, or in the pipeline a layer's view was opened from):
    /// undoing every edit makes the preset clean again. In a lesson the
    /// steps' own settings are not edits; the student's changes are, including those a step set aside for undo.
    public var isDirty: Bool {
        if parked.contains(where: \.isDirty) { return true }
        guard let lesson else { return workspace.preset != history.clean }
        return lesson.base != history.clean || lesson.setAsideEdits
            || lesson.shown.map { $0 != workspace.preset } ?? false
    }

    /// What `:save` writes: the preset on screen, or during a lesson the lesson as loaded (a step's settings saved as
    /// the preset's own would change every step before it).
    public var presetToSave: Preset { lesson?.base ?? workspace.preset }

    /// The steps of the animation shown, when there is one.
    public var timeline: Timeline? { subject.timeline(self) }

    /// Steps in the animation shown.
    public var totalSteps: Int? { timeline?.totalSteps }

    /// Whether an animation is playing (so the loop must tick).
    public var isAnimating: Bool { playback.playing }

    /// The convolution the screen shows as one: the preset's own (conv2d), or a transposed convolution's
    /// direct equivalent; `nil` for the other subjects.
    public var shownConvolution: ShownConvolution? { subject.shownConvolution(self) }

    /// The animation plan of the convolution shown, when it is valid.
    public var plan: AnimationPlan? { shownConvolution?.workspace.convolution.map(AnimationPlan.init) }

    /// Large inputs read better as heatmaps.
    static func prefersHeatmap(_ preset: Preset) -> Bool {
        preset.input.shape.w > 24 || preset.input.shape.h > 24
    }

    /// Shows an informational message.
    mutating func inform(_ text: String) { status = StatusMessage(text: text, isError: false) }

    /// Shows a problem.
    mutating func fail(_ text: String) { status = StatusMessage(text: text, isError: true) }
}

/// A convolution on screen: its workspace, and for a transposed convolution's direct view, which input cells are
/// real, inserted zeros or padding.
public struct ShownConvolution: Sendable {
    /// The convolution and its result.
    public let workspace: Workspace
    /// The roles of the direct view's input cells; `nil` for a conv2d preset.
    public let roles: DirectEquivalent?

    /// The preset shown.
    public var preset: Preset { workspace.preset }
}
