/// The department's beneficiary code ("mã đối tượng"), written many ways by hand.
public enum BeneficiaryCode {
    /// The code's letters and digits only, in upper case, so "454-028349", "454028349" and
    /// " 454 - 028349 " compare equal; nil when nothing is left. An all-digit code read from a
    /// numeric Excel cell as "454028349.0" loses the ".0" rather than gaining a digit.
    public static func normalize(_ raw: String) -> String? {
        // The usual shape: ASCII letters, digits, "-" and spaces. Keep letters and digits, upper case.
        if let fast = asciiCode(raw) { return fast.isEmpty ? nil : fast }
        var text = CellText.trimmed(raw)
        if CellText.isWholeFloat(text), let dot = text.firstIndex(of: ".") {
            text = String(text[..<dot])
        }
        var kept = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
            kept.append(scalar)
        }
        let code = String(kept).uppercased()
        return code.isEmpty ? nil : code
    }

    /// Letters and digits of an ASCII code in upper case; nil when the cell holds anything but
    /// ASCII letters, digits, "-", "/", "_" and spaces (or a "." that the general path decides on).
    private static func asciiCode(_ raw: String) -> String? {
        var raw = raw
        return raw.withUTF8(asciiCode(bytes:))
    }

    /// `asciiCode` of a cell's UTF-8 bytes, written straight into the result (a code of up to
    /// 15 characters is a small string: no allocation at all).
    static func asciiCode(bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var ok = true
        let code = String(unsafeUninitializedCapacity: bytes.count) { out -> Int in
            var n = 0
            for b in bytes {
                switch b {
                case 0x30...0x39, 0x41...0x5A: out[n] = b; n += 1
                case 0x61...0x7A: out[n] = b - 0x20; n += 1
                case 0x20, 0x2D, 0x2F, 0x5F: continue
                default: ok = false; return 0
                }
            }
            return n
        }
        return ok ? code : nil
    }
}
