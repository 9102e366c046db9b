import Dispatch

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
    /// The two name keys without the district, for the other districts' records (second round).
    private var nameYearAll = ChainHeads(), nameYearAllNext: [Int32]
    private var familyGivenAll = ChainHeads(), familyGivenAllNext: [Int32]
    /// Per name index: the hash of its canonical family name and given name.
    private let familyGivenKey: [UInt64]

    /// One key's chains: the heads (by slot, or by code / ID index) and each record's next.
    private struct Chains {
        var heads = ChainHeads(), head: [Int32] = [], next: [Int32] = []
    }

    init(_ data: MatchData) {
        let n = data.records.count
        let codes = Int((data.records.code.max() ?? -1) + 1), ids = data.ids.count
        familyGivenKey = (0..<data.names.count).map { i in data.names.withBytes(Int32(i), Self.familyGivenHash) }
        let fg = familyGivenKey
        /// Builds chain `kind`, walking backwards so that each chain lists records in registry order.
        func build(_ kind: Int) -> Chains {
            var c = Chains(next: [Int32](repeating: -1, count: n))
            // A key's closure is made once per chain: made per record, it copied `data` (and
            // retained each of its columns) every time.
            func chain(_ key: (Int32) -> UInt64, where include: (Int) -> Bool = { _ in true }) {
                for r in stride(from: n - 1, through: 0, by: -1) where include(r) {
                    c.next[r] = c.heads.push(key(Int32(r)), Int32(r), keyOf: key)
                }
            }
            switch kind {
            case 0:
                c.head = [Int32](repeating: -1, count: codes)
                for r in stride(from: n - 1, through: 0, by: -1) {
                    let code = Int(data.records.code[r]); c.next[r] = c.head[code]; c.head[code] = Int32(r)
                }
            case 1:
                c.head = [Int32](repeating: -1, count: ids)
                for r in stride(from: n - 1, through: 0, by: -1) where data.records.id[r] >= 0 {
                    let id = Int(data.records.id[r]); c.next[r] = c.head[id]; c.head[id] = Int32(r)
                }
            case 2: chain { Self.nameYearKey(data, $0) }
            case 3: chain { Self.familyGivenKey(data, fg, $0) }
            case 4: chain({ Self.nameDayKey(data, $0) }, where: { data.day(record: $0) != 0 })
            case 5: chain({ Self.communeYearKey(data, $0) }, where: { data.records.commune[$0] >= 0 })
            case 6: chain({ Self.nameCommuneKey(data, $0) }, where: { data.records.commune[$0] >= 0 })
            case 7: chain { Self.nameYearAllKey(data, $0) }
            default: chain { Self.familyGivenAllKey(data, fg, $0) }
            }
            return c
        }
        // Nine independent chains, built on every core.
        var built = [Chains](repeating: Chains(), count: 9)
        built.withUnsafeMutableBufferPointer { out in
            DispatchQueue.concurrentPerform(iterations: 9) { kind in out[kind] = build(kind) }
        }
        codeHead = built[0].head; codeNext = built[0].next
        idHead = built[1].head; idNext = built[1].next
        nameYear = built[2].heads; nameYearNext = built[2].next
        familyGiven = built[3].heads; familyGivenNext = built[3].next
        nameDay = built[4].heads; nameDayNext = built[4].next
        communeYear = built[5].heads; communeYearNext = built[5].next
        nameCommune = built[6].heads; nameCommuneNext = built[6].next
        nameYearAll = built[7].heads; nameYearAllNext = built[7].next
        familyGivenAll = built[8].heads; familyGivenAllNext = built[8].next
    }

    // The keys of a record, as the chains are built and confirmed (a slot holds no key).
    @inline(__always) private static func nameYearKey(_ data: MatchData, _ r: Int32) -> UInt64 {
        UInt64(bitPattern: Self.key(data.records.name[Int(r)], data.records.year[Int(r)], data.records.district[Int(r)]))
    }
    @inline(__always) private static func familyGivenKey(_ data: MatchData, _ familyGiven: [UInt64], _ r: Int32) -> UInt64 {
        key(familyGiven[Int(data.records.name[Int(r)])], data.records.year[Int(r)], data.records.district[Int(r)])
    }
    @inline(__always) private static func nameYearAllKey(_ data: MatchData, _ r: Int32) -> UInt64 {
        UInt64(bitPattern: Self.key(data.records.name[Int(r)], data.records.year[Int(r)]))
    }
    @inline(__always) private static func familyGivenAllKey(_ data: MatchData, _ familyGiven: [UInt64], _ r: Int32) -> UInt64 {
        key(familyGiven[Int(data.records.name[Int(r)])], data.records.year[Int(r)])
    }
    @inline(__always) private static func nameDayKey(_ data: MatchData, _ r: Int32) -> UInt64 {
        UInt64(bitPattern: Int64(data.records.name[Int(r)]) << 32 | Int64(data.day(record: Int(r))))
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
    @inline(__always) static func key(_ h: UInt64, _ year: Int16) -> UInt64 {
        (h &* 31 &+ UInt64(UInt16(bitPattern: year))) &* 1_000_003
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
        // The two name keys in every other district, in the order a lookup per district gives
        // them (districts in turn, each one's name matches first, each key's in registry order),
        // from the keys' chains over the whole registry: a lookup per district cost two hash
        // probes per line and district, 1,400 a line across the country's 696 districts.
        var found: [(district: Int32, rule: UInt8, order: Int32, record: Int32)] = []
        let name = data.lines.name[l], year = data.lines.year[l]
        func collect(_ r: Int32, _ rule: Rule) {
            let district = data.records.district[Int(r)]
            if district != own { found.append((district, rule.rawValue, Int32(found.count), r)) }
        }
        walk(nameYearAll.head(UInt64(bitPattern: Self.key(name, year))) { Self.nameYearAllKey(data, $0) }, nameYearAllNext, .nameYear, collect)
        walk(familyGivenAll.head(Self.key(familyGivenKey[Int(name)], year)) { Self.familyGivenAllKey(data, familyGivenKey, $0) },
             familyGivenAllNext, .familyGivenYear, collect)
        if found.count > 1 { found.sort { ($0.district, $0.rule, $0.order) < ($1.district, $1.rule, $1.order) } }
        for f in found { visit(f.record, f.rule == Rule.nameYear.rawValue ? .nameYear : .familyGivenYear) }
        let commune = data.lines.commune[l]
        guard commune >= 0 else { return }
        if year != 0 {
            walk(communeYear.head(UInt64(bitPattern: Self.key(commune, year))) { Self.communeYearKey(data, $0) }, communeYearNext, .communeYear, visit)
        }
        walk(nameCommune.head(UInt64(bitPattern: Int64(name) << 24 | Int64(commune))) { Self.nameCommuneKey(data, $0) },
             nameCommuneNext, .nameCommune, visit)
    }

    /// The records sharing the line's code (EM's first training session).
    func codeBlock(_ data: MatchData, line l: Int, _ visit: (Int32) -> Void) {
        let code = data.lines.code[l]
        if code >= 0 && Int(code) < codeHead.count { walk(codeHead[Int(code)], codeNext, .code) { r, _ in visit(r) } }
    }

    /// The records of the line's folded name and full birth date (EM's third training session).
    func nameDayBlock(_ data: MatchData, line l: Int, _ visit: (Int32) -> Void) {
        let day = data.day(line: l)
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
