/// "Did you mean" for typos: the candidate closest to a word by edit distance, if it is close enough.
public enum Suggestion {
    /// The candidate nearest to `word`, if within a small edit distance.
    /// Words longer than ``maxWordLength`` get no suggestion, candidates whose length differs by more than the
    /// allowed distance are skipped, and only the first ``maxCandidates`` are scored: the work stays small
    /// whatever a file holds.
    public static func nearest(to word: String, in candidates: [String]) -> String? {
        guard word.count <= maxWordLength else { return nil }
        let allowed = max(2, word.count / 3)
        let scored = candidates.prefix(maxCandidates).filter { abs($0.count - word.count) <= allowed && $0.count <= maxWordLength }
            .map { ($0, distance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= allowed ? best.0 : nil
    }

    /// The longest word (and candidate) compared: 64 characters.
    public static let maxWordLength = 64
    /// The most candidates compared: 10,000.
    public static let maxCandidates = 10_000

    /// `" (did you mean 'stride'?)"`, or the empty string.
    public static func hint(for word: String, in candidates: [String]) -> String {
        nearest(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, cb) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
