import Foundation
import VietText

/// Whether a spelling of a commune leads the pipeline back to it, from a file of its own
/// district. Quảng Bình's names are all distinct, but the country's are not: "P. Hồng Hải"
/// folds to "phonghai", the bare name of two Phường Phong Hải elsewhere; a bare "7" reads as
/// the GSO code 00007; "Thị trấn Yên Viên" and "Xã Yên Viên" share a district; "Krông Năng"
/// is no Vietnamese syllable, so its mojibake cannot be repaired. The national generator
/// writes only spellings that pass, else the full name, else the GSO code.
///
/// It mirrors the pipeline's commune resolution (a GSO code of digits; the folded text whole,
/// then without its administrative prefix; a candidate of the folder's district first), and
/// is stricter: one candidate of the district, this one, on the folded name alone.
struct CommuneSpelling {
    private let gazetteer: SynthGazetteer
    private var byBareKey: [String: [Int]] = [:]
    private var byCode: [String: Int] = [:]

    init(gazetteer: SynthGazetteer) {
        self.gazetteer = gazetteer
        for c in gazetteer.communes {
            byBareKey[Self.bareKey(c.name), default: []].append(c.index)
            byCode[c.code] = c.index
        }
    }

    /// Whether `text`, in a file of the commune's district, resolves to the commune.
    func resolves(_ text: String, to commune: Int) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return false }
        let district = gazetteer.communes[commune].district
        if trimmed.allSatisfy(\.isNumber) {
            let padded = String(repeating: "0", count: max(0, 5 - trimmed.count)) + trimmed
            if let hit = byCode[padded] { return hit == commune }
        }
        let whole = VietText.fold(trimmed).replacingOccurrences(of: " ", with: "")
        let candidates = byBareKey[whole] ?? byBareKey[Self.bareKey(trimmed)] ?? []
        let local = candidates.filter { gazetteer.communes[$0].district == district }
        return local == [commune]
    }

    /// Whether the text still resolves to the commune after the pipeline's field-by-field repair
    /// of mojibake, which every cell of every file goes through (with whichever legacy encoding
    /// the file has shown so far): written as legacy bytes misread as Windows-1252 when
    /// `misreadFrom` is given (a mojibake file), as it is otherwise.
    func survivesRepair(_ text: String, misreadFrom legacy: LegacyText.ByteEncoding?, commune: Int) -> Bool {
        guard resolves(text, to: commune) else { return false }
        var cell = text
        if let legacy {
            cell = LegacyText.misreadAsWindows1252(legacy == .vni ? VNI.encode(text) : TCVN3.encode(text))
            let repaired = LegacyText.repairMojibake(cell, preferring: legacy)?.text ?? cell
            return resolves(repaired, to: commune)
        }
        for preference in [nil, LegacyText.ByteEncoding.tcvn3, .vni, .cp1258] {
            if let fix = LegacyText.repairMojibake(cell, preferring: preference), !resolves(fix.text, to: commune) { return false }
        }
        return true
    }

    /// Folded, prefix-free, spaceless ("X. Quảng Hòa" → "quanghoa"), as the pipeline keys names.
    static func bareKey(_ name: String) -> String {
        stripPrefix(VietText.fold(name).split(separator: " ").map(String.init)).joined()
    }

    /// The administrative prefixes the pipeline drops, as folded words, longest first.
    private static let prefixes: [[String]] = [
        ["thanh", "pho"], ["thi", "xa"], ["thi", "tran"], ["huyen"], ["quan"], ["xa"], ["phuong"],
        ["tp"], ["tx"], ["tt"], ["h"], ["x"], ["p"], ["q"],
    ]

    private static func stripPrefix(_ words: [String]) -> [String] {
        for prefix in prefixes where words.count > prefix.count && Array(words.prefix(prefix.count)) == prefix {
            return Array(words.dropFirst(prefix.count))
        }
        return words
    }
}
