import Foundation

/// How the report stage writes personal data.
public struct ReportOptions: Sendable {
    /// Citizen IDs as written (`ansinh report --unmasked`), for the department's own use; every
    /// report file masks them otherwise.
    public var unmasked: Bool

    public init(unmasked: Bool = false) {
        self.unmasked = unmasked
    }

    /// The ID as a report file shows it: "044*******89", or as written when unmasked.
    public func citizenID(_ id: String?) -> String? {
        guard let id, !id.isEmpty else { return id }
        return unmasked ? id : Self.mask(id)
    }

    /// Citizen IDs inside free text (an exception's detail, a reject's reason) masked: every run
    /// of 11 or 12 digits (a CCCD, also without its leading zero) and 9 digits after "citizen
    /// ID", "CCCD" or "CMND" (beneficiary codes, also 9 digits, stay). Unchanged when unmasked.
    public func text(_ text: String?) -> String? {
        guard let text, !unmasked else { return text }
        return Self.maskingDigitRuns(text) { length, before in
            length == 11 || length == 12 || (length == 9 && Self.idLabels.contains { label in
                before.count >= label.count && before.suffix(label.count).elementsEqual(label)
            })
        }
    }

    /// A cell's value as a report shows it: an ID column's value masked whole, and any other
    /// value — a rejected row kept as written, with all its cells — with every run of 9 to 12
    /// digits masked, since an old 9-digit CMND there cannot be told from a code.
    public func value(_ value: String?, isIDColumn: Bool) -> String? {
        guard let value, !unmasked else { return value }
        if isIDColumn { return Self.mask(value) }
        return Self.maskingDigitRuns(value) { length, _ in (9...12).contains(length) }
    }

    /// The words an old 9-digit CMND follows in a detail, as bytes.
    private static let idLabels = ["citizen ID ", "CCCD ", "CMND ", "CCCD: ", "CMND: "].map { Array($0.utf8) }

    /// `text` with each whole run of ASCII digits that `masks(length, bytes before it)` picks
    /// masked: what the regular expressions `(?<![0-9])[0-9]{11,12}(?![0-9])` and
    /// `(?<=CCCD )[0-9]{9}(?![0-9])` matched, in one pass over the bytes instead of an ICU
    /// search per match (a national month has tens of thousands of details).
    static func maskingDigitRuns(_ text: String, _ masks: (_ length: Int, _ before: ArraySlice<UInt8>) -> Bool) -> String {
        let bytes = Array(text.utf8)
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        guard bytes.contains(where: isDigit) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var changed = false
        var i = 0
        while i < bytes.count {
            guard isDigit(bytes[i]) else { out.append(bytes[i]); i += 1; continue }
            var j = i
            while j < bytes.count && isDigit(bytes[j]) { j += 1 }
            if masks(j - i, bytes[..<i]) {
                out.append(contentsOf: mask(String(decoding: bytes[i..<j], as: UTF8.self)).utf8)
                changed = true
            } else {
                out.append(contentsOf: bytes[i..<j])
            }
            i = j
        }
        return changed ? String(decoding: out, as: UTF8.self) : text
    }

    /// "044*******89": the province code and the last two digits, the rest starred.
    public static func mask(_ value: String) -> String {
        let digits = value.filter(\.isNumber)
        guard digits.count >= 6 else { return String(repeating: "*", count: digits.count) }
        return String(digits.prefix(3)) + String(repeating: "*", count: digits.count - 5) + String(digits.suffix(2))
    }
}

/// Report files hold personal data: written whole (atomically) and readable by the owner only.
enum ReportFile {
    static func write(_ data: Data, to url: URL) throws {
        try write(bytes: data, to: url)
    }

    /// Writes `bytes` into a new owner-only file beside `url`, then renames it over `url`: a
    /// reader sees the old file or the new one, never a part. Not synced to disk, as the
    /// warehouse is not (`Schema.tuneForBatch`): a run's report folder is swapped in whole after,
    /// and an fsync per file made a national report (1,400 files) wait on the disk for seconds.
    static func write(bytes: some ContiguousBytes, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure(temporary) }
        var written = true
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let n = Foundation.write(fd, base + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { written = false; return }
                offset += n
            }
        }
        // The mode whatever the umask: owner read and write only.
        written = written && fchmod(fd, 0o600) == 0
        let error = written ? nil : failure(temporary)
        close(fd)
        if let error {
            unlink(temporary.path)
            throw error
        }
        guard rename(temporary.path, url.path) == 0 else {
            let error = failure(url)
            unlink(temporary.path)
            throw error
        }
    }

    /// The error of the last system call on `url`.
    private static func failure(_ url: URL) -> Error {
        CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path, NSLocalizedDescriptionKey: String(cString: strerror(errno))])
    }
}
