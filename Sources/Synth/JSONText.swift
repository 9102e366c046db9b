/// A small JSON value whose text is deterministic: object keys are always written sorted.
enum JSONText {
    case int(Int)
    case string(String)
    case number(String)
    case object([String: JSONText])

    /// Pretty text, two-space indentation, keys sorted by their UTF-8 bytes.
    func render(indent: Int = 0) -> String {
        switch self {
        case .int(let n): return String(n)
        case .number(let s): return s
        case .string(let s): return JSONText.quote(s)
        case .object(let members):
            if members.isEmpty { return "{}" }
            let pad = String(repeating: "  ", count: indent + 1)
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            var parts: [String] = []
            for k in keys {
                guard let v = members[k] else { continue }
                parts.append(pad + JSONText.quote(k) + ": " + v.render(indent: indent + 1))
            }
            return "{\n" + parts.joined(separator: ",\n") + "\n" + String(repeating: "  ", count: indent) + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
