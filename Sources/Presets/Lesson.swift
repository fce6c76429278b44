import ConvCore

/// One step of a lesson: text to read, and what the app shows with it.
public struct LessonStep: Equatable, Sendable {
    /// What the teacher says at this step.
    public var text: String
    /// Parameter changes applied at this step (and kept by later steps).
    public var changes: ParameterChanges
    /// The output cell to select: `[row, column]`, `[channel, row, column]` or `[n, channel, row, column]`.
    public var select: [Int]?
    /// What to animate when the step opens.
    public var animate: Animation?
    /// A question for the student, if this step is a quiz.
    public var quiz: Quiz?
    /// The backward pass's view this step shows (`select:` and `animate:` then apply to it); `nil`: the forward pass.
    public var backward: BackwardView?
    /// In a layer-stack lesson, the grid the step selects (`layer:`): 0 the input, `K` the output of layer `K`
    /// (1-based, as `convviz rf --layer K`); `select:` then names a unit of it, `[row, column]` or
    /// `[channel, row, column]`.
    public var layer: Int?
    /// In a layer-stack lesson, whether earlier grids show the unit's path counts (`paths: on`) or their values.
    public var paths: Bool?

    /// Creates a step.
    public init(
        text: String, changes: ParameterChanges = ParameterChanges(), select: [Int]? = nil,
        animate: Animation? = nil, quiz: Quiz? = nil
    ) {
        self.text = text
        self.changes = changes
        self.select = select
        self.animate = animate
        self.quiz = quiz
    }

    /// What a step animates.
    public enum Animation: String, CaseIterable, Equatable, Sendable {
        /// The selected cell, tap by tap.
        case cell
        /// Every cell from the first.
        case all
    }

    /// A view of the backward pass (`backward:` in a lesson step).
    public enum BackwardView: String, CaseIterable, Equatable, Sendable {
        /// dL/dX built by scattering each dL/dY cell (`select:` picks a dL/dY cell).
        case scatter
        /// dL/dX one cell at a time, every term that feeds it (`select:` picks a dL/dX cell).
        case gather
        /// dL/dW one tap at a time (`select:` picks a tap: `[filter, channel, row, column]`).
        case weight
    }

    /// What a quiz asks.
    public enum Quiz: String, CaseIterable, Equatable, Sendable {
        /// The value of the selected output cell, which is hidden until answered.
        case value
        /// The output's height and width, hidden until answered.
        case shape
    }
}

/// Parameter settings a lesson step changes; `nil` keeps the current value.
public struct ParameterChanges: Equatable, Sendable {
    public var stride: AxisPair?
    public var padding: Padding?
    public var dilation: AxisPair?
    public var groups: Int?
    public var paddingMode: PaddingMode?
    public var bias: Bool?

    /// No changes.
    public init(
        stride: AxisPair? = nil, padding: Padding? = nil, dilation: AxisPair? = nil, groups: Int? = nil,
        paddingMode: PaddingMode? = nil, bias: Bool? = nil
    ) {
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        self.paddingMode = paddingMode
        self.bias = bias
    }

    /// The parameters with these changes applied.
    public func applied(to parameters: Conv2dParameters) -> Conv2dParameters {
        var result = parameters
        if let stride { result.stride = stride }
        if let padding { result.padding = padding }
        if let dilation { result.dilation = dilation }
        if let groups { result.groups = groups }
        if let paddingMode { result.paddingMode = paddingMode }
        return result
    }
}
