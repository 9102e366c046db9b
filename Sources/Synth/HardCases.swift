import VietText

/// A hard case of record linkage: one payment line of the period that pays an ordinary record
/// (role `.paid`, so a plain match with no exception), written the way the same person is often
/// written differently from the registry. Planted only with `SynthConfig.hardCases`.
enum HardCaseKind: UInt8, CaseIterable {
    /// Hoàng↔Huỳnh or Vũ↔Võ on the line; same full birth date, same commune.
    case familyVariant
    /// "Nguyễn Hùng" for "Nguyễn Văn Hùng" (the whole middle name dropped); same date and commune.
    case droppedMiddle
    /// The given name first: "Hùng Nguyễn Văn"; same date and commune.
    case reordered
    /// The exact name with day and month of the birth date swapped (day ≤ 12, day ≠ month).
    case dayMonthSwapped
    /// A one-letter slip in the given name with the full birth date and commune: the record is
    /// the only near name in its commune and birth year (unlike the misspelt lines for review,
    /// which then give only the birth year).
    case givenNameTypo
    /// The exact name and full date, no code, and the citizen ID with one wrong digit (an ID
    /// nobody holds, one digit away from this record's only).
    case citizenIDDigit

    /// The name in hard_cases.csv.
    var label: String {
        switch self {
        case .familyVariant: return "family_name_variant"
        case .droppedMiddle: return "dropped_middle_name"
        case .reordered: return "reordered_words"
        case .dayMonthSwapped: return "day_month_swapped"
        case .givenNameTypo: return "given_name_typo"
        case .citizenIDDigit: return "citizen_id_digit"
        }
    }
}

/// What a hard-case line writes instead of the record's own values.
struct HardCase {
    let kind: HardCaseKind
    /// The name written (NFC display form, before the file's styling).
    let name: String
    /// The birth date written (always a full date).
    let birth: Day
    /// The citizen ID written (`citizenIDDigit` only; none otherwise).
    let id: CitizenID
}

extension World {
    /// Chooses the hard cases: about 40 per unit of scale (at least 2) of each kind, among the
    /// ordinary paid records with a full birth date in districts whose lists write full dates.
    /// Every draw comes from the stream "hard-cases"; nothing but `hardCases` is changed (the
    /// people index, the ID allocator and the other streams are left as they were).
    func planHardCases() {
        var rng = Rng(seed: config.seed, stream: "hard-cases")
        let wanted = max(2, Int((40 * config.scale).rounded()))
        let guardian = HardCaseGuard(world: self)
        var used = Set<Int>()
        let base = records.indices.filter { i in
            let r = records[i]
            return r.role == .paid && r.status == .active && !r.birth.isYearOnly && !specs[Int(r.district)].paymentYearOnly
        }
        for kind in HardCaseKind.allCases {
            let pool = base.filter { hardCaseFits(kind, records[$0]) }
            guard !pool.isEmpty else { continue }
            var planted = 0
            func tryRecord(_ i: Int) {
                guard !used.contains(i), let h = makeHardCase(kind, i, guardian, &rng) else { return }
                used.insert(i)
                hardCases[i] = h
                planted += 1
            }
            var attempts = 0
            while planted < wanted && attempts < wanted * 100 + 2_000 {
                attempts += 1
                tryRecord(pool[rng.below(pool.count)])
            }
            if planted < wanted {
                let start = rng.below(pool.count)
                for k in 0..<pool.count where planted < wanted { tryRecord(pool[(start + k) % pool.count]) }
            }
        }
    }

    /// Whether a record can carry a hard case of this kind at all.
    private func hardCaseFits(_ kind: HardCaseKind, _ r: Record) -> Bool {
        switch kind {
        case .familyVariant: return HardCaseGuard.familyVariant(r.name.family, bank) != nil
        case .droppedMiddle: return bank.display(r.name).split(separator: " ").count >= 3
        case .reordered, .givenNameTypo: return true
        case .dayMonthSwapped: return r.birth.d <= 12 && r.birth.d != r.birth.m
        case .citizenIDDigit: return specs[Int(r.district)].pointers.hasID && !r.id.isNone
        }
    }

    /// The line of a hard case for record i, or nil when the record could be confused.
    private func makeHardCase(_ kind: HardCaseKind, _ i: Int, _ guardian: HardCaseGuard, _ rng: inout Rng) -> HardCase? {
        let r = records[i]
        let family = bank.families[Int(r.name.family)], middle = bank.middles[Int(r.name.middle)]
        let given = bank.givens[Int(r.name.given)]
        var name = bank.display(r.name)
        var birth = r.birth
        var id = CitizenID.none
        switch kind {
        case .familyVariant:
            guard let v = HardCaseGuard.familyVariant(r.name.family, bank) else { return nil }
            name = bank.display(PersonName(family: v, middle: r.name.middle, given: r.name.given))
        case .droppedMiddle:
            name = family + " " + given
        case .reordered:
            name = given + " " + family + " " + middle
        case .dayMonthSwapped:
            birth = Day(r.birth.y, r.birth.d, r.birth.m)
        case .givenNameTypo:
            guard let typo = misspell(r.name, &rng) else { return nil }
            name = typo
        case .citizenIDDigit:
            guard let wrong = guardian.wrongDigit(of: r.id, &rng) else { return nil }
            id = wrong
        }
        guard guardian.alone(i, lineName: name, lineBirth: birth) else { return nil }
        return HardCase(kind: kind, name: name, birth: birth, id: id)
    }
}

/// The checks that keep a hard case unambiguous: the line resembles its own record and nobody
/// else, under the matcher's rules and the variant relations of the hard cases alike.
struct HardCaseGuard {
    unowned let world: World
    /// Records with a full birth date, by yyyymmdd (looked up only, never iterated).
    private var byDate: [Int: [Int]] = [:]
    /// Records by "folded name|birth year".
    private var nameYear: [String: Int] = [:]
    /// Holders of each citizen ID (records and payees).
    private var idHolders: [CitizenID: Int] = [:]

    init(world: World) {
        self.world = world
        for (i, r) in world.records.enumerated() {
            if !r.birth.isYearOnly { byDate[r.birth.packed, default: []].append(i) }
            nameYear[String(decoding: world.index.foldedName(r.name), as: UTF8.self) + "|\(r.birth.y)", default: 0] += 1
            if !r.id.isNone { idHolders[r.id, default: 0] += 1 }
        }
        for p in world.payees where !p.id.isNone { idHolders[p.id, default: 0] += 1 }
    }

    /// Hoàng↔Huỳnh, Vũ↔Võ: the family-name index written instead, if the name has a variant.
    static func familyVariant(_ family: UInt16, _ bank: NameBank) -> UInt16? {
        let pairs = ["hoang": "huynh", "huynh": "hoang", "vu": "vo", "vo": "vu"]
        guard Int(family) < bank.families.count, let other = pairs[VietText.fold(bank.families[Int(family)])],
              let k = bank.families.firstIndex(where: { VietText.fold($0) == other }) else { return nil }
        return UInt16(k)
    }

    /// Whether a line naming `lineName` born `lineBirth`, in record i's commune, can only be record i:
    /// - in the commune and birth year (any birth, the year-only ones too, payees too) nobody but
    ///   the record resembles the line's name or the record's name;
    /// - in the province nobody else born on the record's or the line's date resembles them;
    /// - no other record has the line's exact folded name in that birth year (any district).
    func alone(_ i: Int, lineName: String, lineBirth: Day) -> Bool {
        let r = world.records[i]
        let own = world.index.foldedName(r.name)
        let line = Array(VietText.fold(lineName).utf8)
        var alike = 0
        for m in world.index.members(commune: Int(r.commune), year: r.birth.y) {
            let f = world.index.foldedName(m)
            if LooseNames.related(f, line) || LooseNames.related(f, own) { alike += 1 }
            if alike > 1 { return false }
        }
        guard alike == 1 else { return false }
        for day in [r.birth, lineBirth] {
            for j in byDate[day.packed] ?? [] where j != i {
                let f = world.index.foldedName(world.records[j].name)
                if LooseNames.related(f, line) || LooseNames.related(f, own) { return false }
            }
        }
        let same = nameYear[String(decoding: line, as: UTF8.self) + "|\(lineBirth.y)"] ?? 0
        return same - (line == own ? 1 : 0) == 0
    }

    /// The ID with one digit of its serial part changed: held by nobody, and the owner's ID is
    /// the only one held that is a single digit away from it; nil when none is found.
    func wrongDigit(of id: CitizenID, _ rng: inout Rng) -> CitizenID? {
        let digits = Array(id.digits.utf8)
        guard digits.count >= 9, idHolders[id] == 1 else { return nil }
        let first = id.kind == 1 ? 6 : 2   // CCCD: after province, century/sex and year; CMND: after "19"
        for _ in 0..<12 {
            var d = digits
            let pos = rng.int(first...(d.count - 1))
            let old = Int(d[pos]) - 48
            var new = rng.below(9)
            if new >= old { new += 1 }
            d[pos] = UInt8(48 + new)
            guard let value = UInt64(String(decoding: d, as: UTF8.self)) else { continue }
            let wrong = CitizenID(kind: id.kind, value: value)
            if idHolders[wrong] == nil && heldNeighbours(of: d, kind: id.kind) == 1 { return wrong }
        }
        return nil
    }

    /// How many holders have an ID one digit away from these digits.
    private func heldNeighbours(of digits: [UInt8], kind: UInt8) -> Int {
        var n = 0
        for pos in digits.indices {
            for c in UInt8(48)...UInt8(57) where c != digits[pos] {
                var d = digits
                d[pos] = c
                guard let value = UInt64(String(decoding: d, as: UTF8.self)) else { continue }
                n += idHolders[CitizenID(kind: kind, value: value)] ?? 0
            }
        }
        return n
    }
}

/// A looser "could be the same person's name" than the matcher's, on folded bytes: similar
/// (equal, within 2 edits, reordered), or so after reading Huỳnh as Hoàng and Võ as Vũ, or
/// within 2 edits with the words sorted, or one name's words all inside the other's (a dropped
/// middle name). Used only to refuse hard cases that could be confused.
enum LooseNames {
    private static let huynh = Array("huynh".utf8), hoang = Array("hoang".utf8)
    private static let vo = Array("vo".utf8), vu = Array("vu".utf8)

    static func related(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        if NameSimilarity.similar(a, b) { return true }
        let wa = words(a), wb = words(b)
        if NameSimilarity.similar(join(wa), join(wb)) { return true }
        let sorted: ([[UInt8]]) -> [[UInt8]] = { $0.sorted { $0.lexicographicallyPrecedes($1) } }
        if NameSimilarity.within(join(sorted(wa)), join(sorted(wb)), limit: 2) { return true }
        guard wa.count != wb.count else { return false }
        let (short, long) = wa.count < wb.count ? (wa, wb) : (wb, wa)
        guard short.count >= 2 else { return false }
        var rest = long
        for w in short {
            guard let k = rest.firstIndex(of: w) else { return false }
            rest.remove(at: k)
        }
        return true
    }

    private static func words(_ a: [UInt8]) -> [[UInt8]] {
        a.split(separator: 0x20).map { w in
            let word = Array(w)
            return word == huynh ? hoang : (word == vo ? vu : word)
        }
    }

    private static func join(_ words: [[UInt8]]) -> [UInt8] { Array(words.joined(separator: [0x20])) }
}
