import CSVReader
import Crypto
import Foundation
import VietText

/// The encodings a district file may arrive in.
public enum TextEncoding: String, Sendable {
    case utf8 = "utf-8"
    case utf8BOM = "utf-8-bom"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case windows1258 = "windows-1258"
    case tcvn3 = "tcvn3"
    case vni = "vni-windows"
}

/// What the first pass over a file's bytes found.
public struct FileFingerprint: Sendable {
    public let sha256: String
    public let bytes: Int
    public let encoding: TextEncoding
}

/// One read of a file's bytes (`TextDecoder.scan`).
public struct FileScan: Sendable {
    public let sha256: String
    public let bytes: Int
    /// Up to its first four bytes (a BOM).
    public let first: [UInt8]
    public let validUTF8: Bool
    public let sawNUL: Bool
    /// The file's bytes when it is at most `TextDecoder.keepLimit` long: the later passes
    /// (encoding votes, header, rows) read them instead of the file, and see the bytes hashed.
    public let contents: [UInt8]?
}

/// Why a file cannot be read as text at all.
public struct UnreadableFile: Error, CustomStringConvertible {
    public let description: String
}

/// Reads a file in chunks: the first pass hashes it and decides the encoding over all of its
/// bytes; the second pass decodes it to UTF-8, chunk by chunk. A file up to `keepLimit` is kept
/// from the first pass for the others; a longer one is read again, never held whole.
public enum TextDecoder {
    static let chunkSize = 1 << 20
    /// The longest file kept in memory between passes (a district's file is a few megabytes).
    static let keepLimit = 64 << 20

    /// The file's bytes chunk by chunk: from `contents` when the scan kept them, else read.
    static func chunks(_ url: URL, contents: [UInt8]?, _ body: ([UInt8]) throws -> Void) throws {
        if let contents {
            var start = 0
            while start < contents.count {
                let end = min(start + chunkSize, contents.count)
                try body(Array(contents[start..<end]))
                start = end
            }
            return
        }
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        while let data = try handle.read(upToCount: chunkSize), !data.isEmpty {
            try body([UInt8](data))
        }
    }
    /// Bytes of words with letters above ASCII that decide a chunk's legacy encoding.
    static let detectionSample = 1 << 16

    /// One pass over a file's bytes: its sha256 and size, its first bytes, whether it is all
    /// valid UTF-8 and whether it holds NUL bytes. An empty file scans too.
    public static func scan(_ url: URL) throws -> FileScan {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        var total = 0
        var first: [UInt8] = []
        var validUTF8 = true
        var carry: [UInt8] = []
        var sawNUL = false
        var contents: [UInt8]? = []
        while let data = try handle.read(upToCount: chunkSize), !data.isEmpty {
            hasher.update(data: data)
            total += data.count
            // The chunk's bytes where they lie: kept, checked and validated without copies.
            data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                if total <= keepLimit { contents?.append(contentsOf: bytes) } else { contents = nil }
                if first.count < 4 { first.append(contentsOf: bytes.prefix(4 - first.count)) }
                if !sawNUL, let base = raw.baseAddress, memchr(base, 0, raw.count) != nil { sawNUL = true }
                if validUTF8 { validUTF8 = UTF8Check.continues(&carry, with: bytes) }
            }
        }
        // What is left is the start of a character the file was cut in the middle of (a copy that
        // stopped short): everything before it was valid UTF-8, so the file is UTF-8 — read as a
        // legacy code page, every row would be garbled. The cut character becomes U+FFFD.
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return FileScan(sha256: digest, bytes: total, first: first, validUTF8: validUTF8, sawNUL: sawNUL, contents: contents)
    }

    /// Hashes the file and detects its encoding: a BOM decides; otherwise UTF-8 when every byte
    /// sequence is valid UTF-8, else Windows-1258. NUL bytes outside UTF-16 mean a binary file.
    /// `scan`, when the caller already made it, saves reading the file again.
    public static func fingerprint(_ url: URL, scan: FileScan? = nil) throws -> FileFingerprint {
        let scanned = try scan ?? Self.scan(url)
        guard scanned.bytes > 0 else { throw UnreadableFile(description: "the file is empty") }
        let first = scanned.first
        let encoding: TextEncoding
        if first.starts(with: [0xEF, 0xBB, 0xBF]) {
            encoding = .utf8BOM
        } else if first.starts(with: [0xFF, 0xFE]) {
            encoding = .utf16LE
        } else if first.starts(with: [0xFE, 0xFF]) {
            encoding = .utf16BE
        } else if scanned.sawNUL {
            throw UnreadableFile(description: "the file holds NUL bytes: it is binary (a spreadsheet saved as .xls/.xlsx?), not CSV text")
        } else {
            encoding = scanned.validUTF8 ? .utf8 : try legacyEncoding(url, contents: scanned.contents)
        }
        return FileFingerprint(sha256: scanned.sha256, bytes: scanned.bytes, encoding: encoding)
    }

    /// Which legacy single-byte encoding reads a non-UTF-8 file best, judged over all of it:
    /// each chunk votes (weighted by its size) for the decoding that gives the most real
    /// Vietnamese syllables. A tie goes to Windows-1258.
    static func legacyEncoding(_ url: URL, contents: [UInt8]? = nil) throws -> TextEncoding {
        var votes: [LegacyText.ByteEncoding: Int] = [:]
        try chunks(url, contents: contents) { bytes in
            votes[LegacyText.detect(wordsWithHighBytes(bytes, limit: detectionSample)), default: 0] += bytes.count
        }
        let winner = LegacyText.ByteEncoding.allCases.max { (votes[$0] ?? 0) < (votes[$1] ?? 0) } ?? .cp1258
        let best = votes[winner] ?? 0
        // allCases is ordered cp1258, tcvn3, vni: on a tie the earlier one wins.
        let chosen = LegacyText.ByteEncoding.allCases.first { (votes[$0] ?? 0) == best } ?? .cp1258
        switch chosen {
        case .cp1258: return .windows1258
        case .tcvn3: return .tcvn3
        case .vni: return .vni
        }
    }

    /// The words of a sample that hold a byte above ASCII, one space between them. Detection
    /// scores only such words (ASCII words read the same in every encoding), so it gives the
    /// same answer on them as on the whole sample, at a fraction of the decoding work.
    ///
    /// At most `limit` bytes of such words are kept: tens of thousands of words settle the
    /// encoding of a chunk, and each chunk of a long file still votes.
    static func wordsWithHighBytes(_ bytes: [UInt8], limit: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 4)
        var start = 0
        var high = false
        func isSeparator(_ b: UInt8) -> Bool {
            b < 0x80 && !((b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A))
        }
        for i in 0...bytes.count {
            if out.count >= limit { break }
            if i == bytes.count || isSeparator(bytes[i]) {
                if high {
                    if !out.isEmpty { out.append(0x20) }
                    out.append(contentsOf: bytes[start..<i])
                }
                start = i + 1
                high = false
            } else if bytes[i] >= 0x80 {
                high = true
            }
        }
        return out
    }

    /// Streams the file as UTF-8 chunks (BOM removed), calling `body` for each.
    public static func decode(_ url: URL, contents: [UInt8]? = nil, as encoding: TextEncoding, body: ([UInt8]) throws -> Void) throws {
        var isFirst = true
        var carry: [UInt8] = []
        try chunks(url, contents: contents) { chunk in
            var bytes = chunk
            if isFirst {
                isFirst = false
                switch encoding {
                case .utf8BOM: bytes.removeFirst(min(3, bytes.count))
                case .utf16LE, .utf16BE: bytes.removeFirst(min(2, bytes.count))
                default: break
                }
            }
            switch encoding {
            case .utf8, .utf8BOM:
                try body(bytes)
            case .windows1258:
                try body(decodeCP1258(bytes))
            case .tcvn3:
                try body(TCVN3.utf8.decode(bytes))
            case .vni:
                // A letter may be a base byte and a mark byte: keep the last byte for the next
                // chunk, where its mark may be.
                let all = carry + bytes
                carry = all.isEmpty ? [] : [all[all.count - 1]]
                try body(VNI.decodeUTF8(all.dropLast()))
            case .utf16LE, .utf16BE:
                let (text, rest) = decodeUTF16(carry + bytes, bigEndian: encoding == .utf16BE, final: false)
                carry = rest
                try body(text)
            }
        }
        if !carry.isEmpty {
            if encoding == .vni {
                try body(VNI.decodeUTF8(carry))
            } else {
                try body(decodeUTF16(carry, bigEndian: encoding == .utf16BE, final: true).text)
            }
        }
    }

    /// The first `limit` bytes of the file decoded to UTF-8 (for sniffing the header).
    public static func head(_ url: URL, contents: [UInt8]? = nil, as encoding: TextEncoding, limit: Int = 65_536) throws -> String {
        var out: [UInt8] = []
        var bytes: [UInt8]
        if let contents {
            bytes = Array(contents.prefix(limit))
        } else {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            guard let data = try handle.read(upToCount: limit) else { return "" }
            bytes = [UInt8](data)
        }
        switch encoding {
        case .utf8: out = bytes
        case .utf8BOM: bytes.removeFirst(min(3, bytes.count)); out = bytes
        case .windows1258: out = decodeCP1258(bytes)
        case .tcvn3: out = TCVN3.utf8.decode(bytes)
        case .vni: out = VNI.decodeUTF8(bytes)
        case .utf16LE, .utf16BE:
            bytes.removeFirst(min(2, bytes.count))
            out = decodeUTF16(bytes, bigEndian: encoding == .utf16BE, final: false).text
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decodeCP1258(_ bytes: [UInt8]) -> [UInt8] {
        CP1258.utf8.decode(bytes)
    }

    static func decodeUTF16(_ bytes: [UInt8], bigEndian: Bool, final: Bool) -> (text: [UInt8], rest: [UInt8]) {
        var usable = bytes.count & ~1
        // Keep a trailing high surrogate for the next chunk.
        if !final, usable >= 2 {
            let a = UInt32(bytes[usable - 2]), b = UInt32(bytes[usable - 1])
            let last = bigEndian ? (a << 8 | b) : (b << 8 | a)
            if (0xD800...0xDBFF).contains(last) { usable -= 2 }
        }
        // UTF-16 to UTF-8 directly; a lone surrogate becomes U+FFFD, as String's decoding does.
        var text: [UInt8] = []
        text.reserveCapacity(usable + usable / 2)
        func unit(_ i: Int) -> UInt32 {
            let a = UInt32(bytes[i]), b = UInt32(bytes[i + 1])
            return bigEndian ? (a << 8 | b) : (b << 8 | a)
        }
        var i = 0
        while i < usable {
            var v = unit(i)
            i += 2
            if (0xD800...0xDBFF).contains(v) {
                if i < usable, case let low = unit(i), (0xDC00...0xDFFF).contains(low) {
                    v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                    i += 2
                } else {
                    v = 0xFFFD
                }
            } else if (0xDC00...0xDFFF).contains(v) {
                v = 0xFFFD
            }
            UTF8.encode(Unicode.Scalar(v) ?? "\u{FFFD}") { text.append($0) }
        }
        if final && usable < bytes.count {
            // An odd last byte: half a character. Show it as U+FFFD rather than drop it.
            text.append(contentsOf: [0xEF, 0xBF, 0xBD])
            return (text, [])
        }
        return (text, Array(bytes[usable...]))
    }
}
