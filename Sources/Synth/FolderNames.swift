import VietText

/// District folder names for a national data set: each holds the district's GSO code, which
/// is unique in the country (names are not: ten provinces have a Huyện Châu Thành), and is
/// written the way one of Quảng Bình's districts names its folder.
enum FolderNames {
    /// The folder of a district in one of eight styles ("001-ba-dinh", "Ba Đình (001)", "001",
    /// "quan-ba-dinh-001", "001 Ba Đình", "001_ba_dinh", "Quận Ba Đình - 001").
    static func national(code: String, name: String, style: Int) -> String {
        let bare = bareName(name)
        let slug = slugWords(bare)
        switch style % 8 {
        case 1: return "\(bare) (\(code))"
        case 2: return code
        case 3: return (slugWords(String(name.prefix(name.count - bare.count))) + [slug.joined(separator: "-"), code])
            .filter { !$0.isEmpty }.joined(separator: "-")
        case 4: return "\(code) \(bare)"
        case 5: return ([code] + slug).joined(separator: "_")
        case 6: return "\(name) - \(code)"
        default: return ([code] + slug).joined(separator: "-")
        }
    }

    /// A district's name without its administrative prefix ("Thành phố Đồng Hới" → "Đồng Hới").
    static func bareName(_ name: String) -> String {
        for prefix in ["Thành phố ", "Thị xã ", "Huyện ", "Quận "] where name.hasPrefix(prefix) && name.count > prefix.count {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }

    /// Folded words of letters and digits only ("Đạ M'ri" → ["da", "mri"]).
    private static func slugWords(_ text: String) -> [String] {
        VietText.fold(text).split(separator: " ").map { word in
            String(word.unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }.map(Character.init))
        }.filter { !$0.isEmpty }
    }
}
