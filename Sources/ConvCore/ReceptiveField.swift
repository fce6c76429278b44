/// The receptive field of a layer along one axis, with the definitions of Araujo, Norris & Sim, "Computing Receptive
/// Fields of Convolutional Neural Networks" (Distill, 2019): output position `y` of the layer sees the input
/// positions `y·S − P … y·S − P + r − 1`.
///
/// Layer by layer, with the layer's kernel `k` (dilated: `d·(k−1) + 1`), stride `s` and top/left padding `p`:
/// `r_l = r_{l−1} + (k − 1)·S_{l−1}`, `S_l = S_{l−1}·s`, `P_l = P_{l−1} + p·S_{l−1}`, from `r = S = 1`, `P = 0` at the
/// input. Element-wise layers count as `k = 1, s = 1, p = 0`. A transposed convolution counts as the convolution
/// over its zero-inserted input that it equals: stride `1/s`, kernel `d·(k−1)/s + 1`, padding `(d·(k−1) − p)/s`,
/// so after one `r`, `S` and `P` may be fractions.
public struct AxisField: Hashable, Sendable {
    /// The size `r`.
    public var size: Double
    /// The effective stride `S`.
    public var stride: Double
    /// The effective (top or left) padding `P`.
    public var padding: Double

    /// The input's own field: one position.
    public static let input = AxisField(size: 1, stride: 1, padding: 0)

    /// Creates a field from `r`, `S` and `P`.
    public init(size: Double, stride: Double, padding: Double) {
        self.size = size
        self.stride = stride
        self.padding = padding
    }

    /// The field after one more layer of kernel `kernel`, stride `stride` and padding `padding` (all in the
    /// layer's own units, possibly fractions).
    func then(kernel: Double, stride: Double, padding: Double) -> AxisField {
        AxisField(
            size: size + (kernel - 1) * self.stride, stride: self.stride * stride,
            padding: self.padding + padding * self.stride)
    }
}

/// The receptive field of one layer's output positions in the stack's input, per axis.
public struct LayerField: Hashable, Sendable {
    /// Along the rows.
    public var height: AxisField
    /// Along the columns.
    public var width: AxisField
}

extension Stack {
    /// Each layer's receptive field in the input; `nil` for a layer whose output is flat features (flatten, linear,
    /// and what follows them), which have no positions.
    public func receptiveFields() -> [LayerField?] {
        var field = LayerField(height: .input, width: .input)
        return geometries.map { geometry in
            switch geometry {
            case let .conv(g):
                let p = g.parameters
                field = LayerField(
                    height: field.height.then(
                        kernel: Double(p.dilation.height * (g.weightShape.h - 1) + 1),
                        stride: Double(p.stride.height), padding: Double(g.padTop)),
                    width: field.width.then(
                        kernel: Double(p.dilation.width * (g.weightShape.w - 1) + 1),
                        stride: Double(p.stride.width), padding: Double(g.padLeft)))
            case let .pool(rows, columns):
                field = LayerField(height: field.height.then(pool: rows), width: field.width.then(pool: columns))
            case let .transposed(rows, columns):
                field = LayerField(
                    height: field.height.then(transposed: rows),
                    width: field.width.then(transposed: columns))
            case .pointwise:
                break
            case .flat:
                return nil
            }
            return field
        }
    }

    /// The layer that `convviz rf --unit` picks by default: the last convolution or pooling (0-based), if any.
    public var lastWindowedLayer: Int? { layers.lastIndex { $0.isWindowed } }
}

extension AxisField {
    fileprivate func then(pool axis: PoolAxis) -> AxisField {
        then(
            kernel: Double(axis.dilation * (axis.kernel - 1) + 1), stride: Double(axis.stride),
            padding: Double(axis.padding))
    }

    fileprivate func then(transposed axis: TransposedAxis) -> AxisField {
        let spread = Double(axis.dilation * (axis.kernel - 1)), s = Double(axis.stride)
        return then(kernel: spread / s + 1, stride: 1 / s, padding: (spread - Double(axis.padding)) / s)
    }
}
