import Foundation

/// One household of the poverty review.
struct Household {
    var commune: UInt16
    var serial: Int32
    var head: PersonName
    var sex: Sex
    var id: CitizenID
    /// Village number within the commune (rendered by `World.villageName`).
    var village: UInt8
    var members: UInt8
}

/// The poverty lists of both years: which households are poor or near-poor in which year.
struct HouseholdBook {
    var households: [Household] = []
    /// By year: per commune, total households.
    var totals: [Int: [Int]] = [:]
    /// By year: (household index, poor?) in listing order.
    var listed: [Int: [(Int, Bool)]] = [:]
    /// By year: household indices listed twice.
    var duplicated: [Int: Set<Int>] = [:]
}

extension World {
    /// Spreads the households, poor and near-poor counts over the communes (every commune's
    /// poor + near-poor stays below its total) and draws the households, keeping most of the
    /// previous year's poor and near-poor households under the same code.
    func planHouseholds() -> HouseholdBook {
        var rng = Rng(seed: config.seed, stream: "households")
        let cal = calibration
        let years = [config.year - 1, config.year]
        let n = gazetteer.communes.count
        let popWeights = gazetteer.communes.map { specs[$0.district].population * communeShare[$0.index] }
        var book = HouseholdBook()
        var poorBy: [Int: [Int]] = [:], nearBy: [Int: [Int]] = [:]
        for y in years {
            let total = apportion(cal.totalByYear[y] ?? 0, popWeights)
            let poorW = gazetteer.communes.map { Double(total[$0.index]) * specs[$0.district].poorFactor * communePoverty[$0.index] }
            let nearW = gazetteer.communes.map {
                Double(total[$0.index]) * specs[$0.district].nearPoorFactor * (0.5 + 0.5 * communePoverty[$0.index])
            }
            var poor = apportion(cal.poorByYear[y] ?? 0, poorW)
            var near = apportion(cal.nearPoorByYear[y] ?? 0, nearW)
            // Keep poor + near-poor below the total: move any excess to the commune with most room.
            for c in 0..<n {
                while poor[c] + near[c] >= total[c] && poor[c] + near[c] > 0 {
                    var best = -1, room = 0
                    for o in 0..<n where o != c {
                        let r = total[o] - poor[o] - near[o] - 1
                        if r > room { room = r; best = o }
                    }
                    guard best >= 0 else { break }
                    if poor[c] >= near[c] { poor[c] -= 1; poor[best] += 1 } else { near[c] -= 1; near[best] += 1 }
                }
            }
            book.totals[y] = total
            poorBy[y] = poor; nearBy[y] = near
        }

        // Households, commune by commune: the earlier year's lists, then who stays, moves, joins.
        var serials = [Int](repeating: 0, count: n)
        for c in 0..<n { serials[c] = rng.int(1...400) }
        func newHousehold(_ c: Int) -> Int {
            let sex: Sex = rng.chance(0.7) ? .male : .female
            let year = rng.int(1940...1998)
            let pc = province(ofDistrict: gazetteer.communes[c].district)
            let id: CitizenID = rng.chance(0.9) ? ids.cccd(sex: sex, year: year, province: pc) : .none
            serials[c] += rng.int(1...6)
            book.households.append(Household(commune: UInt16(c), serial: Int32(serials[c]),
                                              head: bank.draw(&rng, sex: sex, birthYear: year), sex: sex, id: id,
                                              village: UInt8(rng.below(256)), members: UInt8(rng.int(1...7))))
            return book.households.count - 1
        }
        guard let y0 = years.first, let y1 = years.last else { return book }
        var listed0: [(Int, Bool)] = [], listed1: [(Int, Bool)] = []
        for c in 0..<n {
            let p0 = poorBy[y0]?[c] ?? 0, n0 = nearBy[y0]?[c] ?? 0
            let p1 = poorBy[y1]?[c] ?? 0, n1 = nearBy[y1]?[c] ?? 0
            let poor0 = (0..<p0).map { _ in newHousehold(c) }
            let near0 = (0..<n0).map { _ in newHousehold(c) }
            for h in poor0 { listed0.append((h, true)) }
            for h in near0 { listed0.append((h, false)) }
            let stayPoor = min(p1, Int(Double(p0) * 0.7))
            let poorToNear = min(n1, p0 - stayPoor, Int(Double(p0) * 0.15))
            let stayNear = min(n1 - poorToNear, Int(Double(n0) * 0.7))
            var poor1 = Array(poor0.prefix(stayPoor))
            while poor1.count < p1 { poor1.append(newHousehold(c)) }
            var near1 = Array(poor0.dropFirst(stayPoor).prefix(poorToNear)) + Array(near0.prefix(stayNear))
            while near1.count < n1 { near1.append(newHousehold(c)) }
            for h in poor1 { listed1.append((h, true)) }
            for h in near1 { listed1.append((h, false)) }
        }
        book.listed[y0] = listed0
        book.listed[y1] = listed1
        for y in years {
            let list = book.listed[y] ?? []
            var dup = Set<Int>()
            for k in rng.sample(min(cal.householdDuplicates, list.count), of: list.count) { dup.insert(list[k].0) }
            book.duplicated[y] = dup
        }
        return book
    }

    /// Writes a district's household lists (one file per year) and its household totals.
    func writeHouseholds(district d: Int, book: HouseholdBook, into dir: URL, truth: TruthLedger,
                         cp1258: CP1258Cache) throws -> [String] {
        var rng = Rng(seed: config.seed, stream: "household-files", index: d)
        let spec = specs[d]
        let fs = spec.households
        let styler = RowStyler(spec: fs, world: self)
        let communes = gazetteer.districts[d].communes
        let inDistrict = Set(communes)
        var written: [String] = []
        let years = [config.year - 1, config.year]

        var header: [String] = []
        if fs.stt { header.append(fs.label(TableHead.Alias.stt)) }
        header.append(fs.label(TableHead.Alias.household))
        header.append(fs.label(TableHead.Alias.head))
        header.append(fs.label(TableHead.Alias.headID))
        header.append(fs.label(TableHead.Alias.commune))
        header.append(fs.label(TableHead.Alias.village))
        header.append(fs.label(TableHead.Alias.members))
        header.append(fs.label(TableHead.Alias.classification))
        header.append(fs.label(TableHead.Alias.year))
        if fs.notes { header.append(fs.label(TableHead.Alias.note)) }

        for y in years {
            let rel = folder(d) + "/households-\(y).csv"
            let sink = try CSVSink(directory: dir, relativePath: rel, dialect: fs.dialect, cp1258: cp1258)
            try TableHead.write(sink, spec: fs, titles: [
                "UBND " + gazetteer.districts[d].name.uppercased(),
                "DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM \(y)",
                "(Theo kết quả rà soát hộ nghèo, hộ cận nghèo cuối năm \(y))",
            ], header: header)
            let list = (book.listed[y] ?? []).filter { inDistrict.contains(Int(book.households[$0.0].commune)) }
            let dups = book.duplicated[y] ?? []
            // A duplicate row comes again further down, typed differently.
            var later: [Int: [(Int, Bool)]] = [:]
            for (k, entry) in list.enumerated() where dups.contains(entry.0) {
                let at = min(list.count - 1, k + rng.int(1...max(1, list.count / 3)))
                later[at, default: []].append(entry)
            }
            var stt = 0
            for (k, entry) in list.enumerated() {
                stt += 1
                try sink.row(householdRow(book.households[entry.0], poor: entry.1, year: y, stt: stt, fs: fs,
                                          styler: styler, retyped: false, &rng))
                truth.year(y, d) { if entry.1 { $0.poor += 1 } else { $0.nearPoor += 1 } }
                for again in later[k] ?? [] {
                    stt += 1
                    try sink.row(householdRow(book.households[again.0], poor: again.1, year: y, stt: stt, fs: fs,
                                              styler: styler, retyped: true, &rng))
                }
                if rng.chance(fs.blanks) { try sink.blank(columns: rng.chance(0.5) ? header.count : 0) }
            }
            try sink.close()
            written.append(rel)
        }

        // Totals of households per commune, both years.
        let ts = spec.householdTotals
        let tStyler = RowStyler(spec: ts, world: self)
        let rel = folder(d) + "/household-totals.csv"
        let sink = try CSVSink(directory: dir, relativePath: rel, dialect: ts.dialect, cp1258: cp1258)
        var tHeader: [String] = []
        if ts.stt { tHeader.append(ts.label(TableHead.Alias.stt)) }
        tHeader += [ts.label(TableHead.Alias.commune), ts.label(["Năm"]), ts.label(TableHead.Alias.totalHouseholds)]
        try TableHead.write(sink, spec: ts, titles: [
            "TỔNG SỐ HỘ DÂN CƯ THEO XÃ, PHƯỜNG, THỊ TRẤN", "Năm \(years[0]) - \(years[1])",
        ], header: tHeader)
        var rows: [(Int, Int)] = []
        if d % 2 == 0 {
            for y in years { for c in communes { rows.append((y, c)) } }
        } else {
            for c in communes { for y in years { rows.append((y, c)) } }
        }
        var stt = 0
        for (y, c) in rows {
            stt += 1
            let total = book.totals[y]?[c] ?? 0
            var row: [String] = []
            if ts.stt { row.append(String(stt)) }
            row += [tStyler.commune(c, &rng), String(y), String(total)]
            try sink.row(row)
            truth.year(y, d) { $0.totalHouseholds += total }
        }
        try sink.close()
        written.append(rel)
        return written
    }

    private func householdRow(_ h: Household, poor: Bool, year: Int, stt: Int, fs: FileSpec, styler: RowStyler,
                              retyped: Bool, _ rng: inout Rng) -> [String] {
        let commune = gazetteer.communes[Int(h.commune)]
        var row: [String] = []
        if fs.stt { row.append(String(stt)) }
        row.append("QB-\(commune.code)-" + String(repeating: "0", count: max(0, 5 - String(h.serial).count)) + String(h.serial))
        let head = bank.display(h.head)
        row.append(retyped ? TextVariants.name(head, rng.pick([.upper, .ascii, .doubleSpace])) : styler.name(head, &rng))
        row.append(styler.citizenID(h.id, &rng))
        row.append(retyped ? communeCell(Int(h.commune), rng.pick(CommuneStyle.allCases), oldTone: false, encoding: fs.dialect.encoding)
                           : styler.commune(Int(h.commune), &rng))
        row.append(villageName(Int(h.commune), Int(h.village)))
        row.append(String(h.members))
        let poorWords = ["Hộ nghèo", "HN", "Nghèo"], nearWords = ["Hộ cận nghèo", "HCN", "Cận nghèo", "CN"]
        row.append(retyped ? rng.pick(poor ? poorWords : nearWords) : styler.word(poor ? poorWords : nearWords, &rng))
        row.append(String(year))
        if fs.notes { row.append(retyped ? "Trùng, đã rà soát lại" : styler.note(&rng)) }
        return row
    }
}
