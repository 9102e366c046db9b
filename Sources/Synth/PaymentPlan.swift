/// One payment-list file of a district.
struct PaymentFile {
    /// File name inside the district folder.
    let name: String
    let holdsPeriod: Bool
    let holdsPrevious: Bool
    /// Payment round of the period (1 = "dot1", 2 = "dot2"), 0 when the period is not split.
    let round: Int
}

/// One line of a payment list, before it is rendered.
struct PaymentLine {
    enum Kind: UInt8 {
        /// A payment to a registry record (possibly planted: amount, duplicate, after end, moved, typo).
        case regular
        /// Code or ID of a record, name and birth of another person.
        case conflict
        /// Two namesakes, birth year only, no pointer.
        case namesakeReview
        /// A misspelt name, no pointer.
        case typoReview
        /// A person in no registry.
        case unregistered
        /// An amount written in words: rejected.
        case badAmount
    }

    var kind: Kind
    var record: Int32
    var payee: Int32
    var file: Int
    var sortKey: UInt64
    var amount: Int
    var noncash: Bool
    var commune: Int
    var isPeriod: Bool
    var yearOnly: Bool
    var withCode: Bool
    var withID: Bool
    var typo: Bool
    var truth: ExceptionType?
    /// A planted hard case: the line is written as `World.hardCases` says (no code, no ID but
    /// the wrong-digit one, a full birth date), its random draws unchanged.
    var hard: HardCaseKind? = nil
}

extension World {
    static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// The payment files of a district, in writing order.
    func paymentFiles(of d: Int) -> [PaymentFile] {
        let p = period, prev = period.previous
        let periodName = "payments-\(p.iso).csv"
        let previousName = "payments-\(prev.iso).csv"
        switch specs[d].paymentFiles {
        case .single:
            return [PaymentFile(name: periodName, holdsPeriod: true, holdsPrevious: false, round: 0)]
        case .bothMonths(let interleaved, let periodFirst):
            let name = interleaved || periodFirst ? periodName : "payments-\(prev.iso)-\(World.twoDigits(p.month)).csv"
            return [PaymentFile(name: name, holdsPeriod: true, holdsPrevious: true, round: 0)]
        case .rounds(let previousFile):
            var files = [
                PaymentFile(name: "payments-\(p.iso)-dot1.csv", holdsPeriod: true, holdsPrevious: false, round: 1),
                PaymentFile(name: "payments-\(p.iso)-dot2.csv", holdsPeriod: true, holdsPrevious: false, round: 2),
            ]
            if previousFile {
                files.insert(PaymentFile(name: previousName, holdsPeriod: false, holdsPrevious: true, round: 0), at: 0)
            }
            return files
        case .perMonth:
            return [PaymentFile(name: previousName, holdsPeriod: false, holdsPrevious: true, round: 0),
                    PaymentFile(name: periodName, holdsPeriod: true, holdsPrevious: false, round: 0)]
        }
    }

    /// Districts whose payment lists hold the planted rejected lines (files without a totals row).
    func badAmountDistricts() -> [Int] {
        gazetteer.districts.indices.filter { specs[$0].payments.totals == nil && !gazetteer.districts[$0].communes.isEmpty }
    }

    /// The payment file whose totals row is planted wrong: the second round of the first district
    /// that splits its period into rounds and writes totals rows (else the first file with totals).
    func wrongTotalsFile() -> (district: Int, file: Int)? {
        for d in gazetteer.districts.indices where specs[d].payments.totals != nil {
            let files = paymentFiles(of: d)
            if let k = files.firstIndex(where: { $0.round == 2 }) { return (d, k) }
        }
        for d in gazetteer.districts.indices where specs[d].payments.totals != nil { return (d, 0) }
        return nil
    }

    /// The amount a mismatching line pays: the old standard level, a wrong coefficient, or arrears.
    func wrongAmount(_ r: Record, _ rng: inout Rng) -> Int {
        let a = Int(r.amount)
        var w: Int
        switch rng.below(3) {
        case 0: w = r.program == .ncc ? a / 2_055 * 1_624 : a * 3 / 4       // paid at the old standard level
        case 1: w = a + (r.program == .ncc ? 1_027_500 : 180_000)         // coefficient one step too high
        default: w = a * 2                                                  // two months at once
        }
        w = (w / 500) * 500
        return w == a || w <= 0 ? a + 100_000 : w
    }

    /// Builds every payment line of a district (period and previous month), with file and order.
    func paymentLines(district d: Int, _ rng: inout Rng) -> [PaymentLine] {
        let spec = specs[d]
        let files = paymentFiles(of: d)
        let communes = gazetteer.districts[d].communes
        var communePos: [Int: Int] = [:]
        for (k, c) in communes.enumerated() { communePos[c] = k }
        let half = (communes.count + 1) / 2
        let mine = records.indices.filter { Int(records[$0].district) == d }
            .sorted { (communePos[Int(records[$0].commune)] ?? 0, records[$0].serial) < (communePos[Int(records[$1].commune)] ?? 0, records[$1].serial) }
        // First and last position of each commune's records, to slot other lines among them.
        var span: [Int: (Int, Int)] = [:]
        for (k, i) in mine.enumerated() {
            let c = Int(records[i].commune)
            if let s = span[c] { span[c] = (s.0, k) } else { span[c] = (k, k) }
        }
        let previousFile = files.firstIndex { $0.holdsPrevious }
        // Files holding both months write them in sections, unless interleaved: then a person's
        // previous-month line (sub 0) sits right before the period's (sub 1).
        var sectioned = false, periodFirst = false
        if case .bothMonths(let inter, let pf) = spec.paymentFiles { sectioned = !inter; periodFirst = pf }

        func periodFile(_ commune: Int, second: Bool) -> Int {
            let round = (communePos[commune] ?? 0) < half ? 1 : 2
            if let k = files.firstIndex(where: { $0.round == (second ? 3 - round : round) }) { return k }
            return files.firstIndex { $0.holdsPeriod } ?? 0
        }
        func key(section: Int, commune: Int, seq: Int, sub: Int) -> UInt64 {
            UInt64(section) << 60 | UInt64(communePos[commune] ?? 0) << 44 | UInt64(seq) << 4 | UInt64(sub)
        }
        let periodSection = sectioned ? (periodFirst ? 0 : 1) : 0
        let previousSection = sectioned ? (periodFirst ? 1 : 0) : 0
        func slot(_ commune: Int) -> Int {
            guard let s = span[commune] else { return 0 }
            return rng.int(s.0...(s.1 + 1)) * 4 + 2
        }

        var lines: [PaymentLine] = []
        func line(_ kind: PaymentLine.Kind, record: Int, payee: Int = -1, amount: Int, commune: Int,
                  seq: Int, sub: Int = 1, second: Bool = false, truth: ExceptionType? = nil) -> PaymentLine {
            PaymentLine(kind: kind, record: Int32(record), payee: Int32(payee), file: periodFile(commune, second: second),
                        sortKey: key(section: periodSection, commune: commune, seq: seq, sub: sub), amount: amount,
                        noncash: false, commune: commune, isPeriod: true, yearOnly: spec.paymentYearOnly,
                        withCode: false, withID: false, typo: false, truth: truth)
        }

        for (k, i) in mine.enumerated() {
            let r = records[i]
            let commune = Int(r.commune)
            let seq = k * 4 + 1
            // The previous month, for people payable then.
            if let pf = previousFile, !(period.previous.lastDay < r.start),
               r.status == .active || !(r.end < period.previous.firstDay) {
                var l = line(.regular, record: i, amount: Int(r.amount), commune: commune, seq: seq, sub: 0)
                l.isPeriod = false
                l.file = pf
                l.sortKey = key(section: previousSection, commune: commune, seq: seq, sub: 0)
                l.noncash = r.noncash || rng.chance(0.004)
                pointers(&l, r, &rng)
                lines.append(l)
            }
            switch r.role {
            case .paid, .amountMismatch, .duplicatePayment, .paidAfterEnd, .deadInPeriod, .duplicateRecordPaid,
                 .identityConflictTarget, .movedCommune, .typoWithPointer:
                var l = line(.regular, record: i, amount: Int(r.amount), commune: commune, seq: seq)
                l.noncash = r.noncash
                pointers(&l, r, &rng)
                if r.role == .paid, let h = hardCases[i] { l.hard = h.kind }
                switch r.role {
                case .amountMismatch:
                    l.amount = wrongAmount(r, &rng); l.truth = .amountMismatch
                case .paidAfterEnd:
                    l.truth = .paidAfterEnd
                case .duplicatePayment:
                    l.truth = .duplicatePayment
                case .duplicateRecordPaid:
                    l.withCode = true
                case .movedCommune:
                    let others = communes.filter { $0 != commune }
                    let moved = others.isEmpty ? commune : rng.pick(others)
                    l.commune = moved; l.yearOnly = false; l.withCode = false; l.withID = false
                    l.file = periodFile(moved, second: false)
                    l.sortKey = key(section: periodSection, commune: moved, seq: slot(moved), sub: 1)
                case .typoWithPointer:
                    l.typo = true
                    forcePointer(&l, r)
                default: break
                }
                lines.append(l)
                if r.role == .duplicatePayment {
                    var again = l
                    again.noncash = false
                    again.truth = .duplicatePayment
                    pointers(&again, r, &rng)
                    if spec.paymentFiles.isRounds {
                        again.file = periodFile(commune, second: true)
                    } else {
                        let last = span[commune]?.1 ?? k
                        again.sortKey = key(section: periodSection, commune: commune, seq: (last + 1) * 4 + 3, sub: 1)
                    }
                    lines.append(again)
                }
                if r.role == .identityConflictTarget, let p = conflictPayee[i] {
                    var c = line(.conflict, record: i, payee: p, amount: Int(r.amount), commune: commune,
                                 seq: slot(commune), truth: .identityConflict)
                    forcePointer(&c, r)
                    c.yearOnly = spec.paymentYearOnly || payees[p].birth.isYearOnly
                    lines.append(c)
                }
            case .namesake:
                // One line per pair: written for the first registered of the two.
                if namesakeOriginals.contains(i) {
                    var l = line(.namesakeReview, record: i, amount: Int(r.amount), commune: commune, seq: seq,
                                 truth: .needsReview)
                    l.yearOnly = true
                    lines.append(l)
                }
            case .typoReview:
                var l = line(.typoReview, record: i, amount: Int(r.amount), commune: commune, seq: seq, truth: .needsReview)
                l.typo = true
                lines.append(l)
            case .duplicateRecordUnpaid, .notPaid, .futureStart, .deadBefore, .terminatedBefore:
                break
            }
        }
        for p in unregistered[d] {
            let payee = payees[p]
            let c = Int(payee.commune)
            var l = line(.unregistered, record: -1, payee: p, amount: Int(payee.amount), commune: c, seq: slot(c),
                         truth: .paidNotRegistered)
            l.withID = spec.pointers.hasID && !payee.id.isNone
            l.yearOnly = spec.paymentYearOnly || payee.birth.isYearOnly
            lines.append(l)
        }
        if let pf = previousFile {
            for p in strangers[d] {
                let payee = payees[p]
                let c = Int(payee.commune)
                var l = line(.unregistered, record: -1, payee: p, amount: Int(payee.amount), commune: c, seq: slot(c))
                l.isPeriod = false
                l.file = pf
                l.sortKey = key(section: previousSection, commune: c, seq: slot(c), sub: 0)
                l.yearOnly = spec.paymentYearOnly || payee.birth.isYearOnly
                lines.append(l)
            }
        }
        let badHere = badAmountDistricts()
        if let pos = badHere.firstIndex(of: d) {
            var n = 0
            var k = pos
            while k < calibration.badAmounts { n += 1; k += badHere.count }
            let paidHere = mine.filter { records[$0].role == .paid }
            for _ in 0..<min(n, paidHere.count) {
                let i = rng.pick(paidHere)
                let r = records[i]
                var l = line(.badAmount, record: i, amount: Int(r.amount), commune: Int(r.commune), seq: slot(Int(r.commune)))
                pointers(&l, r, &rng)
                lines.append(l)
            }
        }
        return lines
    }

    /// Decides which pointers (code, ID) a regular line carries, per the district's lists.
    private func pointers(_ l: inout PaymentLine, _ r: Record, _ rng: inout Rng) {
        let p = specs[Int(r.district)].pointers
        let u = rng.unit()
        switch p {
        case .codeAndID:
            l.withCode = u < 0.96
            l.withID = !r.id.isNone && (u < 0.92 || u >= 0.96)
        case .codeOnly:
            l.withCode = u < 0.95
        case .idOnly:
            l.withID = !r.id.isNone && u < 0.98
        case .none:
            break
        }
        if !spec(r).paymentYearOnly && !r.birth.isYearOnly && rng.chance(0.08) { l.yearOnly = true }
        if r.role == .duplicateRecordPaid { l.withCode = true }
    }

    /// Makes sure a line points at its record (code where the lists carry codes, else the ID).
    private func forcePointer(_ l: inout PaymentLine, _ r: Record) {
        let p = specs[Int(r.district)].pointers
        if p.hasCode { l.withCode = true } else if p.hasID && !r.id.isNone { l.withID = true }
    }

    private func spec(_ r: Record) -> DistrictSpec { specs[Int(r.district)] }
}

extension PaymentFiles {
    var isRounds: Bool { if case .rounds = self { return true } else { return false } }
}
