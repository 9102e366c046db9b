import Foundation
import Pipeline

/// Row-level plausibility rules. A rule never rejects or changes a value: it writes a finding
/// for a person to look at (DOMAIN.md: a mismatch is a finding, not a silent fix).
struct Plausibility {
    /// Today, ISO: a birth date after it is in the future.
    let today: String
    let levels: PipelineConfig.StandardLevels

    /// GSO province codes (as of 2025), which citizen IDs use for their first three digits.
    static let provinceCodes: Set<String> = [
        "01", "02", "04", "06", "08", "10", "11", "12", "14", "15", "17", "19", "20", "22", "24", "25", "26", "27",
        "30", "31", "33", "34", "35", "36", "37", "38", "40", "42", "44", "45", "46", "48", "49", "51", "52", "54",
        "56", "58", "60", "62", "64", "66", "67", "68", "70", "72", "74", "75", "77", "79", "80", "82", "83", "84",
        "86", "87", "89", "91", "92", "93", "94", "95", "96",
    ]

    /// `provinceCodes` by number, for the per-row check.
    private static let provinceKnown: [Bool] = {
        var known = [Bool](repeating: false, count: 100)
        for code in provinceCodes { if let n = Int(code) { known[n] = true } }
        return known
    }()

    /// A three-digit province code of a CCCD: "0" and a GSO province code.
    static func isProvince(_ code: String) -> Bool {
        var bytes = code.utf8.makeIterator()
        guard code.utf8.count == 3, bytes.next() == 0x30, let tens = bytes.next(), let ones = bytes.next(),
              (0x30...0x39).contains(tens), (0x30...0x39).contains(ones) else { return false }
        return provinceKnown[Int(tens - 0x30) * 10 + Int(ones - 0x30)]
    }

    /// The standard level of each programme in the run's month, looked up once.
    private let levelCache = LevelCache()

    init(levels: PipelineConfig.StandardLevels, today: Date = Date()) {
        self.levels = levels
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")
        formatter.dateFormat = "yyyy-MM-dd"
        self.today = formatter.string(from: today)
    }

    /// Birth in the future or before 1900.
    func birth(iso: String?, year: Int?, into r: inout RowReader) {
        if let iso, iso > today {
            r.finding("birth_date_implausible", field: "birth_date", value: iso, "birth date \(iso) is in the future")
        } else if let year, year < 1900 {
            r.finding("birth_date_implausible", field: "birth_date", value: String(year), "birth year \(year) is before 1900")
        }
    }

    /// Start before birth, end (death or termination) before start.
    func dates(birthISO: String?, birthYear: Int?, start: String?, end: String?, into r: inout RowReader) {
        if let start {
            if let birthISO, start < birthISO {
                r.finding("start_before_birth", field: "start_date", value: start, "the allowance starts \(start), before the birth date \(birthISO)")
            } else if birthISO == nil, let birthYear, let startYear = Int(start.prefix(4)), startYear < birthYear {
                r.finding("start_before_birth", field: "start_date", value: start, "the allowance starts \(start), before the birth year \(birthYear)")
            }
            if let end, end < start {
                r.finding("end_before_start", field: "end_date", value: end, "the death/termination date \(end) is before the start \(start)")
            }
        }
    }

    /// An amount outside the standard level of its programme and month times the plausible factors.
    func amount(_ amount: Int64?, program: String?, period: String, field: String, into r: inout RowReader) {
        guard let amount, let program, let level = levelCache.level(program: program, period: period, levels: levels) else { return }
        let low = Double(level) * levels.factorRange.lowerBound, high = Double(level) * levels.factorRange.upperBound
        if Double(amount) < low || Double(amount) > high {
            r.finding("amount_implausible", field: field, value: String(amount),
                      "\(amount) VND is outside \(Int64(low))–\(Int64(high)) VND, the plausible range for \(program) in \(period) (standard level \(level) × \(levels.factorRange.lowerBound)–\(levels.factorRange.upperBound))")
        }
    }

    /// A 12-digit citizen ID says province, century and sex and the birth year's last digits:
    /// they must agree with the row's birth year and gender.
    func citizenID(_ id: String?, birthYear: Int?, gender: String?, into r: inout RowReader) {
        // IDs come from `CitizenID.parse`: ASCII digits, so bytes count characters.
        guard let id, id.utf8.count == 12 else { return }
        guard let decoded = CitizenID.decodeCCCD(id) else {
            r.finding("cccd_invalid", field: "id_number", value: id, "citizen ID \(CitizenID.mask(id)): its 4th digit is not a century/sex code (0–5)")
            return
        }
        if !Self.isProvince(decoded.province) {
            r.finding("cccd_invalid", field: "id_number", value: id, "citizen ID \(CitizenID.mask(id)) starts with \(decoded.province), which is no province code")
        }
        if let birthYear, birthYear != decoded.birthYear {
            r.finding("cccd_birth_mismatch", field: "id_number", value: id,
                      "citizen ID \(CitizenID.mask(id)) encodes birth year \(decoded.birthYear), the row says \(birthYear)")
        }
        if let gender, (gender == "male") != decoded.male {
            r.finding("cccd_sex_mismatch", field: "id_number", value: id,
                      "citizen ID \(CitizenID.mask(id)) encodes a \(decoded.male ? "man" : "woman"), the row says \(gender)")
        }
    }
}

/// Standard levels by programme for one period: the configuration's lookup filters its dated
/// levels, once per programme rather than once per registry row.
final class LevelCache {
    private var period = ""
    private var answers: [String: Int64?] = [:]

    func level(program: String, period: String, levels: PipelineConfig.StandardLevels) -> Int64? {
        if period != self.period { self.period = period; answers = [:] }
        if let known = answers[program] { return known }
        let level = levels.level(program: program, on: period + "-01")
        answers[program] = level
        return level
    }
}
