import Foundation

extension World {
    /// Writes a district's beneficiaries file; records REGISTERED_NOT_PAID and DUPLICATE_RECORD
    /// truth rows and the planted nameless row. Returns the relative path.
    func writeBeneficiaries(district d: Int, into dir: URL, truth: TruthLedger, cp1258: CP1258Cache) throws -> String {
        var rng = Rng(seed: config.seed, stream: "beneficiaries", index: d)
        let spec = specs[d]
        let fs = spec.beneficiaries
        let styler = RowStyler(spec: fs, world: self)
        let districtCode = gazetteer.districts[d].code
        let rel = folder(d) + "/beneficiaries.csv"
        let sink = try CSVSink(directory: dir, relativePath: rel, dialect: fs.dialect, cp1258: cp1258)

        var header: [String] = []
        if fs.stt { header.append(fs.label(TableHead.Alias.stt)) }
        header.append(fs.label(TableHead.Alias.code))
        let nameColumn = header.count
        header.append(fs.label(TableHead.Alias.name))
        header.append(fs.label(TableHead.Alias.birth))
        header.append(fs.label(TableHead.Alias.gender))
        header.append(fs.label(TableHead.Alias.id))
        header.append(fs.label(TableHead.Alias.commune))
        if fs.address { header.append(fs.label(TableHead.Alias.address)) }
        header.append(fs.label(TableHead.Alias.program))
        header.append(fs.label(TableHead.Alias.category))
        let amountColumn = header.count
        header.append(fs.label(TableHead.Alias.monthly))
        header.append(fs.label(TableHead.Alias.start))
        header.append(fs.label(TableHead.Alias.status))
        header.append(fs.label(TableHead.Alias.end))
        header.append(fs.label(TableHead.Alias.payMethod))
        if fs.notes { header.append(fs.label(TableHead.Alias.note)) }

        try TableHead.write(sink, spec: fs, titles: [
            d % 2 == 0 ? "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" : "PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI " + gazetteer.districts[d].name.uppercased(),
            "DANH SÁCH ĐỐI TƯỢNG HƯỞNG TRỢ CẤP HÀNG THÁNG",
            "(Số liệu đến ngày \(period.lastDay.d)/\(period.month)/\(period.year))",
        ], header: header)

        let communes = gazetteer.districts[d].communes
        var communePos: [Int: Int] = [:]
        for (k, c) in communes.enumerated() { communePos[c] = k }
        let mine = records.indices.filter { Int(records[$0].district) == d }
            .sorted { (communePos[Int(records[$0].commune)] ?? 0, records[$0].serial) < (communePos[Int(records[$1].commune)] ?? 0, records[$1].serial) }

        // The planted nameless rows go to districts whose registry has no totals row.
        let namelessDistricts = gazetteer.districts.indices.filter { specs[$0].beneficiaries.totals == nil }
        var nameless = 0
        if let pos = namelessDistricts.firstIndex(of: d) {
            var k = pos
            while k < calibration.namelessRecords { nameless += 1; k += namelessDistricts.count }
        }
        let namelessAfter = Set(rng.sample(min(nameless, mine.count), of: max(mine.count, 1)))

        var stt = 0, sum = 0
        for (k, i) in mine.enumerated() {
            stt += 1
            let r = records[i]
            let at = try sink.row(beneficiaryRow(r, stt: stt, fs: fs, styler: styler, &rng))
            records[i].line = Int32(at)
            sum += Int(r.amount)
            let code = normalizedCode(r)
            switch r.role {
            case .notPaid:
                truth.add(.registeredNotPaid, district: districtCode, id: code, file: rel, line: at)
            case .duplicateRecordUnpaid:
                truth.add(.registeredNotPaid, district: districtCode, id: code, file: rel, line: at)
                truth.add(.duplicateRecord, district: districtCode, id: code, file: rel, line: at)
            case .duplicateRecordPaid:
                truth.add(.duplicateRecord, district: districtCode, id: code, file: rel, line: at)
            default: break
            }
            if r.role.isPaid {
                truth.period[d].paid += 1
                if r.noncash { truth.period[d].noncash += 1 }
            }
            if namelessAfter.contains(k) {
                stt += 1
                var ghost = r
                ghost.serial = takeSerial(d, &rng)
                ghost.id = .none
                var row = beneficiaryRow(ghost, stt: stt, fs: fs, styler: styler, &rng)
                row[nameColumn] = ""
                let at = try sink.row(row)
                truth.rejects.append(TruthReject(file: rel, line: at, column: "full_name"))
            }
            if rng.chance(fs.blanks) { try sink.blank(columns: rng.chance(0.5) ? header.count : 0) }
        }
        if let label = fs.totals {
            var row = [String](repeating: "", count: header.count)
            row[0] = label
            row[nameColumn] = "\(stt) người"
            row[amountColumn] = TextVariants.money(sum, fs.money)
            let at = try sink.row(row)
            truth.controls.append(TruthControl(file: rel, line: at, ok: true))
        }
        try sink.close()
        return rel
    }

    private func beneficiaryRow(_ r: Record, stt: Int, fs: FileSpec, styler: RowStyler, _ rng: inout Rng) -> [String] {
        var row: [String] = []
        if fs.stt { row.append(String(stt)) }
        row.append(TextVariants.code(district: gazetteer.districts[Int(r.district)].code, serial: Int(r.serial), .dashed))
        row.append(styler.name(bank.display(r.name), &rng))
        row.append(styler.date(r.birth, &rng))
        row.append(r.sex == .male ? "Nam" : "Nữ")
        row.append(styler.citizenID(r.id, &rng))
        row.append(styler.commune(Int(r.commune), &rng))
        if fs.address { row.append(address(Int(r.commune), &rng)) }
        row.append(styler.word(r.program == .ncc ? ["NCC", "Người có công"] : ["BTXH", "Bảo trợ xã hội"], &rng))
        row.append(categories[Int(r.category)].name)
        row.append(styler.money(Int(r.amount), &rng))
        row.append(styler.date(r.start, &rng))
        switch r.status {
        case .active: row.append(styler.word(["Đang hưởng", "ĐH"], &rng))
        case .dead: row.append(styler.word(["Đã chết", "Chết", "Từ trần"], &rng))
        case .terminated: row.append(styler.word(["Cắt hưởng", "Dừng hưởng", "Thôi hưởng"], &rng))
        }
        row.append(r.status == .active ? "" : styler.date(r.end, &rng))
        let noncashMethod = r.noncash || (r.role.isPaid && rng.chance(0.002))
        row.append(styler.word(noncashMethod ? ["Chuyển khoản", "Qua tài khoản", "ATM"] : ["Tiền mặt", "TM"], &rng))
        if fs.notes { row.append(styler.note(&rng)) }
        return row
    }

    /// A village address "Thôn 3, Quảng Hòa" (holds a comma: quoted in comma-delimited files).
    func address(_ commune: Int, _ rng: inout Rng) -> String {
        village(commune, &rng) + ", " + gazetteer.communes[commune].bare
    }

    /// A village, residential group or sub-area of a commune.
    func village(_ commune: Int, _ rng: inout Rng) -> String {
        villageName(commune, rng.below(256))
    }

    /// The village with this number (0–255) in a commune: "Thôn 3", "Tổ dân phố 5", "Bản Ón".
    func villageName(_ commune: Int, _ number: Int) -> String {
        switch gazetteer.communes[commune].type {
        case "Phường": return "Tổ dân phố \(number % 14 + 1)"
        case "Thị trấn": return "Tiểu khu \(number % 12 + 1)"
        default:
            let bans = ["Ón", "Yên Hợp", "Cha Lo", "Ka Oóc", "Rìn Rìn", "Bãi Dinh"]
            return number % 9 == 0 ? "Bản " + bans[(number / 9) % bans.count] : "Thôn \(number % 12 + 1)"
        }
    }
}
