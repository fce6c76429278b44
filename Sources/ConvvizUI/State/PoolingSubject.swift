import ConvCore
import Presets

/// A max or average pooling on screen: each output cell's window, one tap per step.
public struct PoolingSubject: Sendable {
    /// The pooling.
    public let pooling: Pooling
    /// Its output, computed once.
    public let output: Tensor

    /// The subject of a pooling preset; throws what PyTorch would reject.
    init(_ preset: Preset, _ parameters: Pool2dParameters) throws(ConvError) {
        pooling = try Pooling(input: preset.input, parameters: parameters)
        output = pooling.output()
    }

    /// Steps: the window's taps of every output cell; a ceil_mode window clipped at the far edge has fewer taps
    /// than the others, and the animation skips the ones it lacks.
    var timeline: Timeline {
        let pooling = pooling, shape = pooling.outputShape
        return Timeline(
            cellShape: shape, stepsPerCell: pooling.parameters.kernel.height * pooling.parameters.kernel.width,
            entry: .firstStep, stepsInCell: { pooling.trace(shape.index(atFlat: $0)).taps.count })
    }

    /// The output cell computed at `playback`'s step.
    func currentCell(_ playback: Playback) -> TensorIndex {
        timeline.index(ofCell: timeline.cell(atStep: playback.position))
    }
}
