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
    /// Communes whose folded bare name is shared with another commune: never written without diacritics.
    var foldAmbiguous: Set<Int> = []
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
        specs = gazetteer.districts.map { DistrictSpec.spec(for: $0.code, index: $0.index) }
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
        var byFold: [String: [Int]] = [:]
        for c in gazetteer.communes { byFold[VietText.fold(c.bare), default: []].append(c.index) }
        for c in gazetteer.communes where (byFold[VietText.fold(c.bare)]?.count ?? 0) > 1 { foldAmbiguous.insert(c.index) }
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
        let text = TextVariants.commune(c, s, oldTone: oldTone)
        communeTexts[key] = text
        return text
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
