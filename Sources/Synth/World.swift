import VietText

/// The generated province before it is written out: the registry, the payees, and the plans
/// for every file. Built in phases (registry, roles, payees), each with its own random stream.
final class World {
    let config: SynthConfig
    let calibration: Calibration
    let gazetteer: SynthGazetteer
    let specs: [DistrictSpec]
    let bank = NameBank()
    let index: PeopleIndex
    var ids: CitizenIDAllocator
    let period: Month
    let categories: [Category]
    /// Per commune: its share of its district's population.
    var communeShare: [Double] = []
    /// Per commune: a poverty factor around 1.
    var communePoverty: [Double] = []
    /// Communes whose folded bare name is shared with another commune of their province: never
    /// written without diacritics.
    var foldAmbiguous: Set<Int> = []
    /// Whether the gazetteer is the country's: spellings are then checked (`CommuneSpelling`).
    let national: Bool
    private(set) lazy var spelling = CommuneSpelling(gazetteer: gazetteer)
    /// Commune cells by (commune, style, old tone, mojibake encoding or none) (national only).
    private var mojibakeCells: [Int: String] = [:]
    /// Each folder's byte, lower-case and folded forms, for orderings of folders.
    private(set) lazy var folderKeys: [(bytes: [UInt8], lower: [UInt8], folded: [UInt8])] = specs.map {
        (Array($0.folder.utf8), Array($0.folder.lowercased().utf8), Array(VietText.fold($0.folder).utf8))
    }
    /// Rendered commune names by (commune, style, old tone).
    private var communeTexts: [Int: String] = [:]

    var records: [Record] = []
    var payees: [Payee] = []
    /// Next code serial per district.
    var nextSerial: [Int] = []
    /// The misspelt name a typo line writes, by record index.
    var typoNames: [Int: String] = [:]
    /// Records that have a planted namesake (the line of the pair is written for them).
    var namesakeOriginals = Set<Int>()
    /// The payee behind each identity-conflict line, by target record index.
    var conflictPayee: [Int: Int] = [:]
    /// Unregistered payees of the period and strangers of the previous month, by district.
    var unregistered: [[Int]] = []
    var strangers: [[Int]] = []
    /// The hard cases of record linkage, by record index (empty unless `config.hardCases`).
    var hardCases: [Int: HardCase] = [:]

    init(config: SynthConfig) throws {
        self.config = config
        guard let p = Month(config.period) else { throw SynthError.badPeriod(config.period) }
        guard config.scale > 0, config.scale.isFinite else { throw SynthError.badScale(config.scale) }
        period = p
        calibration = Calibration(scale: config.scale, year: config.year)
        gazetteer = try SynthGazetteer.load(config.gazetteerCSV)
        let isNational = gazetteer.isNational
        national = isNational
        specs = gazetteer.districts.map { DistrictSpec.spec(for: $0, national: isNational) }
        index = PeopleIndex(bank: bank)
        ids = CitizenIDAllocator(seed: config.seed)
        categories = Category.all(year: config.year)
        nextSerial = [Int](repeating: 0, count: gazetteer.districts.count)
        unregistered = [[Int]](repeating: [], count: gazetteer.districts.count)
        strangers = [[Int]](repeating: [], count: gazetteer.districts.count)
        shapeCommunes()
    }

    /// Folder name of a district.
    func folder(_ district: Int) -> String { specs[district].folder }

    /// GSO code of a district's province (the citizen IDs' prefix).
    func province(ofDistrict district: Int) -> Int { gazetteer.districts[district].provinceCode }

    /// The record's code as the pipeline normalizes it (letters and digits, upper case).
    func normalizedCode(_ r: Record) -> String {
        TextVariants.code(district: gazetteer.districts[Int(r.district)].code, serial: Int(r.serial), .compact)
    }

    private func shapeCommunes() {
        var rng = Rng(seed: config.seed, stream: "communes")
        var raw = [Double](repeating: 0, count: gazetteer.communes.count)
        communePoverty = [Double](repeating: 1, count: gazetteer.communes.count)
        for c in gazetteer.communes {
            var w = 0.5 + 1.1 * rng.unit()
            if c.type == "Phường" { w *= 1.3 }
            if c.type == "Thị trấn" { w *= 1.5 }
            raw[c.index] = w
            var pov = 0.5 + 1.3 * rng.unit()
            if c.type != "Xã" { pov *= 0.45 }
            communePoverty[c.index] = pov
        }
        communeShare = raw
        for d in gazetteer.districts {
            let sum = d.communes.reduce(0.0) { $0 + raw[$1] }
            for c in d.communes { communeShare[c] = sum > 0 ? raw[c] / sum : 0 }
        }
        // Keyed by province: a name resolves within its province's gazetteer (Quảng Bình's demo
        // is one province, so its choices are those of a province-wide key).
        var byFold: [String: [Int]] = [:]
        func provinceKey(_ c: SynthCommune) -> String { "\(province(ofDistrict: c.district))|" + VietText.fold(c.bare) }
        for c in gazetteer.communes {
            byFold[provinceKey(c), default: []].append(c.index)
        }
        for c in gazetteer.communes where (byFold[provinceKey(c)]?.count ?? 0) > 1 { foldAmbiguous.insert(c.index) }
    }

    /// Cumulative integer weights of a district's communes (for `Rng.weighted`).
    func communeCumulative(_ district: Int) -> [Int] {
        cumulative(gazetteer.districts[district].communes.map { max(1, Int(communeShare[$0] * 100_000)) })
    }

    /// A commune in a style (no diacritic-less spelling for ambiguous ones), cached.
    func communeText(_ commune: Int, _ style: CommuneStyle, oldTone: Bool) -> String {
        let styleIndex = CommuneStyle.allCases.firstIndex(of: style) ?? 0
        let key = (commune * 8 + styleIndex) * 2 + (oldTone ? 1 : 0)
        if let hit = communeTexts[key] { return hit }
        let c = gazetteer.communes[commune]
        let s = (style == .asciiLower && foldAmbiguous.contains(commune)) ? CommuneStyle.full : style
        var text = TextVariants.commune(c, s, oldTone: oldTone)
        if national && !spelling.resolves(text, to: commune) {
            let full = TextVariants.commune(c, .full, oldTone: oldTone)
            text = spelling.resolves(full, to: commune) ? full : c.code
        }
        communeTexts[key] = text
        return text
    }

    /// A commune's cell in a file of some encoding: `communeText`, or in a national data set,
    /// where the pipeline's repair of mojibake would not give the name back ("EA YÊNG" reads
    /// as TCVN3 mojibake; "Krông Năng" misread cannot be repaired), the full name or the GSO code.
    func communeCell(_ commune: Int, _ style: CommuneStyle, oldTone: Bool, encoding: FileEncoding) -> String {
        let text = communeText(commune, style, oldTone: oldTone)
        guard national else { return text }
        let legacy: LegacyText.ByteEncoding?
        switch encoding {
        case .tcvn3Mojibake: legacy = .tcvn3
        case .vniMojibake: legacy = .vni
        default: legacy = nil
        }
        let styleIndex = CommuneStyle.allCases.firstIndex(of: style) ?? 0
        let key = ((commune * 8 + styleIndex) * 2 + (oldTone ? 1 : 0)) * 3 + (legacy.map { $0 == .vni ? 2 : 1 } ?? 0)
        if let hit = mojibakeCells[key] { return hit }
        let c = gazetteer.communes[commune]
        let cell = [text, TextVariants.commune(c, .full, oldTone: oldTone)].first {
            spelling.survivesRepair($0, misreadFrom: legacy, commune: commune)
        } ?? c.code
        mojibakeCells[key] = cell
        return cell
    }
}

/// Errors of the generator.
public enum SynthError: Error, CustomStringConvertible {
    /// The period is not "yyyy-mm".
    case badPeriod(String)
    /// The scale is not a positive finite number.
    case badScale(Double)

    /// A sentence for the analyst.
    public var description: String {
        switch self {
        case .badPeriod(let p): return "the period \"\(p)\" is not of the form yyyy-mm"
        case .badScale(let s): return "the scale \(s) must be a positive number"
        }
    }
}
