#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import VietText

/// A key made of several cells' bytes, built in one buffer kept from row to row (no allocation
/// once it has grown to the longest key).
struct KeyBuffer {
    private var bytes: [UInt8] = []

    /// Starts a new key.
    mutating func clear() { bytes.removeAll(keepingCapacity: true) }

    /// Appends a cell's bytes (nothing for NULL).
    mutating func append(_ cell: UnsafeBufferPointer<UInt8>?) {
        if let cell { bytes.append(contentsOf: cell) }
    }

    /// Appends one byte (a separator).
    mutating func append(_ byte: UInt8) { bytes.append(byte) }

    /// The key's number in `table`.
    func id(in table: inout InternTable) -> Int32 {
        bytes.withUnsafeBufferPointer { table.intern(bytes: $0) }
    }
}


/// A cell's bytes are exactly `word`'s (false for NULL).
@inline(__always)
func cell(_ bytes: UnsafeBufferPointer<UInt8>?, is word: StaticString) -> Bool {
    guard let bytes, bytes.count == word.utf8CodeUnitCount else { return false }
    guard let p = bytes.baseAddress, bytes.count > 0 else { return true }
    return memcmp(p, word.utf8Start, bytes.count) == 0
}
