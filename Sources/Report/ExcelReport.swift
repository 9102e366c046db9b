import Foundation
import Pipeline
import Warehouse

/// `report/bao-cao.xlsx`: the report as a workbook the analysts can sort, filter and compute
/// on. Figures are numbers, dates are dates, % of plan is a formula (with its value cached).
/// Sheets: Tổng hợp (provincial table of the year against plan and the published figures),
/// Huyện (the same by district), Đối khớp (every exception of the month), Lỗi dữ liệu (rejects
/// and findings), then one sheet of exceptions per district of the gazetteer, for a gazetteer
/// of at most `districtSheetLimit` districts.
public enum ExcelReport {
    /// Writes the workbook to `url` (replacing it whole), readable by its owner only.
    /// Citizen IDs are masked unless `options.unmasked`.
    public static func write(db: Database, context: RunContext, options: ReportOptions, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        // libxlsxwriter writes into a file created owner-only, which then replaces `url` at once.
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path]) }
        close(fd)
        defer { try? FileManager.default.removeItem(at: temporary) }

        let workbook = try Workbook(path: temporary.path)
        let styles = try Styles(workbook)
        let names = Dictionary(context.config.gazetteer.districts.map { ($0.code, shortName($0)) }, uniquingKeysWith: { first, _ in first })
        let writer = Writer(db: db, context: context, options: options, styles: styles, names: names)
        try writer.summary(try workbook.addWorksheet(named: "Tổng hợp"))
        try writer.districts(try workbook.addWorksheet(named: "Huyện"))
        let exceptions = try writer.exceptions()
        try writer.exceptions(exceptions, on: try workbook.addWorksheet(named: "Đối khớp"))
        try writer.dataErrors(try workbook.addWorksheet(named: "Lỗi dữ liệu"))
        if context.config.gazetteer.districts.count <= districtSheetLimit {
            var byDistrict: [String: [[SQLValue]]] = [:]
            for row in exceptions { if let code = row[0].string { byDistrict[code, default: []].append(row) } }
            for district in context.config.gazetteer.districts {
                let sheet = try workbook.addWorksheet(named: "\(district.code) \(shortName(district))")
                try writer.exceptions(byDistrict[district.code] ?? [], on: sheet)
            }
        }
        try workbook.close()

        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: temporary.path)
        guard rename(temporary.path, url.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path,
                                                          NSLocalizedDescriptionKey: String(cString: strerror(errno))])
        }
    }

    /// Most districts a workbook has a sheet each for: a province's (the demo's 8, Hà Nội's 30).
    /// A national workbook (696) would be a wall of tabs repeating the Đối khớp sheet, which
    /// filters by district; each district's exceptions are also its file in `districts/`.
    static let districtSheetLimit = 40

    /// "Quảng Trạch" of "Huyện Quảng Trạch", "Ba Đồn" of "Thị xã Ba Đồn".
    static func shortName(_ district: Gazetteer.District) -> String {
        let prefix = district.type + " "
        guard !district.type.isEmpty, district.name.hasPrefix(prefix) else { return district.name }
        return String(district.name.dropFirst(prefix.count))
    }

    /// The formats of the workbook.
    struct Styles {
        let header, integer, decimal, percent, percent2, dateTime, month: CellFormat

        init(_ workbook: Workbook) throws {
            header = try workbook.addFormat(bold: true)
            integer = try workbook.addFormat(numberFormat: .integer)
            decimal = try workbook.addFormat(numberFormat: .decimal)
            percent = try workbook.addFormat(numberFormat: .percent)
            percent2 = try workbook.addFormat(numberFormat: .percent2)
            dateTime = try workbook.addFormat(numberFormat: .dateTime)
            month = try workbook.addFormat(numberFormat: .month)
        }
    }

    /// One cell of a row.
    enum Cell {
        case text(String?)
        case number(Double?, CellFormat?)
        /// A formula with its cached value (nil: the formula gives "").
        case formula(String, Double?, CellFormat)
    }

    private struct Writer {
        /// Data rows per sheet, below Excel's limit of 1,048,576 rows.
        static let rowLimit = 1_000_000

        let db: Database
        let context: RunContext
        let options: ReportOptions
        let styles: Styles
        /// Each district code's short name, the gazetteer's first for a code.
        let names: [String: String]

        static let exceptionColumns: [(String, Double)] = [
            ("Mã huyện", 9), ("Huyện", 20), ("Loại", 22), ("Loại (tiếng Việt)", 34), ("Mã đối tượng", 14),
            ("Tệp", 36), ("Dòng", 7), ("Số tiền (đồng)", 14), ("Lý do", 60), ("Detail (English)", 60),
        ]

        func summary(_ sheet: Worksheet) throws {
            try header(sheet, [("Chỉ tiêu", 40), ("Mã chỉ tiêu", 28), ("Thực hiện", 13), ("Kế hoạch", 13), ("% kế hoạch", 11),
                               ("Số đã công bố", 14), ("% KH đã công bố", 15), ("Đối chiếu với số đã công bố", 60)])
            let published = context.config.published[context.year] ?? [:]
            let rows = try db.rows("SELECT indicator, value, plan FROM provincial_indicators WHERE year = ?", [.int(context.year)])
                .sorted { ExcelReport.rank($0[0].string ?? "") < ExcelReport.rank($1[0].string ?? "") }
            var r = 1
            for row in rows {
                let key = row[0].string ?? ""
                let value = row[1].double, plan = row[2].double
                let format = ExcelReport.format(of: key, styles)
                let figure = published[key]
                try write([.text(HTMLReport.labels[key]?.vi ?? key), .text(key), .number(value, format), .number(plan, format),
                           percentOfPlan(value: value, plan: plan, valueColumn: 2, row: r),
                           .number(figure?.value, format), .number(figure?.pct_of_plan.map { $0 / 100 }, styles.percent2),
                           .text(figure.map { comparison($0, value: value, plan: plan) })],
                          row: r, on: sheet)
                r += 1
            }
            r += 1
            let now = Calendar(identifier: .gregorian).dateComponents(in: TimeZone.current, from: Date())
            try write([.text("Tạo lúc / generated at")], row: r, on: sheet)
            try sheet.write(now, row: r, column: 1, format: styles.dateTime)
            try write([.text("Năm báo cáo / reporting year"), .number(Double(context.year), nil)], row: r + 1, on: sheet)
            try write([.text("Kỳ chi trả / payment month")], row: r + 2, on: sheet)
            let period = context.period.split(separator: "-").compactMap { Int($0) }
            if period.count == 2 {
                try sheet.write(DateComponents(year: period[0], month: period[1], day: 1), row: r + 2, column: 1, format: styles.month)
            }
            try write([.text("Cấu hình / configuration"), .text(context.config.name)], row: r + 3, on: sheet)
            try sheet.freezePanes(row: 1)
        }

        func districts(_ sheet: Worksheet) throws {
            let columns: [(String, Double)] = [("Mã huyện", 9), ("Huyện", 20), ("Chỉ tiêu", 40), ("Mã chỉ tiêu", 28),
                                               ("Thực hiện", 13), ("Kế hoạch", 13), ("% kế hoạch", 11)]
            try header(sheet, columns)
            let rows = try db.rows("SELECT district_code, indicator, value, plan FROM district_indicators WHERE year = ? ORDER BY district_code",
                                   [.int(context.year)])
                .sorted {
                    let (a, b) = (ExcelReport.rank($0[1].string ?? ""), ExcelReport.rank($1[1].string ?? ""))
                    return ($0[0].string ?? "", a.0, a.1) < ($1[0].string ?? "", b.0, b.1)
                }
            for (i, row) in rows.enumerated() {
                let key = row[1].string ?? "", value = row[2].double, plan = row[3].double
                let format = ExcelReport.format(of: key, styles)
                try write([.text(row[0].string), .text(districtName(row[0].string)), .text(HTMLReport.labels[key]?.vi ?? key), .text(key),
                           .number(value, format), .number(plan, format), percentOfPlan(value: value, plan: plan, valueColumn: 4, row: i + 1)],
                          row: i + 1, on: sheet)
            }
            try more(rows.count, on: sheet)
            try filter(sheet, rows: min(rows.count, Self.rowLimit), columns: columns.count)
        }

        /// The month's exceptions: district_code, exception_type, beneficiary_id, source_file,
        /// source_line, amount_at_risk, detail, reason_vi.
        func exceptions() throws -> [[SQLValue]] {
            try db.rows("""
                SELECT district_code, exception_type, beneficiary_id, source_file, source_line, amount_at_risk, detail, reason_vi
                  FROM recon_exceptions WHERE period = ? ORDER BY district_code, source_file, source_line, exception_type
                """, [.text(context.period)])
        }

        func exceptions(_ rows: [[SQLValue]], on sheet: Worksheet) throws {
            try header(sheet, Self.exceptionColumns)
            for (i, row) in rows.prefix(Self.rowLimit).enumerated() {
                let type = row[1].string ?? ""
                try write([.text(row[0].string), .text(districtName(row[0].string)), .text(type), .text(HTMLReport.exceptionLabels[type]),
                           .text(row[2].string), .text(row[3].string), .number(row[4].double, nil), .number(row[5].double, styles.integer),
                           .text(options.text(row[7].string)), .text(options.text(row[6].string))],
                          row: i + 1, on: sheet)
            }
            try more(rows.count, on: sheet)
            try filter(sheet, rows: min(rows.count, Self.rowLimit), columns: Self.exceptionColumns.count)
        }

        /// A sheet holds at most `rowLimit` rows (Excel stops at 1,048,576): the rest is named,
        /// not lost — it is in the warehouse and the CSV files.
        func more(_ count: Int, on sheet: Worksheet) throws {
            guard count > Self.rowLimit else { return }
            try write([.text("… \(count - Self.rowLimit) dòng nữa trong warehouse.sqlite và các tệp CSV / \(count - Self.rowLimit) more rows in warehouse.sqlite and the CSV files")],
                      row: Self.rowLimit + 1, on: sheet)
        }

        func dataErrors(_ sheet: Worksheet) throws {
            let columns: [(String, Double)] = [("Mã huyện", 9), ("Huyện", 20), ("Tệp", 36), ("Dòng", 7), ("Cột", 18), ("Giá trị", 22),
                                               ("Quy tắc", 24), ("Mức độ", 12), ("Thông báo", 60), ("Detail (English)", 60)]
            try header(sheet, columns)
            let rows = try db.rows("""
                SELECT district_code, source_file, source_line, column_name, value, COALESCE(rule, 'invalid_value'), 'reject', reason
                  FROM rejects
                UNION ALL
                SELECT district_code, source_file, source_line, column_name, value, rule, severity, detail
                  FROM quality_findings
                ORDER BY 1, 2, 3
                """)
            let severities = ["reject": "Dòng bị loại", "error": "Lỗi", "warning": "Cảnh báo"]
            for (i, row) in rows.prefix(Self.rowLimit).enumerated() {
                let column = row[3].string, rule = row[5].string ?? "", severity = row[6].string ?? ""
                // Citizen IDs leave the department masked unless the analyst asks otherwise.
                let value = options.value(row[4].string, isIDColumn: ErrorReport.isIDColumn(column))
                try write([.text(row[0].string), .text(districtName(row[0].string)), .text(row[1].string), .number(row[2].double, nil),
                           .text(column), .text(value), .text(rule), .text(severities[severity] ?? severity),
                           .text(ErrorMessages.vietnamese(rule: rule, column: column, value: value)), .text(options.text(row[7].string))],
                          row: i + 1, on: sheet)
            }
            try more(rows.count, on: sheet)
            try filter(sheet, rows: min(rows.count, Self.rowLimit), columns: columns.count)
        }

        /// `=IF(D2>0,C2/D2,"")` with its value, the plan being the column after the value.
        private func percentOfPlan(value: Double?, plan: Double?, valueColumn: Int, row: Int) -> Cell {
            let v = Worksheet.a1(row, valueColumn), p = Worksheet.a1(row, valueColumn + 1)
            let result = plan.flatMap { $0 > 0 ? (value ?? 0) / $0 : nil }
            return .formula("=IF(\(p)>0,\(v)/\(p),\"\")", result, styles.percent)
        }

        /// How the published figure compares with the recomputed one, in Vietnamese and English.
        private func comparison(_ figure: PipelineConfig.PublishedFigure, value: Double?, plan: Double?) -> String {
            var parts: [String] = []
            if let value {
                parts.append(HTMLReport.compare(published: figure.value, recomputed: value).matches
                    ? "Số liệu khớp / value matches"
                    : "Số liệu khác: tính lại \(VietnameseNumber.trimmed(value)) / value differs")
            }
            if let published = figure.pct_of_plan, let value, let plan, plan > 0 {
                let pct = value / plan * 100
                let check = HTMLReport.compare(published: published, recomputed: pct)
                parts.append(check.matches
                    ? "% kế hoạch khớp (\(check.how == "rounded" ? "làm tròn" : "cắt bớt")) / % of plan \(check.how)"
                    : "% kế hoạch sai: tính lại \(VietnameseNumber.percent(pct, places: 2)) / % of plan differs")
            }
            return parts.joined(separator: "; ")
        }

        private func districtName(_ code: String?) -> String? {
            guard let code else { return nil }
            return names[code]
        }

        private func header(_ sheet: Worksheet, _ columns: [(String, Double)]) throws {
            for (i, column) in columns.enumerated() {
                try sheet.setColumns(i...i, width: column.1)
                try sheet.write(column.0, row: 0, column: i, format: styles.header)
            }
        }

        /// The header stays in view and filters the rows below it.
        private func filter(_ sheet: Worksheet, rows: Int, columns: Int) throws {
            try sheet.freezePanes(row: 1)
            try sheet.autofilter(firstRow: 0, firstColumn: 0, lastRow: rows, lastColumn: columns - 1)
        }

        private func write(_ cells: [Cell], row: Int, on sheet: Worksheet) throws {
            for (column, cell) in cells.enumerated() {
                switch cell {
                case .text(let text):
                    guard let text, !text.isEmpty else { continue }
                    try sheet.write(ExcelReport.fitted(text), row: row, column: column)
                case .number(let number, let format):
                    guard let number, number.isFinite else { continue }
                    try sheet.write(number, row: row, column: column, format: format)
                case .formula(let formula, let result, let format):
                    try sheet.writeFormula(formula, result: result, row: row, column: column, format: format)
                }
            }
        }
    }

    /// The number format of an indicator's figures: rates in percent and percentage points
    /// with two decimals, counts and amounts in whole numbers.
    static func format(of indicator: String, _ styles: Styles) -> CellFormat {
        indicator.hasSuffix("_pct") || indicator.hasSuffix("_pp") ? styles.decimal : styles.integer
    }

    /// Indicators in the order of the department's report, then the others by name.
    static func rank(_ indicator: String) -> (Int, String) {
        (HTMLReport.order.firstIndex(of: indicator) ?? HTMLReport.order.count, indicator)
    }

    /// Text within Excel's 32,767 characters per cell.
    static func fitted(_ text: String) -> String {
        guard text.unicodeScalars.count > 32_000 else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(32_000))) + "…"
    }
}
