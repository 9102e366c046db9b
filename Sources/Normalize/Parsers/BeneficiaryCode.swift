/// The department's beneficiary code ("mã đối tượng"), written many ways by hand.
public enum BeneficiaryCode {
    /// The code's letters and digits only, in upper case, so "454-028349", "454028349" and
    /// " 454 - 028349 " compare equal; nil when nothing is left. An all-digit code read from a
    /// numeric Excel cell as "454028349.0" loses the ".0" rather than gaining a digit.
    public static func normalize(_ raw: String) -> String? {
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
}
