import ConvCore

/// Computing a convolution's whole output away from the UI thread: the work the reducer asks for when an output is
/// too large to compute between two frames (``Workspace/synchronousWork``). Its result comes back as an action
/// (``Action/computed(generation:output:)``), which the workspace takes only while it still waits for that
/// `generation`: a later change starts a new generation, so a stale result is dropped.
///
/// The job runs in pieces (one image, one group, a block of filters each), each an ordinary ``Convolution`` whose
/// cells sum the same taps in the same order, so the assembled output equals `convolution.output()` bit for bit.
/// Between pieces it checks whether it was cancelled and reports the multiply-adds done.
public struct OutputJob: Sendable, Equatable {
    /// The workspace change this job computes for.
    public let generation: Int
    /// The validated convolution.
    public let convolution: Convolution

    /// A job for one generation of a workspace.
    public init(generation: Int, convolution: Convolution) {
        self.generation = generation
        self.convolution = convolution
    }

    /// Two jobs are the same when they are for the same generation (one generation has one convolution).
    public static func == (lhs: OutputJob, rhs: OutputJob) -> Bool { lhs.generation == rhs.generation }

    /// The multiply-adds of the whole output (`Int.max` if that overflows).
    public var work: Int { Self.work(convolution.geometry) }

    /// The multiply-adds of a convolution's whole output (`Int.max` if that overflows).
    public static func work(_ geometry: ConvGeometry) -> Int {
        let out = geometry.outputShape, kernel = geometry.weightShape
        return [out.n, out.c, out.h, out.w, kernel.c, kernel.h, kernel.w].reduce(1) { product, factor in
            let (result, overflow) = product.multipliedReportingOverflow(by: factor)
            return overflow ? Int.max : result
        }
    }

    /// Pieces to aim for, so that progress moves in small steps and a cancel is seen soon.
    static let pieces = 32

    /// Computes the output: `nil` when `isCancelled` answers `true` between two pieces. `progress` receives the
    /// multiply-adds done so far after each piece. A piece does at least `pieceWork` multiply-adds (when the
    /// output has that many), so that pieces run at full speed.
    public func run(
        pieceWork: Int = 1 << 23, isCancelled: () -> Bool = { false },
        progress: (Int) -> Void = { _ in }
    ) -> Tensor? {
        let geometry = convolution.geometry
        let out = geometry.outputShape, groups = geometry.parameters.groups
        let filtersPerGroup = geometry.outputChannelsPerGroup
        let filterWork = max(1, work / max(1, out.n * out.c))
        var chunk = min(filtersPerGroup, max(1, max(pieceWork, work / Self.pieces) / filterWork))
        if chunk > 4 { chunk -= chunk % 4 }
        if out.n == 1, groups == 1, chunk == filtersPerGroup {
            guard !isCancelled() else { return nil }
            let output = convolution.output()
            progress(work)
            return output
        }
        var values = [Double](repeating: 0, count: out.n * out.c * out.h * out.w)
        var done = 0
        for n in 0..<out.n {
            for group in 0..<groups {
                for first in stride(from: group * filtersPerGroup, to: (group + 1) * filtersPerGroup, by: chunk) {
                    guard !isCancelled() else { return nil }
                    let filters = first..<min(first + chunk, (group + 1) * filtersPerGroup)
                    let piece = self.piece(image: n, group: group, filters: filters).output()
                    let start = (n * out.c + filters.lowerBound) * out.h * out.w
                    values.replaceSubrange(start..<start + piece.values.count, with: piece.values)
                    done += filters.count * filterWork
                    progress(min(done, work))
                }
            }
        }
        return Tensor(shape: out, values: values)
    }

    /// The convolution of image `n`'s channels in `group` with `filters` alone (one group).
    private func piece(image n: Int, group: Int, filters: Range<Int>) -> Convolution {
        let input = convolution.input, weight = convolution.weight
        let channels = convolution.geometry.inputChannelsPerGroup
        let plane = input.shape.h * input.shape.w
        let inputStart = (n * input.shape.c + group * channels) * plane
        let pieceInput = Tensor(
            shape: Shape4(n: 1, c: channels, h: input.shape.h, w: input.shape.w),
            values: Array(input.values[inputStart..<inputStart + channels * plane]))
        let filterSize = weight.shape.c * weight.shape.h * weight.shape.w
        let weights = filters.lowerBound * filterSize..<filters.upperBound * filterSize
        let pieceWeight = Tensor(
            shape: Shape4(n: filters.count, c: weight.shape.c, h: weight.shape.h, w: weight.shape.w),
            values: Array(weight.values[weights]))
        var parameters = convolution.parameters
        parameters.groups = 1
        do {
            return try Convolution(
                input: pieceInput, weight: pieceWeight,
                bias: convolution.bias.map { Array($0[filters]) }, parameters: parameters)
        } catch {
            preconditionFailure("a piece of a valid convolution is valid: \(error)")
        }
    }
}
