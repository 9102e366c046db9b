/// True and false positives and negatives of one exception type (or of all of them), with
/// precision and recall.
///
/// Findings compare as multisets of (type, district, beneficiary, file, line): a planted finding
/// found twice is one true positive and one false positive, so that always
/// `found = truePositives + falsePositives` and `planted = truePositives + falseNegatives`.
///
/// Undefined ratios are `nil` (printed "n/a", JSON `null`), never a made-up 1 or 0: precision
/// is undefined when nothing was found, recall when nothing was planted. A type with nothing
/// planted and nothing found therefore has neither; a matcher that never produces a planted
/// type has recall 0 and no precision.
public struct Score: Equatable, Sendable {
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0

    public init(truePositives: Int = 0, falsePositives: Int = 0, falseNegatives: Int = 0) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
    }

    /// Findings in the truth.
    public var planted: Int { truePositives + falseNegatives }
    /// Findings the pipeline wrote.
    public var found: Int { truePositives + falsePositives }

    /// TP / found; nil when nothing was found.
    public var precision: Double? { found == 0 ? nil : Double(truePositives) / Double(found) }
    /// TP / planted; nil when nothing was planted.
    public var recall: Double? { planted == 0 ? nil : Double(truePositives) / Double(planted) }

    /// The sum of two scores (pooling types or seeds).
    public static func + (a: Score, b: Score) -> Score {
        Score(truePositives: a.truePositives + b.truePositives, falsePositives: a.falsePositives + b.falsePositives,
              falseNegatives: a.falseNegatives + b.falseNegatives)
    }
}

/// Scores found findings against planted ones.
public enum Scorer {
    /// Per exception type, the score of `found` against `planted` (multisets; see `Score`).
    /// Every type of either side gets an entry.
    public static func score(found: [Finding], planted: [Finding]) -> [String: Score] {
        var foundCount: [Finding: Int] = [:]
        var plantedCount: [Finding: Int] = [:]
        for f in found { foundCount[f, default: 0] += 1 }
        for p in planted { plantedCount[p, default: 0] += 1 }
        var scores: [String: Score] = [:]
        for key in Set(foundCount.keys).union(plantedCount.keys) {
            let f = foundCount[key] ?? 0, p = plantedCount[key] ?? 0
            let hit = min(f, p)
            scores[key.type, default: Score()] = scores[key.type, default: Score()]
                + Score(truePositives: hit, falsePositives: f - hit, falseNegatives: p - hit)
        }
        return scores
    }

    /// Found findings not planted, and planted findings not found (each once per surplus
    /// occurrence), in file and line order.
    public static func errors(found: [Finding], planted: [Finding]) -> (falsePositives: [Finding], falseNegatives: [Finding]) {
        var remaining: [Finding: Int] = [:]
        for p in planted { remaining[p, default: 0] += 1 }
        var falsePositives: [Finding] = []
        for f in found {
            if let n = remaining[f], n > 0 { remaining[f] = n - 1 } else { falsePositives.append(f) }
        }
        var falseNegatives: [Finding] = []
        for p in planted {
            if let n = remaining[p], n > 0 {
                falseNegatives.append(p)
                remaining[p] = n - 1
            }
        }
        let order: (Finding, Finding) -> Bool = { ($0.file, $0.line, $0.type) < ($1.file, $1.line, $1.type) }
        return (falsePositives.sorted(by: order), falseNegatives.sorted(by: order))
    }
}
