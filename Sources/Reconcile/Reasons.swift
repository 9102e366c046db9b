/// Plain-language reasons in Vietnamese for each exception, beside the English detail.
enum Reasons {
    static func vietnamese(_ type: ExceptionType, line: PaymentLine?, record: RegistryRecord?, period: String,
                           amount: Int64, extra: String = "") -> String {
        let month = period.split(separator: "-").reversed().joined(separator: "/")
        switch type {
        case .paidNotRegistered:
            return "Chi trả tháng \(month) cho \(line?.fullName ?? "người") (\(line?.birthDate ?? line?.birthYear.map(String.init) ?? "không rõ năm sinh")) không có trong danh sách đối tượng: không trùng mã, số CCCD, hoặc họ tên và năm sinh"
        case .registeredNotPaid:
            return "\(record?.fullName ?? "Đối tượng") đang hưởng từ \(record?.startDate ?? "ngày không rõ") nhưng không có trong danh sách chi trả tháng \(month)"
        case .paidAfterEnd:
            let state = record?.status == "dead" ? "đã chết" : "đã cắt hưởng"
            return "Chi trả tháng \(month) cho \(record?.fullName ?? "đối tượng") nhưng đối tượng \(state) từ \(record?.endDate ?? "trước đó"): phải thu hồi"
        case .amountMismatch:
            return "Chi \(line?.amount ?? 0) đồng, mức hưởng \(record?.monthlyAmount ?? 0) đồng (chênh \(amount) đồng)"
        case .duplicatePayment:
            return "Chi trùng: \(extra) dòng chi trả cho cùng một đối tượng (\(record?.fullName ?? "")) trong tháng \(month)"
        case .duplicateRecord:
            return "Cùng một người có nhiều hồ sơ đang hưởng: \(extra)"
        case .identityConflict:
            return "Mã hoặc số CCCD trên dòng chi trả trỏ tới hồ sơ của người khác: \(extra)"
        case .needsReview:
            return "Có thể khớp với hồ sơ \(extra) nhưng chưa đủ chắc chắn: cần người xem xét"
        }
    }

    /// A comparison's levels in Vietnamese words, for conflicts: "tên khác: 'A' và 'B'; năm sinh 1948 và 1975".
    static func differences(_ line: PaymentLine, _ record: RegistryRecord) -> String {
        var parts: [String] = []
        if line.code != nil && line.code == record.code { parts.append("cùng mã \(record.code)") }
        if line.idNumber != nil && line.idNumber == record.idNumber { parts.append("cùng số CCCD") }
        if line.nameKey != record.nameKey { parts.append("tên khác: '\(line.fullName)' và '\(record.fullName)'") }
        if let a = line.birthYear, let b = record.birthYear, a != b { parts.append("năm sinh \(a) và \(b)") }
        return parts.joined(separator: "; ")
    }
}
