import Foundation

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

extension Reasons {
    /// "same code 450011405; name differs: 'A' vs 'B'; birth year 1948 vs 1975".
    static func conflict(_ line: PaymentLine, _ record: RegistryRecord, rule: String) -> String {
        var problems: [String] = []
        if line.nameKey != record.nameKey { problems.append("name differs: '\(line.fullName)' vs '\(record.fullName)'") }
        if let a = line.birthYear, let b = record.birthYear, a != b { problems.append("birth year \(a) vs \(b)") }
        else if let a = line.birthDate, let b = record.birthDate, a != b { problems.append("birth date \(a) vs \(b)") }
        if line.communeCode != record.communeCode { problems.append("commune \(line.communeCode ?? "—") vs \(record.communeCode ?? "—")") }
        // The text travels into reports: a citizen ID shows only its province and last digits.
        let pointer = rule == "code" ? record.code : Self.maskedID(record.idNumber ?? "")
        return "same \(rule) \(pointer); " + (problems.isEmpty ? "the other fields do not confirm it" : problems.joined(separator: "; "))
    }

    /// Why a line went to review: each candidate with its probability and levels.
    static func review(_ pairs: [ScoredPair], data: MatchData) -> String {
        let shown = pairs.prefix(3).map { pair -> String in
            let r = Int(pair.record)
            return "'\(data.fullNames.string(data.records.fullName[r]))' \(data.code(record: r)) \(percent(pair.probability)) (name \(pair.pattern.label(.name)), birth \(pair.pattern.label(.birth)), \(pair.pattern.label(.place)))"
        }
        let head = pairs.count == 1 ? "one candidate, not sure enough" : "\(pairs.count) candidates, none clearly the payee"
        return head + ": " + shown.joined(separator: "; ")
    }

    /// "044*******23".
    static func maskedID(_ id: String) -> String {
        guard id.count >= 6 else { return String(repeating: "*", count: id.count) }
        return String(id.prefix(3)) + String(repeating: "*", count: id.count - 5) + String(id.suffix(2))
    }

    /// A probability as "97.3%" (or "<0.1%").
    static func percent(_ p: Double) -> String {
        if p < 0.001 { return "<0.1%" }
        if p > 0.999 && p < 1 { return ">99.9%" }
        return String(format: "%.1f%%", p * 100)
    }
}
