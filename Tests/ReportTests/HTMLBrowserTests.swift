import Foundation
@testable import Report
import TestSupport
import Warehouse
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The report as an analyst opens it: the demo data through the whole pipeline with the built
/// `ansinh`, then `index.html` in headless Chromium (Debian's `chromium`). The page must parse
/// and show its figures and charts, log nothing to the console and ask for nothing over the
/// network. Screenshots go to `output/report-screenshot*.png` for a person to look at.
final class HTMLBrowserTests: XCTestCase {
    /// The `ansinh` product beside the test bundle (Linux: in the bundle's folder).
    static var binary: URL {
        let bundle = Bundle(for: HTMLBrowserTests.self).bundleURL
        let candidates = [bundle.appendingPathComponent("ansinh"), bundle.deletingLastPathComponent().appendingPathComponent("ansinh")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// Headless Chromium: `$CHROMIUM`, else `chromium` or `chromium-browser` on the PATH.
    static var chromium: URL? {
        var candidates: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["CHROMIUM"], !explicit.isEmpty { candidates.append(explicit) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser"] {
            candidates += path.split(separator: ":").map { "\($0)/\(name)" }
        }
        candidates += ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }.map { URL(fileURLWithPath: $0) }
    }

    static let installHint = "headless Chromium is needed for the report's browser test and is not installed: "
        + "run `apt-get install -y chromium` as root (`make test` installs it through scripts/ensure-deps.sh)"

    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
        let timedOut: Bool
    }

    /// Runs a program to its end or until `timeout`, whichever comes first (then it is
    /// terminated and `timedOut` is set). Output goes through files: a large DOM on a pipe
    /// nobody reads yet would block the browser.
    static func run(_ executable: URL, _ arguments: [String], timeout: TimeInterval, in folder: URL) throws -> Outcome {
        let out = folder.appendingPathComponent("stdout-\(UUID().uuidString).txt")
        let err = folder.appendingPathComponent("stderr-\(UUID().uuidString).txt")
        try Data().write(to: out)
        try Data().write(to: err)
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        defer {
            try? outHandle.close()
            try? errHandle.close()
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = Fixture.root
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        let timedOut = process.isRunning
        if timedOut {
            process.terminate()
            let grace = Date().addingTimeInterval(5)
            while process.isRunning && Date() < grace { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       stdout: String(decoding: (try? Data(contentsOf: out)) ?? Data(), as: UTF8.self),
                       stderr: String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self),
                       timedOut: timedOut)
    }

    /// Chromium's common switches: headless, as root in a container, its own profile, its log
    /// (page console messages included) on stderr, and a net log of every request it makes.
    static func chromiumArguments(profile: URL, netLog: URL?) -> [String] {
        var arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0",
                         "--no-first-run", "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", "--disable-default-apps", "--hide-scrollbars"]
        if let netLog { arguments.append("--log-net-log=\(netLog.path)") }
        return arguments
    }

    /// The page's console messages as Chromium logs them to stderr: "…:INFO:CONSOLE:1] "text",
    /// source: …". This Chromium logs every level (error included) as INFO, so a page without
    /// scripts must log none at all.
    static func consoleLines(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map(String.init).filter { $0.contains("CONSOLE") || $0.contains("Failed to load resource") }
    }

    /// The URLs the page itself asked for over the network, from Chromium's net log: requests
    /// whose isolation key or site is the file:// page (the browser's own background requests
    /// have neither). `nil` when the net log cannot be read.
    static func pageRequests(netLog: URL) -> [String]? {
        guard let data = try? Data(contentsOf: netLog),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let events = json["events"] as? [[String: Any]] else { return nil }
        var urls: [String] = []
        for event in events {
            guard let params = event["params"] as? [String: Any], let url = params["url"] as? String else { continue }
            let context = ["network_isolation_key", "site_for_cookies", "initiator"].compactMap { params[$0] as? String }
            if context.contains(where: { $0.contains("file://") }), !urls.contains(url) { urls.append(url) }
        }
        return urls
    }

    /// Width and height of a PNG, from its IHDR chunk.
    static func pngSize(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, bytes.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { return nil }
        func be32(_ i: Int) -> Int { bytes[i..<i + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }

    /// The markup of one element found by its start (e.g. `<svg id="chart-plan"`) up to `end`.
    static func element(_ start: String, in dom: String, end: String = "</svg>") -> String? {
        guard let open = dom.range(of: start), let close = dom.range(of: end, range: open.upperBound..<dom.endIndex) else { return nil }
        return String(dom[open.lowerBound..<close.upperBound])
    }

    // MARK: - The report in the browser

    func testTheDemoReportRendersInHeadlessChromiumWithItsFiguresAndChartsAndNeedsNoNetwork() throws {
        guard let chromium = Self.chromium else {
            XCTFail(Self.installHint)
            return
        }
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            XCTFail("the ansinh executable is not at \(Self.binary.path): build it with the tests (`swift build --build-tests`)")
            return
        }
        let work = try Fixture.tempDir("ansinh-browser")
        defer { try? FileManager.default.removeItem(at: work) }
        let input = work.appendingPathComponent("input"), output = work.appendingPathComponent("output")

        // The seeded demo at a tenth of the province, through every stage.
        let synth = try Self.run(Self.binary, ["synth", "--out", input.path, "--truth", work.appendingPathComponent("truth").path,
                                               "--scale", "0.1", "--seed", "2023"], timeout: 300, in: work)
        XCTAssertEqual(synth.status, 0, "ansinh synth: \(synth.stderr)")
        let run = try Self.run(Self.binary, ["run", "--input", input.path, "--output", output.path, "--quiet"], timeout: 600, in: work)
        XCTAssertFalse(run.timedOut, "ansinh run did not finish in 10 minutes")
        XCTAssertEqual(run.status, 0, "ansinh run: \(run.stderr)")
        let page = output.appendingPathComponent("report/index.html")
        let html = try String(contentsOf: page, encoding: .utf8)

        // One self-contained file: nothing to fetch, nothing to run.
        XCTAssertFalse(html.contains("<script"), "no scripts")
        XCTAssertFalse(html.contains("http://") || html.contains("https://"), "no URL at all (inline SVG needs no xmlns)")
        XCTAssertNil(html.range(of: #"(src|href)\s*=\s*(?!"?#)"#, options: .regularExpression), "only links within the page")
        XCTAssertFalse(html.contains("url(") || html.contains("@import") || html.contains("<link"), "no style from elsewhere")

        // The figures the page must show, as the warehouse has them.
        let db = try Database(path: output.appendingPathComponent("warehouse.sqlite").path, readOnly: true)
        let jobs = try XCTUnwrap(try db.scalar("SELECT value FROM provincial_indicators WHERE year = 2023 AND indicator = 'jobs_total'")?.double)
        let jobsPlan = try XCTUnwrap(try db.scalar("SELECT plan FROM provincial_indicators WHERE year = 2023 AND indicator = 'jobs_total'")?.double)
        let poorRate = try XCTUnwrap(try db.scalar("SELECT value FROM provincial_indicators WHERE year = 2023 AND indicator = 'poor_rate_pct'")?.double)
        let exceptions = try XCTUnwrap(try db.scalar("SELECT COUNT(*) FROM recon_exceptions WHERE period = '2023-12'")?.int)
        XCTAssertGreaterThan(jobs, 0)
        XCTAssertGreaterThan(exceptions, 0, "the demo plants exceptions of every type")

        // Chromium parses the page and serializes the DOM it built.
        let profile = work.appendingPathComponent("chromium-profile"), netLog = work.appendingPathComponent("netlog.json")
        let dump = try Self.run(chromium, Self.chromiumArguments(profile: profile, netLog: netLog) + ["--dump-dom", page.absoluteString],
                                timeout: 120, in: work)
        XCTAssertFalse(dump.timedOut, "Chromium did not finish in 2 minutes: \(dump.stderr.suffix(2000))")
        XCTAssertEqual(dump.status, 0, "Chromium failed: \(dump.stderr.suffix(2000))")
        let dom = dump.stdout
        XCTAssertTrue(dom.contains("</html>") && dom.contains("id=\"s-provincial\""), "a whole DOM: \(dom.prefix(500))")

        // The provincial table with its figure, the change column and the Vietnamese formatting.
        let jobsRow = try XCTUnwrap(Self.element("<tr data-indicator=\"jobs_total\">", in: dom, end: "</tr>"), "the jobs_total row")
        XCTAssertTrue(jobsRow.contains("<td class=\"n\">\(VietnameseNumber.integer(jobs))</td><td class=\"n\">\(VietnameseNumber.integer(jobsPlan))</td>"), jobsRow)
        XCTAssertTrue(dom.contains("change from the previous year"))

        // Three charts, each an image with its name for assistive technology.
        XCTAssertEqual(dom.components(separatedBy: "<svg").count - 1, 3, "three inline SVG charts")
        let charts = [("chart-plan", "Thực hiện so với kế hoạch 2023"),
                      ("chart-poverty", "Tỷ lệ hộ nghèo và cận nghèo theo huyện, 2022 và 2023"),
                      ("chart-exceptions", "Trường hợp cần xử lý và số tiền theo huyện, kỳ 2023-12")]
        var svgs: [String: String] = [:]
        for (id, name) in charts {
            let svg = try XCTUnwrap(Self.element("<svg id=\"\(id)\"", in: dom), "chart \(id)")
            svgs[id] = svg
            XCTAssertTrue(svg.contains("role=\"img\""), id)
            XCTAssertTrue(svg.contains("aria-label=\"\(name)"), "\(id) is named: \(svg.prefix(600))")
            XCTAssertTrue(svg.contains("<title id=\"\(id)-title\">\(name)"), "\(id) has its title")
            XCTAssertTrue(svg.contains("<rect"), "\(id) has bars")
        }
        let plan = try XCTUnwrap(svgs["chart-plan"])
        XCTAssertTrue(plan.contains("\(VietnameseNumber.integer(jobs)) · \(VietnameseNumber.percent(jobs / jobsPlan * 100))"), "jobs as % of plan")
        XCTAssertTrue(plan.contains("100% kế hoạch") && plan.contains("stroke-dasharray"), "the 100% line")
        let poverty = try XCTUnwrap(svgs["chart-poverty"])
        for district in ["Đồng Hới", "Minh Hóa", "Tuyên Hóa", "Quảng Trạch", "Bố Trạch", "Quảng Ninh", "Lệ Thủy", "Ba Đồn", "Toàn tỉnh"] {
            XCTAssertTrue(poverty.contains(">\(district)</text>"), "\(district) in the poverty chart")
        }
        XCTAssertTrue(poverty.contains(">\(VietnameseNumber.percent(poorRate, places: 2))</text>"), "the province's poor rate")
        XCTAssertTrue(poverty.contains("Hộ nghèo 2022") && poverty.contains("Cận nghèo 2023"), "both years in the legend")
        let stacked = try XCTUnwrap(svgs["chart-exceptions"])
        XCTAssertTrue(stacked.contains("PAID_AFTER_END") && stacked.contains("Chi trả sau khi chết/cắt hưởng"), "the legend names the types")
        XCTAssertTrue(dom.contains("reconciliation summary") && dom.contains("top exceptions by amount at risk") && dom.contains("data completeness per district"))
        XCTAssertTrue(dom.contains("<tr class=\"total\"><td>Tổng <span class=\"en\">total</span></td><td class=\"n\">\(VietnameseNumber.integer(Double(exceptions)))</td>"),
                      "the summary counts every exception")

        // Nothing logged to the console, nothing asked of the network.
        XCTAssertEqual(Self.consoleLines(dump.stderr), [], "the page logs nothing to the console")
        let requests = try XCTUnwrap(Self.pageRequests(netLog: netLog), "Chromium's net log is readable")
        XCTAssertEqual(requests, [], "the page needs no network")

        // Screenshots for a person: the top of the page, and the reconciliation part of it
        // (a copy of the page whose extra style hides what comes before the summary).
        let shots = Fixture.root.appendingPathComponent("output")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        let reconciliation = output.appendingPathComponent("report/reconciliation-view.html")
        try html.replacingOccurrences(of: "</head>", with: "<style>body > *:has(~ #s-reconciliation){display:none}</style></head>")
            .write(to: reconciliation, atomically: true, encoding: .utf8)
        for (name, url) in [("report-screenshot.png", page), ("report-screenshot-reconciliation.png", reconciliation)] {
            let png = shots.appendingPathComponent(name)
            try? FileManager.default.removeItem(at: png)
            let shot = try Self.run(chromium, Self.chromiumArguments(profile: profile, netLog: nil)
                                    + ["--screenshot=\(png.path)", "--window-size=1280,2400", url.absoluteString], timeout: 120, in: work)
            XCTAssertEqual(shot.status, 0, "Chromium screenshot failed: \(shot.stderr.suffix(2000))")
            XCTAssertEqual(Self.consoleLines(shot.stderr), [], name)
            let data = try Data(contentsOf: png)
            let size = try XCTUnwrap(Self.pngSize(data), "\(name) is a PNG")
            XCTAssertEqual(size.width, 1280)
            XCTAssertEqual(size.height, 2400)
            XCTAssertGreaterThan(data.count, 50_000, "\(name) shows the page, not a blank window")
        }
    }

    /// The two browser checks above must see what they look for: a page that logs an error and
    /// loads an image from the network is caught by both.
    func testTheBrowserChecksCatchConsoleErrorsAndNetworkRequests() throws {
        guard let chromium = Self.chromium else {
            XCTFail(Self.installHint)
            return
        }
        let work = try Fixture.tempDir("ansinh-browser-canary")
        defer { try? FileManager.default.removeItem(at: work) }
        let page = work.appendingPathComponent("canary.html")
        try """
            <!DOCTYPE html><html><head><meta charset="utf-8"></head><body><p>canary</p>
            <img src="https://example.invalid/canary.png" alt=""><script>console.error("canary-error")</script></body></html>
            """.write(to: page, atomically: true, encoding: .utf8)
        let netLog = work.appendingPathComponent("netlog.json")
        let dump = try Self.run(chromium, Self.chromiumArguments(profile: work.appendingPathComponent("profile"), netLog: netLog)
                                + ["--dump-dom", page.absoluteString], timeout: 120, in: work)
        XCTAssertEqual(dump.status, 0, dump.stderr.suffix(2000).description)
        XCTAssertTrue(dump.stdout.contains("<p>canary</p>"))
        XCTAssertTrue(Self.consoleLines(dump.stderr).contains { $0.contains("canary-error") }, "console messages are seen: \(dump.stderr.suffix(2000))")
        XCTAssertEqual(Self.pageRequests(netLog: netLog), ["https://example.invalid/canary.png"], "the page's requests are seen")
    }
}

/// The parts of the page the browser test cannot pin down on the demo: the SVG functions on
/// their own, the previous year, a district that sent nothing, and IDs inside free text.
final class HTMLReportPartsTests: XCTestCase {
    func testChartsAreDeterministicEscapedAndNamedForAssistiveTechnology() {
        func chart() -> String {
            SVGChart.groupedBars(
                id: "c", title: "Tỷ lệ <hộ> & \"nghèo\"", description: "mô tả",
                legend: [SVGChart.Series(name: "Hộ nghèo", english: "poor", color: "#b3261e")],
                groups: [SVGChart.Group(label: SVGChart.Label(vi: "Đồng Hới <script>", en: "450 · city"),
                                        bars: [SVGChart.Bar(value: 4.05, label: "4,05%", color: "#b3261e", tooltip: "a < b"),
                                               SVGChart.Bar(value: nil, label: "—", color: "#b3261e", tooltip: "")])],
                reference: SVGChart.Reference(value: 5, label: "5%"), tick: { VietnameseNumber.trimmed($0) + "%" })
        }
        let svg = chart()
        XCTAssertEqual(svg, chart(), "the same figures give the same bytes")
        XCTAssertTrue(svg.hasPrefix("<svg id=\"c\" class=\"chart\""))
        XCTAssertTrue(svg.contains("role=\"img\" aria-label=\"Tỷ lệ &lt;hộ&gt; &amp; &quot;nghèo&quot;\""), svg)
        XCTAssertTrue(svg.contains("<title id=\"c-title\">Tỷ lệ &lt;hộ&gt; &amp; &quot;nghèo&quot;</title><desc id=\"c-desc\">mô tả</desc>"))
        XCTAssertTrue(svg.contains("Đồng Hới &lt;script&gt;") && !svg.contains("<script"))
        XCTAssertEqual(svg.components(separatedBy: "<rect").count - 1, 2, "one legend swatch and one bar: the missing value has none")
        XCTAssertTrue(svg.contains(">4,05%</text>") && svg.contains(">—</text>"))
        XCTAssertFalse(svg.contains("http"), "inline SVG needs no namespace URL")
        XCTAssertEqual(SVGChart.niceScale(163.3).max, 175)
        XCTAssertEqual(SVGChart.niceScale(21.06).max, 25)

        let stacked = SVGChart.stackedBars(
            id: "s", title: "t", description: "d",
            legend: [SVGChart.Series(name: "A", english: "a", color: "#111"), SVGChart.Series(name: "B", english: "b", color: "#222")],
            panels: [SVGChart.Panel(title: "count", rows: [SVGChart.StackRow(label: SVGChart.Label(vi: "X", en: nil), values: [2, 0],
                                                                              totalLabel: "2", tooltips: ["X — A: 2", "X — B: 0"])],
                                    tick: { VietnameseNumber.integer($0) })])
        XCTAssertTrue(stacked.contains("<title>X — A: 2</title>") && !stacked.contains("X — B: 0"), "empty segments are not drawn")
    }

    func testThePageShowsThePreviousYearAMissingDatasetAndMasksIDsInFreeText() throws {
        let db = try Fixture.warehouse()
        try db.execute("""
            INSERT INTO provincial_indicators VALUES (2023,'jobs_total',20360,18500,110.054054), (2022,'jobs_total',19126,NULL,NULL),
              (2023,'poor_rate_pct',4.05,NULL,NULL), (2022,'poor_rate_pct',5.0,NULL,NULL);
            INSERT INTO district_indicators VALUES (2023,'454','poor_rate_pct',4.48,NULL,NULL), (2022,'454','poor_rate_pct',5.53,NULL,NULL),
              (2023,'454','near_poor_rate_pct',4.76,NULL,NULL);
            INSERT INTO file_ledger(source_file, dataset, district_code, rows_data, rows_loaded, rows_rejected, status)
              VALUES ('454/b.csv','beneficiaries','454',10,9,1,'ok'), ('454/p.csv','payments','454',5,5,0,'ok'), ('450/x.xlsx',NULL,'450',0,0,0,'ignored');
            INSERT INTO payments(period, full_name, name_key, amount, source_file, source_line, district_code)
              VALUES ('2023-12','A','a',1,'454/p.csv',2,'454');
            INSERT INTO quality_findings(source_file, source_line, rule, detail, severity, district_code)
              VALUES ('454/b.csv',3,'duplicate_id','x','warning','454');
            INSERT INTO recon_matches(period, source_file, source_line, district_code, rule, decision) VALUES ('2023-12','454/p.csv',2,'454','code','conflict');
            INSERT INTO recon_exceptions(period, district_code, exception_type, beneficiary_id, source_file, source_line, amount_at_risk, detail, reason_vi)
              VALUES ('2023-12','454','IDENTITY_CONFLICT','454000007','454/p.csv',2,-2055000,
                      'same citizen ID 044210366625; old card citizen ID 123456789; code 454000007', 'cùng số CCCD');
            """)
        let out = try Fixture.tempDir()
        defer { try? FileManager.default.removeItem(at: out) }
        let context = try Fixture.context(input: out, output: out)
        let html = try HTMLReport(context: context, db: db).render()
        XCTAssertTrue(html.contains("+1.234 (+6,5%) <span class=en>2022: 19.126</span>"), "change from the previous year")
        XCTAssertTrue(html.contains("-0,95 điểm % <span class=en>2022: 5,00%</span>"), "a rate changes in points")
        XCTAssertTrue(html.contains(">5,53%</text>") && html.contains(">4,48%</text>"), "the district's stored rates of both years")
        XCTAssertFalse(html.contains("the warehouse holds no 2022 indicators"), "nothing derived when 2022 is stored")
        let completeness = try XCTUnwrap(html.components(separatedBy: "<tr data-district=\"450\">").dropFirst().first?.components(separatedBy: "</tr>").first)
        XCTAssertTrue(completeness.contains("✗ thiếu"), "Đồng Hới sent no readable dataset: \(completeness)")
        XCTAssertTrue(completeness.contains("0 / 0") || completeness.contains(">0</span> / 0"))
        XCTAssertTrue(html.contains("<tr data-decision=\"conflict\"><td>Mã/CCCD trỏ tới hồ sơ người khác <span class=en>identity conflict</span></td><td class=n>1</td><td class=n>100,00%</td>"))
        XCTAssertTrue(html.contains("<td class=n>2.055.000</td>"), "top exceptions by the absolute amount")
        XCTAssertTrue(html.contains("same citizen ID 044*******25; old card citizen ID 123****89; code 454000007"), "IDs masked, codes kept")
        XCTAssertFalse(html.contains("044210366625") || html.contains("123456789"))
        let unmasked = try HTMLReport(context: context, db: db, options: ReportOptions(unmasked: true)).render()
        XCTAssertTrue(unmasked.contains("same citizen ID 044210366625; old card citizen ID 123456789"))
    }
}
