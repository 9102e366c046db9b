import Foundation
import Pipeline
import Warehouse

/// Renders the warehouse as one self-contained HTML page: no script, font, style sheet or
/// image from elsewhere, charts as inline SVG (`SVGChart`), printable. Citizen IDs in the text
/// it shows are masked unless `options.unmasked`.
struct HTMLReport {
    let context: RunContext
    let db: Database
    let options: ReportOptions

    init(context: RunContext, db: Database, options: ReportOptions = ReportOptions()) {
        self.context = context
        self.db = db
        self.options = options
    }

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
        body += Self.contents
        body += try provincialTable()
        body += try planChart()
        body += try povertyChart()
        body += try periodTable()
        body += try reconciliationSummary()
        body += try exceptionTable()
        body += try exceptionChart()
        body += try topExceptions()
        body += try completenessTable()
        body += try findingsTable()
        body += try ledgerTable()
        return """
        <!DOCTYPE html>
        <html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>ansinh — \(HTML.escape(context.config.name)) \(context.year)</title>
        <style>
        \(Self.css)
        </style></head><body>
        \(body)
        </body></html>
        """
    }

    /// The page's only styles: readable on screen, printable on A4 (no fonts from elsewhere).
    static let css = """
        body{font-family:system-ui,"DejaVu Sans",Arial,sans-serif;margin:2rem;color:#1b1b1b;max-width:75rem;line-height:1.35}
        h1{font-size:1.5rem} h2{font-size:1.15rem;margin-top:2.2rem;border-bottom:1px solid #ccc;padding-bottom:.15rem}
        h3{font-size:1rem;margin:1rem 0 .3rem}
        small,.en{color:#666;font-size:.8em;font-weight:normal}
        table{border-collapse:collapse;margin:.5rem 0} th,td{border:1px solid #ddd;padding:.3rem .6rem;vertical-align:top}
        th{background:#f2f4f7;text-align:left} td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        tr.total td{font-weight:600;background:#fafbfc}
        .flag{color:#b3261e;font-weight:600} .ok{color:#1e7b34} .meta{color:#555} .note{color:#555;font-size:.85em;max-width:60rem}
        td.miss{background:#fdecea} td.code{font-size:.85em;overflow-wrap:anywhere}
        #exceptions{font-size:.85em} #exceptions td,#exceptions th{padding:.25rem .4rem} #exceptions td.n{white-space:normal}
        #exceptions td:first-child,#period td:first-child{white-space:nowrap} #provincial td:first-child{min-width:14rem}
        #completeness td:first-child,#top-exceptions td:nth-child(2){white-space:nowrap}
        .wrap{overflow-x:auto} .side{display:flex;flex-wrap:wrap;gap:0 2.5rem;align-items:flex-start}
        nav.toc{font-size:.9em;background:#f7f8fa;border:1px solid #e3e6ea;padding:.4rem .8rem;margin:1rem 0}
        nav.toc a{margin-right:1rem;color:#1f5fa8;text-decoration:none;white-space:nowrap}
        figure{margin:1rem 0 1.5rem} figcaption{font-weight:600;margin-bottom:.4rem}
        svg.chart{display:block;max-width:100%;height:auto} svg.chart text{font-family:inherit}
        #top-exceptions td.reason{min-width:16rem} #top-exceptions td:nth-child(5){min-width:11rem}
        @page{size:A4 landscape;margin:10mm}
        @media print{body{margin:0;max-width:none;font-size:9.5pt} nav.toc{display:none} .wrap{overflow:visible}
          figure,tr{break-inside:avoid} h2,h3,figcaption{break-after:avoid} th{background:#eee} #exceptions{font-size:7.5pt}}
        """

    /// The table of contents: links within the page only.
    static let contents = "<nav class=toc>"
        + [("s-provincial", "Chỉ tiêu toàn tỉnh"), ("s-plan-chart", "Biểu đồ kế hoạch"), ("s-poverty", "Hộ nghèo theo huyện"),
           ("s-period", "Chi trả"), ("s-reconciliation", "Tổng hợp đối khớp"), ("s-exceptions", "Trường hợp theo huyện"),
           ("s-top", "Số tiền lớn nhất"), ("s-completeness", "Đủ dữ liệu"), ("s-findings", "Chất lượng dữ liệu"),
           ("s-ledger", "Tệp nhận được")].map { "<a href=\"#\($0.0)\">\($0.1)</a>" }.joined(separator: " ") + "</nav>"

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
        let previous = try previousYear()
        var html = "<h2 id=s-provincial>Chỉ tiêu toàn tỉnh \(context.year) <small>provincial indicators</small></h2>"
        html += "<div class=wrap><table id=provincial><tr><th>Chỉ tiêu <span class=en>indicator</span></th><th>Thực hiện <span class=en>actual</span></th><th>Kế hoạch <span class=en>plan</span></th><th>% kế hoạch <span class=en>of plan</span></th><th>So với \(context.year - 1) <span class=en>change from the previous year</span></th><th>Số đã công bố <span class=en>as published</span></th></tr>"
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
            html += "<tr data-indicator=\"\(key)\"><td>\(label(key))</td><td class=n>\(format(key, value))</td><td class=n>\(plan.map { format(key, $0) } ?? "—")</td><td class=n>\(pct.map { VietnameseNumber.percent($0) } ?? "—")</td><td class=n>\(change(key, value, previous[key]))</td><td class=n>\(publishedCell)</td></tr>"
        }
        return html + "</table></div>"
    }

    private func districtNames() throws -> [String: String] {
        var names: [String: String] = [:]
        for row in try db.rows("SELECT DISTINCT district_code, district_name FROM admin_units") {
            if let c = row[0].string { names[c] = row[1].string ?? c }
        }
        // The gazetteer's names without "Huyện"/"Thành phố"/"Thị xã": narrower tables.
        for district in context.config.gazetteer.districts { names[district.code] = Self.chartLabel(district).vi }
        return names
    }

    private func periodTable() throws -> String {
        let names = try districtNames()
        let rows = try db.rows("SELECT district_code, indicator, value FROM period_indicators WHERE period = ?", [.text(context.period)])
        var byDistrict: [String: [String: Double]] = [:]
        for row in rows { byDistrict[row[0].string ?? "", default: [:]][row[1].string ?? ""] = row[2].double }
        let indicators = ["paid_beneficiaries", "noncash_beneficiaries", "noncash_rate_pct", "amount_paid", "amount_at_risk"]
        var html = "<h2 id=s-period>Chi trả tháng \(context.period) <small>payment month</small></h2><table id=period><tr><th>Huyện <span class=en>district</span></th>"
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
        var html = "<h2 id=s-exceptions>Đối khớp \(context.period): số trường hợp và số tiền theo huyện <small>reconciliation exceptions: count / amount at risk (VND) by district and type</small></h2><div class=wrap><table id=exceptions><tr><th>Huyện</th>"
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
        return html + "</tr></table></div>"
    }

    /// Data-quality findings: errors one by one (they need someone to act), warnings counted.
    private func findingsTable() throws -> String {
        let errors = try db.rows("""
            SELECT COALESCE(source_file, ''), COALESCE(source_line, ''), rule, detail FROM quality_findings
            WHERE severity = 'error' ORDER BY district_code, source_file, source_line LIMIT 200
            """)
        let warnings = try db.rows("SELECT rule, COUNT(*) FROM quality_findings WHERE severity <> 'error' GROUP BY rule ORDER BY 2 DESC")
        var html = "<h2 id=s-findings>Cảnh báo chất lượng dữ liệu <small>data-quality findings</small></h2>"
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
        var html = "<h2 id=s-ledger>Dữ liệu nhận được <small>files received: every row loaded or rejected</small></h2><div class=wrap><table id=ledger><tr><th>Tệp <span class=en>file</span></th><th>Loại</th><th>Mã hoá</th><th>Dấu phân cách</th><th>Dòng dữ liệu</th><th>Đã nạp</th><th>Bị loại</th><th>Bỏ qua</th><th>Trạng thái</th><th>Ghi chú</th></tr>"
        for r in rows {
            let status = r[8].string ?? ""
            let note = [r[9].string ?? "", r[10].string ?? ""].filter { !$0.isEmpty }.joined(separator: " · ")
            html += "<tr><td>\(HTML.escape(r[0].string ?? ""))</td><td>\(HTML.escape(r[1].string ?? ""))</td><td>\(HTML.escape(r[2].string ?? ""))</td><td>\(HTML.escape(r[3].string ?? ""))</td>"
            for i in 4...7 { html += "<td class=n>\(VietnameseNumber.integer(r[i].double ?? 0))</td>" }
            html += "<td class=\(status == "ok" ? "ok" : "flag")>\(HTML.escape(status))</td><td>\(HTML.escape(note))</td></tr>"
        }
        return html + "</table></div>"
    }
}

// MARK: - Change from the previous year, charts, reconciliation, completeness

extension HTMLReport {
    /// The provincial indicators of the year before the reporting year, when the warehouse has them.
    func previousYear() throws -> [String: Double] {
        var values: [String: Double] = [:]
        for row in try db.rows("SELECT indicator, value FROM provincial_indicators WHERE year = ?", [.int(context.year - 1)]) {
            if let key = row[0].string, let value = row[1].double { values[key] = value }
        }
        return values
    }

    /// "+1.234 (+6,5%)" for counts, "−0,95 điểm %" for rates, with the previous value in small
    /// type; "—" when the previous year is not in the warehouse.
    func change(_ key: String, _ value: Double?, _ previous: Double?) -> String {
        guard let value, let previous else { return "—" }
        let delta = value - previous
        let sign = delta > 0 ? "+" : ""
        var text: String
        if key.hasSuffix("_pct") {
            text = sign + VietnameseNumber.decimal(delta, places: 2) + " điểm %"
        } else if key.hasSuffix("_pp") {
            text = sign + VietnameseNumber.decimal(delta, places: 2)
        } else {
            text = sign + VietnameseNumber.integer(delta)
            if previous != 0 { text += " (\(sign)\(VietnameseNumber.percent(delta / previous * 100)))" }
        }
        return "\(text) <span class=en>\(context.year - 1): \(format(key, previous))</span>"
    }

    /// The unit of a district as the charts write it: "Đồng Hới" with "450 · city" below.
    static func chartLabel(_ district: Gazetteer.District) -> SVGChart.Label {
        var name = district.name
        if !district.type.isEmpty, name.hasPrefix(district.type + " ") { name = String(name.dropFirst(district.type.count + 1)) }
        let kind = ["Thành phố": "city", "Thị xã": "town", "Huyện": "district"][district.type] ?? district.type
        return SVGChart.Label(vi: name, en: kind.isEmpty ? district.code : "\(district.code) · \(kind)")
    }

    /// Districts of the gazetteer, then codes the tables hold that it does not know.
    func districtRows(extra codes: [String]) -> [(code: String, label: SVGChart.Label)] {
        var rows = context.config.gazetteer.districts.map { (code: $0.code, label: Self.chartLabel($0)) }
        for code in Set(codes).subtracting(rows.map(\.code)).sorted() {
            rows.append((code, SVGChart.Label(vi: code.isEmpty ? "Không rõ huyện" : code, en: code.isEmpty ? "no district" : nil)))
        }
        return rows
    }

    // MARK: Chart (a): actual against plan

    /// Each planned indicator's actual as % of its own plan (the units differ), beside its
    /// plan at 100%, with a line at 100%.
    func planChart() throws -> String {
        let rows = try db.rows("SELECT indicator, value, plan FROM provincial_indicators WHERE year = ? AND plan IS NOT NULL AND plan <> 0",
                               [.int(context.year)])
            .sorted { (Self.order.firstIndex(of: $0[0].string ?? "") ?? 99, $0[0].string ?? "") < (Self.order.firstIndex(of: $1[0].string ?? "") ?? 99, $1[0].string ?? "") }
        var html = "<h2 id=s-plan-chart>Thực hiện so với kế hoạch \(context.year) <small>actual against plan</small></h2>"
        guard !rows.isEmpty else { return html + "<p class=note>Không có chỉ tiêu có kế hoạch / no indicator has a plan for \(context.year)</p>" }
        let plan = SVGChart.Series(name: "Kế hoạch = 100%", english: "plan", color: "#cfd6df")
        let above = SVGChart.Series(name: "Thực hiện ≥ kế hoạch", english: "actual, plan met", color: "#2e7d32")
        let below = SVGChart.Series(name: "Thực hiện < kế hoạch", english: "actual, below plan", color: "#d9822b")
        var groups: [SVGChart.Group] = []
        for row in rows {
            let key = row[0].string ?? ""
            guard let target = row[2].double else { continue }
            let value = row[1].double
            let pct = value.map { $0 / target * 100 }
            let name = Self.labels[key]?.vi ?? key
            let met = (pct ?? 0) >= 100
            groups.append(SVGChart.Group(
                label: SVGChart.Label(vi: name.hasPrefix("— ") ? String(name.dropFirst(2)) : name, en: Self.labels[key]?.en),
                bars: [
                    SVGChart.Bar(value: 100, label: "KH \(format(key, target))", color: plan.color,
                                 tooltip: "\(name) — kế hoạch / plan: \(format(key, target))"),
                    SVGChart.Bar(value: pct, label: value.map { "\(format(key, $0)) · \(VietnameseNumber.percent(pct ?? 0))" } ?? "—",
                                 color: met ? above.color : below.color,
                                 tooltip: "\(name) — thực hiện / actual: \(format(key, value)) = \(pct.map { VietnameseNumber.percent($0) } ?? "—") kế hoạch"),
                ]))
        }
        let svg = SVGChart.groupedBars(
            id: "chart-plan", title: "Thực hiện so với kế hoạch \(context.year), % kế hoạch (actual as % of plan)",
            description: "Mỗi chỉ tiêu có kế hoạch: thanh xám là kế hoạch (100%), thanh màu là thực hiện tính theo % kế hoạch của chính chỉ tiêu đó; đường gạch là 100%. "
                + "Each planned indicator: grey bar the plan (100%), coloured bar the actual as % of its own plan; dashed line at 100%.",
            legend: [plan, above, below], groups: groups, labelWidth: 250, valueWidth: 150,
            reference: SVGChart.Reference(value: 100, label: "100% kế hoạch"), tick: { VietnameseNumber.trimmed($0, maxPlaces: 0) + "%" })
        html += "<figure><figcaption>% kế hoạch theo chỉ tiêu <span class=en>actual as % of each indicator's own plan (the units differ)</span></figcaption>\(svg)</figure>"
        return html
    }

    // MARK: Chart (b): poor and near-poor rates per district, both years

    /// The poor and near-poor rates of each district (and the province) in the year before and
    /// the reporting year. When the warehouse holds no indicators of the year before (a run
    /// computes its own year only), that year's rate is the reporting year's rate plus its
    /// reduction in points, which the aggregate stage computed from the year before's households.
    func povertyChart() throws -> String {
        let (thisYear, lastYear) = (context.year, context.year - 1)
        var values: [Int: [String: [String: Double]]] = [:]
        for row in try db.rows("""
            SELECT year, district_code, indicator, value FROM district_indicators
             WHERE year IN (?, ?) AND indicator IN ('poor_rate_pct', 'near_poor_rate_pct', 'poor_rate_reduction_pp', 'near_poor_rate_reduction_pp')
            """, [.int(lastYear), .int(thisYear)]) {
            guard let year = row[0].int, let code = row[1].string, let indicator = row[2].string, let value = row[3].double else { continue }
            values[Int(year), default: [:]][code, default: [:]][indicator] = value
        }
        for row in try db.rows("""
            SELECT year, indicator, value FROM provincial_indicators
             WHERE year IN (?, ?) AND indicator IN ('poor_rate_pct', 'near_poor_rate_pct', 'poor_rate_reduction_pp', 'near_poor_rate_reduction_pp')
            """, [.int(lastYear), .int(thisYear)]) {
            guard let year = row[0].int, let indicator = row[1].string, let value = row[2].double else { continue }
            values[Int(year), default: [:]]["", default: [:]][indicator] = value
        }
        var derived = false
        func rate(_ indicator: String, _ code: String, _ year: Int) -> Double? {
            if let stored = values[year]?[code]?[indicator] { return stored }
            guard year == lastYear, let now = values[thisYear]?[code]?[indicator],
                  let reduction = values[thisYear]?[code]?[indicator.replacingOccurrences(of: "_pct", with: "_reduction_pp")] else { return nil }
            derived = true
            return now + reduction
        }
        var html = "<h2 id=s-poverty>Tỷ lệ hộ nghèo và cận nghèo theo huyện, \(lastYear)–\(thisYear) <small>poor and near-poor rates by district</small></h2>"
        let series = [
            SVGChart.Series(name: "Hộ nghèo \(lastYear)", english: "poor, \(lastYear)", color: "#f0a39c"),
            SVGChart.Series(name: "Hộ nghèo \(thisYear)", english: "poor, \(thisYear)", color: "#b3261e"),
            SVGChart.Series(name: "Cận nghèo \(lastYear)", english: "near-poor, \(lastYear)", color: "#9dc0e5"),
            SVGChart.Series(name: "Cận nghèo \(thisYear)", english: "near-poor, \(thisYear)", color: "#1f5fa8"),
        ]
        let keys = [("poor_rate_pct", lastYear), ("poor_rate_pct", thisYear), ("near_poor_rate_pct", lastYear), ("near_poor_rate_pct", thisYear)]
        var units = districtRows(extra: [])
        units.append((code: "", label: SVGChart.Label(vi: "Toàn tỉnh", en: "province")))
        var groups: [SVGChart.Group] = []
        for unit in units {
            let bars = zip(series, keys).map { s, key -> SVGChart.Bar in
                let value = rate(key.0, unit.code, key.1)
                let text = value.map { VietnameseNumber.percent($0, places: 2) } ?? "—"
                return SVGChart.Bar(value: value, label: text, color: s.color, tooltip: "\(unit.label.vi) — \(s.name): \(text)")
            }
            guard bars.contains(where: { $0.value != nil }) else { continue }
            groups.append(SVGChart.Group(label: unit.label, bars: bars))
        }
        guard !groups.isEmpty else { return html + "<p class=note>Chưa có số liệu hộ nghèo / no household figures for \(thisYear)</p>" }
        let svg = SVGChart.groupedBars(
            id: "chart-poverty", title: "Tỷ lệ hộ nghèo và cận nghèo theo huyện, \(lastYear) và \(thisYear) (poor and near-poor household rates by district)",
            description: "Mỗi huyện bốn thanh: tỷ lệ hộ nghèo \(lastYear), \(thisYear), tỷ lệ hộ cận nghèo \(lastYear), \(thisYear), % số hộ. "
                + "Four bars per district: poor rate \(lastYear), \(thisYear), near-poor rate \(lastYear), \(thisYear), % of households.",
            legend: series, groups: groups, labelWidth: 150, valueWidth: 70, barHeight: 12, barGap: 2,
            tick: { VietnameseNumber.trimmed($0, maxPlaces: 1) + "%" })
        html += "<figure><figcaption>% số hộ của huyện <span class=en>% of the district's households</span></figcaption>\(svg)"
        if derived {
            html += "<p class=note>Tỷ lệ \(lastYear) = tỷ lệ \(thisYear) cộng mức giảm (điểm %) tính từ danh sách hộ \(lastYear) "
                + "<span class=en>the warehouse holds no \(lastYear) indicators: \(lastYear) rates are the \(thisYear) rates plus their reduction in points, computed from the \(lastYear) household lists</span></p>"
        }
        return html + "</figure>"
    }

    // MARK: Reconciliation summary

    /// The exception types in the order an analyst works through them.
    static let exceptionOrder = ["PAID_AFTER_END", "PAID_NOT_REGISTERED", "DUPLICATE_PAYMENT", "AMOUNT_MISMATCH",
                                 "IDENTITY_CONFLICT", "DUPLICATE_RECORD", "REGISTERED_NOT_PAID", "NEEDS_REVIEW"]

    static let exceptionColors = ["#b3261e", "#e8743b", "#f2b134", "#8a6d3b", "#7b4fa0", "#4e9a9a", "#1f5fa8", "#8c8c8c",
                                  "#c45ca2", "#5d8c3a"]

    static let decisionLabels: [(key: String, vi: String, en: String)] = [
        ("match", "Khớp với hồ sơ", "matched"),
        ("conflict", "Mã/CCCD trỏ tới hồ sơ người khác", "identity conflict"),
        ("review", "Cần người xem xét", "for review"),
        ("unmatched", "Không khớp hồ sơ nào", "unmatched"),
    ]

    /// The exception types present in the period, known ones first in their order.
    func exceptionTypes() throws -> [String] {
        let present = try db.rows("SELECT DISTINCT exception_type FROM recon_exceptions WHERE period = ?", [.text(context.period)]).compactMap { $0[0].string }
        return Self.exceptionOrder + Set(present).subtracting(Self.exceptionOrder).sorted()
    }

    func reconciliationSummary() throws -> String {
        var counts: [String: (Int64, Int64)] = [:]
        for row in try db.rows("SELECT exception_type, COUNT(*), SUM(ABS(amount_at_risk)) FROM recon_exceptions WHERE period = ? GROUP BY 1",
                               [.text(context.period)]) {
            counts[row[0].string ?? ""] = (row[1].int ?? 0, row[2].int ?? 0)
        }
        var html = "<h2 id=s-reconciliation>Tổng hợp đối khớp \(context.period) <small>reconciliation summary</small></h2><div class=side>"
        html += "<table id=recon-types><tr><th>Loại trường hợp <span class=en>exception type</span></th><th>Số trường hợp <span class=en>count</span></th><th>Số tiền cần xem xét (đ) <span class=en>amount at risk, VND</span></th></tr>"
        var total: (Int64, Int64) = (0, 0)
        for type in try exceptionTypes() {
            let (n, amount) = counts[type] ?? (0, 0)
            total = (total.0 + n, total.1 + amount)
            html += "<tr data-type=\"\(HTML.escape(type))\"><td>\(HTML.escape(Self.exceptionLabels[type] ?? type)) <span class=en>\(HTML.escape(type))</span></td>"
                + "<td class=n>\(VietnameseNumber.integer(Double(n)))</td><td class=n>\(VietnameseNumber.integer(Double(amount)))</td></tr>"
        }
        html += "<tr class=total><td>Tổng <span class=en>total</span></td><td class=n>\(VietnameseNumber.integer(Double(total.0)))</td><td class=n>\(VietnameseNumber.integer(Double(total.1)))</td></tr></table>"

        let decisions = try LineDecisions.counts(db, period: context.period)
        let lines = decisions.values.reduce(0, +)
        html += "<table id=recon-lines><tr><th>Dòng chi trả <span class=en>payment lines</span></th><th>Số dòng <span class=en>lines</span></th><th>%</th></tr>"
        var known = Self.decisionLabels
        for other in Set(decisions.keys).subtracting(known.map(\.key)).sorted() { known.append((other, other, other)) }
        for d in known {
            let n = decisions[d.key] ?? 0
            html += "<tr data-decision=\"\(HTML.escape(d.key))\"><td>\(HTML.escape(d.vi)) <span class=en>\(HTML.escape(d.en))</span></td><td class=n>\(VietnameseNumber.integer(Double(n)))</td>"
                + "<td class=n>\(lines > 0 ? VietnameseNumber.percent(Double(n) / Double(lines) * 100, places: 2) : "—")</td></tr>"
        }
        html += "<tr class=total><td>Tổng số dòng của kỳ <span class=en>lines of the period</span></td><td class=n>\(VietnameseNumber.integer(Double(lines)))</td><td class=n>\(lines > 0 ? "100%" : "—")</td></tr></table>"
        return html + "</div>"
    }

    // MARK: Chart (c): exceptions per district and type

    func exceptionChart() throws -> String {
        let rows = try db.rows("SELECT COALESCE(district_code, ''), exception_type, COUNT(*), SUM(ABS(amount_at_risk)) FROM recon_exceptions WHERE period = ? GROUP BY 1, 2",
                               [.text(context.period)])
        var cells: [String: [String: (Double, Double)]] = [:]
        for row in rows { cells[row[0].string ?? "", default: [:]][row[1].string ?? ""] = (row[2].double ?? 0, row[3].double ?? 0) }
        let html = "<h3 id=s-exceptions-chart>Biểu đồ: trường hợp và số tiền theo huyện và loại <small>exceptions and amount at risk by district and type</small></h3>"
        guard !cells.isEmpty else { return html + "<p class=ok>Không có trường hợp nào trong kỳ / no exceptions in \(context.period)</p>" }
        let types = try exceptionTypes()
        let series = types.enumerated().map { i, t in
            SVGChart.Series(name: Self.exceptionLabels[t] ?? t, english: t, color: Self.exceptionColors[i % Self.exceptionColors.count])
        }
        let districts = districtRows(extra: Array(cells.keys))
        func million(_ v: Double) -> String { VietnameseNumber.trimmed(v / 1_000_000, maxPlaces: 1) }
        let countRows = districts.map { d -> SVGChart.StackRow in
            let values = types.map { cells[d.code]?[$0]?.0 ?? 0 }
            return SVGChart.StackRow(label: d.label, values: values, totalLabel: VietnameseNumber.integer(values.reduce(0, +)),
                                     tooltips: zip(types, values).map { "\(d.label.vi) — \(Self.exceptionLabels[$0] ?? $0) (\($0)): \(VietnameseNumber.integer($1)) trường hợp" })
        }
        let amountRows = districts.map { d -> SVGChart.StackRow in
            let values = types.map { cells[d.code]?[$0]?.1 ?? 0 }
            return SVGChart.StackRow(label: d.label, values: values, totalLabel: million(values.reduce(0, +)) + " tr.",
                                     tooltips: zip(types, values).map { "\(d.label.vi) — \(Self.exceptionLabels[$0] ?? $0) (\($0)): \(VietnameseNumber.integer($1)) đ" })
        }
        let svg = SVGChart.stackedBars(
            id: "chart-exceptions", title: "Trường hợp cần xử lý và số tiền theo huyện, kỳ \(context.period) (exceptions and amount at risk by district and type)",
            description: "Mỗi huyện một thanh chồng theo loại trường hợp: bên trái số trường hợp, bên phải số tiền cần xem xét (triệu đồng). "
                + "One bar per district stacked by exception type: left the count, right the amount at risk in million VND.",
            legend: series,
            panels: [
                SVGChart.Panel(title: "Số trường hợp · count", rows: countRows, tick: { VietnameseNumber.integer($0) }),
                SVGChart.Panel(title: "Số tiền · triệu đồng (VND million)", rows: amountRows, tick: million),
            ])
        return html + "<figure><figcaption>Theo loại trường hợp <span class=en>stacked by exception type; hover a segment for its figure</span></figcaption>\(svg)</figure>"
    }

    // MARK: Top exceptions

    /// The 20 exceptions with the largest amount at risk, with the reason in Vietnamese and
    /// the English detail (citizen IDs masked unless unmasked).
    func topExceptions() throws -> String {
        let rows = try db.rows("""
            SELECT COALESCE(district_code, ''), exception_type, COALESCE(beneficiary_id, ''), source_file, source_line,
                   amount_at_risk, COALESCE(reason_vi, ''), detail
              FROM recon_exceptions WHERE period = ?
             ORDER BY ABS(amount_at_risk) DESC, district_code, source_file, source_line, exception_type LIMIT 20
            """, [.text(context.period)])
        let names = Dictionary(context.config.gazetteer.districts.map { ($0.code, Self.chartLabel($0).vi) }, uniquingKeysWith: { a, _ in a })
        var html = "<h2 id=s-top>20 trường hợp có số tiền lớn nhất, kỳ \(context.period) <small>top exceptions by amount at risk</small></h2>"
        guard !rows.isEmpty else { return html + "<p class=ok>Không có / none</p>" }
        html += "<div class=wrap><table id=top-exceptions><tr><th>#</th><th>Huyện <span class=en>district</span></th><th>Loại <span class=en>type</span></th><th>Mã đối tượng <span class=en>beneficiary code</span></th>"
            + "<th>Tệp:dòng <span class=en>file:line</span></th><th>Số tiền (đ) <span class=en>amount at risk</span></th><th>Lý do <span class=en>reason</span></th></tr>"
        for (i, r) in rows.enumerated() {
            let code = r[0].string ?? "", type = r[1].string ?? ""
            html += "<tr><td class=n>\(i + 1)</td><td>\(HTML.escape(code)) \(HTML.escape(names[code] ?? ""))</td>"
                + "<td>\(HTML.escape(Self.exceptionLabels[type] ?? type)) <span class=en>\(HTML.escape(type))</span></td>"
                + "<td class=code>\(HTML.escape(r[2].string ?? ""))</td>"
                + "<td class=code>\(HTML.escape((r[3].string ?? "").precomposedStringWithCanonicalMapping)):\(r[4].int.map(String.init) ?? "")</td>"
                + "<td class=n>\(VietnameseNumber.integer(r[5].double ?? 0))</td>"
                + "<td class=reason>\(HTML.escape(maskIDs(r[6].string ?? ""))) <br><span class=en>\(HTML.escape(maskIDs(r[7].string ?? "")))</span></td></tr>"
        }
        return html + "</table></div>"
    }

    /// Citizen IDs inside free text masked (`ReportOptions.text`).
    func maskIDs(_ text: String) -> String { options.text(text) ?? text }

    // MARK: Data completeness per district

    static let datasetLabels: [String: (vi: String, en: String)] = [
        "beneficiaries": ("Danh sách đối tượng", "beneficiaries"),
        "payments": ("Danh sách chi trả", "payments"),
        "households": ("Hộ nghèo, cận nghèo", "households"),
        "household_totals": ("Tổng số hộ", "household totals"),
        "recruitment": ("Việc làm, tuyển sinh", "recruitment"),
    ]

    /// For each district of the gazetteer: which configured datasets arrived (rows loaded),
    /// whether payment lines of the period arrived, and its rows, rejects and findings.
    func completenessTable() throws -> String {
        let datasets = context.config.datasets.map(\.dataset.rawValue)
        struct Arrival { var files = 0, failed = 0, rows: Int64 = 0 }
        var arrivals: [String: [String: Arrival]] = [:]
        var totals: [String: (files: Int, data: Int64, loaded: Int64, rejected: Int64, failed: Int)] = [:]
        for r in try db.rows("SELECT COALESCE(district_code, ''), COALESCE(dataset, ''), status, rows_data, rows_loaded, rows_rejected FROM file_ledger") {
            let code = r[0].string ?? "", dataset = r[1].string ?? "", ok = r[2].string == "ok"
            var a = arrivals[code, default: [:]][dataset, default: Arrival()]
            a.files += 1
            if ok { a.rows += r[4].int ?? 0 } else { a.failed += 1 }
            arrivals[code, default: [:]][dataset] = a
            var t = totals[code] ?? (0, 0, 0, 0, 0)
            t.files += 1; t.data += r[3].int ?? 0; t.loaded += r[4].int ?? 0; t.rejected += r[5].int ?? 0; t.failed += ok ? 0 : 1
            totals[code] = t
        }
        // Counted as the lines stream by: a district's lines are stored together, file by file,
        // and GROUP BY without an index on the month would sort them all first.
        var periodLines: [String: Int64] = [:]
        let lines = try db.prepare("SELECT district_code FROM payments WHERE period = ?")
        try lines.bind([.text(context.period)])
        var district = "", count: Int64 = 0
        while try lines.step() {
            if let bytes = lines.textBytes(at: 0), bytes.elementsEqual(district.utf8) { count += 1; continue }
            if count > 0 { periodLines[district, default: 0] += count }
            district = lines.textBytes(at: 0).map { String(decoding: $0, as: UTF8.self) } ?? ""
            count = 1
        }
        if count > 0 { periodLines[district, default: 0] += count }
        var findings: [String: (errors: Int64, warnings: Int64)] = [:]
        for r in try db.rows("SELECT COALESCE(district_code, ''), SUM(severity = 'error'), SUM(severity <> 'error') FROM quality_findings GROUP BY 1") {
            findings[r[0].string ?? ""] = (r[1].int ?? 0, r[2].int ?? 0)
        }
        var html = "<h2 id=s-completeness>Mức đầy đủ dữ liệu theo huyện <small>data completeness per district</small></h2>"
        html += "<p class=note>✓ số dòng đã nạp của loại dữ liệu; ✗ thiếu: huyện chưa gửi tệp nào của loại này. "
            + "<span class=en>✓ rows loaded of each expected dataset; ✗ missing: no file of that dataset arrived; hover a cell for its files.</span></p>"
        html += "<div class=wrap><table id=completeness><tr><th>Huyện <span class=en>district</span></th>"
        for d in datasets {
            let l = Self.datasetLabels[d] ?? (d, d)
            html += "<th>\(HTML.escape(l.vi)) <span class=en>\(HTML.escape(l.en))</span></th>"
        }
        html += "<th>Chi trả kỳ \(context.period) <span class=en>payment lines of the month</span></th><th>Tệp <span class=en>files</span></th><th>Dòng dữ liệu <span class=en>data rows</span></th>"
            + "<th>Bị loại <span class=en>rejected</span></th><th>Lỗi / cảnh báo <span class=en>errors / warnings</span></th></tr>"
        let codes = districtRows(extra: Array(totals.keys) + Array(findings.keys))
        for (code, label) in codes {
            let name = label.en.map { "\(HTML.escape(label.vi))<br><span class=en>\(HTML.escape($0))</span>" } ?? HTML.escape(label.vi)
            html += "<tr data-district=\"\(HTML.escape(code.isEmpty ? "none" : code))\"><td>\(name)</td>"
            for d in datasets {
                let a = arrivals[code]?[d] ?? Arrival()
                if a.files == 0 {
                    html += "<td class=\"miss flag\">✗ thiếu <span class=en>missing</span></td>"
                } else {
                    let failed = a.failed > 0 ? " <span class=flag>\(a.failed) tệp lỗi <span class=en>unreadable</span></span>" : ""
                    let mark = a.rows > 0 ? "<span class=ok>✓</span> " : "<span class=flag>✗</span> "
                    html += "<td class=n title=\"\(a.files) tệp / files\">\(mark)\(VietnameseNumber.integer(Double(a.rows)))\(failed)</td>"
                }
            }
            let lines = periodLines[code] ?? 0
            html += lines > 0 ? "<td class=n>\(VietnameseNumber.integer(Double(lines)))</td>" : "<td class=\"n miss flag\">0</td>"
            let t = totals[code] ?? (0, 0, 0, 0, 0)
            let f = findings[code] ?? (0, 0)
            html += "<td class=n>\(t.files)</td><td class=n>\(VietnameseNumber.integer(Double(t.data)))</td>"
                + "<td class=\"n\(t.rejected > 0 ? " flag" : "")\">\(VietnameseNumber.integer(Double(t.rejected)))</td>"
                + "<td class=n><span class=\"\(f.errors > 0 ? "flag" : "")\">\(VietnameseNumber.integer(Double(f.errors)))</span> / \(VietnameseNumber.integer(Double(f.warnings)))</td></tr>"
        }
        return html + "</table></div>"
    }
}
