/// Active registry records that are the same person: the same citizen ID, or the same folded
/// name and full birth date without conflicting IDs.
enum DuplicateRecords {
    /// Indexes of every active record that has a duplicate, in registry order.
    static func find(_ records: [RegistryRecord]) -> [Int] {
        var byID: [String: [Int]] = [:]
        var byNameBirth: [String: [Int]] = [:]
        for (i, r) in records.enumerated() where r.status == "active" {
            if let id = r.idNumber { byID[id, default: []].append(i) }
            if let birth = r.birthDate { byNameBirth[r.nameKey + "|" + birth, default: []].append(i) }
        }
        var flagged = Set<Int>()
        for group in byID.values where group.count > 1 { flagged.formUnion(group) }
        for group in byNameBirth.values where group.count > 1 {
            let ids = Set(group.compactMap { records[$0].idNumber })
            if ids.count <= 1 { flagged.formUnion(group) }
        }
        return flagged.sorted()
    }

    /// Names the other records of the same person.
    static func describe(_ index: Int, in records: [RegistryRecord]) -> String {
        let r = records[index]
        let others = records.indices.lazy.filter { $0 != index && records[$0].status == "active" }.filter {
            let o = records[$0]
            return (r.idNumber != nil && o.idNumber == r.idNumber)
                || (r.birthDate != nil && o.birthDate == r.birthDate && o.nameKey == r.nameKey)
        }.prefix(5).map { "\(records[$0].code) (\(records[$0].sourceFile):\(records[$0].sourceLine))" }
        return "the same person is also registered as " + others.joined(separator: ", ")
    }
}
