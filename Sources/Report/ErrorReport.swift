import CSVReader
import Foundation
import Pipeline
import VietText
import Warehouse

/// `report/errors/<district>.csv`: every reject and finding of a district's files, for the
/// person who must fix them, in Vietnamese and English, ready for Excel.
enum ErrorReport {
    static let header = ["source_file", "source_line", "column", "value", "rule", "severity",
                         "message_vi", "message_en"]

    /// Writes one file per district of the gazetteer (header only when all is well, so that a
    /// district office sees it was checked), plus one for files outside any district folder.
    @discardableResult
    static func write(db: Database, gazetteer: Gazetteer, into folder: URL, options: ReportOptions = ReportOptions()) throws -> [URL] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let rows = try db.rows("""
            SELECT district_code, source_file, source_line, column_name, value, COALESCE(rule, 'invalid_value'), 'reject', reason
              FROM rejects
            UNION ALL
            SELECT district_code, source_file, source_line, column_name, value, rule, severity, detail
              FROM quality_findings
            ORDER BY 1, 2, 3
            """)
        var byDistrict: [String: [[SQLValue]]] = [:]
        for row in rows { byDistrict[row[0].string ?? "", default: []].append(row) }
        var written: [URL] = []
        var codes = gazetteer.districts.map(\.code)
        codes += byDistrict.keys.filter { !codes.contains($0) }.sorted()
        for code in codes {
            let rows = byDistrict[code] ?? []
            let writer = CSVWriter()
            writer.row(header)
            for r in rows {
                let rule = r[5].string ?? ""
                // The files go to the districts: citizen IDs leave the department masked.
                let value = options.value(r[4].string, isIDColumn: isIDColumn(r[3].string))
                writer.row([r[1].string ?? "", r[2].string ?? "", r[3].string ?? "", value ?? "", rule,
                            r[6].string ?? "", ErrorMessages.vietnamese(rule: rule, column: r[3].string, value: value),
                            options.text(r[7].string) ?? ""])
            }
            let url = folder.appendingPathComponent(fileName(code: code, gazetteer: gazetteer))
            try ReportFile.write(bytes: writer.bytes, to: url)
            written.append(url)
        }
        return written
    }

    /// A citizen ID as "044*******89" when the column holds IDs (by its field name or header).
    static func masked(_ value: String, column: String?) -> String {
        isIDColumn(column) ? ReportOptions.mask(value) : value
    }

    /// The column holds citizen IDs (by its field name or its header).
    static func isIDColumn(_ column: String?) -> Bool {
        let key = VietText.compactKey(column ?? "")
        return key == "idnumber" || ["cccd", "cmnd", "dinhdanh"].contains(where: key.contains)
    }

    /// "454-quang-trach.csv"; "unknown-district.csv" for files outside a district folder.
    static func fileName(code: String, gazetteer: Gazetteer) -> String {
        guard let district = gazetteer.districts.first(where: { $0.code == code }) else { return "unknown-district.csv" }
        let slug = Gazetteer.stripPrefix(VietText.fold(district.name).split(separator: " ").map(String.init)).joined(separator: "-")
        return "\(code)-\(slug).csv"
    }
}
