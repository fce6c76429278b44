import ConvCore
import Presets

/// Editing a conv2d preset's parameters: stride, padding, dilation, groups, channels, padding mode, bias.
extension AppState {
    /// The most channels or filters the keys add.
    static let maxChannels = 64

    /// `value + delta`, kept within ±2^30 so that no key or command can overflow an `Int`.
    static func nudged(_ value: Int, by delta: Int, atLeast lower: Int) -> Int {
        let bound = 1 << 30
        return max(lower, min(bound, max(-bound, value)) + max(-bound, min(bound, delta)))
    }

    /// Raises or lowers one parameter. Values PyTorch rejects are allowed one step past the valid
    /// range, so the status line can say why; nothing the user set is lost.
    mutating func adjustParameter(_ field: ParameterField, by delta: Int) {
        var parameters = preset.parameters
        switch field {
        case .strideHeight: parameters.stride.height = Self.nudged(parameters.stride.height, by: delta, atLeast: 0)
        case .strideWidth: parameters.stride.width = Self.nudged(parameters.stride.width, by: delta, atLeast: 0)
        case .dilationHeight:
            parameters.dilation.height = Self.nudged(parameters.dilation.height, by: delta, atLeast: 0)
        case .dilationWidth: parameters.dilation.width = Self.nudged(parameters.dilation.width, by: delta, atLeast: 0)
        case .paddingHeight, .paddingWidth:
            var (height, width) = explicitPadding()
            if field == .paddingHeight {
                height = Self.nudged(height, by: delta, atLeast: -1)
            } else {
                width = Self.nudged(width, by: delta, atLeast: -1)
            }
            parameters.padding = .explicit(height: height, width: width)
        case .groups: parameters.groups = Self.nudged(parameters.groups, by: delta, atLeast: 0)
        case .inputChannels:
            let channels = Self.nudged(preset.input.shape.c, by: delta, atLeast: 0)
            let limit = max(Self.maxChannels, preset.input.shape.c)
            guard channels >= 1, channels <= limit else { return fail("C_in must be between 1 and \(limit)") }
            change { $0.setInputChannels(channels) }
            return
        case .outputChannels:
            let filters = Self.nudged(preset.kernel.shape.n, by: delta, atLeast: 0)
            let limit = max(Self.maxChannels, preset.kernel.shape.n)
            guard filters >= 1, filters <= limit else { return fail("C_out must be between 1 and \(limit)") }
            change { $0.setOutputChannels(filters) }
            return
        case .paddingMode:
            let modes = PaddingMode.allCases
            let index = modes.firstIndex(of: parameters.paddingMode) ?? 0
            parameters.paddingMode = modes[((index + delta) % modes.count + modes.count) % modes.count]
        case .bias:
            let enable = preset.bias == nil
            change { $0.setBiasEnabled(enable) }
            return
        }
        change { $0.setParameters(parameters) }
    }

    /// Stride, padding or dilation changed on both axes in one undoable step.
    mutating func adjustBothAxes(_ field: ParameterField, by delta: Int) {
        var parameters = preset.parameters
        switch field {
        case .strideHeight, .strideWidth:
            parameters.stride = AxisPair(
                height: Self.nudged(parameters.stride.height, by: delta, atLeast: 0),
                width: Self.nudged(parameters.stride.width, by: delta, atLeast: 0))
        case .dilationHeight, .dilationWidth:
            parameters.dilation = AxisPair(
                height: Self.nudged(parameters.dilation.height, by: delta, atLeast: 0),
                width: Self.nudged(parameters.dilation.width, by: delta, atLeast: 0))
        case .paddingHeight, .paddingWidth:
            let (height, width) = explicitPadding()
            parameters.padding = .explicit(
                height: Self.nudged(height, by: delta, atLeast: -1), width: Self.nudged(width, by: delta, atLeast: -1))
        default:
            return adjustParameter(field, by: delta)
        }
        change { $0.setParameters(parameters) }
    }

    /// The padding as numbers: `same` and `valid` become the amounts they stand for.
    func explicitPadding() -> (height: Int, width: Int) { Self.explicitPadding(preset) }

    /// The padding of `preset` as numbers.
    static func explicitPadding(_ preset: Preset) -> (height: Int, width: Int) {
        switch preset.parameters.padding {
        case let .explicit(height, width): return (height, width)
        case .valid: return (0, 0)
        case .same:
            let kernel = preset.kernel.shape, dilation = preset.parameters.dilation
            func half(_ d: Int, _ k: Int) -> Int {
                let (spread, overflow) = d.multipliedReportingOverflow(by: k - 1)
                return overflow ? Int.max / 2 : spread / 2
            }
            return (half(dilation.height, kernel.h), half(dilation.width, kernel.w))
        }
    }

    /// Numbers -> `same` -> `valid` -> numbers.
    mutating func cyclePaddingKind() {
        var parameters = preset.parameters
        switch parameters.padding {
        case .explicit: parameters.padding = .same
        case .same: parameters.padding = .valid
        case .valid: parameters.padding = .uniform(0)
        }
        change { $0.setParameters(parameters) }
        inform("padding \(parameters.padding.presetText)")
    }
}
