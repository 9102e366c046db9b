/// The fields a payment line and a registry record are compared on, and the levels each
/// comparison can end in. Levels are small integers so that a pair's whole comparison packs into
/// one `Pattern`; level 0 is always "missing" (one side has no value), which weighs nothing.
public enum MatchField: Int, CaseIterable, Sendable {
    case code, idNumber, name, birth, place, amount

    /// The column of `recon_pairs` and the `field` of `recon_explanations`.
    public var column: String {
        switch self {
        case .code: return "code"
        case .idNumber: return "id_number"
        case .name: return "name"
        case .birth: return "birth"
        case .place: return "commune"
        case .amount: return "amount"
        }
    }

    /// The level labels, index = level, as `recon_pairs` stores them.
    public var levels: [String] { Self.labels[rawValue] }

    /// Built once: labels are read for every pair written.
    private static let labels: [[String]] = allCases.map(\.levelLabels)

    private var levelLabels: [String] {
        switch self {
        case .code: return ["missing", "exact", "different"]
        case .idNumber:
            return ["missing", "exact", "leading zero lost", "one digit differs", "different",
                    "one side missing, CCCD agrees with birth year", "one side missing, CCCD contradicts birth year"]
        case .name:
            return ["missing", "exact", "folded exact", "family-name variant", "same words reordered",
                    "middle name dropped", "initials", "1 edit", "2 edits", "different"]
        case .birth:
            return ["missing", "same date", "day and month swapped", "same year", "same year, other date",
                    "year one apart", "different year"]
        case .place:
            return ["missing", "same commune", "same district", "same district, commune unknown", "other district"]
        case .amount:
            return ["missing", "equal to entitled", "differs"]
        }
    }

    /// Whether the level weighs in the match score. The amount is compared and shown but never
    /// weighed: a wrong amount is a finding (AMOUNT_MISMATCH), not evidence of another person.
    public var weighed: Bool { self != .amount }

    /// Bit offset of the field inside a `Pattern`.
    var shift: UInt32 { UInt32(rawValue) * 4 }
}

/// Level constants, named for the code that decides them.
enum Level {
    enum Code { static let missing: UInt8 = 0, exact: UInt8 = 1, different: UInt8 = 2 }
    enum ID {
        static let missing: UInt8 = 0, exact: UInt8 = 1, leadingZero: UInt8 = 2, oneDigit: UInt8 = 3, different: UInt8 = 4
        static let cccdAgrees: UInt8 = 5, cccdContradicts: UInt8 = 6
    }
    enum Name {
        static let missing: UInt8 = 0, exact: UInt8 = 1, folded: UInt8 = 2, familyVariant: UInt8 = 3, reordered: UInt8 = 4
        static let droppedMiddle: UInt8 = 5, initials: UInt8 = 6, oneEdit: UInt8 = 7, twoEdits: UInt8 = 8, different: UInt8 = 9
    }
    enum Birth {
        static let missing: UInt8 = 0, sameDate: UInt8 = 1, swapped: UInt8 = 2, sameYear: UInt8 = 3
        static let sameYearOtherDate: UInt8 = 4, yearApart: UInt8 = 5, different: UInt8 = 6
    }
    enum Place { static let missing: UInt8 = 0, commune: UInt8 = 1, district: UInt8 = 2, districtNoCommune: UInt8 = 3, other: UInt8 = 4 }
    enum Amount { static let missing: UInt8 = 0, equal: UInt8 = 1, differs: UInt8 = 2 }
}

/// One pair's levels, four bits per field.
public struct Pattern: Hashable, Sendable {
    public var bits: UInt32 = 0

    public init() {}

    public subscript(field: MatchField) -> UInt8 {
        get { UInt8((bits >> field.shift) & 0xF) }
        set { bits = (bits & ~(0xF << field.shift)) | (UInt32(newValue & 0xF) << field.shift) }
    }

    /// The pattern without the fields that do not weigh (the amount): what the model counts.
    var weighedBits: UInt32 { bits & ~(0xF << MatchField.amount.shift) }

    /// The level's label.
    public func label(_ field: MatchField) -> String {
        let levels = field.levels
        let level = Int(self[field])
        return level < levels.count ? levels[level] : "level \(level)"
    }

    /// The name agrees at some level (anything but "different"): a pair whose names differ
    /// outright is never matched on the other fields alone — that is an identity conflict or a
    /// case for review, whatever the score.
    var namesAgree: Bool { self[.name] != Level.Name.different }
}
