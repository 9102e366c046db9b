/// Counts people once however many lines name them: two lines are the same person when they
/// share a citizen ID, or else the same folded name and full birth date (transitively).
struct PersonCounter {
    struct Line {
        let idNumber: String?
        let nameKey: String
        let birthDate: String?
        let districtCode: String
    }

    private var parent: [Int]
    let lines: [Line]

    init(lines: [Line]) {
        self.lines = lines
        parent = Array(lines.indices)
        var firstByID: [String: Int] = [:]
        var byNameBirth: [String: [Int]] = [:]
        for (i, line) in lines.enumerated() {
            if let id = line.idNumber {
                if let j = firstByID[id] { union(i, j) } else { firstByID[id] = i }
            }
            if let birth = line.birthDate { byNameBirth[line.nameKey + "|" + birth, default: []].append(i) }
        }
        // Same name and birth date is the same person only where the IDs do not say otherwise:
        // with two different IDs in the group, only the lines without an ID are joined.
        for group in byNameBirth.values where group.count > 1 {
            let ids = Set(group.compactMap { lines[$0].idNumber })
            let joined = ids.count <= 1 ? group : group.filter { lines[$0].idNumber == nil }
            for i in joined.dropFirst() { union(i, joined[0]) }
        }
    }

    private mutating func find(_ i: Int) -> Int {
        var root = i
        while parent[root] != root { root = parent[root] }
        var node = i
        while parent[node] != root { let next = parent[node]; parent[node] = root; node = next }
        return root
    }

    private mutating func union(_ a: Int, _ b: Int) {
        let ra = find(a), rb = find(b)
        if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }

    /// Distinct people among the lines selected, in total and by the district of each person's
    /// first line (lines are in file order, so districts add up to the total).
    mutating func count(where selected: (Int) -> Bool) -> (total: Int, byDistrict: [String: Int]) {
        var firstLineOfPerson: [Int: Int] = [:]
        for i in lines.indices where selected(i) {
            let root = find(i)
            if firstLineOfPerson[root] == nil { firstLineOfPerson[root] = i }
        }
        var byDistrict: [String: Int] = [:]
        for line in firstLineOfPerson.values { byDistrict[lines[line].districtCode, default: 0] += 1 }
        return (firstLineOfPerson.count, byDistrict)
    }
}
