import ConvCore

/// The panel that the arrow keys move in.
public enum Focus: Hashable, Sendable {
    case input
    case kernel
    case bias
    case output
    case parameters
}

/// One editable field of the parameter bar.
public enum ParameterField: Int, CaseIterable, Hashable, Sendable {
    case strideHeight, strideWidth, paddingHeight, paddingWidth, dilationHeight, dilationWidth
    case groups, inputChannels, outputChannels, paddingMode, bias

    /// The label shown in the bar.
    public var label: String {
        switch self {
        case .strideHeight: "stride"
        case .paddingHeight: "padding"
        case .dilationHeight: "dilation"
        case .strideWidth, .paddingWidth, .dilationWidth: ""
        case .groups: "groups"
        case .inputChannels: "C_in"
        case .outputChannels: "C_out"
        case .paddingMode: "mode"
        case .bias: "bias"
        }
    }
}

/// What the keyboard is doing besides moving around.
public enum Mode: Equatable, Sendable {
    /// Navigating, stepping, changing parameters.
    case normal
    /// Typing a number into a cell.
    case editing(EditBuffer)
    /// Typing a `:` command.
    case command(CommandLineState)
    /// The help screen.
    case help
    /// Asking before quitting with unsaved edits.
    case confirmQuit
    /// The preset browser, with the selected row.
    case browser(selection: Int)
    /// Asking before the browser opens a preset over unsaved edits.
    case confirmOpen(String)
}

/// A number being typed into a cell.
public struct EditBuffer: Equatable, Sendable {
    /// The grid edited.
    public var grid: Grid
    /// The cell edited (for the bias, `channel` is the output channel).
    public var index: TensorIndex
    /// What has been typed.
    public var text: String
}

/// The `:` prompt.
public struct CommandLineState: Equatable, Sendable {
    /// What has been typed after the colon.
    public var text = ""
    /// Completion candidates shown after Tab.
    public var candidates: [String] = []
}

/// A line for the status bar.
public struct StatusMessage: Equatable, Sendable {
    /// The text.
    public var text: String
    /// Whether it reports a problem.
    public var isError: Bool

    /// A message for the status line.
    public init(text: String, isError: Bool) {
        self.text = text
        self.isError = isError
    }
}
