/// One multiply-add of an output cell, as the arithmetic lines show it.
struct ArithmeticTerm: Equatable {
    /// The input channel it reads (the group it is listed in).
    let channel: Int
    /// The kernel weight (written first).
    let weight: Double
    /// The input value (written second).
    let value: Double
    /// A zero-padding tap (drawn dim; it adds nothing).
    var isZeroPadding = false

    /// `weight * value`, or nothing for zero padding.
    var product: Double { isZeroPadding ? 0 : weight * value }
}

/// The sum of one output cell written out so that it reads with many channels: the order labelled once,
/// the terms grouped by input channel with a subtotal each, then the bias and the total:
///
///     out[0,0,1,1] (weight·input) = c0: 1·0 + 2·1 + 1·3 = 5 │ c1: 0·1 + 1·2 = 2 │ + bias 0.5 = 7.5
///
/// (without a bias the total follows the last subtotal as `│ = 7`)
///
/// wrapped to as many lines as the screen gives. When it cannot all fit, terms far from the current one
/// give way to `…` first (each channel keeping its label and subtotal), then whole channels far from the
/// current one, so the current term and its neighbours always stay in view.
struct ArithmeticLines {
    /// What is summed: `out[0,0,1,1]`.
    let name: String
    /// The terms shown so far, in the order they are accumulated.
    let terms: [ArithmeticTerm]
    /// The term just added (highlighted, and kept in view); `nil` when none is.
    let current: Int?
    /// Whether terms are grouped by channel (the filter reads more than one channel).
    let groupsChannels: Bool
    /// The bias, once it has been added.
    var bias: Double?
    /// Whether adding the bias is the current step.
    var biasIsCurrent = false
    /// The sum so far (the exact value the convolution computes).
    let total: Double
    /// Whether the sum is complete.
    let isComplete: Bool

    /// A run of text and its style.
    typealias Part = (text: String, style: Style)

    /// The order of the factors, written once.
    static let orderLabel = "(weight·input)"

    /// The lines, each at most `width` characters, at most `maxLines` of them.
    func lines(width: Int, maxLines: Int) -> [[Part]] {
        let width = max(1, width), maxLines = max(1, maxLines)
        let groups = channelGroups()
        let focus = current ?? (terms.isEmpty ? 0 : terms.count - 1)
        let focusGroup = groups.firstIndex { $0.contains(focus) } ?? 0
        func attempt(terms kept: Int, groups keptGroups: Int, label: Bool = true, subtotals: Bool = true) -> [[Part]]? {
            let lines = Self.wrap(
                tokens(
                    groups: groups, keptTerms: nearest(kept, to: focus, count: terms.count),
                    keptGroups: nearest(keptGroups, to: focusGroup, count: groups.count),
                    label: label, subtotals: subtotals), width: width)
            return lines.count <= maxLines ? lines : nil
        }
        if let all = attempt(terms: terms.count, groups: groups.count) { return all }
        let termRange = 1..<max(1, terms.count), groupRange = 1..<max(1, groups.count)
        if let lines = Self.largest(in: termRange, attempt: { attempt(terms: $0, groups: groups.count) }) {
            return lines
        }
        // Whole channels give way: as many as fit around the current one, then as many terms as fit among them.
        var keptGroups = 0
        if Self.largest(
            in: groupRange,
            attempt: { fits in
                let lines = attempt(terms: 1, groups: fits)
                if lines != nil { keptGroups = max(keptGroups, fits) }
                return lines
            }) != nil, let lines = Self.largest(in: termRange, attempt: { attempt(terms: $0, groups: keptGroups) })
        {
            return lines
        }
        if let lines = attempt(terms: 1, groups: 1, label: false)
            ?? attempt(terms: 1, groups: 1, label: false, subtotals: false)
        {
            return lines
        }
        let last = Self.wrap(
            tokens(
                groups: groups, keptTerms: nearest(1, to: focus, count: terms.count),
                keptGroups: nearest(1, to: focusGroup, count: groups.count), label: false,
                subtotals: false), width: width)
        return Array(last.prefix(maxLines))
    }

    /// The largest `k` in `range` whose attempt fits (attempts fit less as `k` grows), by bisection.
    private static func largest(in range: Range<Int>, attempt: (Int) -> [[Part]]?) -> [[Part]]? {
        guard !range.isEmpty, var best = attempt(range.lowerBound) else { return nil }
        var low = range.lowerBound + 1, high = range.upperBound - 1
        while low <= high {
            let middle = (low + high) / 2
            if let lines = attempt(middle) {
                best = lines
                low = middle + 1
            } else {
                high = middle - 1
            }
        }
        return best
    }

    /// The `kept` indices of `0..<count` nearest to `focus` (earlier ones first on ties).
    private func nearest(_ kept: Int, to focus: Int, count: Int) -> Range<Int> {
        guard count > 0 else { return 0..<0 }
        let focus = min(max(focus, 0), count - 1), kept = min(max(kept, 1), count)
        var lower = focus, upper = focus + 1
        while upper - lower < kept {
            if lower > 0 && (focus - lower <= upper - 1 - focus || upper >= count) {
                lower -= 1
            } else {
                upper += 1
            }
        }
        return lower..<upper
    }

    /// Consecutive runs of terms reading the same channel (one run when channels are not grouped).
    private func channelGroups() -> [Range<Int>] {
        guard groupsChannels else { return terms.isEmpty ? [] : [0..<terms.count] }
        var groups: [Range<Int>] = []
        var start = 0
        for index in terms.indices.dropFirst() where terms[index].channel != terms[index - 1].channel {
            groups.append(start..<index)
            start = index
        }
        if !terms.isEmpty { groups.append(start..<terms.count) }
        return groups
    }

    /// A token: text that is never split (lines break between tokens).
    private struct Token {
        var text: String
        var style: Style
    }

    private func tokens(
        groups: [Range<Int>], keptTerms: Range<Int>, keptGroups: Range<Int>, label: Bool,
        subtotals: Bool
    ) -> [Token] {
        var tokens = [Token(text: name, style: Theme.title)]
        if label { tokens.append(Token(text: " " + Self.orderLabel, style: Theme.dim)) }
        tokens.append(Token(text: " =", style: Theme.title))
        var elidedGroups = false
        for (number, group) in groups.enumerated() {
            let separator = number == 0 || !groupsChannels ? " " : " │ "
            guard keptGroups.contains(number) else {
                if !elidedGroups { tokens.append(Token(text: separator + "…", style: Theme.dim)) }
                elidedGroups = true
                continue
            }
            elidedGroups = false
            var prefix = separator
            if groupsChannels {
                tokens.append(Token(text: separator + "c\(terms[group.lowerBound].channel):", style: Theme.title))
                prefix = " "
            }
            var elided = false
            for index in group {
                guard keptTerms.contains(index) else {
                    if !elided { tokens.append(Token(text: prefix + "…", style: Theme.dim)) }
                    elided = true
                    prefix = " + "
                    continue
                }
                elided = false
                let term = terms[index]
                let style = index == current ? Theme.latestTerm : term.isZeroPadding ? Theme.dim : Style.plain
                tokens.append(
                    Token(
                        text: prefix + "\(GridNumber.factor(term.weight))·\(GridNumber.factor(term.value))",
                        style: style))
                prefix = " + "
            }
            if subtotals && groupsChannels && groups.count > 1 {
                let subtotal = group.reduce(0.0) { $0 + terms[$1].product }
                tokens.append(Token(text: " = " + GridNumber.format(subtotal), style: Theme.info))
            }
        }
        if let bias {
            let text = (groupsChannels && groups.count > 1 ? " │ + bias " : " + bias ") + GridNumber.factor(bias)
            tokens.append(Token(text: text, style: biasIsCurrent ? Theme.latestTerm : .plain))
        }
        let closing = groupsChannels && groups.count > 1 && bias == nil ? " │ = " : " = "
        tokens.append(
            Token(text: closing + GridNumber.format(total) + (isComplete ? "" : " so far"), style: Theme.title))
        return tokens
    }

    /// Greedy wrapping of whole tokens; a token starting a line loses its leading spaces; a token wider than
    /// a line is cut.
    private static func wrap(_ tokens: [Token], width: Int) -> [[Part]] {
        var lines: [[Part]] = [], line: [Part] = [], used = 0
        for token in tokens {
            if used > 0 && used + token.text.count > width {
                lines.append(line)
                line = []
                used = 0
            }
            var text = token.text
            if used == 0 { text = String(text.drop { $0 == " " }) }
            text = String(text.prefix(width - used))
            line.append((text, token.style))
            used += text.count
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
