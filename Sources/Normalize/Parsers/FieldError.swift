/// Why one cell could not be read, in words an analyst understands, quoting the value
/// (for example `'31/02/1950' is not a real date`).
public struct FieldError: Error, Equatable, Hashable, CustomStringConvertible {
    /// The explanation, in English, quoting the cell's value.
    public let reason: String

    /// Creates an error with the given explanation.
    public init(reason: String) {
        self.reason = reason
    }

    /// The cell was blank. Callers decide whether a blank matters, so it gets its own value.
    public static let empty = FieldError(reason: "empty")

    /// The reason, so the error prints as the analyst should read it.
    public var description: String { reason }

    /// Quotes a cell value the same way in every message.
    static func quoting(_ value: String, _ problem: String) -> FieldError {
        FieldError(reason: "'\(value)' \(problem)")
    }
}
