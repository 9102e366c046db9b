import VietText

extension World {
    /// Plants the findings: gives base records their roles, adds second registrations and
    /// namesakes, prepares misspelt names, conflicting payees, unregistered payees.
    func plantFindings() {
        var rng = Rng(seed: config.seed, stream: "roles")
        let cal = calibration
        var free = [Bool](repeating: true, count: records.count)
        let baseCount = records.count

        func take(_ count: Int, _ role: Role, _ eligible: (Int) -> Bool) -> [Int] {
            var out: [Int] = []
            guard baseCount > 0, count > 0 else { return out }
            var attempts = 0
            while out.count < count && attempts < count * 60 + 5_000 {
                attempts += 1
                let i = rng.below(baseCount)
                if free[i] && eligible(i) { free[i] = false; records[i].role = role; out.append(i) }
            }
            if out.count < count {
                let start = rng.below(baseCount)
                for k in 0..<baseCount where out.count < count {
                    let i = (start + k) % baseCount
                    if free[i] && eligible(i) { free[i] = false; records[i].role = role; out.append(i) }
                }
            }
            return out
        }
        let hasCode: (Int) -> Bool = { self.specs[Int(self.records[$0].district)].pointers.hasCode }
        let pointable: (Int) -> Bool = {
            let p = self.specs[Int(self.records[$0].district)].pointers
            return p.hasCode || (p.hasID && !self.records[$0].id.isNone)
        }

        // Second registrations of one person (the first is paid by code).
        for i in take(cal.duplicateRecordPairs, .duplicateRecordPaid, { hasCode($0) && !self.records[$0].birth.isYearOnly }) {
            addSecondRegistration(of: i, &rng)
        }
        // Namesakes in one commune, behind a payment line that gives only the birth year.
        for i in take(cal.namesakeReviews, .namesake, { !self.records[$0].birth.isYearOnly }) {
            namesakeOriginals.insert(i)
            addNamesake(of: i, &rng)
        }
        // Paid by a line naming another commune: the person must be unique by name and year.
        _ = take(cal.movedCommune, .movedCommune) {
            let r = self.records[$0]
            return !r.birth.isYearOnly && !self.specs[Int(r.district)].paymentYearOnly
                && self.gazetteer.districts[Int(r.district)].communes.count > 1
                && self.index.recordCount(r.name, year: r.birth.y) == 1
        }
        // A misspelt name and no pointer: only this record may resemble the misspelling.
        _ = take(cal.typoReviews, .typoReview) { i in
            guard let typo = self.reviewableTypo(i, &rng) else { return false }
            self.typoNames[i] = typo
            return true
        }
        // A misspelt name with the code or ID: still a match.
        _ = take(cal.typoWithPointer, .typoWithPointer) { i in
            guard pointable(i), let typo = self.misspell(self.records[i].name, &rng) else { return false }
            self.typoNames[i] = typo
            return true
        }
        for i in take(cal.identityConflict, .identityConflictTarget, pointable) {
            conflictPayee[i] = makeConflictingPayee(for: i, &rng)
        }
        _ = take(cal.amountMismatch, .amountMismatch) { _ in true }
        _ = take(cal.duplicatePayment, .duplicatePayment) { _ in true }
        for i in take(cal.paidAfterEnd, .paidAfterEnd, { _ in true }) {
            let k = rng.int(1...4)
            var m = period
            for _ in 0..<k { m = m.previous }
            end(i, status: rng.chance(0.7) ? .dead : .terminated, on: Day.random(in: m.year, month: m.month, &rng), &rng)
        }
        for i in take(cal.deadInPeriod, .deadInPeriod, { _ in true }) {
            end(i, status: .dead, on: Day.random(in: period.year, month: period.month, &rng), &rng)
        }
        _ = take(cal.notPaid, .notPaid) { _ in true }
        for i in take(cal.futureStart, .futureStart, { _ in true }) {
            let next = period.next
            records[i].start = rng.chance(0.7) ? next.firstDay : Day.random(in: next.year, month: next.month, &rng)
        }
        for i in take(cal.deadBefore, .deadBefore, { _ in true }) {
            end(i, status: .dead, on: dayBefore(period, &rng), &rng)
        }
        for i in take(cal.terminatedBefore, .terminatedBefore, { _ in true }) {
            end(i, status: .terminated, on: dayBefore(period, &rng), &rng)
        }

        // Paid without cash: drawn among all paid records.
        let paid = records.indices.filter { records[$0].role.isPaid }
        for k in rng.sample(min(cal.noncash, paid.count), of: paid.count) { records[paid[k]].noncash = true }

        addUnregisteredPayees(&rng)
    }

    /// Sets a death or termination, moving the start before it when needed.
    private func end(_ i: Int, status: RecordStatus, on day: Day, _ rng: inout Rng) {
        records[i].status = status
        records[i].end = day
        if !(records[i].start < day) {
            let y = max(day.y - rng.int(1...6), records[i].birth.y)
            records[i].start = Day.random(in: y, month: rng.int(1...12), &rng)
            if !(records[i].start < day) { records[i].start = Day(day.y, day.m, 1) }
        }
        // Nobody's allowance starts before their birth, nor ends before it starts.
        if records[i].start < records[i].birth { records[i].start = records[i].birth }
        if records[i].end < records[i].start { records[i].end = records[i].start }
    }

    /// A day between January 2020 and the month before the period.
    private func dayBefore(_ p: Month, _ rng: inout Rng) -> Day {
        let last = p.previous
        let y = rng.int(min(2020, last.year)...last.year)
        let m = rng.int(1...(y == last.year ? last.month : 12))
        return Day.random(in: y, month: m, &rng)
    }

    /// The same person registered a second time (same name and full birth date; same ID or
    /// none), in the same commune, another commune, or another district.
    private func addSecondRegistration(of i: Int, _ rng: inout Rng) {
        let r = records[i]
        let folded = bank.folded(r.name)
        var district = Int(r.district)
        var commune = Int(r.commune)
        let where_ = rng.unit()
        if where_ >= 0.35 {
            for _ in 0..<30 {
                let d = where_ < 0.7 ? Int(r.district) : rng.below(gazetteer.districts.count)
                let communes = gazetteer.districts[d].communes
                guard !communes.isEmpty else { continue }
                let c = communes[rng.weighted(communeCumulative(d))]
                if c == Int(r.commune) { continue }
                if index.hasTwin(r.name, commune: c, year: r.birth.y) { continue }
                if !index.lookAlikes(folded, commune: c, year: r.birth.y).isEmpty { continue }
                district = d; commune = c
                break
            }
        }
        var twin = r
        twin.district = UInt16(district)
        twin.commune = UInt16(commune)
        twin.id = rng.chance(0.6) ? r.id : .none
        twin.serial = takeSerial(district, &rng)
        twin.role = .duplicateRecordUnpaid
        twin.noncash = false
        let cat = categories[Int(r.category)]
        twin.start = max(startDay(category: cat, birthYear: r.birth.y, &rng), r.birth)
        index.insert(twin.name, commune: commune, birth: twin.birth, countsAsRecord: true)
        records.append(twin)
    }

    /// A second person with the same name and birth year in the same commune (another full date).
    private func addNamesake(of i: Int, _ rng: inout Rng) {
        let r = records[i]
        var birth = Day.random(in: r.birth.y, &rng)
        var tries = 0
        while (birth == r.birth || index.nameDateTaken(r.name, birth)) && tries < 100 {
            birth = Day.random(in: r.birth.y, &rng)
            tries += 1
        }
        let sameProgram = categories.indices.filter { categories[$0].program == r.program }
        let c = sameProgram.isEmpty ? Int(r.category) : rng.pick(sameProgram)
        let cat = categories[c]
        let amounts = cumulative(cat.amounts.map { $0.1 })
        let other = Record(district: r.district, commune: r.commune, name: r.name, sex: r.sex, birth: birth,
                           id: ids.cccd(sex: r.sex, year: r.birth.y, province: province(ofDistrict: Int(r.district))), serial: takeSerial(Int(r.district), &rng),
                           program: cat.program, category: UInt8(c), amount: Int32(cat.amounts[rng.weighted(amounts)].0),
                           start: max(startDay(category: cat, birthYear: r.birth.y, &rng), birth), status: .active,
                           end: Day(0, 0, 0), noncash: false, role: .namesake, line: 0)
        index.insert(other.name, commune: Int(other.commune), birth: other.birth, countsAsRecord: true)
        records.append(other)
    }

    /// A one-letter slip in the given name that changes the folded name (ED ≤ 2) and gives a
    /// syllable no generated name uses; nil when none is found.
    func misspell(_ name: PersonName, _ rng: inout Rng) -> String? {
        let given = Array(bank.givens[Int(name.given)])
        guard given.count >= 2 else { return nil }
        let neighbours: [Character: Character] = [
            "a": "s", "s": "a", "d": "f", "e": "r", "g": "h", "h": "g", "i": "o", "k": "l", "l": "k", "m": "n",
            "n": "m", "o": "i", "p": "o", "t": "r", "u": "y", "y": "u", "c": "v", "v": "c", "b": "n", "q": "w",
            "x": "c", "r": "t", "H": "G", "T": "R", "L": "K", "N": "M", "M": "N", "D": "F", "B": "V", "K": "L",
            "C": "V", "S": "A", "V": "C", "G": "H", "P": "O", "Q": "W", "X": "C", "Y": "U", "A": "S",
        ]
        let original = bank.folded(name)
        for _ in 0..<24 {
            var g = given
            let pos = rng.below(g.count)
            switch rng.below(3) {
            case 0:
                guard g.count >= 3 else { continue }
                g.remove(at: pos)
            case 1:
                g.insert(g[pos], at: pos)
            default:
                guard let plain = TextVariants.stripDiacritics(String(g[pos])).first, let sub = neighbours[plain] else { continue }
                g[pos] = sub
            }
            let typoGiven = String(g)
            let foldedGiven = VietText.fold(typoGiven)
            if foldedGiven.isEmpty || bank.syllables.contains(foldedGiven) { continue }
            let full = bank.families[Int(name.family)] + " " + bank.middles[Int(name.middle)] + " " + typoGiven
            let foldedFull = Array(VietText.fold(full).utf8)
            guard foldedFull != original, NameSimilarity.within(foldedFull, original, limit: 2) else { continue }
            return full
        }
        return nil
    }

    /// A misspelling that only record i (in its commune and birth year) resembles.
    private func reviewableTypo(_ i: Int, _ rng: inout Rng) -> String? {
        let r = records[i]
        for _ in 0..<4 {
            guard let typo = misspell(r.name, &rng) else { continue }
            let alike = index.lookAlikes(Array(VietText.fold(typo).utf8), commune: Int(r.commune), year: r.birth.y)
            if alike.count == 1 && alike[0] == r.name { return typo }
        }
        return nil
    }

    /// Another person (clearly different name, birth year 5–15 years apart) in the target's commune.
    private func makeConflictingPayee(for i: Int, _ rng: inout Rng) -> Int {
        let r = records[i]
        let folded = bank.folded(r.name)
        var year = r.birth.y + (rng.chance(0.5) ? 1 : -1) * rng.int(5...15)
        if year > config.year - 18 { year = r.birth.y - rng.int(5...15) }
        let sex: Sex = rng.chance(0.5) ? .male : .female
        var name = bank.draw(&rng, sex: sex, birthYear: year)
        var birth = rng.chance(0.5) ? Day.yearOnly(year) : Day.random(in: year, &rng)
        for _ in 0..<500 {
            let f = bank.folded(name)
            if !NameSimilarity.similar(f, folded) && !NameSimilarity.within(f, folded, limit: 3)
                && index.acceptable(name, commune: Int(r.commune), birth: birth) { break }
            name = bank.draw(&rng, sex: sex, birthYear: year)
            birth = rng.chance(0.5) ? Day.yearOnly(year) : Day.random(in: year, &rng)
        }
        index.insert(name, commune: Int(r.commune), birth: birth, countsAsRecord: false)
        payees.append(Payee(district: r.district, commune: r.commune, name: name, sex: sex, birth: birth,
                            id: ids.cccd(sex: sex, year: year, province: province(ofDistrict: Int(r.district))), amount: r.amount))
        return payees.count - 1
    }

    /// People paid who are in no registry: their name and birth year match no record anywhere,
    /// and nobody in their commune and birth year resembles them.
    private func addUnregisteredPayees(_ rng: inout Rng) {
        let weights = specs.map { $0.population }
        let cum = cumulative(weights.map { Int($0 * 100) })
        func stranger(_ d: Int) -> Int {
            let communes = gazetteer.districts[d].communes
            let commune = communes[rng.weighted(communeCumulative(d))]
            let isNCC = rng.chance(0.4)
            let year = isNCC ? rng.int(1935...1960) : rng.int(1930...2015)
            let sex: Sex = rng.chance(0.55) ? .female : .male
            var name = bank.draw(&rng, sex: sex, birthYear: year)
            var birth = rng.chance(0.6) ? Day.random(in: year, &rng) : Day.yearOnly(year)
            for _ in 0..<2_000 {
                if index.recordCount(name, year: year) == 0
                    && index.lookAlikes(bank.folded(name), commune: commune, year: year).isEmpty
                    && index.acceptable(name, commune: commune, birth: birth) { break }
                name = bank.draw(&rng, sex: sex, birthYear: year)
                birth = rng.chance(0.6) ? Day.random(in: year, &rng) : Day.yearOnly(year)
            }
            index.insert(name, commune: commune, birth: birth, countsAsRecord: false)
            let amount = isNCC ? rng.pick([Category.ncc, Category.ncc * 3 / 2, 1_541_000])
                               : rng.pick([Category.btxh * 3 / 2, Category.btxh * 2, Category.btxh * 5 / 2])
            payees.append(Payee(district: UInt16(d), commune: UInt16(commune), name: name, sex: sex, birth: birth,
                                id: rng.chance(0.5) ? ids.cccd(sex: sex, year: year, province: province(ofDistrict: d)) : .none, amount: Int32(amount)))
            return payees.count - 1
        }
        for _ in 0..<calibration.paidNotRegistered {
            let d = rng.weighted(cum)
            guard !gazetteer.districts[d].communes.isEmpty else { continue }
            unregistered[d].append(stranger(d))
        }
        let withPrevious = gazetteer.districts.indices.filter { paymentFiles(of: $0).contains { $0.holdsPrevious } }
        guard !withPrevious.isEmpty else { return }
        for k in 0..<calibration.previousMonthStrangers {
            let d = withPrevious[k % withPrevious.count]
            guard !gazetteer.districts[d].communes.isEmpty else { continue }
            strangers[d].append(stranger(d))
        }
    }
}
