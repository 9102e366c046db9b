import Foundation
import VietText

/// How a person's name is typed in one file or row.
enum NameStyle: CaseIterable {
    case nfc, upper, ascii, asciiUpper, nfd, doubleSpace, oldTone
}

/// How a day is written.
enum DateStyle: CaseIterable {
    /// 05/03/1950
    case dmySlash
    /// 5/3/1950
    case dmyShort
    /// 05-03-1950
    case dmyDash
    /// 1950-03-05
    case iso
}

/// How a payment month is written.
enum MonthStyle: CaseIterable {
    /// 12/2023
    case slash
    /// T12/2023
    case t
    /// Tháng 12/2023
    case thang
    /// 2023-12
    case iso
}

/// How an amount of đồng is written.
enum MoneyStyle: CaseIterable {
    /// 2.055.000
    case dots
    /// 2,055,000
    case commas
    /// 2055000
    case plain
    /// 2.055.000 đ
    case dotsDong
    /// 2055000VND
    case plainVND
}

/// How a citizen ID is written.
enum IDStyle: CaseIterable {
    /// 044085012345
    case plain
    /// 44085012345 (the spreadsheet dropped the leading zero)
    case dropZero
    /// 044 085 012 345
    case spaced
    /// '044085012345
    case apostrophe
}

/// How a commune is named.
enum CommuneStyle: CaseIterable {
    /// Xã Quảng Hòa
    case full
    /// Quảng Hòa
    case bare
    /// X. Quảng Hòa / P. Bắc Lý / TT. Hoàn Lão
    case abbrev
    /// xa quang hoa
    case asciiLower
    /// QUẢNG HÒA
    case upperBare
}

/// How a beneficiary code is written.
enum CodeStyle: CaseIterable {
    /// 454-028349
    case dashed
    /// 454028349
    case compact
    /// " 454 - 028349 "
    case spaced
}

/// Renders values in the many ways district spreadsheets write them.
enum TextVariants {
    static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// A day (or a bare year) in a style.
    static func date(_ d: Day, _ style: DateStyle) -> String {
        if d.isYearOnly { return "\(d.y)" }
        switch style {
        case .dmySlash: return twoDigits(d.d) + "/" + twoDigits(d.m) + "/\(d.y)"
        case .dmyShort: return "\(d.d)/\(d.m)/\(d.y)"
        case .dmyDash: return twoDigits(d.d) + "-" + twoDigits(d.m) + "-\(d.y)"
        case .iso: return "\(d.y)-" + twoDigits(d.m) + "-" + twoDigits(d.d)
        }
    }

    /// A payment month in a style.
    static func month(_ m: Month, _ style: MonthStyle) -> String {
        switch style {
        case .slash: return twoDigits(m.month) + "/\(m.year)"
        case .t: return "T\(m.month)/\(m.year)"
        case .thang: return "Tháng \(m.month)/\(m.year)"
        case .iso: return m.iso
        }
    }

    /// Thousands grouping of a non-negative amount.
    static func grouped(_ amount: Int, separator: String) -> String {
        let digits = String(amount)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += separator }
            out.append(ch)
        }
        return out
    }

    /// An amount of đồng in a style.
    static func money(_ amount: Int, _ style: MoneyStyle) -> String {
        switch style {
        case .dots: return grouped(amount, separator: ".")
        case .commas: return grouped(amount, separator: ",")
        case .plain: return String(amount)
        case .dotsDong: return grouped(amount, separator: ".") + " đ"
        case .plainVND: return String(amount) + "VND"
        }
    }

    /// A 12-digit CCCD (or a 9-digit CMND, written as is) in a style.
    static func citizenID(_ digits: String, _ style: IDStyle) -> String {
        guard digits.count == 12 else { return digits }
        switch style {
        case .plain: return digits
        case .dropZero: return digits.hasPrefix("0") ? String(digits.dropFirst()) : digits
        case .spaced:
            let a = Array(digits)
            return String(a[0..<3]) + " " + String(a[3..<6]) + " " + String(a[6..<9]) + " " + String(a[9..<12])
        case .apostrophe: return "'" + digits
        }
    }

    /// A beneficiary code "454-028349" in a style.
    static func code(district: String, serial: Int, _ style: CodeStyle) -> String {
        let s = serial < 1_000_000 ? String(repeating: "0", count: 6 - String(serial).count) + String(serial) : String(serial)
        switch style {
        case .dashed: return district + "-" + s
        case .compact: return district + s
        case .spaced: return " " + district + " - " + s + " "
        }
    }

    /// A commune's name in a style; `oldTone` moves tone marks to the old placement ("Hoà").
    static func commune(_ c: SynthCommune, _ style: CommuneStyle, oldTone: Bool) -> String {
        var s: String
        switch style {
        case .full: s = c.name
        case .bare: s = c.bare
        case .abbrev:
            let prefix = c.type == "Phường" ? "P." : (c.type == "Thị trấn" ? "TT." : "X.")
            s = prefix + " " + c.bare
        case .asciiLower: s = stripDiacritics(c.name).lowercased()
        case .upperBare: s = c.bare.uppercased()
        }
        return oldTone ? self.oldTone(s) : s
    }

    /// A name in a style.
    static func name(_ s: String, _ style: NameStyle) -> String {
        switch style {
        case .nfc: return s
        case .upper: return s.uppercased()
        case .ascii: return stripDiacritics(s)
        case .asciiUpper: return stripDiacritics(s).uppercased()
        case .nfd: return s.decomposedStringWithCanonicalMapping
        case .doubleSpace:
            guard let r = s.range(of: " ") else { return s }
            return s.replacingCharacters(in: r, with: "  ")
        case .oldTone: return oldTone(s)
        }
    }

    /// Removes every diacritic, mapping Đ/đ to D/d.
    static func stripDiacritics(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            let v = u.value
            if v < 0x80 { out.append(u); continue }
            if (0x0300...0x036F).contains(v) { continue }
            if let base = baseLetters[v] { out.append(contentsOf: base.unicodeScalars) } else { out.append(u) }
        }
        return String(out)
    }

    /// Latin letters with diacritics (Latin-1 to Latin Extended Additional) → their bare letters.
    private static let baseLetters: [UInt32: String] = {
        var map: [UInt32: String] = [0x0110: "D", 0x0111: "d"]
        for range: ClosedRange<UInt32> in [0x00C0...0x024F, 0x1E00...0x1EFF] {
            for v in range {
                guard let u = Unicode.Scalar(v), v != 0x0110, v != 0x0111 else { continue }
                var base = String.UnicodeScalarView()
                for d in String(Character(u)).decomposedStringWithCanonicalMapping.unicodeScalars
                where !(0x0300...0x036F).contains(d.value) {
                    base.append(d)
                }
                let text = String(base)
                if text != String(Character(u)) { map[v] = text }
            }
        }
        return map
    }()

    private static let toneMarks: Set<UInt32> = [0x0300, 0x0301, 0x0303, 0x0309, 0x0323]

    /// Moves the tone mark of a final "oa", "oe", "uy" (not "quy") to the second vowel, the old
    /// placement: "Hòa" → "Hoà", "Thủy" → "Thuỷ". Other words are unchanged.
    static func oldTone(_ s: String) -> String {
        let words = s.split(separator: " ", omittingEmptySubsequences: false).map { String($0) }
        return words.map(oldToneWord).joined(separator: " ")
    }

    private static func oldToneWord(_ word: String) -> String {
        let chars = Array(VietText.nfc(word))
        let n = chars.count
        guard n >= 2 else { return word }
        let first = Array(String(chars[n - 2]).decomposedStringWithCanonicalMapping.unicodeScalars)
        let second = String(chars[n - 1])
        let tones = first.filter { toneMarks.contains($0.value) }
        let base = first.filter { !toneMarks.contains($0.value) }
        guard tones.count == 1, base.count == 1, second.unicodeScalars.count == 1 else { return word }
        let b = String(base[0]).lowercased(), v = second.lowercased()
        let isOA = b == "o" && (v == "a" || v == "e")
        let isUY = b == "u" && v == "y" && !(n >= 3 && String(chars[n - 3]).lowercased() == "q")
        guard isOA || isUY else { return word }
        var moved = String.UnicodeScalarView()
        moved.append(tones[0])
        let newSecond = VietText.nfc(second + String(moved))
        return String(chars[0..<(n - 2)]) + String(base[0]) + newSecond
    }
}
