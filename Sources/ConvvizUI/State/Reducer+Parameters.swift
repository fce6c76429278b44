import ConvCore
import Presets

extension AppState {
    /// The most channels or filters the keys add.
    static let maxChannels = 64

    /// Raises or lowers one parameter. Values PyTorch rejects are allowed one step past the valid
    /// range, so the status line can say why; nothing the user set is lost.
    mutating func adjustParameter(_ field: ParameterField, by delta: Int) {
        var parameters = preset.parameters
        switch field {
        case .strideHeight: parameters.stride.height = max(0, parameters.stride.height + delta)
        case .strideWidth: parameters.stride.width = max(0, parameters.stride.width + delta)
        case .dilationHeight: parameters.dilation.height = max(0, parameters.dilation.height + delta)
        case .dilationWidth: parameters.dilation.width = max(0, parameters.dilation.width + delta)
        case .paddingHeight, .paddingWidth:
            var (height, width) = explicitPadding()
            if field == .paddingHeight { height = max(-1, height + delta) } else { width = max(-1, width + delta) }
            parameters.padding = .explicit(height: height, width: width)
        case .groups: parameters.groups = max(0, parameters.groups + delta)
        case .inputChannels:
            let channels = preset.input.shape.c + delta
            guard channels >= 1, channels <= Self.maxChannels else { return fail("C_in must be between 1 and \(Self.maxChannels)") }
            change { $0.setInputChannels(channels) }
            return
        case .outputChannels:
            let filters = preset.kernel.shape.n + delta
            guard filters >= 1, filters <= Self.maxChannels else { return fail("C_out must be between 1 and \(Self.maxChannels)") }
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
            parameters.stride = AxisPair(height: max(0, parameters.stride.height + delta), width: max(0, parameters.stride.width + delta))
        case .dilationHeight, .dilationWidth:
            parameters.dilation = AxisPair(height: max(0, parameters.dilation.height + delta), width: max(0, parameters.dilation.width + delta))
        case .paddingHeight, .paddingWidth:
            let (height, width) = explicitPadding()
            parameters.padding = .explicit(height: max(-1, height + delta), width: max(-1, width + delta))
        default:
            return adjustParameter(field, by: delta)
        }
        change { $0.setParameters(parameters) }
    }

    /// The padding as numbers: `same` and `valid` become the amounts they stand for.
    func explicitPadding() -> (height: Int, width: Int) {
        switch preset.parameters.padding {
        case let .explicit(height, width): return (height, width)
        case .valid: return (0, 0)
        case .same:
            let kernel = preset.kernel.shape, dilation = preset.parameters.dilation
            return (dilation.height * (kernel.h - 1) / 2, dilation.width * (kernel.w - 1) / 2)
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
