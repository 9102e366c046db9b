import CSVReader
import Foundation
import Pipeline
import Warehouse

/// `report/districts/<code>-<name>.csv`: each district's exceptions of the payment month, for
/// the district office that must act on them — UTF-8 with BOM for Excel, cells that would start
/// a formula neutralized (by `CSVWriter`), largest amount at risk first.
enum DistrictExceptions {
    static let header = ["period", "exception_type", "loai", "beneficiary_id", "source_file", "source_line",
                         "amount_at_risk", "ly_do", "reason_en"]

    /// One file per district of the gazetteer (the header alone when it has no exception, so that
    /// the office sees it was reconciled), plus one for exceptions outside any known district.
    @discardableResult
    static func write(db: Database, context: RunContext, into folder: URL, options: ReportOptions = ReportOptions()) throws -> [URL] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let rows = try db.rows("""
            SELECT COALESCE(district_code, ''), exception_type, beneficiary_id, source_file, source_line, amount_at_risk,
                   COALESCE(reason_vi, ''), detail
            FROM recon_exceptions WHERE period = ?
            ORDER BY 1, ABS(amount_at_risk) DESC, source_file, source_line
            """, [.text(context.period)])
        var byDistrict: [String: [[SQLValue]]] = [:]
        for row in rows { byDistrict[row[0].string ?? "", default: []].append(row) }
        let gazetteer = context.config.gazetteer
        var codes = gazetteer.districts.map(\.code)
        codes += byDistrict.keys.filter { !codes.contains($0) }.sorted()
        var written: [URL] = []
        for code in codes {
            let writer = CSVWriter()
            writer.row(header)
            for r in byDistrict[code] ?? [] {
                let type = r[1].string ?? ""
                writer.row([context.period, type, HTMLReport.exceptionLabels[type] ?? type, r[2].string ?? "", r[3].string ?? "",
                            r[4].string ?? "", r[5].string ?? "0", options.text(r[6].string) ?? "", options.text(r[7].string) ?? ""])
            }
            let url = folder.appendingPathComponent(ErrorReport.fileName(code: code, gazetteer: gazetteer))
            try ReportFile.write(bytes: writer.bytes, to: url)
            written.append(url)
        }
        return written
    }
}
