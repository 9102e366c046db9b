import CSVReader
import Foundation
import Logging
import Pipeline
import VietText

/// Reads one file from bytes to mapped rows: encoding, layout, header, title/blank/totals rows,
/// and hands each data row to the sink. Whatever happens, the returned ledger entry accounts
/// for every row (`rows_data = rows_loaded + rows_rejected`).
final class FileIngestor {
    private let file: InputFile
    private let config: PipelineConfig
    private let log: QualityLog
    private let sink: RowSink
    private let logger: Logger
    private let scan: FileScan?

    private var entry: LedgerEntry
    private var info: FileInfo?
    private var layout: HeaderSniffer.Layout?
    private var titleLines: [String] = []
    private var fileRejection: RowRejection?
    /// Whether `fileRejection` is set: tested at every row, where `if let` copied the
    /// rejection's four strings out of the optional (retained and released) row after row.
    private var rejectsEveryRow = false
    private var afterTotals = false
    private var runningSum: Int64 = 0
    private var runningCount = 0
    private var controlNotes: [String] = []
    // The file's constants, read at every row: kept here from its header on (reading them
    // through `FileInfo` copied the structures that hold them, row after row).
    /// The header's width.
    private var width = 0
    /// Whether the dataset has a control-total field (whose running sum is kept).
    private var sumsAmounts = false
    /// Repaired fields by the legacy encoding they were repaired from.
    private var repairs: [LegacyText.ByteEncoding: Int] = [:]
    /// The legacy text the first lines of the file show, if any: evidence for ambiguous fields
    /// before the file's own repairs have shown it.
    private var headPreference: LegacyText.ByteEncoding?
    /// `repairMojibake`'s answers by cell text, for the preference they were given with.
    private var repairsByText: [CellKey: (text: String, from: LegacyText.ByteEncoding)?] = [:]
    private var repairsPreferring: LegacyText.ByteEncoding?

    init(file: InputFile, config: PipelineConfig, log: QualityLog, sink: RowSink, logger: Logger, scan: FileScan? = nil) {
        self.scan = scan
        self.file = file
        self.config = config
        self.log = log
        self.sink = sink
        self.logger = logger
        self.entry = LedgerEntry(sourceFile: file.relativePath)
        entry.dataset = file.dataset?.rawValue
        entry.districtCode = file.district?.code
    }

    /// Ingests the file. Throws only for warehouse errors; data problems end up in the entry.
    func run() throws -> LedgerEntry {
        guard let district = file.district else {
            entry.status = "ignored"
            entry.message = "not inside a district folder: the folder name must hold a district code (e.g. 454) or name"
            return entry
        }
        guard file.isText else {
            entry.status = "ignored"
            entry.message = "not a CSV export (.\(file.url.pathExtension)): save the sheet as CSV (UTF-8) and send it again"
            logger.warning("\(file.relativePath): \(entry.message ?? "")")
            return entry
        }
        let fingerprint: FileFingerprint
        do {
            fingerprint = try TextDecoder.fingerprint(file.url, scan: scan)
        } catch let error as UnreadableFile {
            return fail(error.description)
        } catch {
            return fail("cannot read the file: \(error.localizedDescription)")
        }
        entry.sha256 = fingerprint.sha256
        entry.bytes = fingerprint.bytes
        entry.encoding = fingerprint.encoding.rawValue

        // The header lies within the first lines: 16 KiB hold them unless lines are very long.
        var head = try TextDecoder.head(file.url, contents: scan?.contents, as: fingerprint.encoding, limit: 16_384)
        if fingerprint.bytes > 16_384, head.utf8.lazy.filter({ $0 == 0x0A || $0 == 0x0D }).count <= config.thresholds.headerSearchRows * 2 {
            head = try TextDecoder.head(file.url, contents: scan?.contents, as: fingerprint.encoding)
        }
        let candidates = file.dataset.flatMap { config.spec($0) }.map { [$0] } ?? config.datasets
        guard let layout = HeaderSniffer.sniff(head, datasets: candidates,
                                               searchRows: config.thresholds.headerSearchRows,
                                               minMatches: config.thresholds.headerMinMatches),
              let spec = config.spec(layout.dataset) else {
            let examples = candidates.first.map { spec in spec.fields.filter(\.required).compactMap { $0.aliases.dropFirst().first }.joined(separator: ", ") } ?? ""
            return fail("no header found in the first \(config.thresholds.headerSearchRows) lines: no line names at least \(config.thresholds.headerMinMatches) known columns (such as \(examples))")
        }
        self.layout = layout
        headPreference = Self.mojibakeOf(Self.firstLines(of: head, bytes: 16_384))
        if file.dataset == nil {
            entry.dataset = layout.dataset.rawValue
            entry.message = "dataset recognised by its header (the file name matches no configured pattern)"
        }
        entry.delimiter = LedgerEntry.name(ofDelimiter: layout.delimiter)
        entry.headerLine = layout.headerLine

        // The legacy and UTF-16 decoders write well-formed UTF-8 (a lone surrogate becomes
        // U+FFFD), and the scan checked a UTF-8 file: the reader need not check them again.
        let knownUTF8: Bool
        switch fingerprint.encoding {
        case .utf8, .utf8BOM: knownUTF8 = scan?.validUTF8 == true
        case .windows1258, .tcvn3, .vni, .utf16LE, .utf16BE: knownUTF8 = true
        }
        let reader = try CSVStreamReader(delimiter: layout.delimiter, maxRecordLines: config.thresholds.maxRecordLines,
                                         knownUTF8: knownUTF8) { [unowned self] event in
            try self.handle(event, spec: spec, district: district, encoding: fingerprint.encoding)
        }
        do {
            try TextDecoder.decode(file.url, contents: scan?.contents, as: fingerprint.encoding) { chunk in try reader.feed(chunk) }
            try reader.finish()
        } catch let error as CocoaError {
            entry.status = "error"
            entry.message = "reading stopped: \(error.localizedDescription)"
        }
        if let info { try sink.endFile(info) }
        if !controlNotes.isEmpty { entry.controlTotal = controlNotes.joined(separator: "; ") }
        entry.fieldsRepaired = repairs.values.reduce(0, +)
        if let from = Self.dominant(repairs) {
            // The text was saved through a program that took these legacy bytes for Windows-1252.
            entry.encoding = "\(entry.encoding ?? "utf-8"), \(from.rawValue) mojibake repaired"
            try log.finding(file: file.relativePath, line: nil, rule: "field_repaired",
                            detail: "\(entry.fieldsRepaired) fields were \(from.rawValue) text misread as Windows-1252 (\"Qu¶ng B×nh\") and were repaired",
                            severity: "warning", district: entry.districtCode)
        }
        return entry
    }

    private func fail(_ message: String) -> LedgerEntry {
        entry.status = "error"
        entry.message = message
        logger.warning("\(file.relativePath): \(message)")
        return entry
    }

    // MARK: - Rows

    private func handle(_ event: CSVEvent, spec: DatasetSpec, district: Gazetteer.District, encoding: TextEncoding) throws {
        guard let layout else { return }
        switch event {
        case .malformed(let line, let column, let reason, let text):
            if info == nil {
                entry.rowsSkipped += 1
                titleLines.append(text)
                return
            }
            let columnName = info?.mapping.headerName(column - 1)
            try reject(line: line, column: columnName, value: text, reason: "unreadable CSV row: \(reason)", rule: "malformed_row")
        case .record(let record):
            if info == nil {
                if record.line < layout.headerLine {
                    entry.rowsSkipped += 1
                    let title = record.fields.filter { !$0.allSatisfy(\.isWhitespace) }.map(repaired).joined(separator: " ")
                    if !title.isEmpty { titleLines.append(VietText.clean(title)) }
                    return
                }
                try beginFile(header: record, spec: spec, district: district, encoding: encoding)
                return
            }
            try data(record)
        }
    }

    private func beginFile(header: CSVRecord, spec: DatasetSpec, district: Gazetteer.District, encoding: TextEncoding) throws {
        guard let layout else { return }
        entry.rowsSkipped += 1
        entry.headerLine = header.line
        let mapping = HeaderMapping(header: header.fields.map(repaired), spec: spec)
        entry.unknownColumns = mapping.unknownColumns
        if !mapping.missingRequired.isEmpty {
            let names = mapping.missingRequired.map { field -> String in
                var text = "\(field.name) (\(field.aliases.dropFirst().prefix(3).joined(separator: " / ")))"
                if let close = mapping.closestColumn(to: field) {
                    text += " — did you mean '\(close.column)' for '\(close.alias)'?"
                }
                return text
            }
            let reason = "the file has no column for the required field(s) \(names.joined(separator: ", ")); columns found: \(mapping.headers.joined(separator: ", "))"
            fileRejection = RowRejection(column: mapping.missingRequired.first?.name, value: nil, reason: reason, rule: "missing_column")
            rejectsEveryRow = true
            entry.status = "error"
            entry.message = reason
            logger.warning("\(file.relativePath): \(reason)")
        }
        let info = FileInfo(file: file, spec: spec, districtCode: district.code, encoding: encoding,
                            delimiter: layout.delimiter, headerLine: header.line, mapping: mapping,
                            titleLines: titleLines)
        self.info = info
        width = mapping.headers.count
        sumsAmounts = spec.dataset.amountField != nil
        try sink.beginFile(info)
    }

    private func data(_ record: CSVRecord) throws {
        guard let info else { return }
        if record.isBlank {
            entry.rowsSkipped += 1
            return
        }
        let row = mapped(record, info: info)
        if Self.isTotalsRow(record) {
            entry.rowsSkipped += 1
            try checkControlTotal(row, info: info)
            afterTotals = true
            return
        }
        if afterTotals && info.spec.fields.enumerated().allSatisfy({ !$0.element.required || Self.isEmpty(row[$0.offset]) }) {
            // Signature lines under the totals ("Người lập biểu", "Giám đốc"): not data.
            entry.rowsSkipped += 1
            return
        }
        if rejectsEveryRow, let fileRejection {
            try reject(line: record.line, column: fileRejection.column, value: row.text, reason: fileRejection.reason, rule: fileRejection.rule)
            return
        }
        if record.count > width, (width..<record.count).contains(where: { !record.isWhitespace(field: $0) }) {
            try reject(line: record.line, column: nil, value: row.text,
                       reason: "the row has \(record.count) cells but the header has \(width): an unquoted delimiter inside a value?",
                       rule: "extra_cells")
            return
        }
        if sumsAmounts {
            if let amount = sink.controlAmount(row) {
                let (sum, overflow) = runningSum.addingReportingOverflow(amount)
                runningSum = overflow ? Int64.max : sum
            }
            runningCount += 1
        }
        switch try sink.load(row) {
        case .loaded:
            entry.rowsLoaded += 1
        case .rejected(let why):
            try reject(line: record.line, column: why.column, value: why.value, reason: why.reason, rule: why.rule)
        }
    }

    private func reject(line: Int, column: String?, value: String?, reason: String, rule: String) throws {
        entry.rowsRejected += 1
        try log.reject(file: file.relativePath, line: line, column: column, value: value, reason: reason,
                       dataset: entry.dataset, district: entry.districtCode, rule: rule)
    }

    /// A cell with its legacy-encoding mojibake undone, where the evidence is clear.
    private func repaired(_ cell: String) -> String {
        // Mojibake always has bytes above ASCII, and only characters of Windows-1252: most
        // cells are settled by one fast look at their bytes.
        if ASCII.isASCII(cell) || !LegacyText.mayBeMojibake(cell) { return cell }
        return repairing(cell)
    }

    /// `repaired` of a cell that may be mojibake (`mayBeMojibake` said so).
    private func repairing(_ cell: String) -> String {
        // Once the file has shown which legacy text it holds, that settles ambiguous fields.
        let dominant = Self.dominant(repairs) ?? headPreference
        if dominant != repairsPreferring || repairsByText.count >= 20_000 {
            repairsByText.removeAll(keepingCapacity: true)
            repairsPreferring = dominant
        }
        // A mojibake file repeats its communes, code words and categories on every row.
        let fix: (text: String, from: LegacyText.ByteEncoding)?
        let key = CellKey(text: cell)
        if let known = repairsByText[key] {
            fix = known
        } else {
            fix = LegacyText.repairMojibake(cell, preferring: dominant)
            repairsByText[key] = .some(fix)
        }
        guard let fix else { return cell }
        repairs[fix.from, default: 0] += 1
        return fix.text
    }

    /// The text up to its last line break within the first `bytes` bytes (all of it if shorter):
    /// the evidence of a file's first hundred lines or so.
    static func firstLines(of text: String, bytes: Int) -> String {
        let utf8 = text.utf8
        guard utf8.count > bytes else { return text }
        let limit = utf8.index(utf8.startIndex, offsetBy: bytes)
        guard let cut = utf8[..<limit].lastIndex(where: { $0 == 0x0A || $0 == 0x0D }) else { return text }
        return String(decoding: utf8[..<cut], as: UTF8.self)
    }

    /// The legacy encoding most cells of a text repair from, on their own evidence.
    static func mojibakeOf(_ text: String) -> LegacyText.ByteEncoding? {
        var votes: [LegacyText.ByteEncoding: Int] = [:]
        var nonASCII = 0
        // Separators are ASCII: split the bytes, not the characters.
        for cell in text.utf8.split(whereSeparator: { $0 == 0x2C || $0 == 0x3B || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            guard cell.contains(where: { $0 >= 0x80 }) else { continue }
            nonASCII += 1
            if let fix = LegacyText.repairMojibake(String(decoding: cell, as: UTF8.self)) { votes[fix.from, default: 0] += 1 }
        }
        // A stray cell or two (a company name in a column no field reads) is no evidence about
        // the file: a preference would turn its correct "Lê" into "Lờ". Mojibake files show it
        // in most of their cells.
        guard let winner = dominant(votes), let count = votes[winner], count >= 3, count * 10 >= nonASCII else { return nil }
        return winner
    }

    /// The encoding with the most fields; a tie goes to the earlier of `allCases` (a
    /// dictionary's order changes from one process to the next).
    static func dominant(_ counts: [LegacyText.ByteEncoding: Int]) -> LegacyText.ByteEncoding? {
        var best: LegacyText.ByteEncoding?
        for encoding in LegacyText.ByteEncoding.allCases {
            guard let n = counts[encoding], n > 0 else { continue }
            if best.flatMap({ counts[$0] }).map({ n > $0 }) ?? true { best = encoding }
        }
        return best
    }

    private func mapped(_ record: CSVRecord, info: FileInfo) -> MappedRow {
        // Mojibake has bytes above ASCII, and only characters of Windows-1252: one look at
        // each cell's bytes settles nearly all of them, without making text of them.
        var repairs: [Int: String] = [:]
        for (field, column) in info.columns.enumerated() where column >= 0 && column < record.count {
            let suspect = record.withField(column) { !ASCII.isASCII($0) && LegacyText.mayBeMojibake($0) }
            guard suspect else { continue }
            let cell = record.field(column)
            let text = repairing(cell)
            if text != cell { repairs[field] = text }
        }
        return MappedRow(line: record.line, record: record, columns: info.columns, repairs: repairs)
    }

    // MARK: - Totals rows

    /// Words that open a totals row, folded.
    static let totalsWords: Set<String> = ["tong cong", "cong", "tong", "tong so", "cong tong", "tong cong chung", "cong chung"]

    /// A record whose first non-empty cell says "Tổng cộng", "Cộng"… (`isTotalsRow` of its
    /// cells, with the cheap test on the cell's first byte before any text is made).
    static func isTotalsRow(_ record: CSVRecord) -> Bool {
        guard let column = (0..<record.count).first(where: { !record.isWhitespace(field: $0) }) else { return false }
        guard record.withField(column, { mayOpenTotals($0.first) }) else { return false }
        return isTotalsRow([record.field(column)])
    }

    /// A row whose first non-empty cell says "Tổng cộng", "Cộng"…
    static func isTotalsRow(_ cells: [String]) -> Bool {
        guard let first = cells.first(where: { !isEmpty($0) }) else { return false }
        guard mayOpenTotals(first.utf8.first) else { return false }
        if let byte = first.utf8.first, byte >= 0x80 || byte == 0x20 || (0x09...0x0D).contains(byte) {
            guard let initial = first.first(where: { !$0.isWhitespace }), "TtCc".contains(initial) else { return false }
        }
        let folded = VietText.fold(first)
        if totalsWords.contains(folded) { return true }
        // "Tổng cộng: 125 người" — but not a person named Tống Công Thành.
        for word in totalsWords where folded.hasPrefix(word + " ") {
            if folded.dropFirst(word.count + 1).first?.isNumber == true { return true }
        }
        return false
    }

    /// Cheap test first: every totals word starts with T or C (Tổng, Cộng); folding is not
    /// cheap. An ASCII first byte other than white space decides it without Characters; any
    /// other first byte may still open one (after white space).
    static func mayOpenTotals(_ first: UInt8?) -> Bool {
        guard let byte = first, byte < 0x80, byte != 0x20, !(0x09...0x0D).contains(byte) else { return true }
        return byte == 0x54 || byte == 0x74 || byte == 0x43 || byte == 0x63
    }

    static func isEmpty(_ text: String?) -> Bool {
        text.map(CSVRecord.isWhitespace) ?? true
    }

    private func checkControlTotal(_ row: MappedRow, info: FileInfo) throws {
        defer { runningSum = 0; runningCount = 0 }
        guard let amountField = info.spec.dataset.amountField, let index = info.spec.index(of: amountField),
              info.mapping.columnOfField[index] != nil else { return }
        let file = info.file.relativePath
        let rowsAbove = runningCount
        guard let stated = sink.controlAmount(row) else {
            controlNotes.append("line \(row.line): totals row without a readable amount")
            try log.finding(file: file, line: row.line, rule: "control_total_unreadable",
                            detail: "the totals row has no readable \(amountField)", severity: "warning",
                            column: amountField, value: row[index], district: info.districtCode)
            return
        }
        let difference = stated - runningSum
        if abs(difference) > config.thresholds.controlTotalTolerance {
            let detail = "the totals row says \(VND.format(stated)) but the \(rowsAbove) rows above sum to \(VND.format(runningSum)) (difference \(VND.format(difference)))"
            controlNotes.append("line \(row.line): MISMATCH: \(detail)")
            logger.warning("\(file) line \(row.line): \(detail)")
            try log.finding(file: file, line: row.line, rule: "control_total_mismatch", detail: detail,
                            severity: "error", column: amountField, value: row[index], district: info.districtCode)
        } else {
            controlNotes.append("line \(row.line): ok, \(VND.format(stated)) over \(rowsAbove) rows")
        }
        // A count in another cell ("125 người") must match the rows above too.
        if let stated = Self.statedCount(row.cells, skipping: info.mapping.columnOfField[index]), stated != rowsAbove {
            let detail = "the totals row counts \(stated) rows but there are \(rowsAbove) rows above"
            controlNotes.append("line \(row.line): COUNT MISMATCH: \(detail)")
            try log.finding(file: file, line: row.line, rule: "control_count_mismatch", detail: detail,
                            severity: "error", district: info.districtCode)
        }
    }

    /// A cell holding only a count, optionally followed by "người", "hộ" or "đối tượng".
    static func statedCount(_ cells: [String], skipping column: Int?) -> Int? {
        for (i, cell) in cells.enumerated() where i != column {
            let words = VietText.fold(cell).split(separator: " ")
            guard let first = words.first, let n = Int(first) else { continue }
            let rest = words.dropFirst().joined(separator: " ")
            if ["nguoi", "ho", "doi tuong", "dt", "dong"].contains(rest) { return n }
        }
        return nil
    }
}

/// Vietnamese money formatting for messages: 2.055.000 đ.
public enum VND {
    public static func format(_ amount: Int64) -> String {
        let digits = String(amount.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(".") }
            out.append(ch)
        }
        return (amount < 0 ? "-" : "") + out + " đ"
    }
}
