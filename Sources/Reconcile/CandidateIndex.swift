/// Blocking: the registry records that share a key with a payment line, found through hash
/// chains (a head per key, a next per record), so that the cost of finding candidates grows with
/// the records and the lines, never with their product.
///
/// Keys, in the order a line tries them: the code and the citizen ID anywhere in the province;
/// in the line's own district, the folded name with the birth year, and the family name (Huỳnh =
/// Hoàng, Võ = Vũ) with the given name and the birth year. A line none of these resolves also
/// tries the commune with the birth year (typos, reordered words, initials, swapped day and
/// month), the folded name with the commune (a wrong birth year), and the two name keys in
/// every other district (someone paid away from home).
struct CandidateIndex {
    /// Which key proposed a candidate; the rule `recon_matches` names.
    enum Rule: UInt8, CaseIterable {
        case code, idNumber, nameYear, familyGivenYear, communeYear, nameCommune

        var label: String {
            switch self {
            case .code: return "code"
            case .idNumber: return "citizen ID"
            case .nameYear: return "name and birth year"
            case .familyGivenYear: return "family and given name, birth year"
            case .communeYear: return "commune and birth year"
            case .nameCommune: return "name and commune"
            }
        }
    }

    private var codeHead: [Int32], codeNext: [Int32]
    private var idHead: [Int32], idNext: [Int32]
    private var nameYear = ChainHeads(), nameYearNext: [Int32]
    private var familyGiven = ChainHeads(), familyGivenNext: [Int32]
    private var communeYear = ChainHeads(), communeYearNext: [Int32]
    private var nameCommune = ChainHeads(), nameCommuneNext: [Int32]
    private var nameDay = ChainHeads(), nameDayNext: [Int32]
    /// Per name index: the hash of its canonical family name and given name.
    private let familyGivenKey: [UInt64]
    /// How many districts the registry has (indexes 0..<districts).
    private let districts: Int

    init(_ data: MatchData) {
        let n = data.records.count
        let none = [Int32](repeating: -1, count: n)
        codeNext = none; idNext = none; nameYearNext = none; familyGivenNext = none; communeYearNext = none; nameCommuneNext = none
        nameDayNext = none
        districts = Int((data.records.district.max() ?? -1) + 1)
        let codes = (data.records.code.max() ?? -1) + 1
        codeHead = [Int32](repeating: -1, count: Int(codes))
        idHead = [Int32](repeating: -1, count: data.ids.count)
        familyGivenKey = (0..<data.names.count).map { i in data.names.withBytes(Int32(i), Self.familyGivenHash) }
        let fg = familyGivenKey
        // Walk backwards so that each chain lists records in registry order.
        for r in stride(from: n - 1, through: 0, by: -1) {
            let record = Int32(r)
            let c = Int(data.records.code[r])
            codeNext[r] = codeHead[c]; codeHead[c] = record
            let id = data.records.id[r]
            if id >= 0 { idNext[r] = idHead[Int(id)]; idHead[Int(id)] = record }
            nameYearNext[r] = nameYear.push(Self.nameYearKey(data, record), record) { Self.nameYearKey(data, $0) }
            familyGivenNext[r] = familyGiven.push(Self.familyGivenKey(data, fg, record), record) { Self.familyGivenKey(data, fg, $0) }
            if data.records.day[r] != 0 { nameDayNext[r] = nameDay.push(Self.nameDayKey(data, record), record) { Self.nameDayKey(data, $0) } }
            if data.records.commune[r] >= 0 {
                communeYearNext[r] = communeYear.push(Self.communeYearKey(data, record), record) { Self.communeYearKey(data, $0) }
                nameCommuneNext[r] = nameCommune.push(Self.nameCommuneKey(data, record), record) { Self.nameCommuneKey(data, $0) }
            }
        }
    }

    // The keys of a record, as the chains are built and confirmed (a slot holds no key).
    @inline(__always) private static func nameYearKey(_ data: MatchData, _ r: Int32) -> UInt64 {
        UInt64(bitPattern: Self.key(data.records.name[Int(r)], data.records.year[Int(r)], data.records.district[Int(r)]))
    }
    @inline(__always) private static func familyGivenKey(_ data: MatchData, _ familyGiven: [UInt64], _ r: Int32) -> UInt64 {
        key(familyGiven[Int(data.records.name[Int(r)])], data.records.year[Int(r)], data.records.district[Int(r)])
    }
    @inline(__always) private static func nameDayKey(_ data: MatchData, _ r: Int32) -> UInt64 {
        UInt64(bitPattern: Int64(data.records.name[Int(r)]) << 32 | Int64(data.records.day[Int(r)]))
    }
    @inline(__always) private static func communeYearKey(_ data: MatchData, _ r: Int32) -> UInt64 {
        UInt64(bitPattern: key(data.records.commune[Int(r)], data.records.year[Int(r)]))
    }
    @inline(__always) private static func nameCommuneKey(_ data: MatchData, _ r: Int32) -> UInt64 {
        UInt64(bitPattern: Int64(data.records.name[Int(r)]) << 24 | Int64(data.records.commune[Int(r)]))
    }

    @inline(__always) static func key(_ a: Int32, _ year: Int16) -> Int64 { Int64(a) << 16 | Int64(UInt16(bitPattern: year)) }
    @inline(__always) static func key(_ a: Int32, _ year: Int16, _ district: Int32) -> Int64 {
        Int64(a) << 32 | Int64(district & 0xFFFF) << 16 | Int64(UInt16(bitPattern: year))
    }
    @inline(__always) static func key(_ h: UInt64, _ year: Int16, _ district: Int32) -> UInt64 {
        (h &* 31 &+ UInt64(UInt16(bitPattern: year))) &* 1_000_003 &+ UInt64(UInt32(bitPattern: district))
    }

    /// FNV of the canonical family name, a space, and the given name.
    static func familyGivenHash(_ name: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = FNV.offset
        var end = 0
        while end < name.count && name[end] != 0x20 { end += 1 }
        FNV.add(&h, NameComparison.canonicalFamily(UnsafeBufferPointer(rebasing: name[0..<end])))
        FNV.add(&h, 0x20)
        var start = name.count
        while start > 0 && name[start - 1] != 0x20 { start -= 1 }
        FNV.add(&h, UnsafeBufferPointer(rebasing: name[start...]))
        return h
    }

    /// Calls `visit(record, rule)` for every record sharing a first-round key with line `l`
    /// (a record may come more than once, under different rules).
    @inline(__always)
    func firstRound(_ data: MatchData, line l: Int, _ visit: (Int32, Rule) -> Void) {
        let code = data.lines.code[l]
        if code >= 0 && Int(code) < codeHead.count { walk(codeHead[Int(code)], codeNext, .code, visit) }
        let id = data.lines.id[l]
        if id >= 0 && Int(id) < idHead.count { walk(idHead[Int(id)], idNext, .idNumber, visit) }
        names(data, line: l, district: data.lines.district[l], visit)
    }

    @inline(__always)
    private func names(_ data: MatchData, line l: Int, district: Int32, _ visit: (Int32, Rule) -> Void) {
        let name = data.lines.name[l], year = data.lines.year[l]
        walk(nameYear.head(UInt64(bitPattern: Self.key(name, year, district))) { Self.nameYearKey(data, $0) }, nameYearNext, .nameYear, visit)
        walk(familyGiven.head(Self.key(familyGivenKey[Int(name)], year, district)) { Self.familyGivenKey(data, familyGivenKey, $0) },
             familyGivenNext, .familyGivenYear, visit)
    }

    /// The wider keys, for a line the first round did not resolve.
    @inline(__always)
    func secondRound(_ data: MatchData, line l: Int, _ visit: (Int32, Rule) -> Void) {
        let own = data.lines.district[l]
        for district in 0..<Int32(districts) where district != own { names(data, line: l, district: district, visit) }
        let commune = data.lines.commune[l]
        guard commune >= 0 else { return }
        let year = data.lines.year[l]
        if year != 0 {
            walk(communeYear.head(UInt64(bitPattern: Self.key(commune, year))) { Self.communeYearKey(data, $0) }, communeYearNext, .communeYear, visit)
        }
        walk(nameCommune.head(UInt64(bitPattern: Int64(data.lines.name[l]) << 24 | Int64(commune))) { Self.nameCommuneKey(data, $0) },
             nameCommuneNext, .nameCommune, visit)
    }

    /// The records sharing the line's code (EM's first training session).
    func codeBlock(_ data: MatchData, line l: Int, _ visit: (Int32) -> Void) {
        let code = data.lines.code[l]
        if code >= 0 && Int(code) < codeHead.count { walk(codeHead[Int(code)], codeNext, .code) { r, _ in visit(r) } }
    }

    /// The records of the line's folded name and full birth date (EM's third training session).
    func nameDayBlock(_ data: MatchData, line l: Int, _ visit: (Int32) -> Void) {
        let day = data.lines.day[l]
        guard day != 0 else { return }
        walk(nameDay.head(UInt64(bitPattern: Int64(data.lines.name[l]) << 32 | Int64(day))) { Self.nameDayKey(data, $0) },
             nameDayNext, .nameYear) { r, _ in visit(r) }
    }

    /// The records carrying the line's citizen ID.
    func idBlock(_ data: MatchData, line l: Int, _ visit: (Int32) -> Void) {
        let id = data.lines.id[l]
        if id >= 0 && Int(id) < idHead.count { walk(idHead[Int(id)], idNext, .idNumber) { r, _ in visit(r) } }
    }

    /// The records of the line's commune and birth year (EM's second training session).
    func communeYearBlock(_ data: MatchData, line l: Int, _ visit: (Int32) -> Void) {
        let commune = data.lines.commune[l], year = data.lines.year[l]
        guard commune >= 0, year != 0 else { return }
        walk(communeYear.head(UInt64(bitPattern: Self.key(commune, year))) { Self.communeYearKey(data, $0) },
             communeYearNext, .communeYear) { r, _ in visit(r) }
    }

    @inline(__always)
    private func walk(_ head: Int32, _ next: [Int32], _ rule: Rule, _ visit: (Int32, Rule) -> Void) {
        var r = head
        while r >= 0 { visit(r, rule); r = next[Int(r)] }
    }
}
