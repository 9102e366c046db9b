import Foundation

extension TruthLedger {
    /// Writes exceptions.csv, rejects.csv, control_totals.csv and expected.json (and hard_cases.csv
    /// when the configuration plants hard cases); returns their names.
    func write(into dir: URL, world: World) throws -> [String] {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        func before(_ a: (String, Int), _ b: (String, Int)) -> Bool {
            if a.0 != b.0 { return a.0.utf8.lexicographicallyPrecedes(b.0.utf8) }
            return a.1 < b.1
        }
        func csv(_ fields: [String]) -> String {
            fields.map { f in
                f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")
                    ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
            }.joined(separator: ",") + "\n"
        }
        func save(_ name: String, _ text: String) throws {
            try Data(text.utf8).write(to: dir.appendingPathComponent(name))
        }

        let ex = exceptions.sorted {
            if $0.file != $1.file || $0.line != $1.line { return before(($0.file, $0.line), ($1.file, $1.line)) }
            return $0.type.rawValue < $1.type.rawValue
        }
        var text = csv(["exception_type", "district_code", "beneficiary_id", "source_file", "source_line"])
        for e in ex { text += csv([e.type.rawValue, e.district, e.beneficiaryID, e.file, String(e.line)]) }
        try save("exceptions.csv", text)

        text = csv(["source_file", "source_line", "column"])
        for r in rejects.sorted(by: { before(($0.file, $0.line), ($1.file, $1.line)) }) {
            text += csv([r.file, String(r.line), r.column])
        }
        try save("rejects.csv", text)

        text = csv(["source_file", "source_line", "ok"])
        for c in controls.sorted(by: { before(($0.file, $0.line), ($1.file, $1.line)) }) {
            text += csv([c.file, String(c.line), c.ok ? "true" : "false"])
        }
        try save("control_totals.csv", text)

        try save("expected.json", expectedJSON(world: world).render() + "\n")
        guard world.config.hardCases else { return ["exceptions.csv", "rejects.csv", "control_totals.csv", "expected.json"] }

        text = csv(["case", "district_code", "beneficiary_id", "source_file", "source_line"])
        for h in sortedHardCases() { text += csv([h.kind.label, h.district, h.beneficiaryID, h.file, String(h.line)]) }
        try save("hard_cases.csv", text)
        return ["exceptions.csv", "rejects.csv", "control_totals.csv", "expected.json", "hard_cases.csv"]
    }

    /// The hard cases by source file (bytewise) and line.
    func sortedHardCases() -> [TruthHardCase] {
        hardCases.sorted {
            if $0.file != $1.file { return $0.file.utf8.lexicographicallyPrecedes($1.file.utf8) }
            return $0.line < $1.line
        }
    }

    /// The figures the pipeline must produce, by period or year, district and province.
    func expectedJSON(world: World) -> JSONText {
        let codes = world.gazetteer.districts.map { $0.code }
        func periodObject(_ f: PeriodFigures) -> JSONText {
            .object(["paid_beneficiaries": .int(f.paid), "noncash_beneficiaries": .int(f.noncash),
                     "amount_paid": .int(f.amountPaid)])
        }
        var periodDistricts: [String: JSONText] = [:]
        var province = PeriodFigures()
        for (d, f) in period.enumerated() {
            periodDistricts[codes[d]] = periodObject(f)
            province.paid += f.paid; province.noncash += f.noncash; province.amountPaid += f.amountPaid
        }
        func yearObject(_ f: YearFigures) -> JSONText {
            .object([
                "jobs_total": .int(f.jobsTotal), "jobs_abroad": .int(f.jobsAbroad),
                "vet_enrolled_total": .int(f.vetTotal), "vet_enrolled_college": .int(f.vetCollege),
                "vet_enrolled_intermediate": .int(f.vetIntermediate), "vet_enrolled_elementary": .int(f.vetElementary),
                "total_households": .int(f.totalHouseholds), "poor_households": .int(f.poor),
                "near_poor_households": .int(f.nearPoor),
            ])
        }
        var yearly: [String: JSONText] = [:]
        for (y, list) in years {
            var districts: [String: JSONText] = [:]
            var total = YearFigures()
            for (d, f) in list.enumerated() { districts[codes[d]] = yearObject(f); total = total + f }
            yearly[String(y)] = .object(["districts": .object(districts), "province": yearObject(total)])
        }
        var counts: [String: JSONText] = [:]
        for t in ExceptionType.all { counts[t.rawValue] = .int(exceptions.filter { $0.type == t }.count) }
        let scale = world.config.scale
        let scaleText = scale == scale.rounded() && abs(scale) < 1e15 ? String(Int(scale)) : String(scale)
        return .object([
            "period": .string(world.period.iso),
            "year": .int(world.config.year),
            "seed": .number(String(world.config.seed)),
            "scale": .number(scaleText),
            "period_indicators": .object([world.period.iso: .object(["districts": .object(periodDistricts),
                                                                     "province": periodObject(province)])]),
            "yearly_indicators": .object(yearly),
            "exception_counts": .object(counts),
            "rejects": .int(rejects.count),
            "control_totals": .object(["ok": .int(controls.filter { $0.ok }.count),
                                       "mismatch": .int(controls.filter { !$0.ok }.count)]),
        ])
    }
}
