/// Size limits that keep a hostile preset from exhausting memory or time.
public enum Limits {
    /// Most elements in the input, the kernel or the output: 2^24 (16,777,216).
    public static let maxElements = 1 << 24
    /// Most multiply-adds one convolution may need: 2^31 (about two billion).
    public static let maxMultiplyAdds = 1 << 31
}

/// Integer arithmetic on user-controlled sizes that reports overflow as an error instead of trapping.
struct CheckedSize {
    /// The preset key the sizes come from, for the error message.
    let key: String

    func add(_ a: Int, _ b: Int, _ what: String) throws(ConvError) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        if overflow { throw .tooLarge(key: key, what: what, limit: "\(Limits.maxElements) elements") }
        return sum
    }

    func multiply(_ a: Int, _ b: Int, _ what: String) throws(ConvError) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow { throw .tooLarge(key: key, what: what, limit: "\(Limits.maxElements) elements") }
        return product
    }

    func product(_ factors: [Int], _ what: String) throws(ConvError) -> Int {
        var total = 1
        for factor in factors { total = try multiply(total, factor, what) }
        return total
    }

    /// Throws when `value` exceeds `limit`.
    func require(_ value: Int, atMost limit: Int, _ what: String) throws(ConvError) {
        if value > limit { throw .tooLarge(key: key, what: "\(what) (\(value))", limit: "\(limit)") }
    }
}
