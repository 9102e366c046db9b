import Foundation

extension World {
    /// Writes a district's payment lists; returns the relative paths written.
    func writePayments(district d: Int, into dir: URL, truth: TruthLedger, cp1258: CP1258Cache) throws -> [String] {
        var rng = Rng(seed: config.seed, stream: "payments", index: d)
        let lines = paymentLines(district: d, &rng)
        let spec = specs[d]
        let fs = spec.payments
        let styler = RowStyler(spec: fs, world: self)
        let districtCode = gazetteer.districts[d].code
        let wrong = wrongTotalsFile()
        let files = paymentFiles(of: d)
        var written: [String] = []

        var header: [String] = []
        if fs.stt { header.append(fs.label(TableHead.Alias.stt)) }
        header.append(fs.label(TableHead.Alias.period))
        if spec.pointers.hasCode { header.append(fs.label(TableHead.Alias.code)) }
        let nameColumn = header.count
        header.append(fs.label(TableHead.Alias.payeeName))
        header.append(fs.label(spec.paymentYearOnly ? TableHead.Alias.birthYear : TableHead.Alias.birth))
        if spec.pointers.hasID { header.append(fs.label(TableHead.Alias.id)) }
        header.append(fs.label(TableHead.Alias.commune))
        let amountColumn = header.count
        header.append(fs.label(TableHead.Alias.amount))
        header.append(fs.label(TableHead.Alias.method))
        header.append(fs.label(TableHead.Alias.paidDate))
        if fs.signature { header.append(fs.label(TableHead.Alias.signature)) }
        if fs.notes { header.append(fs.label(TableHead.Alias.note)) }

        let order = lines.indices.sorted { (lines[$0].sortKey, $0) < (lines[$1].sortKey, $1) }
        for (k, file) in files.enumerated() {
            let rel = folder(d) + "/" + file.name
            let sink = try CSVSink(directory: dir, relativePath: rel, dialect: fs.dialect, cp1258: cp1258)
            let monthTitle: String
            if file.holdsPeriod && file.holdsPrevious {
                monthTitle = "THÁNG \(period.previous.month) VÀ \(period.month)/\(period.year)"
            } else if file.holdsPeriod {
                monthTitle = "THÁNG \(World.twoDigits(period.month))/\(period.year)" + (file.round > 0 ? " (ĐỢT \(file.round))" : "")
            } else {
                monthTitle = "THÁNG \(World.twoDigits(period.previous.month))/\(period.previous.year)"
            }
            try TableHead.write(sink, spec: fs, titles: [
                k % 2 == 0 ? "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" : "UBND " + gazetteer.districts[d].name.uppercased(),
                "DANH SÁCH CHI TRẢ TRỢ CẤP " + monthTitle,
                "(Kèm theo Quyết định số \(1_000 + rng.below(8_000))/QĐ-UBND, ngày 05/\(World.twoDigits(period.month))/\(period.year))",
            ], header: header)

            var stt = 0, sum = 0
            for i in order where lines[i].file == k {
                let l = lines[i]
                stt += 1
                let row = paymentRow(l, stt: stt, spec: spec, styler: styler, &rng)
                let at = try sink.row(row)
                if let h = l.hard, l.isPeriod, l.record >= 0 {
                    truth.hardCases.append(TruthHardCase(kind: h, district: districtCode,
                                                         beneficiaryID: normalizedCode(records[Int(l.record)]),
                                                         file: rel, line: at))
                }
                if l.kind == .badAmount {
                    truth.rejects.append(TruthReject(file: rel, line: at, column: "amount"))
                } else {
                    sum += l.amount
                    if l.isPeriod { truth.period[d].amountPaid += l.amount }
                }
                if let t = l.truth, l.isPeriod {
                    let id: String
                    switch l.kind {
                    case .unregistered: id = ""
                    default: id = l.record >= 0 ? normalizedCode(records[Int(l.record)]) : ""
                    }
                    truth.add(t, district: districtCode, id: id, file: rel, line: at, amount: l.amount)
                }
                if rng.chance(fs.blanks) { try sink.blank(columns: rng.chance(0.5) ? header.count : 0) }
            }
            if let label = fs.totals {
                let isWrong = wrong.map { $0.district == d && $0.file == k } ?? false
                var shown = sum
                if isWrong { shown += (stt > 0 ? Category.btxh * 3 / 2 : 100_000) }
                var row = [String](repeating: "", count: header.count)
                row[0] = label
                row[nameColumn] = "\(stt) người"
                row[amountColumn] = TextVariants.money(shown, fs.money)
                let at = try sink.row(row)
                truth.controls.append(TruthControl(file: rel, line: at, ok: !isWrong))
            }
            try sink.close()
            written.append(rel)
        }
        return written
    }

    private func paymentRow(_ l: PaymentLine, stt: Int, spec: DistrictSpec, styler: RowStyler, _ rng: inout Rng) -> [String] {
        let fs = spec.payments
        let month = l.isPeriod ? period : period.previous
        let record: Record? = l.record >= 0 ? records[Int(l.record)] : nil
        let payee: Payee? = l.payee >= 0 ? payees[Int(l.payee)] : nil
        // A hard case is written over the line's usual cells: every random draw stays as it
        // would be without it, so the rest of the file is the same with or without hard cases.
        let hard: HardCase? = l.hard == nil || l.record < 0 ? nil : hardCases[Int(l.record)]
        var row: [String] = []
        if fs.stt { row.append(String(stt)) }
        row.append(TextVariants.month(month, rng.chance(fs.drift) ? rng.pick(MonthStyle.allCases) : spec.monthStyle))
        if spec.pointers.hasCode {
            if l.withCode, let r = record {
                let primary: CodeStyle = fs.header == .code ? .compact : .dashed
                let style = rng.chance(0.05) ? rng.pick(CodeStyle.allCases) : primary
                let code = TextVariants.code(district: gazetteer.districts[Int(r.district)].code, serial: Int(r.serial), style)
                row.append(hard == nil ? code : "")
            } else {
                row.append("")
            }
        }
        // Name and birth: the payee's own when there is one, else the record's.
        let name: String
        let birth: Day
        if let p = payee {
            name = bank.display(p.name); birth = p.birth
        } else if let h = hard {
            name = h.name; birth = h.birth
        } else if let r = record {
            name = l.typo ? (typoNames[Int(l.record)] ?? bank.display(r.name)) : bank.display(r.name)
            birth = r.birth
        } else {
            name = ""; birth = Day.yearOnly(1950)
        }
        row.append(styler.name(name, &rng))
        if l.yearOnly {
            // A hard case always shows the full date (in the file's own style: no draw).
            row.append(hard != nil ? TextVariants.date(birth, fs.dates) : "\(birth.y)")
        } else {
            let date = styler.date(birth, &rng)
            // A misspelt line for review gives only the birth year: a misspelt name with the full
            // birth date, unique in the commune, is a match (the hard case given_name_typo).
            row.append(l.kind == .typoReview ? "\(birth.y)" : date)
        }
        if spec.pointers.hasID {
            var id = CitizenID.none
            if l.withID {
                if l.kind == .unregistered, let p = payee { id = p.id } else if let r = record { id = r.id }
            }
            if let h = hard {
                if h.id.isNone {
                    _ = styler.citizenID(id, &rng)
                    row.append("")
                } else if id.isNone {
                    row.append(TextVariants.citizenID(h.id.digits, fs.ids))
                } else {
                    row.append(styler.citizenID(h.id, &rng))
                }
            } else {
                row.append(styler.citizenID(id, &rng))
            }
        }
        row.append(styler.commune(l.commune, &rng))
        row.append(l.kind == .badAmount ? rng.pick(["hai triệu", "Hai triệu đồng"]) : styler.money(l.amount, &rng))
        let cash = ["Tiền mặt", "TM"], noncash = ["Chuyển khoản", "Qua tài khoản", "TK", "ATM"]
        row.append(styler.word(l.noncash ? noncash : cash, &rng))
        row.append(styler.date(Day(month.year, month.month, rng.int(3...25)), &rng))
        if fs.signature { row.append("") }
        if fs.notes { row.append(styler.note(&rng)) }
        return row
    }
}
