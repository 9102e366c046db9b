/// Registry records or payment lines as the probabilistic matcher reads them: one integer
/// column per field, so that comparing a pair touches no string and no reference count.
struct MatchColumns {
    var name: [Int32] = []       // index into the shared name table
    var display: [UInt64] = []   // hash of the written name: "exact" versus "folded exact"
    var code: [Int32] = []       // -1 none; a line's code the registry lacks is -2
    var id: [Int32] = []         // index into the shared ID table, -1 none
    var day: [Int32] = []        // yyyymmdd, 0 when only the year (or nothing) is known
    var year: [Int16] = []       // 0 unknown
    var commune: [Int32] = []    // -1 none
    var district: [Int32] = []
    var amount: [Int64] = []     // the record's monthly entitlement (-1 none) or the line's amount

    var count: Int { name.count }

    mutating func reserve(_ n: Int) {
        name.reserveCapacity(n); display.reserveCapacity(n); code.reserveCapacity(n); id.reserveCapacity(n)
        day.reserveCapacity(n); year.reserveCapacity(n); commune.reserveCapacity(n); district.reserveCapacity(n)
        amount.reserveCapacity(n)
    }

    /// "1950-03-05" → 19500305; nil for anything else.
    static func day(_ s: String?) -> Int32 {
        guard let s else { return 0 }
        var value: Int32 = 0, digits = 0
        for b in s.utf8 {
            if b == 0x2D { continue }
            guard b >= 0x30, b <= 0x39 else { return 0 }
            value = value * 10 + Int32(b - 0x30); digits += 1
        }
        return digits == 8 ? value : 0
    }

    static func hash(_ s: String) -> UInt64 {
        var h = FNV.offset
        for b in s.utf8 { FNV.add(&h, b) }
        return h
    }
}

/// Everything the comparisons share: the two sides' columns and the string tables.
struct MatchData {
    var records = MatchColumns()
    var lines = MatchColumns()
    var names = InternTable()
    var ids = InternTable()
    /// How many registry records carry each name index (term frequencies).
    var nameCount: [Int32] = []
    /// Per name index: the index of its given name (last word) in `givens`.
    var given: [Int32] = []
    /// How many registry records carry each given name.
    var givenCount: [Int32] = []

    init(records source: [RegistryRecord], lines payments: [PaymentLine]) {
        names = InternTable(capacity: source.count)
        ids = InternTable(capacity: source.count)
        var codes: [String: Int32] = [:]
        codes.reserveCapacity(source.count)
        var communes: [String: Int32] = [:]
        var districts: [String: Int32] = [:]
        func place(_ map: inout [String: Int32], _ key: String) -> Int32 {
            if let v = map[key] { return v }
            let v = Int32(map.count); map[key] = v; return v
        }
        records.reserve(source.count)
        for r in source {
            records.name.append(names.intern(r.nameKey))
            records.display.append(MatchColumns.hash(r.fullName))
            records.code.append(place(&codes, r.code))
            records.id.append(r.idNumber.map { ids.intern($0) } ?? -1)
            records.day.append(MatchColumns.day(r.birthDate))
            records.year.append(Int16(clamping: r.birthYear ?? 0))
            records.commune.append(r.communeCode.map { place(&communes, $0) } ?? -1)
            records.district.append(place(&districts, r.districtCode))
            records.amount.append(r.monthlyAmount ?? -1)
        }
        lines.reserve(payments.count)
        for l in payments {
            lines.name.append(names.intern(l.nameKey))
            lines.display.append(MatchColumns.hash(l.fullName))
            lines.code.append(l.code.map { codes[$0] ?? -2 } ?? -1)
            lines.id.append(l.idNumber.map { ids.intern($0) } ?? -1)
            lines.day.append(MatchColumns.day(l.birthDate))
            lines.year.append(Int16(clamping: l.birthYear ?? 0))
            lines.commune.append(l.communeCode.map { place(&communes, $0) } ?? -1)
            lines.district.append(place(&districts, l.districtCode))
            lines.amount.append(l.amount)
        }
        names.seal()
        ids.seal()
        // Term frequencies of whole names and of given names, over the registry.
        nameCount = [Int32](repeating: 0, count: names.count)
        for n in records.name { nameCount[Int(n)] += 1 }
        var givens: [UInt64: Int32] = [:]
        given = [Int32](repeating: 0, count: names.count)
        for n in 0..<names.count {
            let key = names.withBytes(Int32(n)) { bytes -> UInt64 in
                var start = bytes.count
                while start > 0 && bytes[start - 1] != 0x20 { start -= 1 }
                var h = FNV.offset
                FNV.add(&h, UnsafeBufferPointer(rebasing: bytes[start...]))
                return h
            }
            if let g = givens[key] { given[n] = g } else { let g = Int32(givens.count); givens[key] = g; given[n] = g }
        }
        givenCount = [Int32](repeating: 0, count: givens.count)
        for n in records.name { givenCount[Int(given[Int(n)])] += 1 }
    }

    /// The levels of payment line `l` against registry record `r`.
    @inline(__always)
    func compare(line l: Int, record r: Int, maxEdits: Int) -> Pattern {
        var p = Pattern()
        // Code
        let lc = lines.code[l]
        p[.code] = lc == -1 ? Level.Code.missing : (lc == records.code[r] ? Level.Code.exact : Level.Code.different)
        // Name
        let ln = lines.name[l], rn = records.name[r]
        if ln == rn {
            p[.name] = lines.display[l] == records.display[r] ? Level.Name.exact : Level.Name.folded
        } else {
            p[.name] = names.withBytes(ln) { a in names.withBytes(rn) { b in NameComparison.level(a, b, maxEdits: maxEdits) } }
        }
        // Birth, then the citizen ID: a CCCD's birth year counts only where the birth field could
        // not be compared, or it would count the same agreement twice.
        let birth = birthLevel(lines.day[l], records.day[r], lines.year[l], records.year[r])
        p[.birth] = birth
        p[.idNumber] = idLevel(lines.id[l], records.id[r], lineYear: birth == Level.Birth.missing ? lines.year[l] : 0,
                               recordYear: birth == Level.Birth.missing ? records.year[r] : 0)
        // Place
        if lines.commune[l] >= 0 && lines.commune[l] == records.commune[r] { p[.place] = Level.Place.commune }
        else if lines.district[l] == records.district[r] {
            // A side without a commune (a cell that could not be read) says nothing about it.
            p[.place] = lines.commune[l] < 0 || records.commune[r] < 0 ? Level.Place.districtNoCommune : Level.Place.district
        }
        else { p[.place] = Level.Place.other }
        // Amount (shown, not weighed)
        let entitled = records.amount[r]
        p[.amount] = entitled < 0 ? Level.Amount.missing : (entitled == lines.amount[l] ? Level.Amount.equal : Level.Amount.differs)
        return p
    }

    func birthLevel(_ a: Int32, _ b: Int32, _ ya: Int16, _ yb: Int16) -> UInt8 {
        if a != 0 && b != 0 {
            if a == b { return Level.Birth.sameDate }
            if a / 10000 == b / 10000 {
                let am = (a / 100) % 100, ad = a % 100, bm = (b / 100) % 100, bd = b % 100
                return am == bd && ad == bm ? Level.Birth.swapped : Level.Birth.sameYearOtherDate
            }
        }
        guard ya != 0, yb != 0 else { return Level.Birth.missing }
        if ya == yb { return a != 0 && b != 0 ? Level.Birth.sameYearOtherDate : Level.Birth.sameYear }
        return abs(Int(ya) - Int(yb)) == 1 ? Level.Birth.yearApart : Level.Birth.different
    }

    func idLevel(_ a: Int32, _ b: Int32, lineYear: Int16, recordYear: Int16) -> UInt8 {
        if a >= 0 && b >= 0 {
            if a == b { return Level.ID.exact }
            return ids.withBytes(a) { x in ids.withBytes(b) { y in
                if Self.leadingZeroLost(x, y) || Self.leadingZeroLost(y, x) { return Level.ID.leadingZero }
                if x.count == y.count {
                    var differing = 0
                    for k in 0..<x.count where x[k] != y[k] { differing += 1; if differing > 1 { break } }
                    if differing == 1 { return Level.ID.oneDigit }
                }
                return Level.ID.different
            } }
        }
        // One side without an ID: a CCCD says when its holder was born.
        let (present, otherYear) = a >= 0 ? (a, recordYear) : (b, lineYear)
        guard present >= 0, otherYear != 0, let born = ids.withBytes(present, Self.cccdYear) else { return Level.ID.missing }
        return born == Int(otherYear) ? Level.ID.cccdAgrees : Level.ID.cccdContradicts
    }

    /// `short` is `long` without its leading zero (a spreadsheet read the ID as a number).
    static func leadingZeroLost(_ short: UnsafeBufferPointer<UInt8>, _ long: UnsafeBufferPointer<UInt8>) -> Bool {
        guard long.count == short.count + 1, long.first == 0x30 else { return false }
        for k in 0..<short.count where short[k] != long[k + 1] { return false }
        return true
    }

    /// The birth year a 12-digit CCCD encodes: digit 4 gives the century (and sex), 5–6 the year.
    static func cccdYear(_ id: UnsafeBufferPointer<UInt8>) -> Int? {
        guard id.count == 12 else { return nil }
        let c = Int(id[3]) - 0x30, y1 = Int(id[4]) - 0x30, y2 = Int(id[5]) - 0x30
        guard (0...9).contains(c), (0...9).contains(y1), (0...9).contains(y2) else { return nil }
        return 1900 + (c / 2) * 100 + y1 * 10 + y2
    }
}
