import VietText

/// A cell's text as a dictionary key, hashed and compared on its UTF-8 bytes. `String`'s own
/// hashing and `==` bring the text to NFC first: a cost at every lookup that a per-file cache
/// of cells need not pay (the cells a cache holds are Windows-1252 characters only, which are
/// equal as text exactly when their bytes are).
struct CellKey: Hashable {
    let text: String

    static func == (a: CellKey, b: CellKey) -> Bool {
        a.withBytes { x in b.withBytes { y in ByteHash.equal(x, y) } }
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(withBytes(ByteHash.hash))
    }

    private func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = text.utf8.withContiguousStorageIfAvailable(body) { return r }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }
}
