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
