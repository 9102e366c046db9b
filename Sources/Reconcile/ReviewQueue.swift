import CSVReader
import Crypto
import Foundation
import Warehouse

/// The review queue: NEEDS_REVIEW lines go out to analysts as a spreadsheet, their decisions
/// (match / no match, who, when) come back into `review_decisions` and are applied in every
/// later run and month before the matcher is asked, so a decided case is never asked again and
/// never overturned by the model.
public enum ReviewQueue {
    /// A payment line's identity across months: district, commune, folded name, birth, code
    /// and citizen ID as the paying agency writes them (file and line change every month),
    /// hashed (sha256, hex) — the exported file travels to analysts and must not carry the ID.
    static func signature(_ line: PaymentLine) -> String {
        SHA256.hash(data: Data(legacySignature(line).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The signature as the first exports wrote it, in clear: decisions stored under it still apply.
    static func legacySignature(_ line: PaymentLine) -> String {
        [line.districtCode, line.communeCode ?? "", line.nameKey, line.birthDate ?? line.birthYear.map(String.init) ?? "",
         line.code ?? "", line.idNumber ?? ""].joined(separator: "|")
    }

    /// The columns of the exported file; analysts fill `decision` (and `decided_by`, `note`).
    static let header = ["signature", "period", "district_code", "source_file", "source_line", "payee_name", "payee_birth",
                         "payee_commune", "amount", "candidate_id", "candidate_name", "candidate_birth", "candidate_commune",
                         "candidate_probability", "reason", "decision", "decided_by", "note"]

    /// Writes the period's NEEDS_REVIEW lines, largest amount at risk first, one row per
    /// candidate record (most probable first, with the model's probability when it weighed
    /// them), as UTF-8 with a BOM for Excel. Returns the number of rows.
    @discardableResult
    public static func export(db: Database, period: String, to url: URL) throws -> Int {
        let rows = try db.rows("""
            SELECT e.district_code, e.source_file, e.source_line, p.full_name, COALESCE(p.birth_date, p.birth_year), p.commune_code,
                   p.amount, e.detail, p.beneficiary_id, p.name_key, p.birth_year, p.birth_date, p.id_number, e.amount_at_risk
            FROM recon_exceptions e JOIN payments p ON p.source_file = e.source_file AND p.source_line = e.source_line
            WHERE e.period = ? AND e.exception_type = 'NEEDS_REVIEW'
            ORDER BY e.amount_at_risk DESC, e.source_file, e.source_line
            """, [.text(period)])
        // The candidates are the review pairs the matcher weighed, each with its registry line
        // (codes may repeat across districts, the line does not), read in one query grouped by
        // payment line: the export opens the warehouse read-only and can build no index, so
        // a lookup per review line would scan every pair each time.
        var candidates: [String: [[SQLValue]]] = [:]
        for row in try db.rows("""
            SELECT c.source_file, c.source_line, c.beneficiary_id, b.full_name, COALESCE(b.birth_date, b.birth_year), b.commune_code, c.probability
            FROM recon_pairs c JOIN beneficiaries b ON b.source_file = c.record_file AND b.source_line = c.record_line
            WHERE c.period = ? AND c.decision = 'review'
            ORDER BY c.source_file, c.source_line, c.probability DESC, b.source_file, b.source_line
            """, [.text(period)]) {
            candidates["\(row[0].string ?? "")\u{1}\(row[1].int ?? 0)", default: []].append(row)
        }
        let writer = CSVWriter()
        writer.row(header)
        var count = 0
        for r in rows {
            let line = PaymentLine(code: r[8].string, fullName: r[3].string ?? "", nameKey: r[9].string ?? "", birthDate: r[11].string,
                                   birthYear: r[10].int.map(Int.init), idNumber: r[12].string, communeCode: r[5].string,
                                   districtCode: r[0].string ?? "", amount: r[6].int ?? 0, method: nil,
                                   sourceFile: r[1].string ?? "", sourceLine: Int(r[2].int ?? 0))
            let detail = r[7].string ?? ""
            for c in candidates["\(line.sourceFile)\u{1}\(line.sourceLine)"] ?? [] {
                writer.row([signature(line), period, line.districtCode, line.sourceFile, String(line.sourceLine), line.fullName,
                            r[4].string ?? "", line.communeCode ?? "", String(line.amount), c[2].string ?? "",
                            c[3].string ?? "", c[4].string ?? "", c[5].string ?? "",
                            c[6].double.map { String(format: "%.3f", $0) } ?? "",
                            detail, "", "", ""])
                count += 1
            }
        }
        try writer.write(to: url)
        return count
    }

    /// What an import did.
    public struct ImportResult: Sendable, Equatable {
        public var decisions = 0
        public var skipped = 0
        public var problems: [String] = []

        public init(decisions: Int = 0, skipped: Int = 0, problems: [String] = []) {
            self.decisions = decisions
            self.skipped = skipped
            self.problems = problems
        }
    }

    /// Reads an exported file with the analysts' decisions filled in: "match" / "khớp" / "có"
    /// or "no match" / "không khớp" / "không"; empty rows are left for later. Decisions are
    /// stored (a new decision for the same line and record replaces the old one).
    public static func importDecisions(from url: URL, into db: Database, decidedBy defaultAnalyst: String, now: Date = Date()) throws -> ImportResult {
        var records: [CSVRecord] = []
        var problems: [String] = []
        let reader = try CSVStreamReader(delimiter: sniffDelimiter(url)) { event in
            switch event {
            case .record(let record): if !record.isBlank { records.append(record) }
            case .malformed(let line, _, let reason, _): problems.append("line \(line): \(reason)")
            }
        }
        var data = try Data(contentsOf: url)
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data.removeFirst(3) }
        try reader.feed(data)
        try reader.finish()
        guard let headerRecord = records.first else { return ImportResult(problems: ["the file is empty"]) }
        let columns = Dictionary(headerRecord.fields.enumerated().map { ($1.trimmingCharacters(in: .whitespaces), $0) }, uniquingKeysWith: { a, _ in a })
        for needed in ["signature", "candidate_id", "decision"] where columns[needed] == nil {
            throw ReviewImportError("the file has no column '\(needed)': import the file `ansinh review export` wrote")
        }
        var result = ImportResult(problems: problems)
        let stamp = ISO8601DateFormatter().string(from: now)
        let insert = try db.prepare("""
            INSERT OR REPLACE INTO review_decisions(signature, beneficiary_id, decision, decided_by, decided_at, note, period, source_file, source_line)
            VALUES (?,?,?,?,?,?,?,?,?)
            """)
        func cell(_ record: CSVRecord, _ name: String) -> String {
            guard let i = columns[name], i < record.fields.count else { return "" }
            return record.fields[i].trimmingCharacters(in: .whitespaces)
        }
        try db.transaction {
            for record in records.dropFirst() {
                let decisionText = cell(record, "decision")
                guard !decisionText.isEmpty else { result.skipped += 1; continue }
                guard let decision = Self.decision(decisionText) else {
                    result.problems.append("line \(record.line): '\(decisionText)' is not match / no match")
                    continue
                }
                let analyst = cell(record, "decided_by").isEmpty ? defaultAnalyst : cell(record, "decided_by")
                try insert.run([.text(cell(record, "signature")), .text(cell(record, "candidate_id")), .text(decision),
                                .text(analyst), .text(stamp), .text(cell(record, "note").isEmpty ? nil : cell(record, "note")),
                                .text(cell(record, "period")), .text(cell(record, "source_file")), .int(Int(cell(record, "source_line")))])
                result.decisions += 1
            }
        }
        return result
    }

    /// "match", "khớp", "có", "yes" / "no match", "không khớp", "không", "no".
    static func decision(_ text: String) -> String? {
        let folded = text.lowercased().replacingOccurrences(of: "_", with: " ")
        if ["match", "khớp", "khop", "có", "co", "yes", "y", "1"].contains(folded) { return "match" }
        if ["no match", "không khớp", "khong khop", "không", "khong", "no", "n", "0"].contains(folded) { return "no_match" }
        return nil
    }

    /// Excel may save the file back with semicolons or tabs.
    static func sniffDelimiter(_ url: URL) throws -> UInt8 {
        let head = try String(decoding: Data(contentsOf: url).prefix(4096), as: UTF8.self)
        let firstLine = head.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let counts: [(UInt8, Int)] = [(0x2C, firstLine.filter { $0 == "," }.count), (0x3B, firstLine.filter { $0 == ";" }.count),
                                      (0x09, firstLine.filter { $0 == "\t" }.count)]
        return counts.max { $0.1 < $1.1 }?.0 ?? 0x2C
    }

    /// The stored decisions by line signature: codes matched, codes ruled out.
    static func load(_ db: Database) throws -> [String: (match: String?, notThese: Set<String>)] {
        var out: [String: (match: String?, notThese: Set<String>)] = [:]
        for row in try db.rows("SELECT signature, beneficiary_id, decision FROM review_decisions ORDER BY decided_at") {
            let signature = row[0].string ?? "", code = row[1].string ?? ""
            var entry = out[signature] ?? (nil, [])
            if row[2].string == "match" { entry.match = code } else { entry.notThese.insert(code) }
            out[signature] = entry
        }
        return out
    }
}

/// An import that cannot be read as a review file.
public struct ReviewImportError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
