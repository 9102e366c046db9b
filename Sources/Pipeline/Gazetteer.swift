import CSVReader
import Foundation
import VietText

/// The official administrative units (GSO codes) of the configured province(s).
public struct Gazetteer: Sendable {
    /// A district-level unit (huyện, thị xã, thành phố).
    public struct District: Sendable, Equatable {
        public let code: String
        public let name: String
        public let type: String
        public let provinceCode: String
    }

    /// A commune-level unit (xã, phường, thị trấn).
    public struct Commune: Sendable, Equatable {
        public let code: String
        public let name: String
        public let type: String
        public let districtCode: String
    }

    public let districts: [District]
    public let communes: [Commune]

    public init(districts: [District], communes: [Commune]) {
        self.districts = districts
        self.communes = communes
    }

    /// Reads the gazetteer CSV (columns province_code, province_name, district_code,
    /// district_name, district_type, commune_code, commune_name, commune_type).
    public static func load(from url: URL) throws -> Gazetteer {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConfigurationError("cannot read the gazetteer \(url.path): \(error.localizedDescription)")
        }
        var header: [String] = []
        var districts: [District] = []
        var seenDistricts = Set<String>()
        var communes: [Commune] = []
        var problems: [String] = []
        let reader = try CSVStreamReader(delimiter: 0x2C) { event in
            switch event {
            case .malformed(let line, _, let reason, _):
                problems.append("line \(line): \(reason)")
            case .record(let record):
                guard !record.isBlank else { return }
                if header.isEmpty {
                    header = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
                    return
                }
                var row: [String: String] = [:]
                for (i, name) in header.enumerated() where i < record.fields.count { row[name] = record.fields[i] }
                guard let dc = row["district_code"], let dn = row["district_name"],
                      let cc = row["commune_code"], let cn = row["commune_name"] else {
                    problems.append("line \(record.line): missing columns")
                    return
                }
                if seenDistricts.insert(dc).inserted {
                    districts.append(District(code: dc, name: dn, type: row["district_type"] ?? "",
                                              provinceCode: row["province_code"] ?? ""))
                }
                communes.append(Commune(code: cc, name: cn, type: row["commune_type"] ?? "", districtCode: dc))
            }
        }
        try reader.feed(data)
        try reader.finish()
        guard problems.isEmpty, !communes.isEmpty else {
            throw ConfigurationError("gazetteer \(url.path) is not readable: \(problems.prefix(3).joined(separator: "; "))")
        }
        return Gazetteer(districts: districts, communes: communes)
    }

    /// The district a folder belongs to: its name contains the district's code, or equals one
    /// of its names without case, diacritics, "-"/"_" and the prefixes Huyện/Thị xã/Thành phố.
    public func district(forFolder folder: String) -> District? {
        let digitsRuns = folder.split(whereSeparator: { !$0.isNumber }).map(String.init)
        if let byCode = districts.first(where: { digitsRuns.contains($0.code) }) { return byCode }
        let key = Self.bareKey(folder)
        return districts.first { Self.bareKey($0.name) == key }
    }

    /// A name without administrative prefix, folded, spaces removed ("Huyện Bố Trạch" → "botrach").
    public static func bareKey(_ name: String) -> String {
        let words = VietText.fold(name).split(separator: " ").map(String.init)
        let rest = stripPrefix(words)
        return rest.joined()
    }

    /// Administrative prefixes as folded words, longest first.
    static let prefixes: [[String]] = [
        ["thanh", "pho"], ["thi", "xa"], ["thi", "tran"], ["huyen"], ["quan"], ["xa"], ["phuong"],
        ["tp"], ["tx"], ["tt"], ["h"], ["x"], ["p"], ["q"],
    ]

    /// Drops one administrative prefix from folded words ("xa quang hoa" → "quang hoa").
    public static func stripPrefix(_ words: [String]) -> [String] {
        for prefix in prefixes where words.count > prefix.count && Array(words.prefix(prefix.count)) == prefix {
            return Array(words.dropFirst(prefix.count))
        }
        return words
    }
}
