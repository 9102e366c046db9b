import Foundation

/// The process's resident memory, for the stage's debug log (Linux `/proc/self/status`; 0
/// where it cannot be read).
enum ResidentMemory {
    /// Resident bytes now.
    static var current: Int { field("VmRSS:") }
    /// The most resident bytes so far.
    static var peak: Int { field("VmHWM:") }

    private static func field(_ name: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }
}
