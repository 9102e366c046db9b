/// Whether bytes are well-formed UTF-8, checked chunk by chunk as a file is read: the rules of
/// Unicode's table 3-7 (no overlong forms, no surrogates, nothing above U+10FFFF), which are
/// `String(validating:as:)`'s, on the bytes where they lie, eight ASCII bytes at a time.
public enum UTF8Check {
    /// Checks `chunk` as the continuation of what came before, whose unfinished last sequence
    /// is `carry` (empty at the start); leaves in `carry` the chunk's own unfinished last
    /// sequence. False once anything is not UTF-8 (a sequence cut by the end of the file is
    /// not checked here: the caller decides about it).
    public static func continues(_ carry: inout [UInt8], with chunk: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        if !carry.isEmpty {
            // Complete the carried sequence with the chunk's first bytes and check it alone.
            guard let lead = carry.first else { return false }
            let need = sequenceLength(lead)
            guard need > carry.count else { return false }
            let take = min(need - carry.count, chunk.count)
            carry.append(contentsOf: chunk.prefix(take))
            start = take
            if carry.count < need {
                return carry.withUnsafeBufferPointer { prefixIsValid($0) }
            }
            let ok = carry.withUnsafeBufferPointer { check($0) == $0.count }
            carry.removeAll(keepingCapacity: true)
            guard ok else { return false }
        }
        let rest = UnsafeBufferPointer(rebasing: chunk[start...])
        let end = check(rest)
        guard end < rest.count else { return true }
        // Only an unfinished sequence at the very end may wait for the next chunk.
        let tail = UnsafeBufferPointer(rebasing: rest[end...])
        guard tail.count < sequenceLength(tail[0]), prefixIsValid(tail) else { return false }
        carry.append(contentsOf: tail)
        return true
    }

    /// The length a sequence with this lead byte has; 0 for a byte that cannot lead one.
    @inline(__always)
    public static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF4: return 4
        default: return 0
        }
    }

    /// The index of the first byte that does not start a complete, valid sequence (the count
    /// when all do).
    public static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i < n {
            // Eight ASCII bytes at a time: most of every file.
            while i + 8 <= n && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            guard i < n else { break }
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            let length = sequenceLength(b0)
            guard length > 0, i + length <= n, isValid(bytes, at: i, length: length) else { return i }
            i += length
        }
        return n
    }

    /// True when the bytes of a sequence that starts at `i` are valid so far (all of them, or
    /// the first ones of a sequence cut by the end of the buffer).
    @inline(__always)
    private static func isValid(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, length: Int) -> Bool {
        let b0 = bytes[i]
        for k in 1..<length where i + k < bytes.count {
            let b = bytes[i + k]
            // The second byte's range depends on the lead (overlongs, surrogates, > U+10FFFF).
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            if k == 1 {
                switch b0 {
                case 0xE0: low = 0xA0
                case 0xED: high = 0x9F
                case 0xF0: low = 0x90
                case 0xF4: high = 0x8F
                default: break
                }
            }
            guard b >= low && b <= high else { return false }
        }
        return true
    }

    /// True when `bytes` (shorter than its lead's sequence) could begin a valid sequence.
    private static func prefixIsValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let lead = bytes.first else { return true }
        let length = sequenceLength(lead)
        return length > bytes.count && isValid(bytes, at: 0, length: length)
    }
}
