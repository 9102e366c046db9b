import Foundation

/// What to generate.
public struct SynthConfig {
    /// Size relative to the province's real size (1 = about 68,000 beneficiaries, the published
    /// 2023 figures exactly); counts scale and round, planted findings keep at least one each.
    public var scale: Double
    /// The random seed: the same seed and scale give byte-identical files.
    public var seed: UInt64
    /// The payment month reconciled, "yyyy-mm".
    public var period: String
    /// The reporting year of the annual indicators (households also get the year before).
    public var year: Int
    /// The gazetteer CSV (district_code, district_name, commune_code, commune_name, commune_type).
    public var gazetteerCSV: URL
    /// Also plant the hard cases of record linkage (family-name variants, dropped middle names,
    /// reordered words, day and month swapped, a typo with the full birth date, one wrong ID
    /// digit) on lines without code or ID, each a plain match, listed in truth/hard_cases.csv.
    /// Off, the output is byte-identical to a generator without hard cases: their random
    /// numbers come from a stream of their own and nothing else is touched.
    public var hardCases: Bool = false

    /// A configuration; the defaults are the demo's (scale 1, seed 2023, December 2023, no hard cases).
    public init(scale: Double = 1, seed: UInt64 = 2023, period: String = "2023-12", year: Int = 2023, gazetteerCSV: URL,
                hardCases: Bool = false) {
        self.scale = scale
        self.seed = seed
        self.period = period
        self.year = year
        self.gazetteerCSV = gazetteerCSV
        self.hardCases = hardCases
    }
}

/// What was generated.
public struct SynthResult {
    /// Paths written under the input directory, relative to it with "/", in writing order.
    public let files: [String]
    /// File names written in the truth directory.
    public let truthFiles: [String]
    /// Counts taken from the generator's own sets (for calibration checks).
    public let summary: SynthSummary
    /// The planted findings, as exceptions.csv lists them, with the amount on the payment line.
    public let findings: [SynthFinding]
    /// The planted hard cases, as hard_cases.csv lists them (empty unless `SynthConfig.hardCases`).
    public let hardCases: [SynthHardCase]
}

/// One planted hard case of record linkage (a row of hard_cases.csv): a payment line of the
/// period without code (and, but for `citizen_id_digit`, without ID) that pays one ordinary
/// record, written differently from the registry. The truth outcome is a plain match.
public struct SynthHardCase: Equatable {
    /// The case: family_name_variant, dropped_middle_name, reordered_words, day_month_swapped,
    /// given_name_typo, citizen_id_digit.
    public let kind: String
    /// GSO code of the district.
    public let districtCode: String
    /// The record the line pays: its code, letters and digits only, upper case.
    public let beneficiaryID: String
    /// The payment file, relative to the input directory, with "/".
    public let file: String
    /// 1-based physical line of the payment line.
    public let line: Int
}

/// One planted finding (a row of exceptions.csv), with the amount written on its payment line
/// (0 for the record-side types REGISTERED_NOT_PAID and DUPLICATE_RECORD).
public struct SynthFinding: Equatable {
    /// The exception type ("PAID_AFTER_END", …).
    public let type: String
    /// GSO code of the district (the payment's folder, or the record's).
    public let districtCode: String
    /// The record's code, letters and digits only, upper case; empty for PAID_NOT_REGISTERED.
    public let beneficiaryID: String
    /// Path relative to the input directory, with "/".
    public let file: String
    /// 1-based physical line of the payment line or registry record.
    public let line: Int
    /// The amount written on the payment line (0 for record-side types).
    public let amount: Int
}

/// Counts of the generated world, taken from the generator's sets rather than from the files.
public struct SynthSummary: Equatable {
    /// Registry records (including the planted second registrations and namesakes).
    public let registryRecords: Int
    /// Records of the meritorious-service programme (NCC).
    public let nccRecords: Int
    /// Records of the social-protection programme (BTXH).
    public let btxhRecords: Int
    /// Records with at least one matching payment line in the period.
    public let paidRecords: Int
    /// Of those, records paid without cash at least once in the period.
    public let noncashPaidRecords: Int
    /// Number of records per planted role (role name → count).
    public let roles: [String: Int]
    /// Findings the plan implies, by exception type (independent of the written truth rows).
    public let plannedExceptions: [String: Int]
    /// Distinct poor households per year.
    public let poorHouseholds: [Int: Int]
    /// Distinct near-poor households per year.
    public let nearPoorHouseholds: [Int: Int]
    /// All households per year (the sum of the household totals).
    public let totalHouseholds: [Int: Int]
    /// Distinct recruitment persons of the reporting year per indicator: jobs_total, jobs_abroad,
    /// vet_enrolled_college, vet_enrolled_intermediate, vet_enrolled_elementary, vet_enrolled_total.
    public let recruitment: [String: Int]
    /// Recruitment rows (all years, including planted repeats and rejected rows).
    public let recruitmentRows: Int
    /// The largest (commune, birth year) bucket of the name index.
    public let largestNameBucket: Int
    /// Whether every commune's poor + near-poor households stay below its total.
    public let householdsConsistent: Bool
}

/// The seeded generator of the demo district CSV files and their ground truth.
public enum Synth {
    /// Generates one folder per district under `inputDir` and the ground truth under `truthDir`
    /// (exceptions.csv, rejects.csv, control_totals.csv, expected.json, and hard_cases.csv
    /// when `config.hardCases`). Existing files of the
    /// same names are overwritten; nothing else is removed.
    public static func generate(into inputDir: URL, truthDir: URL, config: SynthConfig) throws -> SynthResult {
        let world = try World(config: config)
        world.buildRegistry()
        world.plantFindings()
        if config.hardCases { world.planHardCases() }
        let households = world.planHouseholds()
        let recruits = world.planRecruitment()
        let truth = TruthLedger(districts: world.gazetteer.districts.count, years: [config.year - 1, config.year])
        let cp1258 = CP1258Cache()
        try FileManager.default.createDirectory(at: inputDir, withIntermediateDirectories: true)

        var files: [String] = []
        var placed: [(row: Int, file: String, line: Int)] = []
        for d in world.gazetteer.districts.indices {
            files.append(try world.writeBeneficiaries(district: d, into: inputDir, truth: truth, cp1258: cp1258))
            files += try world.writePayments(district: d, into: inputDir, truth: truth, cp1258: cp1258)
            files += try world.writeHouseholds(district: d, book: households, into: inputDir, truth: truth, cp1258: cp1258)
            let r = try world.writeRecruitment(district: d, book: recruits, into: inputDir, truth: truth, cp1258: cp1258)
            files.append(r.path)
            placed += r.placed.map { ($0.row, r.path, $0.line) }
        }
        world.countRecruitment(recruits, placed: placed, truth: truth)
        let truthFiles = try truth.write(into: truthDir, world: world)
        let findings = truth.exceptions.map {
            SynthFinding(type: $0.type.rawValue, districtCode: $0.district, beneficiaryID: $0.beneficiaryID,
                         file: $0.file, line: $0.line, amount: $0.amount)
        }
        let hard = truth.sortedHardCases().map {
            SynthHardCase(kind: $0.kind.label, districtCode: $0.district, beneficiaryID: $0.beneficiaryID,
                          file: $0.file, line: $0.line)
        }
        return SynthResult(files: files, truthFiles: truthFiles, summary: world.summary(households, recruits),
                           findings: findings, hardCases: hard)
    }

    /// Builds the world without writing anything and returns its counts (fast calibration checks).
    public static func summary(config: SynthConfig) throws -> SynthSummary {
        let world = try World(config: config)
        world.buildRegistry()
        world.plantFindings()
        return world.summary(world.planHouseholds(), world.planRecruitment())
    }
}
