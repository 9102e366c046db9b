import Foundation
import VietText

/// One commune-level unit (xã / phường / thị trấn) of the generated province.
struct SynthCommune {
    /// Index in `SynthGazetteer.communes`.
    let index: Int
    /// GSO commune code ("19105").
    let code: String
    /// Official name with its type prefix, NFC, trimmed ("Xã Quảng Hòa").
    let name: String
    /// The name without the type prefix ("Quảng Hòa").
    let bare: String
    /// "Xã", "Phường" or "Thị trấn".
    let type: String
    /// Index of its district in `SynthGazetteer.districts`.
    let district: Int
}

/// One district-level unit (huyện / thị xã / thành phố).
struct SynthDistrict {
    let index: Int
    /// GSO district code ("454").
    let code: String
    /// Official name with prefix ("Huyện Quảng Trạch").
    let name: String
    /// GSO code of its province ("44"); the first digits of its people's citizen IDs.
    let provinceCode: Int
    /// Indices of its communes, in gazetteer order.
    var communes: [Int]
}

/// The gazetteer the generator works from, read from the project's gazetteer CSV.
struct SynthGazetteer {
    var districts: [SynthDistrict] = []
    var communes: [SynthCommune] = []
    /// Whether the gazetteer spans more than one province (the national one): folder names and
    /// spelling checks then have to hold across provinces.
    var isNational: Bool { Set(districts.map(\.provinceCode)).count > 1 }

    enum LoadError: Error, CustomStringConvertible {
        case unreadable(String)
        case missingColumn(String)
        case empty

        var description: String {
            switch self {
            case .unreadable(let path): return "cannot read the gazetteer \(path)"
            case .missingColumn(let name): return "the gazetteer has no column \(name)"
            case .empty: return "the gazetteer lists no communes"
            }
        }
    }

    /// Reads a gazetteer CSV with the columns district_code, district_name, commune_code,
    /// commune_name, commune_type and optionally province_code (no quoted fields; a missing
    /// province code is Quảng Bình's, 44). Districts are kept in order of code.
    static func load(_ url: URL) throws -> SynthGazetteer {
        guard let data = try? Data(contentsOf: url), var text = String(data: data, encoding: .utf8) else {
            throw LoadError.unreadable(url.path)
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var lines = text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { String($0) }
        guard !lines.isEmpty else { throw LoadError.empty }
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        func column(_ name: String) throws -> Int {
            guard let i = header.firstIndex(of: name) else { throw LoadError.missingColumn(name) }
            return i
        }
        let dCode = try column("district_code"), dName = try column("district_name")
        let cCode = try column("commune_code"), cName = try column("commune_name"), cType = try column("commune_type")
        let pCode = header.firstIndex(of: "province_code")

        struct Row { let dCode, dName, cCode, cName, cType: String; let province: Int }
        var rows: [Row] = []
        for line in lines {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map { String($0) }
            guard f.count > max(dCode, dName, cCode, cName, cType) else { continue }
            rows.append(Row(dCode: VietText.clean(f[dCode]), dName: VietText.clean(f[dName]),
                            cCode: VietText.clean(f[cCode]), cName: VietText.clean(f[cName]),
                            cType: VietText.clean(f[cType]),
                            province: pCode.flatMap { $0 < f.count ? Int(VietText.clean(f[$0])) : nil } ?? 44))
        }
        guard !rows.isEmpty else { throw LoadError.empty }

        var g = SynthGazetteer()
        var districtCodes: [String] = []
        var districtNames: [String: String] = [:]
        var districtProvinces: [String: Int] = [:]
        for r in rows where districtNames[r.dCode] == nil {
            districtCodes.append(r.dCode); districtNames[r.dCode] = r.dName; districtProvinces[r.dCode] = r.province
        }
        districtCodes.sort()
        var districtIndex: [String: Int] = [:]
        for (i, code) in districtCodes.enumerated() {
            districtIndex[code] = i
            g.districts.append(SynthDistrict(index: i, code: code, name: districtNames[code] ?? code,
                                             provinceCode: districtProvinces[code] ?? 44, communes: []))
        }
        for r in rows {
            guard let d = districtIndex[r.dCode] else { continue }
            var bare = r.cName
            // Without regard to case: the national list has "Thị Trấn Ngã Sáu" beside "Thị trấn Ái Tử".
            for prefix in [r.cType + " ", "Xã ", "Phường ", "Thị trấn "] where bare.lowercased().hasPrefix(prefix.lowercased()) {
                bare = String(bare.dropFirst(prefix.count)); break
            }
            let commune = SynthCommune(index: g.communes.count, code: r.cCode, name: r.cName, bare: bare,
                                       type: r.cType, district: d)
            g.districts[d].communes.append(commune.index)
            g.communes.append(commune)
        }
        return g
    }
}
