import Foundation
import VietText

/// What a recruitment row reports.
enum RecruitKind: UInt8 {
    case domestic, abroad, college, intermediate, elementary

    var isJob: Bool { self == .domestic || self == .abroad }
}

/// One person of the recruitment lists.
struct Recruit {
    var district: UInt16
    var commune: UInt16
    var name: PersonName
    var sex: Sex
    var birth: Day
    var id: CitizenID
}

/// One row of a recruitment list.
struct RecruitRow {
    enum Variant: UInt8 {
        /// The person's own row.
        case original
        /// Listed again, the ID written otherwise.
        case restyledID
        /// Listed again without ID: same name and full birth date.
        case withoutID
        /// Listed by another district too.
        case otherDistrict
        /// A row without a date: rejected.
        case undated
    }

    var person: Int32
    var district: UInt16
    var commune: UInt16
    var kind: RecruitKind
    var date: Day
    var variant: Variant
    var sortKey: UInt64
}

/// All recruitment persons and rows, planned before any file is written.
struct RecruitBook {
    var people: [Recruit] = []
    var rows: [RecruitRow] = []
}

extension World {
    /// Plans the recruitment lists: distinct persons per indicator (calibrated), planted repeats
    /// (same district with the ID written otherwise, without ID, by a second district), rows of the
    /// previous year, and undated rows.
    func planRecruitment() -> RecruitBook {
        var rng = Rng(seed: config.seed, stream: "recruitment")
        let cal = calibration
        let y = config.year
        var book = RecruitBook()
        var nameDates = Set<UInt64>()
        let districts = gazetteer.districts.indices.filter { !gazetteer.districts[$0].communes.isEmpty }
        guard !districts.isEmpty else { return book }

        func person(_ d: Int, _ kind: RecruitKind) -> Int {
            let communes = gazetteer.districts[d].communes
            let commune = communes[rng.weighted(communeCumulative(d))]
            let maleShare: Double = kind == .abroad ? 0.66 : 0.55
            let sex: Sex = rng.chance(maleShare) ? .male : .female
            let years: ClosedRange<Int>
            switch kind {
            case .abroad: years = (y - 38)...(y - 19)
            case .domestic: years = (y - 48)...(y - 18)
            case .college: years = (y - 25)...(y - 18)
            case .intermediate: years = (y - 23)...(y - 15)
            case .elementary: years = (y - 50)...(y - 16)
            }
            let year = rng.int(years)
            var birth = Day.random(in: year, &rng)
            var name = bank.draw(&rng, sex: sex, birthYear: year)
            var key = bank.key(name) << 24 | UInt64(birth.packed - 18_800_000)
            var tries = 0
            while nameDates.contains(key) && tries < 1_000 {
                birth = Day.random(in: year, &rng)
                name = bank.draw(&rng, sex: sex, birthYear: year)
                key = bank.key(name) << 24 | UInt64(birth.packed - 18_800_000)
                tries += 1
            }
            if rng.chance(0.04) { birth = Day.yearOnly(year) } else { nameDates.insert(key) }
            let id: CitizenID = (rng.chance(0.93) || birth.isYearOnly) ? ids.cccd(sex: sex, year: year, province: province(ofDistrict: d)) : .none
            book.people.append(Recruit(district: UInt16(d), commune: UInt16(commune), name: name, sex: sex, birth: birth, id: id))
            return book.people.count - 1
        }
        func key(_ d: Int, _ kind: RecruitKind, _ commune: Int) -> UInt64 {
            let group: UInt64 = kind.isJob ? (kind == .domestic ? 0 : 1) : 2
            let pos = UInt64(gazetteer.districts[d].communes.firstIndex(of: commune) ?? 0)
            return group << 50 | pos << 32 | UInt64(truncatingIfNeeded: rng.next() >> 32)
        }
        func dateIn(_ year: Int) -> Day { Day.random(in: year, &rng) }

        // Distinct persons of the reporting year, per indicator and district.
        let pop = districts.map { specs[$0].population }
        let abroadW = districts.map { specs[$0].population * specs[$0].abroadFactor }
        let plan: [(RecruitKind, Int, [Double])] = [
            (.domestic, cal.domestic, pop), (.abroad, cal.abroad, abroadW), (.college, cal.college, pop),
            (.intermediate, cal.intermediate, pop), (.elementary, cal.elementary, pop),
        ]
        var kinds: [RecruitKind] = []
        for (kind, total, weights) in plan {
            for (k, count) in apportion(total, weights).enumerated() {
                let d = districts[k]
                for _ in 0..<count {
                    let p = person(d, kind)
                    kinds.append(kind)
                    let r = book.people[p]
                    book.rows.append(RecruitRow(person: Int32(p), district: UInt16(d), commune: r.commune, kind: kind,
                                                date: dateIn(y), variant: .original, sortKey: key(d, kind, Int(r.commune))))
                }
            }
        }
        let thisYear = book.people.count

        // Repeats inside a district: the ID written otherwise, or no ID but name and full birth date.
        let withID = (0..<thisYear).filter { !book.people[$0].id.isNone }
        for k in rng.sample(min(cal.recruitSameDistrictDuplicates, withID.count), of: withID.count) {
            let p = withID[k], r = book.people[p], d = Int(r.district)
            book.rows.append(RecruitRow(person: Int32(p), district: r.district, commune: r.commune, kind: kinds[p],
                                        date: dateIn(y), variant: .restyledID, sortKey: key(d, kinds[p], Int(r.commune))))
        }
        let withDate = (0..<thisYear).filter { !book.people[$0].birth.isYearOnly }
        for k in rng.sample(min(cal.recruitNoIDDuplicates, withDate.count), of: withDate.count) {
            let p = withDate[k], r = book.people[p], d = Int(r.district)
            book.rows.append(RecruitRow(person: Int32(p), district: r.district, commune: r.commune, kind: kinds[p],
                                        date: dateIn(y), variant: .withoutID, sortKey: key(d, kinds[p], Int(r.commune))))
        }
        // Repeats by a second district, only where every ordering of the folders agrees on which
        // district's row comes first.
        var crossed = 0, attempts = 0
        while crossed < cal.recruitCrossDistrictDuplicates && attempts < cal.recruitCrossDistrictDuplicates * 50 + 100 {
            attempts += 1
            let p = rng.below(max(thisYear, 1))
            guard p < thisYear else { break }
            let r = book.people[p]
            guard !r.id.isNone || !r.birth.isYearOnly else { continue }
            let others = districts.filter { $0 != Int(r.district) && unambiguousOrder(Int(r.district), $0) }
            guard !others.isEmpty else { continue }
            let d2 = rng.pick(others)
            let communes = gazetteer.districts[d2].communes
            let c = communes[rng.weighted(communeCumulative(d2))]
            book.rows.append(RecruitRow(person: Int32(p), district: UInt16(d2), commune: UInt16(c), kind: kinds[p],
                                        date: dateIn(y), variant: .otherDistrict, sortKey: key(d2, kinds[p], c)))
            crossed += 1
        }
        // Late rows of the previous year: mostly other people, some of this year's in another indicator.
        let previousKinds: [RecruitKind] = [.domestic, .abroad, .elementary, .intermediate, .college]
        let popCum = cumulative(pop.map { Int($0 * 100) })
        for _ in 0..<cal.recruitPreviousYearRows {
            if thisYear > 0 && rng.chance(0.15) {
                let p = rng.below(thisYear)
                let r = book.people[p]
                let kind: RecruitKind = kinds[p].isJob ? .elementary : .domestic
                book.rows.append(RecruitRow(person: Int32(p), district: r.district, commune: r.commune, kind: kind,
                                            date: Day.random(in: y - 1, month: rng.int(9...12), &rng), variant: .original,
                                            sortKey: key(Int(r.district), kind, Int(r.commune))))
            } else {
                let d = districts[rng.weighted(popCum)]
                let kind = previousKinds[rng.weighted(cumulative([40, 25, 30, 4, 1]))]
                let p = person(d, kind)
                let r = book.people[p]
                book.rows.append(RecruitRow(person: Int32(p), district: UInt16(d), commune: r.commune, kind: kind,
                                            date: Day.random(in: y - 1, month: rng.int(9...12), &rng), variant: .original,
                                            sortKey: key(d, kind, Int(r.commune))))
            }
        }
        // Undated rows (rejected), one per chosen district.
        for k in 0..<cal.undatedRecruits {
            let d = districts[(k * 3 + 3) % districts.count]
            let p = person(d, .domestic)
            let r = book.people[p]
            book.rows.append(RecruitRow(person: Int32(p), district: UInt16(d), commune: r.commune, kind: .domestic,
                                        date: Day(0, 0, 0), variant: .undated, sortKey: key(d, .domestic, Int(r.commune))))
        }
        return book
    }

    /// Whether byte order, case-insensitive order and folded order agree on two district folders.
    func unambiguousOrder(_ a: Int, _ b: Int) -> Bool {
        let x = folderKeys[a], y = folderKeys[b]
        let bytes = x.bytes.lexicographicallyPrecedes(y.bytes)
        let lower = x.lower.lexicographicallyPrecedes(y.lower)
        let folded = x.folded.lexicographicallyPrecedes(y.folded)
        return bytes == lower && lower == folded
    }

    /// Writes a district's recruitment list; returns where each row landed, for the truth.
    func writeRecruitment(district d: Int, book: RecruitBook, into dir: URL, truth: TruthLedger,
                          cp1258: CP1258Cache) throws -> (path: String, placed: [(row: Int, line: Int)]) {
        var rng = Rng(seed: config.seed, stream: "recruitment-files", index: d)
        let fs = specs[d].recruitment
        let styler = RowStyler(spec: fs, world: self)
        let rel = folder(d) + "/recruitment-\(config.year).csv"
        let sink = try CSVSink(directory: dir, relativePath: rel, dialect: fs.dialect, cp1258: cp1258)
        var header: [String] = []
        if fs.stt { header.append(fs.label(TableHead.Alias.stt)) }
        header += [fs.label(TableHead.Alias.name), fs.label(TableHead.Alias.birth), fs.label(TableHead.Alias.gender),
                   fs.label(TableHead.Alias.recruitID), fs.label(TableHead.Alias.commune), fs.label(TableHead.Alias.kind),
                   fs.label(TableHead.Alias.level), fs.label(TableHead.Alias.market), fs.label(TableHead.Alias.date),
                   fs.label(TableHead.Alias.employer)]
        if fs.notes { header.append(fs.label(TableHead.Alias.note)) }
        try TableHead.write(sink, spec: fs, titles: [
            "UBND " + gazetteer.districts[d].name.uppercased(),
            "KẾT QUẢ GIẢI QUYẾT VIỆC LÀM, XUẤT KHẨU LAO ĐỘNG VÀ TUYỂN SINH GDNN NĂM \(config.year)",
            "(Số liệu từ 01/01 đến 31/12/\(config.year))",
        ], header: header)

        let mine = book.rows.indices.filter { Int(book.rows[$0].district) == d }
            .sorted { (book.rows[$0].sortKey, $0) < (book.rows[$1].sortKey, $1) }
        var placed: [(row: Int, line: Int)] = []
        var stt = 0
        for i in mine {
            let row = book.rows[i]
            let p = book.people[Int(row.person)]
            stt += 1
            var cells: [String] = []
            if fs.stt { cells.append(String(stt)) }
            let name = bank.display(p.name)
            switch row.variant {
            case .original, .undated: cells.append(styler.name(name, &rng))
            default: cells.append(TextVariants.name(name, rng.pick(NameStyle.allCases)))
            }
            cells.append(styler.date(p.birth, &rng))
            cells.append(p.sex == .male ? "Nam" : "Nữ")
            switch row.variant {
            case .withoutID: cells.append("")
            case .restyledID: cells.append(TextVariants.citizenID(p.id.digits, rng.pick([.dropZero, .spaced, .apostrophe])))
            case .otherDistrict:
                cells.append(p.id.isNone ? "" : TextVariants.citizenID(p.id.digits, rng.pick(IDStyle.allCases)))
            case .original, .undated: cells.append(styler.citizenID(p.id, &rng))
            }
            cells.append(styler.commune(Int(row.commune), &rng))
            switch row.kind {
            case .domestic:
                cells += [styler.word(["Việc làm trong nước", "Tạo việc làm mới", "Trong nước"], &rng), "", ""]
            case .abroad:
                let markets = ["Nhật Bản", "Đài Loan", "Hàn Quốc", "Đức", "Rumani", "Ả Rập Xê Út", "Singapore", "Hungary"]
                let market = markets[rng.weighted(cumulative([50, 22, 15, 3, 3, 3, 2, 2]))]
                cells += [styler.word(["Xuất khẩu lao động", "XKLĐ", "Đi làm việc ở nước ngoài"], &rng), "", market]
            case .college, .intermediate, .elementary:
                let levels: [String]
                switch row.kind {
                case .college: levels = ["Cao đẳng", "CĐ"]
                case .intermediate: levels = ["Trung cấp", "TC"]
                default: levels = ["Sơ cấp", "SC", "Dưới 3 tháng"]
                }
                cells += [styler.word(["Tuyển sinh GDNN", "Tuyển sinh học nghề", "Học nghề"], &rng), styler.word(levels, &rng), ""]
            }
            cells.append(row.variant == .undated ? "" : styler.date(row.date, &rng))
            cells.append(employer(row.kind, district: d, &rng))
            if fs.notes { cells.append(styler.note(&rng)) }
            let at = try sink.row(cells)
            if row.variant == .undated {
                truth.rejects.append(TruthReject(file: rel, line: at, column: "date"))
            } else {
                placed.append((i, at))
            }
            if rng.chance(fs.blanks) { try sink.blank(columns: rng.chance(0.5) ? header.count : 0) }
        }
        try sink.close()
        return (rel, placed)
    }

    private func employer(_ kind: RecruitKind, district d: Int, _ rng: inout Rng) -> String {
        let place = gazetteer.districts[d].name
        switch kind {
        case .abroad:
            return rng.pick(["Công ty CP Cung ứng nhân lực quốc tế và Thương mại, chi nhánh Quảng Bình",
                             "Công ty TNHH MTV Dịch vụ Việc làm Quốc tế", "Công ty CP Xuất khẩu lao động Sông Gianh",
                             "Trung tâm Dịch vụ việc làm Quảng Bình"])
        case .domestic:
            return rng.pick(["Công ty CP Xi măng Sông Gianh", "Công ty May Quảng Bình", "KCN Tây Bắc Đồng Hới",
                             "Tự tạo việc làm", "Công ty TNHH Hải Hà, Quảng Trạch", "Hợp tác xã nông nghiệp"])
        case .college:
            return rng.pick(["Trường Cao đẳng Kỹ thuật Công nghệ Quảng Bình", "Trường Cao đẳng Y tế Quảng Bình"])
        case .intermediate:
            return rng.pick(["Trường Trung cấp Kỹ thuật Công - Nông nghiệp Quảng Bình", "Trường Trung cấp Mai Lĩnh Quảng Bình"])
        case .elementary:
            return "Trung tâm GDNN-GDTX " + place
        }
    }
}
