import Ingest
import Logging
import Pipeline
import VietText
import Warehouse

/// The normalize stage as ingest's row sink: every mapped row becomes a typed, coded row of
/// its dataset's table, or a rejection with the column and the reason. The sink runs on a
/// parsing thread and keeps its rows for `NormalizeWriter`; its findings go to its worker's log.
public final class NormalizeSink: RowSink {
    private let context: RunContext
    private let log: QualityLog
    private let logger: Logger
    private let parsers: FieldParsers
    private let plausibility: Plausibility
    private var loaded: [LoadedRows] = []
    private var info: FileInfo?
    private var fields = FieldTable()
    /// The period or year a title row states ("… THÁNG 12/2023"), for rows that leave it empty.
    private var titlePeriod: String?
    private var titleYear: Int?
    /// The commune answers of the file's district.
    private var communeMemo: ParseMemo<AdminUnitResolver.Resolution>?
    // The file's constants, read at every row: kept here once per file, where reading them
    // through `FileInfo` copied its `InputFile` (URL, district, names) row after row.
    private var sourceFile = ""
    private var districtCode = ""
    /// The spec index of the dataset's control-total field, -1 when it has none.
    private var amountIndex = -1
    private var dataset = Dataset.payments
    /// Where the file's rows are packed, made with its first loaded row.
    private var out: PackedRows?

    /// A sink whose row findings go to `log` (its worker's log, kept until the writer takes it).
    public init(context: RunContext, log: QualityLog, logger: Logger) {
        self.context = context
        self.log = log
        self.logger = logger
        self.parsers = FieldParsers(codes: context.config.codes,
                                    communes: AdminUnitResolver(gazetteer: context.config.gazetteer))
        self.plausibility = Plausibility(levels: context.config.standardLevels)
    }

    public func takeLoaded() -> [LoadedRows] {
        // Rows after this go to a new batch: the writer owns these.
        defer { loaded = []; out = nil }
        return loaded
    }

    public func beginFile(_ info: FileInfo) throws {
        self.info = info
        fields = FieldTable(info.fieldNames)
        communeMemo = parsers.communes.memo(districtCode: info.districtCode)
        sourceFile = info.file.relativePath
        dataset = info.spec.dataset
        districtCode = info.districtCode
        amountIndex = info.spec.dataset.amountField.flatMap { fields.index(named: $0) } ?? -1
        out = nil
        titlePeriod = info.titleLines.lazy.compactMap { PeriodParser.find(in: $0) }.first
        titleYear = info.titleLines.lazy.compactMap(Self.yearInTitle).first
    }

    public func endFile(_ info: FileInfo) throws {
        self.info = nil
        out = nil
    }

    public func controlAmount(_ row: MappedRow) -> Int64? {
        guard amountIndex >= 0 else { return nil }
        return row.withCell(amountIndex) { parsers.controlAmount(bytes: $0) } ?? nil
    }

    public func load(_ row: __owned MappedRow) throws -> RowOutcome {
        guard let info else {
            return .rejected(RowRejection(column: nil, value: nil, reason: "no dataset for this row"))
        }
        var reader = RowReader(row: row, info: info)
        // Packed here, on the parsing thread: the writer only binds. A row is appended once
        // every field is read, so a rejected row leaves nothing behind.
        let out: PackedRows
        if let current = self.out {
            out = current
        } else {
            let batch = LoadedRows(dataset: dataset, columns: NormalizeWriter.columns(dataset))
            loaded.append(batch)
            out = batch.rows
            self.out = out
        }
        do {
            switch dataset {
            case .beneficiaries: try beneficiary(&reader, into: out)
            case .payments: try payment(&reader, into: out)
            case .households: try household(&reader, into: out)
            case .householdTotals: try householdTotal(&reader, into: out)
            case .recruitment: try recruit(&reader, into: out)
            }
        } catch let rejection as RowRejection {
            return .rejected(rejection)
        }
        for finding in reader.findings {
            try log.finding(file: info.file.relativePath, line: reader.row.line, rule: finding.rule, detail: finding.detail,
                            severity: finding.severity, column: finding.field, value: finding.value, district: info.districtCode)
        }
        return .loaded(amount: nil)
    }

    // MARK: - Shared fields

    private func index(_ name: FieldTable.Name) -> Int {
        fields[name] ?? -1
    }

    private func optional<T>(_ reader: inout RowReader, _ name: FieldTable.Name, _ parse: (String) -> Result<T, FieldError>) throws -> T? {
        guard let i = fields[name] else { return nil }
        return try reader.value(i, parse)
    }

    /// `optional` with a parser of UTF-8 bytes (no text made of a cell its parser's memo knows).
    private func optional<T>(_ reader: inout RowReader, _ name: FieldTable.Name, bytes parse: (UnsafeBufferPointer<UInt8>) -> Result<T, FieldError>) throws -> T? {
        guard let i = fields[name] else { return nil }
        return try reader.value(i, bytes: parse)
    }

    /// The person's name and key, left in the parsers' buffer until the row is packed.
    private func name(_ reader: inout RowReader, _ field: FieldTable.Name) throws -> NameInBuffer {
        guard let i = fields[field] else { throw RowRejection(column: field.text, value: nil, reason: "\(field.text) has no column") }
        return try reader.required(i, bytes: parsers.name(bytes:))
    }

    private func birth(_ reader: inout RowReader) throws -> (iso: String?, year: Int?) {
        guard let date = try optional(&reader, .birthDate, bytes: parsers.date(bytes:)) else { return (nil, nil) }
        return (date.iso, date.year)
    }

    private func commune(_ reader: inout RowReader) throws -> String? {
        guard let i = fields[.commune], let memo = communeMemo else { return nil }
        let resolution = try reader.value(i, bytes: { bytes in
            memo.answer(bytes: bytes) { self.parsers.communes.compute($0, districtCode: self.districtCode) }
        })
        if let resolution, resolution.outsideDistrict {
            reader.finding("commune_other_district", field: "commune", value: reader.text(i),
                           "commune \(resolution.code) belongs to district \(resolution.districtCode), not to the folder's \(districtCode)")
        }
        return resolution?.code
    }

    // MARK: - Datasets

    /// A person's columns, as three tables have them: the name, its match key, the birth date and year.
    private func append(_ person: NameInBuffer, _ birth: (iso: String?, year: Int?), to out: PackedRows) {
        append(person, to: out)
        out.append(text: birth.iso)
        out.append(integer: birth.year)
    }

    /// A name and its key, as two values.
    private func append(_ person: NameInBuffer, to out: PackedRows) {
        parsers.withName(person) { name, key in
            out.append(utf8: name)
            out.append(utf8: key)
        }
    }

    /// Ends a dataset's row with the columns every table has: where the row came from.
    private func endRow(line: Int, _ out: PackedRows) {
        out.append(text: sourceFile)
        out.append(integer: line)
        out.append(text: districtCode)
        out.endRow()
    }

    private func beneficiary(_ r: inout RowReader, into out: PackedRows) throws {
        guard let idField = fields[.beneficiaryId] else { throw RowRejection(column: "beneficiary_id", value: nil, reason: "no code column", rule: "required_empty") }
        let code = try r.required(idField, bytes: parsers.beneficiaryCode(bytes:))
        let person = try name(&r, .fullName)
        let birth = try birth(&r)
        let gender = try optional(&r, .gender, bytes: { self.parsers.code(.gender, bytes: $0) })
        let id = try optional(&r, .idNumber, CitizenID.parse)
        let commune = try commune(&r)
        let program = try optional(&r, .program, bytes: { self.parsers.code(.program, bytes: $0) })
        let category = try optional(&r, .category, bytes: parsers.text(bytes:))
        let amount = try optional(&r, .monthlyAmount, bytes: parsers.amount(bytes:))
        let start = try optional(&r, .startDate, bytes: parsers.fullDate(bytes:))
        let statusWritten = fields[.status].flatMap { i in r.row.withCell(i, CellText.isWritten) } ?? false
        var status = try optional(&r, .status, bytes: { self.parsers.code(.status, bytes: $0) }) ?? "active"
        let end = try optional(&r, .endDate, bytes: parsers.fullDate(bytes:))
        let method = try optional(&r, .payMethod, bytes: { self.parsers.code(.method, bytes: $0) })
        plausibility.birth(iso: birth.iso, year: birth.year, into: &r)
        plausibility.dates(birthISO: birth.iso, birthYear: birth.year, start: start, end: end, into: &r)
        plausibility.amount(amount, program: program, period: context.period, field: "monthly_amount", into: &r)
        plausibility.citizenID(id, birthYear: birth.year, gender: gender, into: &r)
        if status != "active" && end == nil {
            r.finding("end_date_missing", field: "end_date", value: nil, "status is \(status) but no end date: payments after the end cannot be detected for this record")
        }
        if let end, status == "active" {
            if statusWritten {
                r.finding("status_end_conflict", field: "status", value: end, "status says active but an end date \(end) is given: payments after it are not flagged; check the record")
            } else {
                // No status, but an end date: the allowance ended. Payments after it must show.
                status = "terminated"
                r.finding("status_inferred", field: "status", value: end, "status is empty but an end date \(end) is given: taken as terminated")
            }
        }
        out.append(text: code)
        append(person, birth, to: out)
        out.append(text: gender)
        out.append(text: id)
        out.append(text: commune)
        out.append(text: program)
        out.append(text: category)
        out.append(integer: amount)
        out.append(text: start)
        out.append(text: status)
        out.append(text: end)
        out.append(text: method)
        endRow(line: r.row.line, out)
    }

    private func payment(_ r: inout RowReader, into out: PackedRows) throws {
        var period: String?
        if let i = fields[.period] {
            if r.isEmpty(i), let titlePeriod {
                period = titlePeriod
            } else {
                period = try r.required(i, bytes: parsers.period(bytes:))
            }
        } else {
            period = titlePeriod
        }
        guard let period else {
            throw RowRejection(column: "period", value: nil, reason: "period is empty and no title row names the month", rule: "required_empty")
        }
        let code = try optional(&r, .beneficiaryId, bytes: parsers.beneficiaryCode(bytes:))
        let person = try name(&r, .fullName)
        let birth = try birth(&r)
        let id = try optional(&r, .idNumber, CitizenID.parse)
        let commune = try commune(&r)
        guard let amountField = fields[.amount] else { throw RowRejection(column: "amount", value: nil, reason: "no amount column", rule: "required_empty") }
        let amount = try r.required(amountField, bytes: parsers.amount(bytes:))
        let method = try optional(&r, .method, bytes: { self.parsers.code(.method, bytes: $0) })
        let paid = try optional(&r, .paidDate, bytes: parsers.fullDate(bytes:))
        plausibility.birth(iso: birth.iso, year: birth.year, into: &r)
        plausibility.citizenID(id, birthYear: birth.year, gender: nil, into: &r)
        out.append(text: period)
        out.append(text: code)
        append(person, birth, to: out)
        out.append(text: id)
        out.append(text: commune)
        out.append(integer: amount)
        out.append(text: method)
        out.append(text: paid)
        endRow(line: r.row.line, out)
    }

    private func household(_ r: inout RowReader, into out: PackedRows) throws {
        let code = try optional(&r, .householdId, bytes: parsers.beneficiaryCode(bytes:))
        let head = try name(&r, .headName)
        let id = try optional(&r, .idNumber, CitizenID.parse)
        guard let commune = try commune(&r) else { throw RowRejection(column: "commune", value: nil, reason: "commune is empty", rule: "required_empty") }
        let village = try optional(&r, .village, bytes: parsers.text(bytes:))
        let members = try optional(&r, .members, bytes: parsers.count(bytes:))
        guard let cls = try optional(&r, .classification, bytes: { self.parsers.code(.classification, bytes: $0) }) else {
            throw RowRejection(column: "classification", value: nil, reason: "classification is empty", rule: "required_empty")
        }
        let year = try yearField(&r)
        out.append(text: code)
        append(head, to: out)
        out.append(text: id)
        out.append(text: commune)
        out.append(text: village)
        out.append(integer: members)
        out.append(text: cls)
        out.append(integer: year)
        endRow(line: r.row.line, out)
    }

    private func householdTotal(_ r: inout RowReader, into out: PackedRows) throws {
        guard let commune = try commune(&r) else { throw RowRejection(column: "commune", value: nil, reason: "commune is empty", rule: "required_empty") }
        let year = try yearField(&r)
        guard let total = try optional(&r, .totalHouseholds, bytes: parsers.count(bytes:)) else {
            throw RowRejection(column: "total_households", value: nil, reason: "total_households is empty", rule: "required_empty")
        }
        out.append(text: commune)
        out.append(integer: year)
        out.append(integer: total)
        endRow(line: r.row.line, out)
    }

    private func recruit(_ r: inout RowReader, into out: PackedRows) throws {
        let person = try name(&r, .fullName)
        let birth = try birth(&r)
        let id = try optional(&r, .idNumber, CitizenID.parse)
        let commune = try commune(&r)
        guard let kind = try optional(&r, .kind, bytes: { self.parsers.code(.kind, bytes: $0) }) else {
            throw RowRejection(column: "kind", value: nil, reason: "kind is empty", rule: "required_empty")
        }
        var level = try optional(&r, .level, bytes: { self.parsers.code(.level, bytes: $0) })
        if kind == "vet" && level == nil {
            let i = index(.level)
            let raw = i >= 0 ? r.text(i) : nil
            throw RowRejection(column: i >= 0 ? r.columnName(i) : "level", value: raw,
                               reason: raw == nil ? "a vocational enrolment needs its level (Cao đẳng, Trung cấp, Sơ cấp)" : "level: '\(raw ?? "")' is not a known level")
        }
        if kind != "vet" { level = nil }
        plausibility.birth(iso: birth.iso, year: birth.year, into: &r)
        plausibility.citizenID(id, birthYear: birth.year, gender: nil, into: &r)
        let market = try optional(&r, .market, bytes: parsers.text(bytes:))
        guard let dateField = fields[.date] else { throw RowRejection(column: "date", value: nil, reason: "no date column", rule: "required_empty") }
        let date = try r.required(dateField, bytes: parsers.date(bytes:))
        append(person, birth, to: out)
        out.append(text: id)
        out.append(text: commune)
        out.append(text: kind)
        out.append(text: level)
        out.append(text: market)
        out.append(text: date.iso)
        out.append(integer: date.year)
        endRow(line: r.row.line, out)
    }

    private func yearField(_ r: inout RowReader) throws -> Int {
        if let i = fields[.year], !r.isEmpty(i) { return try r.required(i, bytes: parsers.year(bytes:)) }
        if let titleYear { return titleYear }
        throw RowRejection(column: "year", value: nil, reason: "year is empty and no title row names it", rule: "required_empty")
    }

    /// "… NĂM 2023" in a title row.
    static func yearInTitle(_ title: String) -> Int? {
        let words = VietText.fold(title).split(separator: " ")
        for (i, word) in words.enumerated() where word == "nam" && i + 1 < words.count {
            if let year = Int(words[i + 1]), (1900...2200).contains(year) { return year }
        }
        return nil
    }
}

/// Writes the rows the sinks kept into their dataset tables, in batches of rows per insert
/// (`BatchedInsert`), on the stage's writing thread inside the file's transaction.
public final class NormalizeWriter {
    private var inserts: [Dataset: BatchedInsert] = [:]
    /// What the dataset checks count, taken from the rows written (nil: not counted).
    let tally: DatasetTally?

    /// A writer into `db`'s dataset tables; with `tally`, it counts what the checks need.
    init(db: Database, tally: DatasetTally?) throws {
        self.tally = tally
        inserts[.beneficiaries] = try BatchedInsert(db: db, """
            INSERT INTO beneficiaries(beneficiary_id, full_name, name_key, birth_date, birth_year, gender, id_number,
              commune_code, program, category, monthly_amount, start_date, status, end_date, pay_method,
              source_file, source_line, district_code)
            """, columns: Self.columns(.beneficiaries))
        inserts[.payments] = try BatchedInsert(db: db, """
            INSERT INTO payments(period, beneficiary_id, full_name, name_key, birth_date, birth_year, id_number,
              commune_code, amount, method, paid_date, source_file, source_line, district_code)
            """, columns: Self.columns(.payments))
        inserts[.households] = try BatchedInsert(db: db, """
            INSERT INTO households(household_id, head_name, name_key, id_number, commune_code, village, members,
              classification, year, source_file, source_line, district_code)
            """, columns: Self.columns(.households))
        inserts[.householdTotals] = try BatchedInsert(db: db, """
            INSERT INTO household_totals(commune_code, year, total_households, source_file, source_line, district_code)
            """, columns: Self.columns(.householdTotals))
        inserts[.recruitment] = try BatchedInsert(db: db, """
            INSERT INTO recruitment(full_name, name_key, birth_date, birth_year, id_number, commune_code, kind, level,
              market, date, year, source_file, source_line, district_code)
            """, columns: Self.columns(.recruitment))
    }

    /// The values in a row of a dataset's table, as the sink packs them.
    static func columns(_ dataset: Dataset) -> Int {
        switch dataset {
        case .beneficiaries: return 18
        case .payments: return 14
        case .households: return 12
        case .householdTotals: return 6
        case .recruitment: return 14
        }
    }

    /// Inserts the rows, in order, and sends every batch before returning (the caller's
    /// transaction ends after it).
    public func write(_ batches: [LoadedRows]) throws {
        var used: [BatchedInsert] = []
        for batch in batches {
            guard let insert = inserts[batch.dataset] else { continue }
            try insert.rows(batch.rows)
            tally?.add(batch)
            if !used.contains(where: { $0 === insert }) { used.append(insert) }
        }
        for insert in used { try insert.flush() }
    }
}

/// A dataset's field names → their index in the spec, looked up once per file: the sink asks
/// for a dozen fields at every row, and comparing names there cost more than the lookups.
struct FieldTable {
    /// The fields the sink reads, by the names the configuration gives them.
    enum Name: Int, CaseIterable {
        case amount, beneficiaryId, birthDate, category, classification, commune, date, endDate, fullName, gender, headName, householdId, idNumber, kind, level, market, members, method, monthlyAmount, paidDate, payMethod, period, program, startDate, status, totalHouseholds, village, year

        /// The field's name in the configuration.
        var text: String { Self.texts[rawValue] }
        private static let texts: [String] = ["amount", "beneficiary_id", "birth_date", "category", "classification", "commune", "date", "end_date", "full_name", "gender", "head_name", "household_id", "id_number", "kind", "level", "market", "members", "method", "monthly_amount", "paid_date", "pay_method", "period", "program", "start_date", "status", "total_households", "village", "year"]
    }

    private var names: [String] = []
    /// The spec index of each `Name`, -1 when the dataset has no such field: stored inline,
    /// so that reading it (a dozen times a row, through the sink) counts no reference.
    private var slots = InlineArray<28, Int16>(repeating: -1)

    init(_ names: [String] = []) {
        self.names = names
        precondition(Name.allCases.count <= 28, "FieldTable: room for 28 names")
        for name in Name.allCases {
            if let i = names.firstIndex(of: name.text) { slots[name.rawValue] = Int16(i) }
        }
    }

    subscript(_ name: Name) -> Int? {
        let i = Int(slots[name.rawValue])
        return i >= 0 ? i : nil
    }

    /// The index of a field named by the configuration (not one of `Name`).
    func index(named name: String) -> Int? {
        names.firstIndex(of: name)
    }
}
