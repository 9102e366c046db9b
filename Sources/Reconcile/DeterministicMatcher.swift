import VietText

/// The first matcher: code, then citizen ID, then folded name with birth and commune, with
/// NEEDS_REVIEW for what it cannot decide. Memory is proportional to the registry; each line
/// looks only at the records that share its code, ID or name key (hash blocking).
struct DeterministicMatcher: Matcher {
    let records: [RegistryRecord]
    let nameEditDistance: Int
    private var byCode: [String: [Int]] = [:]
    private var byID: [String: [Int]] = [:]
    private var byName: [String: [Int]] = [:]
    private var byCommune: [String: [Int]] = [:]

    init(records: [RegistryRecord], nameEditDistance: Int) {
        self.records = records
        self.nameEditDistance = nameEditDistance
        for (i, r) in records.enumerated() {
            byCode[r.code, default: []].append(i)
            if let id = r.idNumber { byID[id, default: []].append(i) }
            byName[r.nameKey, default: []].append(i)
            if let c = r.communeCode { byCommune[c, default: []].append(i) }
        }
    }

    /// A line is matched against its own district first — by code, then citizen ID, then name
    /// and birth — and against the other districts only when its own has no candidate at all.
    func decide(_ line: PaymentLine) -> LineDecision {
        decide(line, excluding: [])
    }

    /// The same, never proposing the records an analyst said are not this person.
    func decide(_ line: PaymentLine, excluding excluded: Set<Int>) -> LineDecision {
        let local: (Int) -> Bool = { self.records[$0].districtCode == line.districtCode && !excluded.contains($0) }
        let elsewhere: (Int) -> Bool = { self.records[$0].districtCode != line.districtCode && !excluded.contains($0) }
        if let decision = pointer(line, where: local) { return decision }
        if let decision = byNameAndBirth(line, local: true, excluded: excluded) { return decision }
        if let decision = pointer(line, where: elsewhere) { return decision }
        if let decision = byNameAndBirth(line, local: false, excluded: excluded) { return decision }
        if let decision = variants(line, excluded: excluded) { return decision }
        return nearNames(line, excluded: excluded)
    }

    /// The same person written differently: in the line's commune, one record whose name is a
    /// variant (Hoàng/Huỳnh, dropped middle name, reordered words) or a typing slip away (up to
    /// the configured edits) with the same full birth date, or the exact name with day and month
    /// swapped. Unique → a match; several → review. With only a birth year, a near name stays
    /// a case for review (nearNames).
    private func variants(_ line: PaymentLine, excluded: Set<Int>) -> LineDecision? {
        guard let commune = line.communeCode, let date = line.birthDate else { return nil }
        var strong: [(Int, String)] = []
        for i in byCommune[commune] ?? [] where !excluded.contains(i) {
            let r = records[i]
            guard let recordDate = r.birthDate else { continue }
            if recordDate == date, let relation = NameVariants.relation(line.nameKey, r.nameKey), relation != "folded exact" {
                strong.append((i, "\(relation), same birth date"))
            } else if recordDate == date, VietText.editDistance(line.nameKey, r.nameKey, limit: nameEditDistance) <= nameEditDistance {
                strong.append((i, "name a typing slip away, same birth date"))
            } else if r.nameKey == line.nameKey, Self.swapped(date, recordDate) {
                strong.append((i, "same name, birth day and month swapped"))
            }
        }
        if strong.count == 1, let (record, why) = strong.first { return .match(record: record, rule: why) }
        if strong.count > 1 {
            return .review(candidates: strong.map(\.0), why: "\(strong.count) records in the commune could be this person written differently")
        }
        return nil
    }

    /// The record the line's code (else its citizen ID) points to, among those `allowed`.
    private func pointer(_ line: PaymentLine, where allowed: (Int) -> Bool) -> LineDecision? {
        if let code = line.code, let pointed = pick((byCode[code] ?? []).filter(allowed), line) {
            return verify(line, pointed, rule: "code")
        }
        if let id = line.idNumber, let pointed = pick((byID[id] ?? []).filter(allowed), line) {
            return verify(line, pointed, rule: "citizen ID")
        }
        return nil
    }

    /// Among records sharing a code or ID: the one in the line's commune, else the first.
    private func pick(_ candidates: [Int], _ line: PaymentLine) -> Int? {
        candidates.first { records[$0].communeCode == line.communeCode } ?? candidates.first
    }

    private func verify(_ line: PaymentLine, _ index: Int, rule: String) -> LineDecision {
        let record = records[index]
        var problems: [String] = []
        if !namesAgree(line.nameKey, record.nameKey) {
            problems.append("name differs: '\(line.fullName)' vs '\(record.fullName)'")
        }
        if let a = line.birthYear, let b = record.birthYear, a != b {
            problems.append("birth year \(a) vs \(b)")
        }
        if problems.isEmpty { return .match(record: index, rule: rule) }
        return .conflict(record: index, rule: rule, why: "same \(rule) \(rule == "code" ? record.code : Reasons.maskedID(record.idNumber ?? "")); " + problems.joined(separator: "; "))
    }

    func namesAgree(_ a: String, _ b: String) -> Bool {
        a == b || VietText.sameWordsReordered(a, b) || VietText.editDistance(a, b, limit: nameEditDistance) <= nameEditDistance
    }

    /// Same full date, or same year where either side knows only the year, or unknown.
    func birthCompatible(_ line: PaymentLine, _ record: RegistryRecord) -> Bool {
        if let a = line.birthDate, let b = record.birthDate { return a == b }
        if let a = line.birthYear, let b = record.birthYear { return a == b }
        return true
    }

    private func sameFullDate(_ line: PaymentLine, _ record: RegistryRecord) -> Bool {
        line.birthDate != nil && line.birthDate == record.birthDate
    }

    /// Equal name key and compatible birth, in the line's district (`local`) or in the others.
    private func byNameAndBirth(_ line: PaymentLine, local: Bool, excluded: Set<Int>) -> LineDecision? {
        let named = (byName[line.nameKey] ?? []).filter {
            (records[$0].districtCode == line.districtCode) == local && birthCompatible(line, records[$0]) && !excluded.contains($0)
        }
        guard !named.isEmpty else { return nil }
        if local {
            let inCommune = line.communeCode == nil ? named : named.filter { records[$0].communeCode == line.communeCode }
            if inCommune.count == 1 { return .match(record: inCommune[0], rule: "name, birth and commune") }
            if inCommune.count > 1 {
                return .review(candidates: inCommune, why: "\(inCommune.count) registry records in the commune share the name and birth \(line.birthDate ?? line.birthYear.map(String.init) ?? "(unknown)")")
            }
            if named.count == 1, sameFullDate(line, records[named[0]]) {
                return .match(record: named[0], rule: "name and birth date, another commune of the district")
            }
            return .review(candidates: named, why: "same name and birth in the district but not in the payment's commune")
        }
        if named.count == 1, sameFullDate(line, records[named[0]]) {
            return .match(record: named[0], rule: "name and birth date, another district")
        }
        return .review(candidates: named, why: "same name and birth only in another district")
    }

    /// Near names in the line's commune: for a person to look at.
    private func nearNames(_ line: PaymentLine, excluded: Set<Int>) -> LineDecision {
        guard let commune = line.communeCode else { return .unmatched }
        let near = (byCommune[commune] ?? []).filter {
            let r = records[$0]
            return !excluded.contains($0) && birthCompatible(line, r) && (line.birthYear != nil || line.birthDate != nil)
                && (VietText.sameWordsReordered(line.nameKey, r.nameKey)
                    || VietText.editDistance(line.nameKey, r.nameKey, limit: nameEditDistance) <= nameEditDistance)
        }
        if !near.isEmpty {
            let names = near.prefix(3).map { "'\(records[$0].fullName)'" }.joined(separator: ", ")
            return .review(candidates: near, why: "no exact name match; similar name in the commune with the same birth: \(names)")
        }
        return .unmatched
    }

    /// "1950-03-05" and "1950-05-03".
    static func swapped(_ a: String, _ b: String) -> Bool {
        let x = a.split(separator: "-"), y = b.split(separator: "-")
        return x.count == 3 && y.count == 3 && x[0] == y[0] && x[1] == y[2] && x[2] == y[1] && x[1] != x[2]
    }
}
