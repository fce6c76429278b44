import Foundation

/// What the panels need to know about a whole grid of values: its finite range (for heatmap shades) and its widest
/// number, remembered for the last few grids drawn: scanning a large image on every frame would take longer than the
/// frame. A job that computes a large output works both out in the background (``prime(_:)``).
///
/// An entry holds its values (sharing their storage), so the storage it is found by cannot be freed and reused
/// while it is remembered, and changing the grid's values copies them first: a remembered entry always describes
/// the values it was computed from.
enum ValueSummary {
    /// The smallest and largest finite values (0 when there are none).
    static func range(_ values: [Double]) -> (Double, Double) {
        remembered(values, \.range) { values in
            var low = Double.infinity, high = -Double.infinity
            for value in values where value.isFinite {
                low = min(low, value)
                high = max(high, value)
            }
            return low <= high ? (low, high) : (0, 0)
        }
    }

    /// The characters of the widest number among the first 65536 values (1 when there are none).
    static func width(_ values: [Double]) -> Int {
        remembered(values, \.width) { values in values.prefix(65_536).map { GridNumber.format($0).count }.max() ?? 1 }
    }

    /// Works out and remembers both, ahead of the frame that needs them.
    static func prime(_ values: [Double]) {
        _ = range(values)
        _ = width(values)
    }

    private static func remembered<Value>(
        _ values: [Double], _ field: WritableKeyPath<Entry, Value?>,
        _ compute: ([Double]) -> Value
    ) -> Value {
        // Small grids are cheaper to scan than to look up.
        guard values.count > 4096 else { return compute(values) }
        let key = values.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        let found = memory.withLock { entries -> Value? in
            guard let index = entries.firstIndex(where: { $0.key == key && $0.values.count == values.count })
            else { return nil }
            entries.insert(entries.remove(at: index), at: 0)
            return entries[0][keyPath: field]
        }
        if let found { return found }
        let value = compute(values)
        let forgotten = memory.withLock { entries -> Entry? in
            if let index = entries.firstIndex(where: { $0.key == key && $0.values.count == values.count }) {
                entries[index][keyPath: field] = value
                return nil
            }
            var entry = Entry(key: key, values: values)
            entry[keyPath: field] = value
            entries.insert(entry, at: 0)
            return entries.count > 4 ? entries.removeLast() : nil
        }
        // The values of a forgotten grid may be the last reference to tens of megabytes: freed in the background.
        if let forgotten { forgetting.async { withExtendedLifetime(forgotten) {} } }
        return value
    }

    private static let forgetting = DispatchQueue(label: "convviz.summaries", qos: .utility)

    private struct Entry: @unchecked Sendable {
        let key: UInt
        let values: [Double]
        var range: (Double, Double)?
        var width: Int?
    }

    private static let memory = Memory()

    /// The remembered entries, newest first, behind a lock (tests draw on many threads, jobs prime in the background).
    private final class Memory: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [Entry] = []

        func withLock<Result>(_ body: (inout [Entry]) -> Result) -> Result {
            lock.withLock { body(&entries) }
        }
    }
}
