/// Why a stack of layers cannot be computed: which layer (0-based, as the preset's list counts), which of its keys,
/// and what is wrong, in the user's terms. Reads `layers[3].conv2d.groups: 4 does not divide C_in = 6 (the output
/// of layers[2])`.
public struct StackError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The layer at fault (0-based), or `nil` for the stack as a whole.
    public var layer: Int?
    /// The layer's kind (`conv2d`, `max_pool2d`, ...), when a layer is at fault.
    public var kind: String?
    /// The key inside the layer (`groups`, `kernel`, ...), when one is at fault.
    public var key: String?
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(layer: Int? = nil, kind: String? = nil, key: String? = nil, message: String) {
        self.layer = layer
        self.kind = kind
        self.key = key
        self.message = message
    }

    /// `layers[3].conv2d.groups`, `layers[3].relu`, or `layers`.
    public var path: String {
        guard let layer else { return "layers" }
        return (["layers[\(layer)]", kind, key].compactMap { $0 }).joined(separator: ".")
    }

    public var description: String { "\(path): \(message)" }
}
