import Foundation

/// Numbers as Vietnamese reports write them: "." between thousands, "," before decimals
/// (20.360; 110,1%; 4,05%).
public enum VietnameseNumber {
    /// A whole number with thousands dots: 20360 → "20.360".
    public static func integer(_ value: Double) -> String {
        let rounded = Int64(value.rounded())
        let digits = String(rounded.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(".") }
            out.append(ch)
        }
        return (rounded < 0 ? "-" : "") + out
    }

    /// A decimal with `places` digits after the comma: 4.0499 → "4,05".
    public static func decimal(_ value: Double, places: Int) -> String {
        let fixed = String(format: "%.\(places)f", value)
        let parts = fixed.split(separator: ".")
        let whole = integer(Double(parts[0]) ?? 0)
        let sign = value < 0 && !whole.hasPrefix("-") && (Double(fixed) ?? 0) != 0 ? "-" : ""
        return parts.count > 1 ? sign + whole + "," + parts[1] : sign + whole
    }

    /// A percentage: 110.054 → "110,1%".
    public static func percent(_ value: Double, places: Int = 1) -> String {
        decimal(value, places: places) + "%"
    }

    /// A number with as many decimals as it needs, up to `maxPlaces`: 107.4 → "107,4", 110 → "110".
    public static func trimmed(_ value: Double, maxPlaces: Int = 2) -> String {
        var text = decimal(value, places: maxPlaces)
        if text.contains(",") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(",") { text.removeLast() }
        }
        return text
    }
}
