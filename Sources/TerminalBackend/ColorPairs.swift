import CNcurses
import ConvvizUI

/// Allocates ncurses colour pairs for (foreground, background) on demand with `init_extended_pair`, so a
/// picture can use thousands of pairs: 24-bit colours on a direct-colour terminal (`xterm-direct`), the
/// nearest 256-palette colour otherwise, the nearest of 8 on terminals with fewer colours. When the
/// terminal's pairs run out, the table starts again and ``recycled`` asks for a full redraw.
final class ColorPairs {
    private let available: Int
    private let limit: Int
    private var pairs: [PairKey: Int32] = [:]
    /// Set when pair numbers were reused: cells already drawn may show other colours until redrawn.
    private(set) var recycled = false

    private struct PairKey: Hashable {
        let foreground: Int32
        let background: Int32
    }

    /// `available` is ncurses' COLORS, `pairs` its COLOR_PAIRS.
    init(available: Int, pairs: Int) {
        self.available = available
        limit = max(1, pairs - 1)
    }

    /// The colour depth these pairs draw in (without NO_COLOR: the caller decides that).
    var depth: ColorDepth { ColorDepth.detect(noColor: false, colorTerm: nil, colors: available) }

    /// The pair for two colours (`nil` is the terminal's default); 0 is the default pair.
    func pair(foreground: Color?, background: Color?) -> Int32 {
        let key = PairKey(foreground: map(foreground), background: map(background))
        if key.foreground == -1 && key.background == -1 { return 0 }
        if let pair = pairs[key] { return pair }
        if pairs.count >= limit {
            pairs.removeAll(keepingCapacity: true)
            recycled = true
        }
        let pair = Int32(pairs.count + 1)
        init_extended_pair(pair, key.foreground, key.background)
        pairs[key] = pair
        return pair
    }

    /// Forgets that pairs were reused (after a full redraw).
    func clearRecycled() { recycled = false }

    private func map(_ color: Color?) -> Int32 {
        guard let color else { return -1 }
        if available >= 1 << 24 {
            let (red, green, blue) = color.components
            return Int32(red) << 16 | Int32(green) << 8 | Int32(blue)
        }
        if Int(color.index) < available { return Int32(color.index) }
        return Int32(Self.nearestBasic(color.index) % max(1, min(available, 8)))
    }

    /// The nearest of the 8 basic colours to a 256-palette index.
    static func nearestBasic(_ index: UInt8) -> Int {
        if index < 16 { return Int(index % 8) }
        let (red, green, blue) = Palette256.components(index)
        let basics = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
            (229, 229, 229),
        ]
        let distances = basics.map { basic in
            let dr = basic.0 - Int(red), dg = basic.1 - Int(green), db = basic.2 - Int(blue)
            return dr * dr + dg * dg + db * db
        }
        return distances.indices.min { distances[$0] < distances[$1] } ?? 7
    }
}
