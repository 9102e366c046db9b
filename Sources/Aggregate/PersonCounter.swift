import VietText
/// Counts people once however many lines name them: two lines are the same person when they
/// share a citizen ID, or else the same folded name and full birth date (transitively).
///
/// Lines are added one by one as they stream from the warehouse; the person of each line is a
/// union-find class over line numbers, and only integers are kept per line (the texts live in
/// two byte tables while lines are added, dropped by `link()`).
struct PersonCounter {
    private var parent: [Int32] = []
    private var hasID: [Bool] = []
    private var groupOfLine: [Int32] = []
    /// Citizen IDs numbered, and the first line of each by its number.
    private var ids: InternTable
    private var firstLineOfID: [Int32] = []
    /// Folded name, 0xFF (no UTF-8 byte: "ab"+"c" and "a"+"bc" stay apart), birth date: a
    /// group's number is its key's.
    private var nameBirths: InternTable
    private var key = KeyBuffer()

    /// A name-and-birth-date group: its size, first line, first line without an ID, and whether
    /// its lines carry two different IDs.
    private struct Group {
        var size: Int32 = 0
        var first: Int32
        var firstWithoutID: Int32 = -1
        /// The ID of the group's first line with one, as the first line of all with that ID.
        var firstID: Int32 = -1
        var twoIDs = false
    }
    private var groups: [Group] = []

    /// Room for about `lines` lines, so that the tables do not grow (and rehash) as they fill.
    init(capacity lines: Int) {
        parent.reserveCapacity(lines)
        hasID.reserveCapacity(lines)
        groupOfLine.reserveCapacity(lines)
        ids = InternTable(capacity: lines)
        firstLineOfID.reserveCapacity(lines)
        nameBirths = InternTable(capacity: lines)
        groups.reserveCapacity(lines)
    }

    /// Number of lines added.
    var count: Int { parent.count }
    /// Lines it has room for without growing.
    var capacity: Int { parent.capacity }

    /// Adds the next line, given by its cells' bytes (nil for NULL; a NULL name is empty).
    mutating func add(idNumber: UnsafeBufferPointer<UInt8>?, nameKey: UnsafeBufferPointer<UInt8>?, birthDate: UnsafeBufferPointer<UInt8>?) {
        let i = Int32(parent.count)
        parent.append(i)
        hasID.append(idNumber != nil)
        // Lines with the same ID share its first line: that line stands for the ID below.
        var idLine: Int32 = -1
        if let idNumber {
            let n = ids.intern(bytes: idNumber)
            if Int(n) == firstLineOfID.count { firstLineOfID.append(i); idLine = i } else { idLine = firstLineOfID[Int(n)]; union(i, idLine) }
        }
        guard let birthDate else { groupOfLine.append(-1); return }
        key.clear()
        key.append(nameKey)
        key.append(0xFF)
        key.append(birthDate)
        let g = key.id(in: &nameBirths)
        if Int(g) == groups.count { groups.append(Group(first: i)) }
        groupOfLine.append(g)
        groups[Int(g)].size += 1
        if idLine >= 0 {
            if groups[Int(g)].firstID < 0 {
                groups[Int(g)].firstID = idLine
            } else if groups[Int(g)].firstID != idLine {
                groups[Int(g)].twoIDs = true
            }
        } else if groups[Int(g)].firstWithoutID < 0 {
            groups[Int(g)].firstWithoutID = i
        }
    }

    /// Joins the lines of each name-and-birth-date group, once every line is added. Same name
    /// and birth date is the same person only where the IDs do not say otherwise: with two
    /// different IDs in the group, only the lines without an ID are joined.
    mutating func link() {
        ids = InternTable()
        firstLineOfID = []
        nameBirths = InternTable()
        for i in groupOfLine.indices {
            let g = groupOfLine[i]
            guard g >= 0 else { continue }
            let group = groups[Int(g)]
            guard group.size > 1 else { continue }
            if !group.twoIDs {
                union(Int32(i), group.first)
            } else if !hasID[i] {
                union(Int32(i), group.firstWithoutID)
            }
        }
        groups = []
        groupOfLine = []
        hasID = []
        for i in parent.indices { parent[i] = find(Int32(i)) }
    }

    private mutating func find(_ i: Int32) -> Int32 {
        var root = i
        while parent[Int(root)] != root { root = parent[Int(root)] }
        var node = i
        while parent[Int(node)] != root { let next = parent[Int(node)]; parent[Int(node)] = root; node = next }
        return root
    }

    private mutating func union(_ a: Int32, _ b: Int32) {
        let ra = find(a), rb = find(b)
        if ra != rb { parent[Int(max(ra, rb))] = min(ra, rb) }
    }

    /// Distinct people among the lines selected, in total and by the district of each person's
    /// first selected line in file order (`order`, one key per line), so that districts add up
    /// to the total. `district` numbers each line's district below `districts`. Call after `link()`.
    func count(where selected: (Int) -> Bool, order: [UInt64], district: [Int32], districts: Int) -> (total: Int, byDistrict: [Int]) {
        // The earliest selected line of each person, kept at the person's root.
        var first = [UInt64](repeating: .max, count: parent.count)
        var firstLine = [Int32](repeating: -1, count: parent.count)
        for i in parent.indices where selected(i) {
            let root = Int(parent[i])
            if order[i] < first[root] { first[root] = order[i]; firstLine[root] = Int32(i) }
        }
        var total = 0
        var byDistrict = [Int](repeating: 0, count: districts)
        for line in firstLine where line >= 0 {
            total += 1
            byDistrict[Int(district[Int(line)])] += 1
        }
        return (total, byDistrict)
    }
}
