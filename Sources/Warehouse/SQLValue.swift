/// A value bound to or read from SQLite.
public enum SQLValue: Equatable, Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// The value as text, or nil for NULL.
    public var string: String? {
        switch self {
        case .null: return nil
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .text(let v): return v
        }
    }

    /// The value as an integer, or nil for NULL or text that is no number.
    public var int: Int64? {
        switch self {
        case .null: return nil
        case .integer(let v): return v
        case .real(let v): return Int64(v)
        case .text(let v): return Int64(v)
        }
    }

    /// The value as a double, or nil.
    public var double: Double? {
        switch self {
        case .null: return nil
        case .integer(let v): return Double(v)
        case .real(let v): return v
        case .text(let v): return Double(v)
        }
    }
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(nilLiteral: ()) { self = .null }
}

extension SQLValue {
    /// Text, or NULL for nil.
    public static func text(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
    /// Integer, or NULL for nil.
    public static func int(_ value: Int?) -> SQLValue { value.map { .integer(Int64($0)) } ?? .null }
    /// Integer, or NULL for nil.
    public static func int64(_ value: Int64?) -> SQLValue { value.map { .integer($0) } ?? .null }
    /// Real, or NULL for nil.
    public static func real(_ value: Double?) -> SQLValue { value.map { .real($0) } ?? .null }
}
