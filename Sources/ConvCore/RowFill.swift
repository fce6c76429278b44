import Dispatch

/// Computes the values of an output tensor one row at a time (one output row of one channel of one image), on
/// all cores when the work is large. Rows are independent, so the values do not depend on how they are split.
enum RowFill {
    /// Below this many operations, threads cost more than they save.
    static let parallelWork = 200_000
    /// How many tasks a parallel fill is split into.
    static let parallelTasks = 16

    /// `rows * rowLength` values; `fill(r, row)` writes every value of row `r` into `row`.
    /// - Parameter work: about how many operations the rows take in all.
    static func values(
        rows: Int, rowLength: Int, work: Int,
        _ fill: @Sendable (_ row: Int, _ values: UnsafeMutableBufferPointer<Double>) -> Void
    ) -> [Double] {
        Array(unsafeUninitializedCapacity: rows * rowLength) { buffer, initialized in
            let output = OutputRows(base: buffer.baseAddress!, rowLength: rowLength)
            if work <= parallelWork {
                for r in 0..<rows { fill(r, output.row(r)) }
            } else {
                let tasks = min(rows, parallelTasks)
                DispatchQueue.concurrentPerform(iterations: tasks) { task in
                    for r in task * rows / tasks..<(task + 1) * rows / tasks { fill(r, output.row(r)) }
                }
            }
            initialized = rows * rowLength
        }
    }
}

/// The buffer a fill writes into, shared by its tasks; each task writes only its own rows.
private struct OutputRows: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
    let rowLength: Int

    func row(_ r: Int) -> UnsafeMutableBufferPointer<Double> {
        UnsafeMutableBufferPointer(start: base + r * rowLength, count: rowLength)
    }
}
