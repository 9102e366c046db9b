import Foundation
import Pipeline
import Warehouse

/// Renders the warehouse as one HTML page.
struct HTMLReport {
    let context: RunContext
    let db: Database

    static let labels: [String: (vi: String, en: String)] = [
        "jobs_total": ("Giải quyết việc làm", "people given jobs"),
        "jobs_abroad": ("— trong đó đi làm việc ở nước ngoài", "of which abroad on contract"),
        "vet_enrolled_total": ("Tuyển sinh giáo dục nghề nghiệp", "vocational enrolment"),
        "vet_enrolled_college": ("— Cao đẳng", "college"),
        "vet_enrolled_intermediate": ("— Trung cấp", "intermediate"),
        "vet_enrolled_elementary": ("— Sơ cấp và dưới 3 tháng", "elementary and under 3 months"),
        "total_households": ("Tổng số hộ dân cư", "total households"),
        "poor_households": ("Hộ nghèo", "poor households"),
        "poor_rate_pct": ("Tỷ lệ hộ nghèo", "poor-household rate"),
        "near_poor_households": ("Hộ cận nghèo", "near-poor households"),
        "near_poor_rate_pct": ("Tỷ lệ hộ cận nghèo", "near-poor rate"),
        "poor_rate_reduction_pp": ("Giảm tỷ lệ hộ nghèo (điểm %)", "poor rate reduction, pp"),
        "near_poor_rate_reduction_pp": ("Giảm tỷ lệ hộ cận nghèo (điểm %)", "near-poor rate reduction, pp"),
        "paid_beneficiaries": ("Đối tượng được chi trả", "beneficiaries paid"),
        "noncash_beneficiaries": ("Chi trả không dùng tiền mặt", "paid without cash"),
        "noncash_rate_pct": ("Tỷ lệ không dùng tiền mặt", "non-cash rate"),
        "amount_paid": ("Số tiền đã chi (đồng)", "amount paid, VND"),
        "amount_at_risk": ("Số tiền cần xem xét (đồng)", "amount at risk, VND"),
    ]

    static let exceptionLabels: [String: String] = [
        "PAID_NOT_REGISTERED": "Chi trả nhưng không có trong danh sách",
        "REGISTERED_NOT_PAID": "Có trong danh sách nhưng không được chi trả",
        "PAID_AFTER_END": "Chi trả sau khi chết/cắt hưởng",
        "AMOUNT_MISMATCH": "Chi sai mức",
        "DUPLICATE_PAYMENT": "Chi trùng",
        "DUPLICATE_RECORD": "Hồ sơ trùng",
        "IDENTITY_CONFLICT": "Sai lệch danh tính",
        "NEEDS_REVIEW": "Cần xem xét",
    ]

    func render() throws -> String {
        var body = ""
        body += "<h1>Báo cáo an sinh xã hội — \(HTML.escape(context.config.name)) <small>social-security report</small></h1>"
        body += "<p class=meta>Năm báo cáo / reporting year \(context.year) · Kỳ chi trả / payment month \(context.period) · tạo lúc / made \(ISO8601DateFormatter().string(from: Date()))</p>"
        body += try provincialTable()
        body += try periodTable()
        body += try exceptionTable()
        body += try findingsTable()
        body += try ledgerTable()
        return """
        <!DOCTYPE html>
        <html lang="vi"><head><meta charset="utf-8"><title>ansinh — \(HTML.escape(context.config.name)) \(context.year)</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b;max-width:75rem}
        h1{font-size:1.5rem} h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
        small,.en{color:#666;font-size:.8em;font-weight:normal}
        table{border-collapse:collapse;margin:.5rem 0} th,td{border:1px solid #ddd;padding:.3rem .6rem}
        th{background:#f2f4f7;text-align:left} td.n{text-align:right;font-variant-numeric:tabular-nums}
        .flag{color:#b3261e;font-weight:600} .ok{color:#1e7b34} .meta{color:#555}
        </style></head><body>
        \(body)
        </body></html>
        """
    }

    private func label(_ key: String) -> String {
        guard let l = Self.labels[key] else { return HTML.escape(key) }
        return "\(HTML.escape(l.vi)) <span class=en>\(HTML.escape(l.en))</span>"
    }

    private func format(_ indicator: String, _ value: Double?) -> String {
        guard let value else { return "—" }
        if indicator.hasSuffix("_pct") { return VietnameseNumber.percent(value, places: 2) }
        if indicator.hasSuffix("_pp") { return VietnameseNumber.decimal(value, places: 2) }
        return VietnameseNumber.integer(value)
    }

    /// Indicators in the order of the department's report.
    static let order = ["jobs_total", "jobs_abroad", "vet_enrolled_total", "vet_enrolled_college", "vet_enrolled_intermediate",
                        "vet_enrolled_elementary", "total_households", "poor_households", "poor_rate_pct", "near_poor_households",
                        "near_poor_rate_pct", "poor_rate_reduction_pp", "near_poor_rate_reduction_pp"]

    /// How a published figure relates to the recomputed one: the same at the published
    /// precision (rounded or truncated), or different — which is worth a flag.
    static func compare(published: Double, recomputed: Double) -> (matches: Bool, how: String) {
        let decimals = PublishedPrecision.decimals(of: published)
        let scale = pow(10.0, Double(decimals))
        let rounded = (recomputed * scale).rounded() / scale
        let truncated = (recomputed * scale).rounded(.towardZero) / scale
        if abs(rounded - published) < 0.5 / scale / 10 { return (true, "rounded") }
        if abs(truncated - published) < 0.5 / scale / 10 { return (true, "truncated") }
        return (false, "differs")
    }

    private func provincialTable() throws -> String {
        let rows = try db.rows("SELECT indicator, value, plan, pct_of_plan FROM provincial_indicators WHERE year = ?", [.int(context.year)])
            .sorted { (Self.order.firstIndex(of: $0[0].string ?? "") ?? 99) < (Self.order.firstIndex(of: $1[0].string ?? "") ?? 99) }
        let published = context.config.published[context.year] ?? [:]
        var html = "<h2>Chỉ tiêu toàn tỉnh \(context.year) <small>provincial indicators</small></h2>"
        html += "<table id=provincial><tr><th>Chỉ tiêu <span class=en>indicator</span></th><th>Thực hiện <span class=en>actual</span></th><th>Kế hoạch <span class=en>plan</span></th><th>% kế hoạch <span class=en>of plan</span></th><th>Số đã công bố <span class=en>as published</span></th></tr>"
        for row in rows {
            let key = row[0].string ?? ""
            let value = row[1].double, plan = row[2].double, pct = row[3].double
            var publishedCell = ""
            if let p = published[key] {
                publishedCell = format(key, p.value)
                if let value, !Self.compare(published: p.value, recomputed: value).matches {
                    publishedCell += " <span class=flag>≠ \(format(key, value)) recomputed</span>"
                }
                if let pp = p.pct_of_plan {
                    publishedCell += " (\(VietnameseNumber.trimmed(pp))%)"
                    if let pct {
                        let check = Self.compare(published: pp, recomputed: pct)
                        publishedCell += check.matches
                            ? " <span class=en>\(check.how) from \(VietnameseNumber.percent(pct, places: 2))</span>"
                            : " <span class=flag>≠ \(VietnameseNumber.percent(pct, places: 2)) recomputed</span>"
                    }
                }
            }
            html += "<tr data-indicator=\"\(key)\"><td>\(label(key))</td><td class=n>\(format(key, value))</td><td class=n>\(plan.map { format(key, $0) } ?? "—")</td><td class=n>\(pct.map { VietnameseNumber.percent($0) } ?? "—")</td><td class=n>\(publishedCell)</td></tr>"
        }
        return html + "</table>"
    }

    private func districtNames() throws -> [String: String] {
        var names: [String: String] = [:]
        for row in try db.rows("SELECT DISTINCT district_code, district_name FROM admin_units") {
            if let c = row[0].string { names[c] = row[1].string ?? c }
        }
        return names
    }

    private func periodTable() throws -> String {
        let names = try districtNames()
        let rows = try db.rows("SELECT district_code, indicator, value FROM period_indicators WHERE period = ?", [.text(context.period)])
        var byDistrict: [String: [String: Double]] = [:]
        for row in rows { byDistrict[row[0].string ?? "", default: [:]][row[1].string ?? ""] = row[2].double }
        let indicators = ["paid_beneficiaries", "noncash_beneficiaries", "noncash_rate_pct", "amount_paid", "amount_at_risk"]
        var html = "<h2>Chi trả tháng \(context.period) <small>payment month</small></h2><table id=period><tr><th>Huyện <span class=en>district</span></th>"
        for i in indicators { html += "<th>\(label(i))</th>" }
        html += "</tr>"
        for code in byDistrict.keys.sorted(by: { ($0.isEmpty ? "~" : $0) < ($1.isEmpty ? "~" : $1) }) {
            let name = code.isEmpty ? "<b>Toàn tỉnh</b> <span class=en>province</span>" : HTML.escape("\(code) \(names[code] ?? "")")
            html += "<tr data-district=\"\(code.isEmpty ? "province" : code)\"><td>\(name)</td>"
            for i in indicators { html += "<td class=n>\(format(i, byDistrict[code]?[i]))</td>" }
            html += "</tr>"
        }
        return html + "</table>"
    }

    private func exceptionTable() throws -> String {
        let names = try districtNames()
        let rows = try db.rows("SELECT district_code, exception_type, COUNT(*), SUM(ABS(amount_at_risk)) FROM recon_exceptions WHERE period = ? GROUP BY 1, 2", [.text(context.period)])
        var cells: [String: [String: (Int64, Int64)]] = [:]
        for row in rows { cells[row[0].string ?? "", default: [:]][row[1].string ?? ""] = (row[2].int ?? 0, row[3].int ?? 0) }
        let types = Array(Self.exceptionLabels.keys).sorted()
        var html = "<h2>Đối khớp \(context.period): số trường hợp và số tiền theo huyện <small>reconciliation exceptions: count / amount at risk (VND) by district and type</small></h2><table id=exceptions><tr><th>Huyện</th>"
        for t in types { html += "<th>\(HTML.escape(Self.exceptionLabels[t] ?? t)) <span class=en>\(t)</span></th>" }
        html += "</tr>"
        var totals: [String: (Int64, Int64)] = [:]
        for code in cells.keys.sorted() {
            html += "<tr data-district=\"\(code)\"><td>\(HTML.escape("\(code) \(names[code] ?? "")"))</td>"
            for t in types {
                let (n, amount) = cells[code]?[t] ?? (0, 0)
                totals[t] = ((totals[t]?.0 ?? 0) + n, (totals[t]?.1 ?? 0) + amount)
                html += "<td class=n>\(n == 0 ? "—" : "\(VietnameseNumber.integer(Double(n))) / \(VietnameseNumber.integer(Double(amount)))")</td>"
            }
            html += "</tr>"
        }
        html += "<tr data-district=province><td><b>Toàn tỉnh</b></td>"
        for t in types {
            let (n, amount) = totals[t] ?? (0, 0)
            html += "<td class=n><b>\(VietnameseNumber.integer(Double(n))) / \(VietnameseNumber.integer(Double(amount)))</b></td>"
        }
        return html + "</tr></table>"
    }

    /// Data-quality findings: errors one by one (they need someone to act), warnings counted.
    private func findingsTable() throws -> String {
        let errors = try db.rows("""
            SELECT COALESCE(source_file, ''), COALESCE(source_line, ''), rule, detail FROM quality_findings
            WHERE severity = 'error' ORDER BY district_code, source_file, source_line LIMIT 200
            """)
        let warnings = try db.rows("SELECT rule, COUNT(*) FROM quality_findings WHERE severity <> 'error' GROUP BY rule ORDER BY 2 DESC")
        var html = "<h2>Cảnh báo chất lượng dữ liệu <small>data-quality findings</small></h2>"
        if errors.isEmpty && warnings.isEmpty { return html + "<p class=ok>Không có / none</p>" }
        html += "<table id=findings><tr><th>Tệp <span class=en>file</span></th><th>Dòng <span class=en>line</span></th><th>Quy tắc <span class=en>rule</span></th><th>Chi tiết <span class=en>detail</span></th></tr>"
        for r in errors {
            html += "<tr><td>\(HTML.escape(r[0].string ?? ""))</td><td class=n>\(HTML.escape(r[1].string ?? ""))</td><td class=flag>\(HTML.escape(r[2].string ?? ""))</td><td>\(HTML.escape(r[3].string ?? ""))</td></tr>"
        }
        for r in warnings {
            html += "<tr><td colspan=2></td><td>\(HTML.escape(r[0].string ?? ""))</td><td>\(VietnameseNumber.integer(r[1].double ?? 0)) cảnh báo <span class=en>warnings, see quality_findings</span></td></tr>"
        }
        return html + "</table>"
    }

    private func ledgerTable() throws -> String {
        let rows = try db.rows("""
            SELECT source_file, dataset, encoding, delimiter, rows_data, rows_loaded, rows_rejected, rows_skipped, status,
                   COALESCE(message, ''), COALESCE(control_total, '') FROM file_ledger ORDER BY source_file
            """)
        var html = "<h2>Dữ liệu nhận được <small>files received: every row loaded or rejected</small></h2><table id=ledger><tr><th>Tệp <span class=en>file</span></th><th>Loại</th><th>Mã hoá</th><th>Dấu phân cách</th><th>Dòng dữ liệu</th><th>Đã nạp</th><th>Bị loại</th><th>Bỏ qua</th><th>Trạng thái</th><th>Ghi chú</th></tr>"
        for r in rows {
            let status = r[8].string ?? ""
            let note = [r[9].string ?? "", r[10].string ?? ""].filter { !$0.isEmpty }.joined(separator: " · ")
            html += "<tr><td>\(HTML.escape(r[0].string ?? ""))</td><td>\(HTML.escape(r[1].string ?? ""))</td><td>\(HTML.escape(r[2].string ?? ""))</td><td>\(HTML.escape(r[3].string ?? ""))</td>"
            for i in 4...7 { html += "<td class=n>\(VietnameseNumber.integer(r[i].double ?? 0))</td>" }
            html += "<td class=\(status == "ok" ? "ok" : "flag")>\(HTML.escape(status))</td><td>\(HTML.escape(note))</td></tr>"
        }
        return html + "</table>"
    }
}
