import Pipeline
import VietText

/// Turns a commune as district files write it ("X. Quảng Hòa", "xa quang hoa", "QUẢNG HOÀ",
/// "P. Bắc Lý", a GSO code) into its GSO code, preferring the folder's district.
public final class AdminUnitResolver {
    /// A resolved commune, and whether it lies outside the folder's district.
    public struct Resolution: Equatable, Sendable {
        public let code: String
        public let districtCode: String
        public let outsideDistrict: Bool
    }

    private struct Entry {
        let commune: Gazetteer.Commune
        let toneKey: String
    }

    private var byBareKey: [String: [Entry]] = [:]
    private var byCode: [String: Gazetteer.Commune] = [:]
    /// district → cell text → answer.
    private var cache: [String: ParseMemo<Resolution>] = [:]

    public init(gazetteer: Gazetteer) {
        for commune in gazetteer.communes {
            byBareKey[Self.bareKey(commune.name), default: []].append(Entry(commune: commune, toneKey: Self.bareToneKey(commune.name)))
            byCode[commune.code] = commune
        }
    }

    /// The commune named by `text`, for a file from `districtCode`.
    public func resolve(_ text: String, districtCode: String) -> Result<Resolution, FieldError> {
        memo(districtCode: districtCode).answer(text) { compute($0, districtCode: districtCode) }
    }

    /// The answers for one district's files (a file's rows look theirs up without hashing the
    /// district each time).
    func memo(districtCode: String) -> ParseMemo<Resolution> {
        if let memo = cache[districtCode] { return memo }
        let memo = ParseMemo<Resolution>(limit: 1_024)
        cache[districtCode] = memo
        return memo
    }

    /// The answer, unremembered (`resolve` and the sinks' per-file memo remember it).
    func compute(_ text: String, districtCode: String) -> Result<Resolution, FieldError> {
        let trimmed = CellText.trimmed(text)
        guard !trimmed.isEmpty else { return .failure(.empty) }
        if trimmed.allSatisfy(\.isNumber) {
            // "7" in a district with a Phường 7 is that ward, not GSO code 00007 elsewhere.
            let named = (byBareKey[trimmed] ?? []).filter { $0.commune.districtCode == districtCode }
            if named.count == 1, let only = named.first { return .success(resolution(only.commune, districtCode)) }
            let padded = String(repeating: "0", count: max(0, 5 - trimmed.count)) + trimmed
            if let commune = byCode[padded] { return .success(resolution(commune, districtCode)) }
        }
        // The text as written first: a name may begin with a word that is also a prefix
        // ("Quán Hàu" is not "Quận Hàu"); then without its administrative prefix. The folder's
        // own district first, under either key: "P. Hồng Hải" folds whole to "phonghai", the
        // name of wards in other provinces, and is Phường Hồng Hải of its own district.
        let whole = VietText.fold(trimmed).replacingOccurrences(of: " ", with: "")
        let asWritten = byBareKey[whole] ?? [], bare = byBareKey[Self.bareKey(trimmed)] ?? []
        let localAsWritten = asWritten.filter { $0.commune.districtCode == districtCode }
        let localBare = bare.filter { $0.commune.districtCode == districtCode }
        let candidates: [Entry]
        if !localAsWritten.isEmpty || localBare.isEmpty {
            candidates = asWritten.isEmpty ? bare : asWritten
        } else {
            candidates = bare
        }
        guard !candidates.isEmpty else {
            return .failure(FieldError(reason: "'\(trimmed)' is not a commune of the gazetteer"))
        }
        let local = candidates.filter { $0.commune.districtCode == districtCode }
        for pool in [local, candidates] where !pool.isEmpty {
            if pool.count == 1, let only = pool.first { return .success(resolution(only.commune, districtCode)) }
            // Folded names collide ("Quảng Tiên" / "Quảng Tiến"): the tone marks decide.
            let toneKey = Self.bareToneKey(trimmed)
            let exact = pool.filter { $0.toneKey == toneKey }
            if exact.count == 1, let only = exact.first { return .success(resolution(only.commune, districtCode)) }
            if pool.count > 1 && !local.isEmpty { break }
        }
        let names = candidates.map { "\($0.commune.name) (\($0.commune.code))" }.joined(separator: ", ")
        return .failure(FieldError(reason: "'\(trimmed)' could be any of \(names)"))
    }

    private func resolution(_ commune: Gazetteer.Commune, _ districtCode: String) -> Resolution {
        Resolution(code: commune.code, districtCode: commune.districtCode, outsideDistrict: commune.districtCode != districtCode)
    }

    /// Folded, prefix-free, spaceless: "X. Quảng Hòa" → "quanghoa".
    static func bareKey(_ name: String) -> String {
        Gazetteer.stripPrefix(VietText.fold(name).split(separator: " ").map(String.init)).joined()
    }

    /// Prefix-free tone key: "Xã Quảng Hoà" → "quang3 hoa2".
    static func bareToneKey(_ name: String) -> String {
        let words = VietText.toneKey(name).split(separator: " ").map(String.init)
        let folded = VietText.fold(name).split(separator: " ").map(String.init)
        let dropped = folded.count == words.count ? folded.count - Gazetteer.stripPrefix(folded).count : 0
        return words.dropFirst(dropped).joined(separator: " ")
    }
}
