import VietText

/// The words district files use for coded values ("Đang hưởng", "ĐH" → `active`).
public struct CodeBook: Sendable {
    /// Code lists the contract needs; a configuration must provide each.
    public static let requiredLists = ["program", "status", "method", "gender", "classification", "kind", "level"]

    private var lists: [String: [String: String]] = [:]
    private var codesByList: [String: [String]] = [:]

    init(_ raw: [String: [String: [String]]]) throws {
        for (list, codes) in raw {
            var map: [String: String] = [:]
            for code in codes.keys.sorted() {
                for word in [code] + (codes[code] ?? []) {
                    let key = VietText.compactKey(word)
                    if let other = map[key], other != code {
                        throw ConfigurationError("codes.\(list): '\(word)' stands for both \(other) and \(code)")
                    }
                    map[key] = code
                }
            }
            lists[list] = map
            codesByList[list] = codes.keys.sorted()
        }
        let missing = Self.requiredLists.filter { lists[$0] == nil }
        if !missing.isEmpty { throw ConfigurationError("codes: missing lists \(missing)") }
    }

    /// The code of a cell's text in a list, or nil when the word is unknown.
    public func code(_ list: String, for text: String) -> String? {
        lists[list]?[VietText.compactKey(text)]
    }

    /// The codes of a list, sorted (for messages: "expected one of …").
    public func codes(_ list: String) -> [String] {
        codesByList[list] ?? []
    }
}
