import Foundation

/// How the report stage writes personal data.
public struct ReportOptions: Sendable {
    /// Citizen IDs as written (`ansinh report --unmasked`), for the department's own use; every
    /// report file masks them otherwise.
    public var unmasked: Bool

    public init(unmasked: Bool = false) {
        self.unmasked = unmasked
    }

    /// The ID as a report file shows it: "044*******89", or as written when unmasked.
    public func citizenID(_ id: String?) -> String? {
        guard let id, !id.isEmpty else { return id }
        return unmasked ? id : Self.mask(id)
    }

    /// Citizen IDs inside free text (an exception's detail, a reject's reason) masked: every run
    /// of 11 or 12 digits (a CCCD, also without its leading zero) and 9 digits after "citizen
    /// ID", "CCCD" or "CMND" (beneficiary codes, also 9 digits, stay). Unchanged when unmasked.
    public func text(_ text: String?) -> String? {
        guard let text, !unmasked, text.contains(where: \.isNumber) else { return text }
        return Self.replacing(text, ["(?<![0-9])[0-9]{11,12}(?![0-9])", "(?<=citizen ID |CCCD |CMND |CCCD: |CMND: )[0-9]{9}(?![0-9])"])
    }

    /// A cell's value as a report shows it: an ID column's value masked whole, and any other
    /// value — a rejected row kept as written, with all its cells — with every run of 9 to 12
    /// digits masked, since an old 9-digit CMND there cannot be told from a code.
    public func value(_ value: String?, isIDColumn: Bool) -> String? {
        guard let value, !unmasked else { return value }
        if isIDColumn { return Self.mask(value) }
        return Self.replacing(value, ["(?<![0-9])[0-9]{9,12}(?![0-9])"])
    }

    private static func replacing(_ text: String, _ patterns: [String]) -> String {
        var out = text
        for pattern in patterns {
            // A masked ID keeps at most five digits: the loop ends.
            while let range = out.range(of: pattern, options: .regularExpression) {
                out.replaceSubrange(range, with: mask(String(out[range])))
            }
        }
        return out
    }

    /// "044*******89": the province code and the last two digits, the rest starred.
    public static func mask(_ value: String) -> String {
        let digits = value.filter(\.isNumber)
        guard digits.count >= 6 else { return String(repeating: "*", count: digits.count) }
        return String(digits.prefix(3)) + String(repeating: "*", count: digits.count - 5) + String(digits.suffix(2))
    }
}

/// Report files hold personal data: written whole (atomically) and readable by the owner only.
enum ReportFile {
    static func write(_ data: Data, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try data.write(to: url, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
    }
}
