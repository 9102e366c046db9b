import VietText

/// A person's name as indices into the `NameBank` lists: family name, middle name (one or two
/// syllables), given name (one syllable). Rendering and folding go through the bank.
struct PersonName: Hashable {
    var family: UInt16
    var middle: UInt16
    var given: UInt16
}

/// Sex of a generated person; drives the middle/given name lists and the CCCD's 4th digit.
enum Sex: UInt8 {
    case male = 0, female = 1
}

/// The Vietnamese name lists, with weights, and their folded forms.
///
/// Given names are single syllables and family names are single syllables, so the folded
/// string "family middle given" identifies the index triple up to folding: two names have the
/// same `VietText.fold` key exactly when their fold ids agree.
struct NameBank {
    let families: [String]
    let middles: [String]
    let givens: [String]
    private let familyCum: [Int]
    private let middleCum: [[Int]]   // [sex*2 + era] over `middles`
    private let givenCum: [[Int]]    // [sex] over `givens`

    /// Fold ids: names whose folded strings agree share an id.
    let familyFold: [UInt16], middleFold: [UInt16], givenFold: [UInt16]
    /// Folded bytes per fold id.
    let familyFoldBytes: [[UInt8]], middleFoldBytes: [[UInt8]], givenFoldBytes: [[UInt8]]
    /// Every folded syllable used by any name (typos must leave this set).
    let syllables: Set<String>

    // Family names with rough national frequencies (per mille): Nguyễn about a third.
    private static let familyTable: [(String, Int)] = [
        ("Nguyễn", 350), ("Trần", 110), ("Lê", 95), ("Phạm", 55), ("Hoàng", 48), ("Phan", 45),
        ("Võ", 38), ("Huỳnh", 12), ("Vũ", 14), ("Đặng", 20), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 26),
        ("Ngô", 15), ("Dương", 12), ("Lý", 5), ("Đinh", 20), ("Mai", 8), ("Trương", 12),
        ("Đoàn", 10), ("Cao", 10), ("Hà", 8), ("Lương", 8), ("Đào", 8), ("Tạ", 4), ("Lưu", 4),
        ("Thái", 5), ("Phùng", 3), ("Chu", 3), ("Tô", 3), ("Từ", 3), ("Kiều", 2), ("Quách", 2),
        ("Trịnh", 6), ("Văn", 3), ("Nguyên", 2), ("Châu", 2), ("Lã", 1), ("Mạc", 1), ("Khúc", 1),
    ]

    // Middle names: (name, male-old, male-young, female-old, female-young) weights.
    private static let middleTable: [(String, Int, Int, Int, Int)] = [
        ("Văn", 700, 250, 0, 0), ("Đức", 50, 100, 0, 0), ("Hữu", 50, 60, 0, 0), ("Đình", 50, 50, 0, 0),
        ("Xuân", 40, 40, 10, 10), ("Quang", 30, 80, 0, 0), ("Ngọc", 30, 40, 10, 50), ("Công", 30, 50, 0, 0),
        ("Minh", 20, 100, 5, 30), ("Thanh", 20, 50, 10, 40), ("Anh", 0, 40, 0, 0), ("Tiến", 10, 30, 0, 0),
        ("Trọng", 10, 30, 0, 0), ("Duy", 0, 40, 0, 0), ("Quốc", 10, 40, 0, 0), ("Hoàng", 5, 40, 0, 0),
        ("Việt", 0, 30, 0, 0), ("Mạnh", 5, 20, 0, 0), ("Bá", 15, 20, 0, 0), ("Khắc", 15, 20, 0, 0),
        ("Thị", 0, 0, 900, 400), ("Thị Thu", 0, 0, 20, 60), ("Thị Thanh", 0, 0, 10, 50),
        ("Thị Kim", 0, 0, 20, 30), ("Thị Ngọc", 0, 0, 5, 40), ("Thị Hồng", 0, 0, 10, 30),
        ("Thị Mỹ", 0, 0, 0, 20), ("Thị Thùy", 0, 0, 0, 30), ("Thu", 0, 0, 5, 40), ("Phương", 0, 0, 0, 30),
        ("Khánh", 0, 10, 0, 30), ("Bảo", 0, 20, 0, 20), ("Hồng", 0, 0, 5, 30), ("Kim", 0, 0, 5, 20),
        ("Diệu", 0, 0, 0, 10), ("Hoài", 0, 10, 0, 20), ("Thảo", 0, 0, 0, 10), ("Như", 0, 0, 0, 15),
    ]

    // Given names: (name, male weight, female weight).
    private static let givenTable: [(String, Int, Int)] = [
        ("Hùng", 30, 0), ("Dũng", 30, 0), ("Tuấn", 30, 0), ("Minh", 25, 5), ("Hải", 25, 3), ("Nam", 25, 0),
        ("Sơn", 25, 0), ("Thắng", 25, 0), ("Long", 20, 0), ("Hưng", 20, 0), ("Phúc", 15, 0), ("Quân", 15, 0),
        ("Trung", 20, 0), ("Hiếu", 15, 3), ("Đức", 20, 0), ("Cường", 20, 0), ("Thành", 20, 0), ("Tùng", 15, 0),
        ("Khánh", 10, 5), ("Bình", 20, 5), ("Hòa", 15, 10), ("Tâm", 10, 10), ("Việt", 15, 0), ("Vinh", 15, 0),
        ("Lâm", 10, 0), ("Quang", 15, 0), ("Toàn", 15, 0), ("Tài", 10, 0), ("Nghĩa", 15, 0), ("Lộc", 10, 0),
        ("Thái", 10, 0), ("Tiến", 15, 0), ("Kiên", 10, 0), ("Chiến", 15, 0), ("Công", 10, 0), ("Lợi", 10, 0),
        ("Phong", 10, 0), ("Quý", 10, 0), ("Sáng", 10, 0), ("Tân", 10, 0), ("Thịnh", 10, 0), ("Tú", 8, 5),
        ("Vũ", 8, 0), ("Duy", 8, 0), ("Đạt", 12, 0), ("Định", 8, 0), ("Đông", 8, 0), ("Giang", 5, 10),
        ("Hậu", 6, 6), ("Hiển", 6, 0), ("Hoan", 6, 0), ("Huy", 15, 0), ("Khoa", 8, 0), ("Lực", 6, 0),
        ("Mạnh", 10, 0), ("Nhân", 8, 0), ("Pháp", 4, 0), ("Quyết", 6, 0), ("Sinh", 6, 0), ("Tấn", 6, 0),
        ("Thạch", 5, 0), ("Thiện", 8, 0), ("Thuận", 8, 0), ("Tín", 6, 0), ("Trí", 8, 0), ("Trọng", 6, 0),
        ("Trường", 10, 0), ("Xuân", 8, 8), ("Bảo", 8, 0), ("Cảnh", 6, 0), ("Chính", 6, 0), ("Dương", 6, 0),
        ("Khải", 4, 0), ("Khang", 6, 0), ("Luân", 4, 0), ("Lượng", 5, 0), ("Nhật", 6, 0), ("Phát", 6, 0),
        ("Phú", 8, 0), ("Thông", 6, 0), ("Triều", 4, 0), ("Vương", 4, 0), ("Bằng", 5, 0), ("Biên", 4, 0),
        ("Cần", 4, 0), ("Diễn", 4, 0), ("Điệp", 4, 0), ("Hạnh", 3, 15), ("Hoạt", 3, 0), ("Kỳ", 4, 0),
        ("Lập", 4, 0), ("Ngữ", 3, 0), ("Nhượng", 3, 0), ("Quế", 3, 4), ("Sỹ", 5, 0), ("Thăng", 4, 0),
        ("Thưởng", 4, 0), ("Tịnh", 3, 0), ("Uy", 3, 0), ("Võ", 3, 0), ("Xướng", 2, 0), ("Yên", 3, 4),
        ("Hoa", 0, 25), ("Lan", 0, 25), ("Hương", 0, 30), ("Hà", 3, 25), ("Hằng", 0, 25), ("Hiền", 0, 25),
        ("Hồng", 0, 20), ("Huệ", 0, 15), ("Huyền", 0, 20), ("Lệ", 0, 10), ("Liên", 0, 15), ("Linh", 5, 25),
        ("Loan", 0, 15), ("Mai", 0, 20), ("My", 0, 15), ("Nga", 0, 20), ("Ngân", 0, 15), ("Nhung", 0, 20),
        ("Oanh", 0, 15), ("Phương", 5, 20), ("Quyên", 0, 10), ("Quỳnh", 0, 15), ("Thảo", 0, 25),
        ("Thanh", 5, 15), ("Thủy", 0, 20), ("Thúy", 0, 15), ("Thư", 0, 15), ("Trang", 0, 25), ("Trinh", 0, 10),
        ("Uyên", 0, 10), ("Vân", 0, 15), ("Yến", 0, 15), ("Bích", 0, 10), ("Châu", 0, 8), ("Cúc", 0, 10),
        ("Dung", 0, 15), ("Duyên", 0, 12), ("Lài", 0, 8), ("Lụa", 0, 6), ("Luyến", 0, 6), ("Lý", 0, 8),
        ("Mến", 0, 6), ("Ngọc", 3, 12), ("Nhàn", 0, 10), ("Nhi", 0, 12), ("Phượng", 0, 10), ("Sen", 0, 8),
        ("Sương", 0, 8), ("Tuyết", 0, 10), ("Thắm", 0, 8), ("Thơ", 0, 8), ("Thu", 0, 15), ("Tình", 0, 6),
        ("Trâm", 0, 8), ("Tươi", 0, 8), ("Vy", 0, 10), ("Ánh", 0, 10), ("Diệp", 0, 4), ("Diễm", 0, 6),
        ("Đào", 0, 8), ("Gấm", 0, 5), ("Hảo", 0, 6), ("Hoài", 0, 8), ("Hợi", 0, 4), ("Kim", 0, 6),
        ("Liễu", 0, 6), ("Mận", 0, 5), ("Nguyệt", 0, 8), ("Nhạn", 0, 4), ("Nụ", 0, 4), ("Thoa", 0, 8),
        ("Thìn", 0, 4), ("Tuyến", 0, 5), ("Vui", 0, 4), ("Xinh", 0, 4), ("Hạ", 0, 6), ("Hân", 0, 6),
        ("Khuê", 0, 4), ("Lam", 0, 4), ("Lành", 0, 5), ("Na", 0, 4), ("Nương", 0, 4), ("Phấn", 0, 3),
        ("Sáu", 0, 3), ("Tám", 0, 3), ("Thùy", 0, 10), ("Trà", 0, 6), ("Xoan", 0, 4), ("Tho", 0, 3),
    ]

    init() {
        families = NameBank.familyTable.map { VietText.nfc($0.0) }
        middles = NameBank.middleTable.map { VietText.nfc($0.0) }
        givens = NameBank.givenTable.map { VietText.nfc($0.0) }
        familyCum = cumulative(NameBank.familyTable.map { $0.1 })
        middleCum = [
            cumulative(NameBank.middleTable.map { $0.1 }), cumulative(NameBank.middleTable.map { $0.2 }),
            cumulative(NameBank.middleTable.map { $0.3 }), cumulative(NameBank.middleTable.map { $0.4 }),
        ]
        givenCum = [cumulative(NameBank.givenTable.map { $0.1 }), cumulative(NameBank.givenTable.map { $0.2 })]

        func foldIds(_ names: [String]) -> ([UInt16], [[UInt8]]) {
            var ids: [UInt16] = []
            var bytes: [[UInt8]] = []
            var seen: [String: UInt16] = [:]
            for n in names {
                let f = VietText.fold(n)
                if let id = seen[f] { ids.append(id); continue }
                let id = UInt16(bytes.count)
                seen[f] = id
                bytes.append(Array(f.utf8))
                ids.append(id)
            }
            return (ids, bytes)
        }
        (familyFold, familyFoldBytes) = foldIds(families)
        (middleFold, middleFoldBytes) = foldIds(middles)
        (givenFold, givenFoldBytes) = foldIds(givens)
        var syl = Set<String>()
        for n in families + middles + givens {
            for w in VietText.fold(n).split(separator: " ") { syl.insert(String(w)) }
        }
        syllables = syl
    }

    /// Draws a name for a person of this sex born in this year.
    func draw(_ rng: inout Rng, sex: Sex, birthYear: Int) -> PersonName {
        let era = birthYear < 1965 ? 0 : 1
        let f = rng.weighted(familyCum)
        let m = rng.weighted(middleCum[Int(sex.rawValue) * 2 + era])
        let g = rng.weighted(givenCum[Int(sex.rawValue)])
        return PersonName(family: UInt16(f), middle: UInt16(m), given: UInt16(g))
    }

    /// The NFC display form, "Nguyễn Thị Thu Hà".
    func display(_ n: PersonName) -> String {
        families[Int(n.family)] + " " + middles[Int(n.middle)] + " " + givens[Int(n.given)]
    }

    /// The fold key as a number: equal exactly when `VietText.fold` of the names is equal.
    func key(_ n: PersonName) -> UInt64 {
        UInt64(familyFold[Int(n.family)]) << 24 | UInt64(middleFold[Int(n.middle)]) << 12 | UInt64(givenFold[Int(n.given)])
    }

    /// The folded bytes, "nguyen thi thu ha".
    func folded(_ n: PersonName) -> [UInt8] {
        var out = familyFoldBytes[Int(familyFold[Int(n.family)])]
        out.append(0x20)
        out += middleFoldBytes[Int(middleFold[Int(n.middle)])]
        out.append(0x20)
        out += givenFoldBytes[Int(givenFold[Int(n.given)])]
        return out
    }
}
