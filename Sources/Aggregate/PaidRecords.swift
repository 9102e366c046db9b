import Warehouse
import VietText

/// The registry records paid in a payment month (matched lines only, IDENTITY_CONFLICT lines
/// aside) and whether any of their lines was non-cash, per district and for the province; with
/// the month's amount paid per district. Two streaming passes joined through arrays indexed by
/// (file, line): the SQL join had SQLite build an automatic index over every payment line of
/// every month, on each run.
struct PaidRecords {
    /// Per district code: records paid, and of those paid at least once without cash. A record
    /// matched from two districts counts in both.
    var byDistrict: [String: (paid: Int, noncash: Int)] = [:]
    /// The province's records paid and paid without cash, each record once.
    var provincePaid = 0, provinceNoncash = 0
    /// TOTAL(amount) of the month's payment lines per district code.
    var amountByDistrict: [String: Double] = [:]

    /// None paid, nothing.
    init() {}

    /// Nil when a matched line is not among the month's payment lines (the caller falls back
    /// to the join, which drops such a line).
    init?(_ db: Database, period: String) throws {
        // The month's payment lines on a connection of their own while the matches are read here
        // (an in-memory warehouse has one connection: read first there).
        let lines: Background<MonthLines>
        if let reader = try db.reader() {
            lines = Background { try MonthLines(reader, period: period) }
        } else {
            lines = .done(try MonthLines(db, period: period))
        }
        defer { lines.finish() }
        // Records' files and payment lines' files numbered apart: each interner remembers its
        // last text, and the two columns alternate row by row.
        var recordFiles = InternTable(), lineFiles = InternTable()
        var districts = InternTable()
        // Each matched line: its district (0 for NULL, a group of its own in GROUP BY), its
        // record (file and line, nil when either is NULL) and its payment line.
        var districtOfMatch: [Int32] = [], recordOfMatch: [LineSlots.Line?] = [], lineOfMatch: [LineSlots.Line] = []
        let selectMatches = try db.prepare("""
            SELECT district_code, record_file, record_line, source_file, source_line
              FROM recon_matches WHERE period = ? AND decision = 'match'
            """)
        try selectMatches.bind([.text(period)])
        // Cells read as SQLite's bytes (valid until the next step), never as Strings.
        while try selectMatches.step() {
            districtOfMatch.append(selectMatches.textBytes(at: 0).map { districts.intern(bytes: $0) + 1 } ?? 0)
            if let file = selectMatches.textBytes(at: 1), let line = selectMatches.integer(at: 2) {
                recordOfMatch.append(LineSlots.Line(file: recordFiles.intern(bytes: file), line: line))
            } else {
                recordOfMatch.append(nil)
            }
            lineOfMatch.append(LineSlots.Line(file: lineFiles.intern(bytes: selectMatches.textBytes(at: 3) ?? InternTable.empty), line: selectMatches.integer(at: 4) ?? 0))
        }
        let paymentSlots = LineSlots(lineOfMatch)
        // The matches of each payment line, chained (a line is matched once, as a rule).
        var firstMatch = [Int32](repeating: -1, count: paymentSlots.count)
        var nextMatch = [Int32](repeating: -1, count: lineOfMatch.count)
        for (m, line) in lineOfMatch.enumerated() {
            guard let slot = paymentSlots.slot(line) else { continue }
            nextMatch[m] = firstMatch[slot]
            firstMatch[slot] = Int32(m)
        }
        lineOfMatch = []

        // The month's payment lines (read meanwhile): the method of each matched line.
        let month = try lines.wait()
        // The lines' files by the numbers the matches gave them (a file no match names gets a
        // number past every block of slots: its lines find none).
        let fileNumber = (0..<month.files.count).map { f in month.files.withBytes(Int32(f)) { lineFiles.intern(bytes: $0) } }
        var found = 0
        var seen = [Bool](repeating: false, count: nextMatch.count)
        var noncashMatch = [Bool](repeating: false, count: nextMatch.count)
        for (k, read) in month.lines.enumerated() {
            guard let slot = paymentSlots.slot(LineSlots.Line(file: fileNumber[Int(read.file)], line: Int64(read.line))) else { continue }
            let noncash = month.noncash[k]
            var m = firstMatch[slot]
            while m >= 0 {
                if !seen[Int(m)] { seen[Int(m)] = true; found += 1 }
                if noncash { noncashMatch[Int(m)] = true }
                m = nextMatch[Int(m)]
            }
        }
        guard found == seen.count else { return nil }
        amountByDistrict = month.amountByDistrict

        // Each record's matches, chained; the NULL record is one more slot at the end.
        let recordSlots = LineSlots(recordOfMatch.compactMap { $0 })
        let nullRecord = recordSlots.count
        var firstOfRecord = [Int32](repeating: -1, count: recordSlots.count + 1)
        var nextOfRecord = [Int32](repeating: -1, count: recordOfMatch.count)
        for (m, record) in recordOfMatch.enumerated() {
            let slot = record.flatMap { recordSlots.slot($0) } ?? nullRecord
            nextOfRecord[m] = firstOfRecord[slot]
            firstOfRecord[slot] = Int32(m)
        }
        // Per record: its districts (one, as a rule) and whether each paid it without cash.
        let districtCodes = districts.strings
        var paid: [(district: Int32, noncash: Bool)] = []
        for head in firstOfRecord where head >= 0 {
            paid.removeAll(keepingCapacity: true)
            var m = head
            while m >= 0 {
                let d = districtOfMatch[Int(m)], noncash = noncashMatch[Int(m)]
                if let i = paid.firstIndex(where: { $0.district == d }) { paid[i].noncash = paid[i].noncash || noncash } else { paid.append((d, noncash)) }
                m = nextOfRecord[Int(m)]
            }
            for p in paid {
                let code = p.district == 0 ? "" : districtCodes[Int(p.district - 1)]
                byDistrict[code, default: (0, 0)].paid += 1
                if p.noncash { byDistrict[code, default: (0, 0)].noncash += 1 }
            }
            provincePaid += 1
            if paid.contains(where: \.noncash) { provinceNoncash += 1 }
        }
    }
}

/// The month's payment lines as aggregate needs them: the whole amount paid per district, and
/// each line's file, line number and whether it was paid without cash.
struct MonthLines {
    /// TOTAL(amount) per district code (NULL counted as "").
    private(set) var amountByDistrict: [String: Double] = [:]
    /// The lines' files, numbered by `files`.
    private(set) var files = InternTable()
    private(set) var lines: [LineSlots.Line] = []
    private(set) var noncash: [Bool] = []

    init(_ db: Database, period: String) throws {
        // Whole amounts per district, by the district's number.
        var districts = InternTable()
        var amounts: [Int64] = []
        let select = try db.prepare("SELECT district_code, amount, method = 'noncash', source_file, source_line FROM payments WHERE period = ?")
        try select.bind([.text(period)])
        // Cells read as SQLite's bytes (valid until the next step), never as Strings.
        while try select.step() {
            let d = Int(districts.intern(bytes: select.textBytes(at: 0) ?? InternTable.empty))
            if d == amounts.count { amounts.append(0) }
            amounts[d] += select.integer(at: 1) ?? 0
            lines.append(LineSlots.Line(file: files.intern(bytes: select.textBytes(at: 3) ?? InternTable.empty), line: select.integer(at: 4) ?? 0))
            noncash.append((select.integer(at: 2) ?? 0) != 0)
        }
        // Sums of whole amounts: exact in a Double, as SQLite's TOTAL gives them.
        var byCode: [String: Int64] = [:]
        for (d, code) in districts.strings.enumerated() { byCode[code, default: 0] += amounts[d] }
        amountByDistrict = byCode.mapValues(Double.init)
    }
}

/// A dense numbering of (file, line) pairs: each file a block of slots for its lines 0 through
/// the largest line asked for, so that a pair finds its slot by two array reads, not a hash.
struct LineSlots {
    /// A file's number (an `InternTable`'s) and a line in it; lines are counted in 32 bits.
    struct Line {
        let file: Int32, line: UInt32
        init(file: Int32, line: Int64) { self.file = file; self.line = UInt32(clamping: line) }
    }

    private var base: [Int] = [], size: [Int] = []
    /// Number of slots.
    private(set) var count = 0

    /// Slots for the lines given (of files numbered from 0).
    init(_ lines: [Line]) {
        for l in lines where l.file >= 0 {
            let f = Int(l.file)
            if f >= size.count { size.append(contentsOf: repeatElement(0, count: f - size.count + 1)) }
            size[f] = max(size[f], Int(l.line) + 1)
        }
        base = size.map { s in defer { count += s }; return count }
    }

    /// The slot of a line, nil for a line outside every block.
    func slot(_ l: Line) -> Int? {
        let f = Int(l.file)
        guard f >= 0, f < size.count, Int(l.line) < size[f] else { return nil }
        return base[f] + Int(l.line)
    }
}
