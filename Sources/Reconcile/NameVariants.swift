import VietText

/// Ways one person's name is written differently that are not typing slips: regional family
/// names (Hoàng/Huỳnh, Vũ/Võ), a dropped middle name, the given name written first.
enum NameVariants {
    /// Family names that are one name in the north and another in the south, folded.
    static let familyPairs: [String: String] = ["huynh": "hoang", "vo": "vu"]

    /// How two folded names relate, strongest first; nil when they are not variants.
    static func relation(_ a: String, _ b: String) -> String? {
        if a == b { return "folded exact" }
        let x = a.split(separator: " ").map(String.init), y = b.split(separator: " ").map(String.init)
        if canonicalFamily(x) == canonicalFamily(y) { return "family-name variant" }
        if VietText.sameWordsReordered(a, b) { return "same words reordered" }
        if droppedMiddle(x, y) || droppedMiddle(y, x) { return "middle name dropped" }
        return nil
    }

    static func canonicalFamily(_ words: [String]) -> [String] {
        guard let first = words.first else { return words }
        return [familyPairs[first] ?? first] + words.dropFirst()
    }

    /// `short` is `long` without (some of) its middle names: same family and given name.
    static func droppedMiddle(_ short: [String], _ long: [String]) -> Bool {
        guard short.count >= 2, long.count > short.count,
              canonicalFamily(short).first == canonicalFamily(long).first, short.last == long.last else { return false }
        // The short name's middle words appear in order in the long one's.
        var rest = long.dropFirst().dropLast()[...]
        for word in short.dropFirst().dropLast() {
            guard let i = rest.firstIndex(of: word) else { return false }
            rest = rest[(i + 1)...]
        }
        return true
    }
}
