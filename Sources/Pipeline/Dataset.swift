/// The five kinds of district file the contract knows, with their fields in contract order.
public enum Dataset: String, CaseIterable, Sendable, Comparable {
    case beneficiaries
    case payments
    case households
    case householdTotals = "household_totals"
    case recruitment

    /// The contract's input fields of the dataset, in the order the configuration lists them.
    public var fieldNames: [String] {
        switch self {
        case .beneficiaries:
            return ["beneficiary_id", "full_name", "birth_date", "gender", "id_number", "commune", "program",
                    "category", "monthly_amount", "start_date", "status", "end_date", "pay_method"]
        case .payments:
            return ["period", "beneficiary_id", "full_name", "birth_date", "id_number", "commune", "amount",
                    "method", "paid_date"]
        case .households:
            return ["household_id", "head_name", "id_number", "commune", "village", "members",
                    "classification", "year"]
        case .householdTotals:
            return ["commune", "year", "total_households"]
        case .recruitment:
            return ["full_name", "birth_date", "id_number", "commune", "kind", "level", "market", "date"]
        }
    }

    /// The field whose sum a totals row ("Tổng cộng") controls, if any.
    public var amountField: String? {
        switch self {
        case .beneficiaries: return "monthly_amount"
        case .payments: return "amount"
        case .householdTotals: return "total_households"
        case .households, .recruitment: return nil
        }
    }

    public static func < (lhs: Dataset, rhs: Dataset) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// One input column of a dataset: its aliases and what an unreadable value costs.
public struct FieldSpec: Sendable {
    /// The contract's field name (`full_name`, `amount`…).
    public let name: String
    /// Header texts that name this field (the field name itself included).
    public let aliases: [String]
    /// Aliases folded for comparison (no case, diacritics, spaces, punctuation).
    public let aliasKeys: Set<String>
    /// A row whose value is missing or unreadable is rejected.
    public let required: Bool
    /// The value used when the cell is empty.
    public let defaultValue: String?
    /// A title row may give the value for the whole file ("… THÁNG 12/2023"), so a missing
    /// column is not an error of the file.
    public let fromTitle: Bool
}

/// A dataset as configured: file-name patterns and fields.
public struct DatasetSpec: Sendable {
    public let dataset: Dataset
    public let filePatterns: [String]
    public let fields: [FieldSpec]

    /// The index of a field in `fields`, which is also its index in a mapped row.
    public func index(of field: String) -> Int? {
        fields.firstIndex { $0.name == field }
    }
}
