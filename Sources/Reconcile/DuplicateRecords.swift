/// Active registry records that are the same person: the same citizen ID, or the same folded
/// name and full birth date without conflicting IDs.
enum DuplicateRecords {
    /// Each record that has a duplicate, in registry order, with the other records of the
    /// same person. Hash groups: linear in the registry.
    static func find(_ records: [RegistryRecord]) -> [(index: Int, others: [Int])] {
        var byID: [String: [Int]] = [:]
        var byNameBirth: [String: [Int]] = [:]
        for (i, r) in records.enumerated() where r.status == "active" {
            if let id = r.idNumber { byID[id, default: []].append(i) }
            if let birth = r.birthDate { byNameBirth[r.nameKey + "|" + birth, default: []].append(i) }
        }
        var others: [Int: Set<Int>] = [:]
        func flag(_ group: [Int]) {
            for i in group { others[i, default: []].formUnion(group.filter { $0 != i }) }
        }
        for group in byID.values where group.count > 1 { flag(group) }
        for group in byNameBirth.values where group.count > 1 {
            if Set(group.compactMap { records[$0].idNumber }).count <= 1 { flag(group) }
        }
        return others.keys.sorted().map { ($0, (others[$0] ?? []).sorted()) }
    }

    /// Names the other records of the same person.
    static func describe(_ others: [Int], in records: [RegistryRecord]) -> String {
        "the same person is also registered as "
            + others.prefix(5).map { "\(records[$0].code) (\(records[$0].sourceFile):\(records[$0].sourceLine))" }.joined(separator: ", ")
    }
}
