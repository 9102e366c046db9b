extension World {
    /// Generates the base registry (without the planted second registrations and namesakes).
    func buildRegistry() {
        let cal = calibration
        let base = max(0, cal.registry - cal.duplicateRecordPairs - cal.namesakeReviews)
        let perDistrict = apportion(base, specs.map { $0.population })
        var rng = Rng(seed: config.seed, stream: "registry")
        let nccCats = categories.indices.filter { categories[$0].program == .ncc }
        let btxhCats = categories.indices.filter { categories[$0].program == .btxh }
        let nccCum = cumulative(nccCats.map { categories[$0].weight })
        let btxhCum = cumulative(btxhCats.map { categories[$0].weight })
        records.reserveCapacity(cal.registry)
        for d in gazetteer.districts.indices {
            nextSerial[d] = rng.int(1_200...25_000)
            let communes = gazetteer.districts[d].communes
            guard !communes.isEmpty else { continue }
            let cum = communeCumulative(d)
            for _ in 0..<perDistrict[d] {
                let isNCC = rng.chance(specs[d].nccShare)
                let cat = isNCC ? nccCats[rng.weighted(nccCum)] : btxhCats[rng.weighted(btxhCum)]
                let commune = communes[rng.weighted(cum)]
                records.append(makeRecord(district: d, commune: commune, category: cat, &rng))
            }
        }
    }

    /// A new record with a name nobody in its commune and birth year resembles.
    func makeRecord(district d: Int, commune: Int, category c: Int, _ rng: inout Rng) -> Record {
        let cat = categories[c]
        let sex: Sex = rng.chance(cat.femaleShare) ? .female : .male
        let year = rng.int(min(cat.birthFrom, cat.birthTo)...max(cat.birthFrom, cat.birthTo))
        let yearOnlyShare = year < 1950 ? 0.55 : (year < 1962 ? 0.2 : 0.02)
        var yearOnly = rng.chance(yearOnlyShare)
        var birth = Day.yearOnly(year)
        var name = PersonName(family: 0, middle: 0, given: 0)
        var attempt = 0
        while true {
            birth = yearOnly ? Day.yearOnly(year) : Day.random(in: year, &rng)
            name = bank.draw(&rng, sex: sex, birthYear: year)
            if index.acceptable(name, commune: commune, birth: birth) || attempt > 2_000 { break }
            attempt += 1
            if attempt % 50 == 0 { yearOnly = false }
        }
        index.insert(name, commune: commune, birth: birth, countsAsRecord: true)

        let id: CitizenID
        let old = year < 1950
        let r = rng.unit()
        if r < (old ? 0.80 : 0.95) {
            id = ids.cccd(sex: sex, year: year, province: province(ofDistrict: d))
        } else if r < (old ? 0.84 : 0.96) {
            id = ids.cmnd()
        } else {
            id = .none
        }
        let serial = nextSerial[d]
        nextSerial[d] += rng.int(1...3)
        let amounts = cumulative(cat.amounts.map { $0.1 })
        let amount = cat.amounts[rng.weighted(amounts)].0
        return Record(district: UInt16(d), commune: UInt16(commune), name: name, sex: sex, birth: birth, id: id,
                      serial: Int32(serial), program: cat.program, category: UInt8(c), amount: Int32(amount),
                      start: max(startDay(category: cat, birthYear: year, &rng), birth), status: .active,
                      end: Day(0, 0, 0), noncash: false, role: .paid, line: 0)
    }

    /// A start day before the period: from 1995 (NCC) or 2007 (BTXH), not before the category's age
    /// (the caller keeps it on or after a full birth date: an orphan's allowance starts at birth at the earliest).
    func startDay(category cat: Category, birthYear: Int, _ rng: inout Rng) -> Day {
        let latest = period.previous
        let earliest = max(cat.program == .ncc ? 1995 : 2007, birthYear + cat.minAge)
        if earliest > latest.year { return Day.random(in: latest.year, month: latest.month, &rng) }
        let y = rng.int(earliest...latest.year)
        let m = rng.int(1...(y == latest.year ? latest.month : 12))
        return Day.random(in: y, month: m, &rng)
    }

    /// A fresh serial for a record registered later in a district.
    func takeSerial(_ d: Int, _ rng: inout Rng) -> Int32 {
        let s = nextSerial[d]
        nextSerial[d] += rng.int(1...3)
        return Int32(s)
    }
}
