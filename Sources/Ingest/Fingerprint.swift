import Crypto
import Foundation

/// sha256 of a text, in hex (configuration fingerprints).
public enum Fingerprint {
    public static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
