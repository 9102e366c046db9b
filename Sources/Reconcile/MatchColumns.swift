import VietText

/// Registry records or payment lines as the reconciliation holds them: one integer column per
/// field, strings interned in `MatchData`'s tables, so that comparing a pair touches no string
/// and no reference count, and a national month of records and lines costs about 50 bytes a row.
struct MatchColumns {
    var name: [Int32] = []       // folded name, index into `names`
    var fullName: [Int32] = []   // the written name, index into `fullNames` ("exact" versus "folded exact")
    var code: [Int32] = []       // index into `codes`, -1 none; a line's code the registry lacks is ≥ `registryCodes`
    var id: [Int32] = []         // index into `ids`, -1 none
    var birthDate: [Int32] = []  // the birth date as written, index into `dates`, -1 none (`MatchData.day` reads it as yyyymmdd)
    var year: [Int16] = []       // 0 unknown
    var commune: [Int32] = []    // index into `communes`, -1 none
    var district: [Int32] = []   // index into `districts`
    var amount: [Int64] = []     // the record's monthly entitlement (`noAmount` none) or the line's amount
    var file: [Int32] = []       // source file, index into `files`
    var line: [Int32] = []       // source line
    // Registry records only:
    var status: [Int32] = []     // index into `statuses`
    var startDate: [Int32] = []  // index into `dates`, -1 none
    var endDate: [Int32] = []    // index into `dates`, -1 none
    /// Birth years the `year` column cannot give back as they were (0 or beyond Int16), by row.
    var oddYears: [Int32: Int] = [:]

    static let noAmount = Int64.min

    var count: Int { name.count }

    /// The birth year as stored, nil for none.
    func birthYear(_ i: Int) -> Int? {
        if let odd = oddYears[Int32(i)] { return odd }
        return year[i] == 0 ? nil : Int(year[i])
    }

    /// "1950-03-05" → 19500305; 0 for anything else.
    static func day(_ s: UnsafeBufferPointer<UInt8>) -> Int32 {
        var value: Int32 = 0, digits = 0
        for b in s {
            if b == 0x2D { continue }
            guard b >= 0x30, b <= 0x39, digits < 8 else { return 0 }
            value = value * 10 + Int32(b - 0x30); digits += 1
        }
        return digits == 8 ? value : 0
    }

    /// Gives back the spare capacity of every column.
    mutating func shrink() {
        name.shrinkToFit(); fullName.shrinkToFit(); code.shrinkToFit(); id.shrinkToFit(); birthDate.shrinkToFit()
        year.shrinkToFit(); commune.shrinkToFit(); district.shrinkToFit(); amount.shrinkToFit()
        file.shrinkToFit(); line.shrinkToFit(); status.shrinkToFit(); startDate.shrinkToFit(); endDate.shrinkToFit()
    }
}

/// Everything the comparisons and the writing share: the two sides' columns and the string tables.
struct MatchData {
    var records = MatchColumns()
    var lines = MatchColumns()
    var names = InternTable()
    var fullNames = InternTable()
    var ids = InternTable()
    var codes = InternTable()
    /// Codes below this index are the registry's; a line's code at or above it is nobody's.
    var registryCodes = 0
    var communes = InternTable()
    var districts = InternTable()
    var files = InternTable()
    var dates = InternTable()
    var statuses = InternTable()
    /// The strings of the small tables, made once: they are bound to every row written.
    private(set) var fileNames: [String] = []
    private(set) var districtCodes: [String] = []
    private(set) var statusNames: [String] = []
    /// The index of "active" among the statuses (-2 when no record has it).
    private(set) var activeStatus: Int32 = -2
    /// Per date index + 1: the date as yyyymmdd, 0 when it is not a full date (and at 0, for none).
    private(set) var dayOfDate: [Int32] = [0]
    /// How many registry records carry each name index (term frequencies).
    var nameCount: [Int32] = []
    /// Per name index: the index of its given name (last word) in `givens`.
    var given: [Int32] = []
    /// How many registry records carry each given name.
    var givenCount: [Int32] = []

    init() {}

    /// Joins the two sides read apart: the tables as if records then lines had been interned in
    /// turn (the same indexes, so the same sums in the same order), the term frequencies.
    init(records r: inout MatchDataLoader.Side, lines l: inout MatchDataLoader.Side) {
        // Taken out of the sides, so that nothing else holds them while they change.
        records = r.columns; r.columns = MatchColumns()
        lines = l.columns; l.columns = MatchColumns()
        names = r.names; fullNames = r.fullNames; ids = r.ids; codes = r.codes; communes = r.communes
        districts = r.districts; files = r.files; dates = r.dates; statuses = r.statuses
        r.names = InternTable(); r.fullNames = InternTable(); r.ids = InternTable(); r.codes = InternTable(); r.communes = InternTable()
        r.districts = InternTable(); r.files = InternTable(); r.dates = InternTable(); r.statuses = InternTable()
        registryCodes = codes.count
        func remap(_ column: inout [Int32], _ map: [Int32]) {
            for k in column.indices where column[k] >= 0 { column[k] = map[Int(column[k])] }
        }
        remap(&lines.name, names.absorb(l.names)); l.names = InternTable()
        remap(&lines.fullName, fullNames.absorb(l.fullNames)); l.fullNames = InternTable()
        remap(&lines.id, ids.absorb(l.ids)); l.ids = InternTable()
        remap(&lines.code, codes.absorb(l.codes)); l.codes = InternTable()
        remap(&lines.commune, communes.absorb(l.communes)); l.communes = InternTable()
        remap(&lines.district, districts.absorb(l.districts)); l.districts = InternTable()
        remap(&lines.file, files.absorb(l.files)); l.files = InternTable()
        remap(&lines.birthDate, dates.absorb(l.dates)); l.dates = InternTable()
        for table in [\MatchData.names, \.fullNames, \.ids, \.codes, \.communes, \.districts, \.files, \.dates, \.statuses] {
            self[keyPath: table].seal()
        }
        dayOfDate = [0] + (0..<dates.count).map { dates.withBytes(Int32($0), MatchColumns.day) }
        fileNames = (0..<files.count).map { files.string(Int32($0)) }
        districtCodes = (0..<districts.count).map { districts.string(Int32($0)) }
        statusNames = (0..<statuses.count).map { statuses.string(Int32($0)) }
        activeStatus = statusNames.firstIndex(of: "active").map(Int32.init) ?? -2
        // Term frequencies of whole names and of given names, over the registry.
        nameCount = [Int32](repeating: 0, count: names.count)
        for n in records.name { nameCount[Int(n)] += 1 }
        var givens = InternTable(capacity: names.count / 4)
        given = (0..<names.count).map { n in
            names.withBytes(Int32(n)) { bytes -> Int32 in
                var start = bytes.count
                while start > 0 && bytes[start - 1] != 0x20 { start -= 1 }
                return givens.intern(bytes: UnsafeBufferPointer(rebasing: bytes[start...]))
            }
        }
        givenCount = [Int32](repeating: 0, count: givens.count)
        for n in records.name { givenCount[Int(given[Int(n)])] += 1 }
    }

    /// Record `r`'s birth date as yyyymmdd, 0 when only the year (or nothing) is known.
    @inline(__always) func day(record r: Int) -> Int32 { dayOfDate[Int(records.birthDate[r]) + 1] }
    /// Line `l`'s birth date as yyyymmdd, 0 when only the year (or nothing) is known.
    @inline(__always) func day(line l: Int) -> Int32 { dayOfDate[Int(lines.birthDate[l]) + 1] }

    // MARK: The rows as strings, for the rows written

    func fileName(record r: Int) -> String { fileNames[Int(records.file[r])] }
    func fileName(line l: Int) -> String { fileNames[Int(lines.file[l])] }
    func districtCode(record r: Int) -> String { districtCodes[Int(records.district[r])] }
    func districtCode(line l: Int) -> String { districtCodes[Int(lines.district[l])] }
    func code(record r: Int) -> String { codes.string(records.code[r]) }
    func status(record r: Int) -> String { statusNames[Int(records.status[r])] }

    /// Record `r` with its strings, for the reasons written beside an exception.
    func record(_ r: Int) -> RegistryRecord {
        RegistryRecord(code: code(record: r), fullName: fullNames.string(records.fullName[r]), nameKey: names.string(records.name[r]),
                       birthDate: dates.optional(records.birthDate[r]), birthYear: records.birthYear(r), idNumber: ids.optional(records.id[r]),
                       communeCode: communes.optional(records.commune[r]), districtCode: districtCode(record: r), status: status(record: r),
                       startDate: dates.optional(records.startDate[r]), endDate: dates.optional(records.endDate[r]),
                       monthlyAmount: records.amount[r] == MatchColumns.noAmount ? nil : records.amount[r],
                       sourceFile: fileName(record: r), sourceLine: Int(records.line[r]))
    }

    /// Line `l` with its strings.
    func line(_ l: Int) -> PaymentLine {
        PaymentLine(code: codes.optional(lines.code[l]), fullName: fullNames.string(lines.fullName[l]), nameKey: names.string(lines.name[l]),
                    birthDate: dates.optional(lines.birthDate[l]), birthYear: lines.birthYear(l), idNumber: ids.optional(lines.id[l]),
                    communeCode: communes.optional(lines.commune[l]), districtCode: districtCode(line: l), amount: lines.amount[l],
                    method: nil, sourceFile: fileName(line: l), sourceLine: Int(lines.line[l]))
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
            p[.name] = lines.fullName[l] == records.fullName[r] ? Level.Name.exact : Level.Name.folded
        } else {
            p[.name] = names.withBytes(ln) { a in names.withBytes(rn) { b in NameComparison.level(a, b, maxEdits: maxEdits) } }
        }
        // Birth, then the citizen ID: a CCCD's birth year counts only where the birth field could
        // not be compared, or it would count the same agreement twice.
        let birth = birthLevel(day(line: l), day(record: r), lines.year[l], records.year[r])
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
