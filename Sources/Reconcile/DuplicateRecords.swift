/// Active registry records that are the same person: the same citizen ID, or the same folded
/// name and full birth date without conflicting IDs.
enum DuplicateRecords {
    /// Each record that has a duplicate, in registry order, with the other records of the same
    /// person, on the matcher's integer columns (names, birth dates and IDs already interned):
    /// groups by sorting integer keys, no string hashed or built.
    static func find(_ data: MatchData) -> [(index: Int, others: [Int])] {
        var byID: [(key: Int64, index: Int)] = [], byNameBirth: [(key: Int64, index: Int)] = []
        let active = data.activeStatus
        for i in 0..<data.records.count where data.records.status[i] == active {
            let id = data.records.id[i]
            if id >= 0 { byID.append((Int64(id), i)) }
            let day = data.day(record: i)
            if day != 0 { byNameBirth.append((Int64(data.records.name[i]) << 32 | Int64(day), i)) }
        }
        var others: [Int: Set<Int>] = [:]
        func groups(_ keyed: inout [(key: Int64, index: Int)], _ body: ([Int]) -> Void) {
            keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.index < $1.index }
            var start = 0
            while start < keyed.count {
                var end = start + 1
                while end < keyed.count && keyed[end].key == keyed[start].key { end += 1 }
                if end - start > 1 { body(keyed[start..<end].map(\.index)) }
                start = end
            }
        }
        func flag(_ group: [Int]) {
            for i in group { others[i, default: []].formUnion(group.filter { $0 != i }) }
        }
        groups(&byID, flag)
        groups(&byNameBirth) { group in
            if Set(group.compactMap { data.records.id[$0] >= 0 ? data.records.id[$0] : nil }).count <= 1 { flag(group) }
        }
        return others.keys.sorted().map { ($0, (others[$0] ?? []).sorted()) }
    }

    /// Names the other records of the same person.
    static func describe(_ others: [Int], in data: MatchData) -> String {
        "the same person is also registered as "
            + others.prefix(5).map { "\(data.code(record: $0)) (\(data.fileName(record: $0)):\(data.records.line[$0]))" }.joined(separator: ", ")
    }
}
