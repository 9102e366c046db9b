/// A configuration that cannot be used: the run stops with exit code 2.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
