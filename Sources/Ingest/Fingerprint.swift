import Crypto
import Foundation

/// sha256 of a text, in hex (configuration fingerprints).
public enum Fingerprint {
    public static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

extension Fingerprint {
    /// sha256 of a file's bytes, read in 1 MiB chunks; nil when it cannot be read.
    public static func sha256(fileAt url: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            // nil or empty data: the end of the file.
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        } catch {
            return nil
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The running program's own fingerprint: rows normalized by another build are not reused.
    public static let build: String = sha256(fileAt: URL(fileURLWithPath: "/proc/self/exe"))
        ?? sha256(fileAt: URL(fileURLWithPath: CommandLine.arguments.first ?? "")) ?? "unknown-build"
}
