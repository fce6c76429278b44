/// How convviz writes numbers everywhere: integral values without a decimal point, others in the
/// shortest form that reads back to the same `Double`.
public enum NumberText {
    /// `3`, `-0.5`, `1e-20`; negative zero is written `0`.
    public static func format(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}
