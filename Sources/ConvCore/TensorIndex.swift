/// The position of one element of an NCHW tensor.
public struct TensorIndex: Hashable, Sendable, CustomStringConvertible {
    /// Batch index.
    public var n: Int
    /// Channel.
    public var channel: Int
    /// Row.
    public var row: Int
    /// Column.
    public var column: Int

    /// Creates an index from its four coordinates.
    public init(n: Int = 0, channel: Int, row: Int, column: Int) {
        self.n = n
        self.channel = channel
        self.row = row
        self.column = column
    }

    /// `[n, c, row, column]`, PyTorch's subscript order.
    public var description: String { "[\(n),\(channel),\(row),\(column)]" }
}
