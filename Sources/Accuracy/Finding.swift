/// One reconciliation finding, as `recon_exceptions` holds it or the truth's `exceptions.csv`
/// lists it: what the harness compares.
public struct Finding: Hashable, Sendable {
    /// The exception type ("PAID_NOT_REGISTERED", …).
    public let type: String
    /// GSO code of the district.
    public let districtCode: String
    /// The record's normalized code; empty for PAID_NOT_REGISTERED.
    public let beneficiaryID: String
    /// Path relative to the input folder, with "/".
    public let file: String
    /// 1-based physical line of the payment line or registry record.
    public let line: Int

    public init(type: String, districtCode: String, beneficiaryID: String, file: String, line: Int) {
        self.type = type
        self.districtCode = districtCode
        self.beneficiaryID = beneficiaryID
        self.file = file
        self.line = line
    }

    /// "file:line", as an analyst looks it up.
    public var location: String { "\(file):\(line)" }
}

/// A finding the matcher got wrong, kept to be printed: where, which type, and why.
public struct Example: Equatable, Sendable {
    /// "file:line".
    public let location: String
    /// The exception type of the finding.
    public let type: String
    /// For a false positive, the pipeline's reason; for a false negative, what the pipeline did
    /// with the line instead.
    public let detail: String

    public init(location: String, type: String, detail: String) {
        self.location = location
        self.type = type
        self.detail = detail
    }
}
