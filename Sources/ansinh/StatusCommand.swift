import ArgumentParser
import Foundation
import Warehouse

/// `ansinh status`: the last runs as the warehouse recorded them, for the person on duty the
/// morning after: when, what, outcome and exit code, how long, the counts, the stages, and
/// which input files changed since the run before. Reads only; takes no lock.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the last runs: outcome, exit code, duration, counts, stages, and the input files changed since the run before.",
        discussion: "Reads OUTPUT/warehouse.sqlite (and OUTPUT/warehouse.failed.sqlite, which holds the runs whose blocking checks failed) read-only. Exit status 0; 2 when OUTPUT holds no warehouse.")

    @Option(help: "Folder holding warehouse.sqlite.")
    var output: String = "output"

    @Option(help: "How many runs to show, newest first.")
    var last: Int = 5

    /// How many file names of each kind of change are listed before "… and N more".
    static let namesShown = 10

    func validate() throws {
        guard last >= 1 else { throw ValidationError("--last must be 1 or more (got \(last))") }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: output)
        let published = folder.appendingPathComponent("warehouse.sqlite")
        let failed = folder.appendingPathComponent("warehouse.failed.sqlite")
        let fm = FileManager.default
        guard fm.fileExists(atPath: published.path) || fm.fileExists(atPath: failed.path) else {
            FileHandle.standardError.write(Data("ansinh: no warehouse in \(folder.path): \(published.path) does not exist (no run has finished there yet; is --output right?)\n".utf8))
            throw ExitCode(Outcome.usage.rawValue)
        }
        var runs: [Run] = []
        var notes: [String] = []
        if fm.fileExists(atPath: published.path) {
            runs = try Self.load(published, origin: nil)
        } else {
            notes.append("nothing published yet: \(published.path) does not exist")
        }
        if fm.fileExists(atPath: failed.path) {
            // A run whose blocking checks failed is only in the warehouse it kept aside.
            let known = Set(runs.map(\.key))
            runs += try Self.load(failed, origin: "warehouse.failed.sqlite").filter { !known.contains($0.key) }
        }
        runs.sort { (Self.date($0.startedAt) ?? .distantPast, $0.id) < (Self.date($1.startedAt) ?? .distantPast, $1.id) }
        print(Self.render(runs: runs, last: last, source: fm.fileExists(atPath: published.path) ? published.path : failed.path, notes: notes))
        for line in Self.folderNotes(folder) { print(line) }
    }

    // MARK: - Reading

    /// One stage of a run, from `run_stages`.
    struct Stage {
        var name: String
        var startedAt: String
        var finishedAt: String?
        var rowsIn: Int64?
        var rowsOut: Int64?
        var warnings: Int64?
        var outcome: String?
        var message: String?
        /// The stage's peak resident memory in KiB (warehouses from before it was kept: nil).
        var peakKiB: Int64? = nil
    }

    /// One run, from `runs` (and its stages and checks).
    struct Run {
        var id: Int64
        var startedAt: String
        var finishedAt: String?
        var command: String
        var inputDir: String?
        var period: String?
        var year: Int64?
        var inputs: String?
        var outcome: String?
        var exitCode: Int64?
        var files: Int64?
        var rowsData: Int64?
        var rowsLoaded: Int64?
        var rowsRejected: Int64?
        var findings: Int64?
        var exceptions: Int64?
        var message: String?
        /// nil: the published warehouse; else the file the run was found in.
        var origin: String?
        var stages: [Stage] = []
        /// Checks of the run: (passed, failed, blocking failed); nil when not recorded per run.
        var checks: (passed: Int, failed: Int, blockingFailed: Int)?

        /// Runs of two warehouses are the same run when their id and start agree.
        var key: String { "\(id)|\(startedAt)" }
    }

    /// The runs of one warehouse, oldest first.
    static func load(_ url: URL, origin: String?) throws -> [Run] {
        let db: Database
        do {
            db = try Database(path: url.path, readOnly: true)
        } catch {
            throw FatalError(description: "cannot open \(url.path): \(error)")
        }
        func has(_ table: String) throws -> Bool {
            try db.scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?", [.text(table)])?.int == 1
        }
        do {
            guard try has("runs") else { return [] }
            var runs = try db.rows("""
                SELECT run_id, started_at, finished_at, command, input_dir, period, year, inputs, outcome, exit_code,
                       files, rows_data, rows_loaded, rows_rejected, findings, exceptions, message
                FROM runs ORDER BY run_id
                """).map { r in
                Run(id: r[0].int ?? 0, startedAt: r[1].string ?? "", finishedAt: r[2].string, command: r[3].string ?? "?",
                    inputDir: r[4].string, period: r[5].string, year: r[6].int, inputs: r[7].string, outcome: r[8].string,
                    exitCode: r[9].int, files: r[10].int, rowsData: r[11].int, rowsLoaded: r[12].int, rowsRejected: r[13].int,
                    findings: r[14].int, exceptions: r[15].int, message: r[16].string, origin: origin)
            }
            var index: [Int64: Int] = [:]
            for (i, run) in runs.enumerated() { index[run.id] = i }
            if try has("run_stages") {
                let stageColumns = try db.rows("SELECT name FROM pragma_table_info('run_stages')").compactMap { $0[0].string }
                let peak = stageColumns.contains("peak_rss_kib") ? "peak_rss_kib" : "NULL"
                for r in try db.rows("""
                    SELECT run_id, stage, started_at, finished_at, rows_in, rows_out, warnings, outcome, message, \(peak)
                    FROM run_stages ORDER BY rowid
                    """) {
                    guard let id = r[0].int, let i = index[id] else { continue }
                    runs[i].stages.append(Stage(name: r[1].string ?? "?", startedAt: r[2].string ?? "", finishedAt: r[3].string,
                                                rowsIn: r[4].int, rowsOut: r[5].int, warnings: r[6].int, outcome: r[7].string,
                                                message: r[8].string, peakKiB: r[9].int))
                }
            }
            let checkColumns = try db.rows("SELECT name FROM pragma_table_info('quality_checks')").compactMap { $0[0].string }
            if checkColumns.contains("run_id") {
                for r in try db.rows("""
                    SELECT run_id, SUM(passed <> 0), SUM(passed = 0), SUM(passed = 0 AND blocking <> 0)
                    FROM quality_checks WHERE run_id IS NOT NULL GROUP BY run_id
                    """) {
                    guard let id = r[0].int, let i = index[id] else { continue }
                    runs[i].checks = (Int(r[1].int ?? 0), Int(r[2].int ?? 0), Int(r[3].int ?? 0))
                }
            }
            return runs
        } catch {
            throw FatalError(description: "cannot read the run history of \(url.path): \(error)")
        }
    }

    // MARK: - Writing

    /// The report: a heading, then the last `last` runs, newest first.
    static func render(runs: [Run], last: Int, source: String, notes: [String] = []) -> String {
        var lines = ["\(source): \(runs.count) run\(runs.count == 1 ? "" : "s") recorded" + (runs.count > last ? ", the last \(last) shown, newest first" : "")]
        lines += notes.map { "note: \($0)" }
        if runs.isEmpty { lines.append("no runs recorded") }
        for (position, run) in runs.enumerated().reversed().prefix(last) {
            lines.append("")
            lines += describe(run, previous: position > 0 ? runs[position - 1] : nil)
        }
        return lines.joined(separator: "\n")
    }

    /// The lines of one run.
    static func describe(_ run: Run, previous: Run?) -> [String] {
        var head = "run #\(run.id)  \(run.command)  started \(run.startedAt)  \(run.outcome ?? "no outcome")"
        if let code = run.exitCode { head += ", exit \(code)" }
        if let finished = run.finishedAt, let seconds = duration(from: run.startedAt, to: finished) {
            head += ", took \(format(seconds: seconds))"
        } else if run.finishedAt == nil {
            head += ", did not finish"
        }
        if let origin = run.origin { head += "  (in \(origin))" }
        var lines = [head]
        var scope: [String] = []
        if let input = run.inputDir { scope.append("input \(input)") }
        if let period = run.period { scope.append("period \(period)") }
        if let year = run.year { scope.append("year \(year)") }
        if !scope.isEmpty { lines.append("    " + scope.joined(separator: "  ")) }
        lines.append("    files \(count(run.files))  rows \(count(run.rowsData)) (loaded \(count(run.rowsLoaded)), rejected \(count(run.rowsRejected)))"
                     + "  findings \(count(run.findings))  exceptions \(count(run.exceptions))")
        if let checks = run.checks {
            lines.append("    checks \(checks.passed) passed, \(checks.failed) failed (\(checks.blockingFailed) blocking)")
        }
        if !run.stages.isEmpty {
            let width = run.stages.map(\.name.count).max() ?? 0
            for (i, stage) in run.stages.enumerated() {
                var text = (i == 0 ? "    stages  " : "            ") + stage.name.padding(toLength: width, withPad: " ", startingAt: 0)
                if let finished = stage.finishedAt, let seconds = duration(from: stage.startedAt, to: finished) {
                    text += "  " + format(seconds: seconds)
                } else {
                    text += "  did not finish"
                }
                switch (stage.rowsIn, stage.rowsOut) {
                case let (rowsIn?, rowsOut?): text += "  rows \(rowsIn) in, \(rowsOut) out"
                case let (rowsIn?, nil): text += "  rows \(rowsIn) in"
                case let (nil, rowsOut?): text += "  rows \(rowsOut) out"
                case (nil, nil): break
                }
                if let peak = stage.peakKiB, peak > 0 { text += "  peak \(peak / 1024) MiB" }
                if let warnings = stage.warnings { text += "  warnings \(warnings)" }
                if let outcome = stage.outcome { text += "  \(outcome)" }
                if let message = stage.message, !message.isEmpty { text += ": \(message)" }
                lines.append(text)
            }
        }
        lines += changes(run, previous: previous)
        if let message = run.message, !message.isEmpty { lines.append("    message: \(message)") }
        return lines
    }

    /// "what changed": input files added, removed and changed since the run before.
    static func changes(_ run: Run, previous: Run?) -> [String] {
        guard let previous else { return ["    inputs: the first run recorded, nothing to compare with"] }
        guard let now = run.inputs.map(inputs), let before = previous.inputs.map(inputs) else {
            return ["    inputs: not recorded for run #\(run.inputs == nil ? run.id : previous.id), nothing to compare"]
        }
        let added = now.keys.filter { before[$0] == nil }.sorted()
        let removed = before.keys.filter { now[$0] == nil }.sorted()
        let changed = now.keys.filter { before[$0] != nil && before[$0] != now[$0] }.sorted()
        let unchanged = now.count - added.count - changed.count
        if added.isEmpty && removed.isEmpty && changed.isEmpty {
            return ["    inputs: the same \(now.count) file\(now.count == 1 ? "" : "s") as run #\(previous.id)"]
        }
        var lines = ["    inputs since run #\(previous.id): \(added.count) added, \(removed.count) removed, \(changed.count) changed, \(unchanged) unchanged"]
        for (mark, names) in [("+", added), ("-", removed), ("~", changed)] {
            lines += names.prefix(namesShown).map { "      \(mark) \($0)" }
            if names.count > namesShown { lines.append("      \(mark) … and \(names.count - namesShown) more") }
        }
        return lines
    }

    /// `runs.inputs` ("source_file=sha256" per line) as file → digest. The digest follows the
    /// last "=" (a file name may hold one).
    static func inputs(_ text: String) -> [String: String] {
        var files: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let equals = line.lastIndex(of: "=") else { files[String(line)] = ""; continue }
            files[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return files
    }

    /// Seconds between two ISO 8601 timestamps, with or without fractional seconds.
    static func duration(from start: String, to end: String) -> Double? {
        guard let a = date(start), let b = date(end) else { return nil }
        return b.timeIntervalSince(a)
    }

    private static func date(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    /// "0.4 s", "12.3 s", "3 min 07 s", "1 h 02 min".
    static func format(seconds: Double) -> String {
        let s = max(0, seconds)
        if s < 60 { return String(format: "%.1f s", s) }
        let whole = Int(s.rounded())
        if whole < 3600 { return String(format: "%d min %02d s", whole / 60, whole % 60) }
        return String(format: "%d h %02d min", whole / 3600, (whole % 3600) / 60)
    }

    private static func count(_ value: Int64?) -> String { value.map(String.init) ?? "-" }

    /// What else the output folder says: a run under way (or killed), a kept failed output, the
    /// history copies.
    static func folderNotes(_ folder: URL) -> [String] {
        let fm = FileManager.default
        var lines: [String] = []
        let building = folder.appendingPathComponent("warehouse.building.sqlite")
        if let modified = (try? fm.attributesOfItem(atPath: building.path))?[.modificationDate] as? Date {
            lines.append("")
            lines.append("\(building.path) exists (last written \(JSONLogHandler.iso8601(modified))): a run is under way, or one was killed (the next run removes it)")
        }
        let history = PublishedCopies.historyFolder(of: folder)
        if let copies = try? PublishedCopies.copies(in: history), let newest = copies.first {
            lines.append("")
            lines.append("\(history.path): \(copies.count) earlier published warehouse\(copies.count == 1 ? "" : "s") kept, the newest \(newest.lastPathComponent)")
        }
        return lines
    }
}
