import CNcurses
import ConvvizUI

/// Allocates ncurses colour pairs for (foreground, background) on demand, mapping 256-colour indices
/// to the nearest of 8 on terminals with fewer colours.
final class ColorPairs {
    private let available: Int
    private let limit: Int
    private var pairs: [PairKey: Int16] = [:]

    private struct PairKey: Hashable {
        let foreground: Int16
        let background: Int16
    }

    init(available: Int, pairs: Int) {
        self.available = available
        limit = min(pairs - 1, 255)
    }

    /// The pair for two colours (`nil` is the terminal's default); 0 when pairs run out.
    func pair(foreground: Color?, background: Color?) -> Int16 {
        let key = PairKey(foreground: map(foreground), background: map(background))
        if key.foreground == -1 && key.background == -1 { return 0 }
        if let pair = pairs[key] { return pair }
        guard pairs.count < limit else { return 0 }
        let pair = Int16(pairs.count + 1)
        init_pair(pair, key.foreground, key.background)
        pairs[key] = pair
        return pair
    }

    private func map(_ color: Color?) -> Int16 {
        guard let color else { return -1 }
        if Int(color.index) < available { return Int16(color.index) }
        return Int16(Self.nearestBasic(color.index) % max(1, min(available, 8)))
    }

    /// The nearest of the 8 basic colours to a 256-palette index.
    static func nearestBasic(_ index: UInt8) -> Int {
        let rgb: (Int, Int, Int)
        switch index {
        case 0..<16: return Int(index % 8)
        case 16..<232:
            let value = Int(index) - 16
            let levels = [0, 95, 135, 175, 215, 255]
            rgb = (levels[value / 36], levels[(value / 6) % 6], levels[value % 6])
        default:
            let grey = 8 + (Int(index) - 232) * 10
            rgb = (grey, grey, grey)
        }
        let basics = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229)]
        let distances = basics.map { ($0.0 - rgb.0) * ($0.0 - rgb.0) + ($0.1 - rgb.1) * ($0.1 - rgb.1) + ($0.2 - rgb.2) * ($0.2 - rgb.2) }
        return distances.indices.min { distances[$0] < distances[$1] } ?? 7
    }
}
