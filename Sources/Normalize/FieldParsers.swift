import Foundation
import Pipeline
import VietText

/// The field-level parsers of the configuration's code lists and of names, bound to one run.
/// A class: its methods are passed around as closures row after row, and a closure over a
/// struct would copy it, with all its caches, each time.
final class FieldParsers {
    let codes: CodeBook
    let communes: AdminUnitResolver
    /// Code cells repeat endlessly ("Đang hưởng", "TM"): each list remembers each text's answer,
    /// by `CodeList` (finding a list by its name cost a comparison of strings at every cell).
    private let codeMemos = CodeList.allCases.map { _ in ParseMemo<String>() }
    /// So do amounts, dates, periods and free-text categories: the same cell text, the same answer.
    private let amounts = ParseMemo<Int64>(), counts = ParseMemo<Int64>(), control = ParseMemo<Int64>()
    /// Birth dates: tens of thousands of days in each district's way of writing them, so room for many.
    private let fullDates = ParseMemo<String>(limit: 200_000), dates = ParseMemo<DateValue>(limit: 200_000), periods = ParseMemo<String>()
    private let texts = ParseMemo<String>(), years = ParseMemo<Int>()
    /// Where `name(bytes:)` writes a name and its key.
    private let names = ByteScratch()

    init(codes: CodeBook, communes: AdminUnitResolver) {
        self.codes = codes
        self.communes = communes
    }

    /// A name in NFC with single spaces, and its folded match key. A cell as `RowReader` gives
    /// it is trimmed (`CellText.trimmed`) already; a configured default may not be.
    func name(_ text: String) -> Result<(name: String, key: String), FieldError> {
        let clean = CellText.isPlain(text) ? text : VietText.clean(text)
        let key = VietText.fold(clean)
        guard !key.isEmpty else { return .failure(FieldError(reason: "'\(text)' holds no letters")) }
        // A key with an ASCII letter came from a letter; otherwise look at the characters.
        guard key.utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) || clean.contains(where: \.isLetter) else { return .failure(FieldError(reason: "'\(text)' is not a name")) }
        return .success((clean, key))
    }

    /// `name` of a cell's UTF-8 bytes, without making either text: the name and its key are
    /// written one after the other to a buffer of this parser's (`withName` reads them),
    /// where they stay until the next name. Strings only on the rare paths `name` takes.
    func name(bytes raw: UnsafeBufferPointer<UInt8>) -> Result<NameInBuffer, FieldError> {
        // A cell that is not plain (a configured default: `RowReader` trims cells) takes the text path.
        guard CellText.isPlain(raw) else { return name(String(decoding: raw, as: UTF8.self)).map(keep) }
        names.reserve(raw.count * 2)
        let buffer = names.storage
        let n = raw.count
        if let base = raw.baseAddress { buffer.baseAddress?.initialize(from: base, count: n) }
        let name = UnsafeBufferPointer(rebasing: buffer[0..<n])
        guard let k = VietText.foldToASCII(utf8: name, into: UnsafeMutableBufferPointer(rebasing: buffer[n...])) else {
            return self.name(String(decoding: raw, as: UTF8.self)).map(keep)
        }
        guard k > 0 else { return .failure(FieldError(reason: "'\(String(decoding: raw, as: UTF8.self))' holds no letters")) }
        // A key with an ASCII letter came from a letter; otherwise look at the characters.
        if !UnsafeBufferPointer(rebasing: buffer[n..<n + k]).contains(where: { $0 >= 0x61 && $0 <= 0x7A }) {
            let text = String(decoding: name, as: UTF8.self)
            guard text.contains(where: \.isLetter) else { return .failure(FieldError(reason: "'\(text)' is not a name")) }
        }
        return .success(NameInBuffer(nameCount: n, keyCount: k))
    }

    /// Puts a name and key made as text into the buffer, as `name(bytes:)` leaves them.
    private func keep(_ person: (name: String, key: String)) -> NameInBuffer {
        var name = person.name, key = person.key
        let n = name.utf8.count, k = key.utf8.count
        names.reserve(n + k)
        name.withUTF8 { if let base = $0.baseAddress { names.storage.baseAddress?.initialize(from: base, count: n) } }
        key.withUTF8 { if let base = $0.baseAddress { (names.storage.baseAddress.map { $0 + n })?.initialize(from: base, count: k) } }
        return NameInBuffer(nameCount: n, keyCount: k)
    }

    /// Calls `body` with the bytes of the name `name(bytes:)` gave last and of its key.
    func withName<R>(_ found: NameInBuffer, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let all = UnsafeBufferPointer(names.storage)
        return try body(UnsafeBufferPointer(rebasing: all[0..<found.nameCount]),
                        UnsafeBufferPointer(rebasing: all[found.nameCount..<found.nameCount + found.keyCount]))
    }

    /// A word of a configured code list, by list and cell ("Đang hưởng" → active).
    ///
    /// The parsers below take a cell's trimmed UTF-8 bytes (`RowReader.withText`): a text is
    /// made of them only when their memo does not know them yet.
    func code(_ list: CodeList, bytes: UnsafeBufferPointer<UInt8>) -> Result<String, FieldError> {
        codeMemos[list.rawValue].answer(bytes: bytes) { text in
            let name = list.name
            if let code = codes.code(name, for: text) { return .success(code) }
            return .failure(FieldError(reason: "'\(text)' is not a known \(name) (expected one of: \(codes.codes(name).joined(separator: ", ")))"))
        }
    }

    /// Free text, cleaned.
    func text(bytes: UnsafeBufferPointer<UInt8>) -> Result<String, FieldError> {
        texts.answer(bytes: bytes) { .success(VietText.clean($0)) }
    }

    /// A date, as `DateParser` reads it: ISO when the day is known, and its year.
    func date(bytes: UnsafeBufferPointer<UInt8>) -> Result<DateValue, FieldError> {
        // The common shapes read faster than a memo of national size finds them (its table no
        // longer fits a cache); what `DateParser.parse` gives for them, since `RowReader`
        // gives trimmed text and these shapes have no white space to trim.
        if let fast = FastPaths.date(bytes: bytes) { return fast.map { DateValue(iso: $0.iso, year: $0.year) } }
        return dates.answer(bytes: bytes) { DateParser.parse($0).map { DateValue(iso: $0.iso, year: $0.year) } }
    }

    /// A payment month, as `PeriodParser` reads it.
    func period(bytes: UnsafeBufferPointer<UInt8>) -> Result<String, FieldError> {
        periods.answer(bytes: bytes, PeriodParser.parse)
    }

    /// The amount of a totals row's cell (or of a row summed toward it), as written.
    func controlAmount(bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        try? control.answer(bytes: bytes, MoneyParser.parse).get()
    }

    /// A full calendar date (ISO); a date known only to the year or month is not enough.
    func fullDate(bytes: UnsafeBufferPointer<UInt8>) -> Result<String, FieldError> {
        if let fast = FastPaths.date(bytes: bytes), case .success(let date) = fast, let iso = date.iso { return .success(iso) }
        return fullDates.answer(bytes: bytes, Self.fullDate)
    }

    /// An amount of money: whole đồng, at most a trillion (no allowance or payment line comes
    /// near; a larger number is a typing slip or a merged cell, and would overflow the sums).
    func amount(bytes: UnsafeBufferPointer<UInt8>) -> Result<Int64, FieldError> {
        amounts.answer(bytes: bytes, Self.amount)
    }

    /// A count of households or people.
    func count(bytes: UnsafeBufferPointer<UInt8>) -> Result<Int64, FieldError> {
        counts.answer(bytes: bytes, Self.count)
    }

    /// A year, 1900–2200, written alone or as a date.
    func year(bytes: UnsafeBufferPointer<UInt8>) -> Result<Int, FieldError> {
        years.answer(bytes: bytes, Self.year)
    }

    /// `beneficiaryCode` of a cell's UTF-8 bytes: the usual ASCII code without a text made of
    /// the cell first.
    func beneficiaryCode(bytes: UnsafeBufferPointer<UInt8>) -> Result<String, FieldError> {
        if let code = BeneficiaryCode.asciiCode(bytes: bytes), !code.isEmpty { return .success(code) }
        return beneficiaryCode(String(decoding: bytes, as: UTF8.self))
    }

    /// A beneficiary or household code: letters and digits, upper case.
    func beneficiaryCode(_ text: String) -> Result<String, FieldError> {
        guard let code = BeneficiaryCode.normalize(text) else {
            return .failure(FieldError(reason: "'\(text)' holds no letters or digits"))
        }
        return .success(code)
    }

    private static func fullDate(_ text: String) -> Result<String, FieldError> {
        switch DateParser.parse(text) {
        case .failure(let error): return .failure(error)
        case .success(let date):
            guard let iso = date.iso else { return .failure(FieldError(reason: "'\(text)' gives no day and month")) }
            return .success(iso)
        }
    }

    private static func amount(_ text: String) -> Result<Int64, FieldError> {
        switch MoneyParser.parse(text) {
        case .success(let n) where n > 1_000_000_000_000:
            return .failure(FieldError(reason: "'\(text)' is implausibly large for one amount"))
        case let other: return other
        }
    }

    private static func count(_ text: String) -> Result<Int64, FieldError> {
        switch MoneyParser.parse(text) {
        case .success(let n): return .success(n)
        case .failure: return .failure(FieldError(reason: "'\(text)' is not a whole number"))
        }
    }

    private static func year(_ text: String) -> Result<Int, FieldError> {
        switch DateParser.parse(text) {
        case .success(let date) where (1900...2200).contains(date.year): return .success(date.year)
        default: return .failure(FieldError(reason: "'\(text)' is not a year"))
        }
    }
}

/// The configuration's code lists the sink reads.
enum CodeList: Int, CaseIterable {
    case gender, program, status, method, classification, kind, level

    /// The list's name in the configuration: the case's own name (asked only when a memo
    /// meets a cell text it does not know yet).
    var name: String { String(describing: self) }
}

/// A name and its key as `FieldParsers.name(bytes:)` left them in its buffer: their lengths.
struct NameInBuffer {
    let nameCount: Int
    let keyCount: Int
}

/// A byte buffer that grows and is never shrunk, for text made again at every row.
final class ByteScratch {
    private(set) var storage: UnsafeMutableBufferPointer<UInt8>

    init(capacity: Int = 256) {
        storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    /// Room for at least `n` bytes; what was written before may be lost.
    @inline(__always)
    func reserve(_ n: Int) {
        guard n > storage.count else { return }
        storage.deallocate()
        storage = .allocate(capacity: max(n, storage.count * 2))
    }
}

/// A date as the tables store it, formatted once per distinct cell text.
struct DateValue {
    let iso: String?
    let year: Int
}

/// Answers of one parser by cell text, for cells that repeat. Bounded: past `limit` texts it
/// starts afresh, so a column of unique values costs a little hashing and no more memory.
///
/// Keyed by the text's UTF-8 bytes in an open-addressing table of its own: the cells come
/// trimmed (NFC) from `RowReader`, so equal bytes are what equal text means here, and hashing
/// bytes costs a fraction of a `String` key's (which normalizes non-ASCII text to hash it).
/// A slot holds a key of up to 16 bytes itself (dates, amounts, codes), so a lookup reads one
/// place in memory; longer keys are compared with their bytes kept aside. The table grows
/// with its contents, so a memo of a dozen code words stays small.
final class ParseMemo<T> {
    /// A slot: `meta` is 0 when empty, else the hash's tag (24 bits), the key's length (8 bits,
    /// 17 for any longer key) and the answer's index + 1 (32 bits); `lo`/`hi` a short key's bytes.
    private struct Slot {
        var meta: UInt64 = 0
        var lo: UInt64 = 0
        var hi: UInt64 = 0
    }

    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]
    private var answers: [Result<T, FieldError>] = []
    /// A power of two long, at most half full.
    private var slots = [Slot](repeating: Slot(), count: 256)
    private let limit: Int

    init(limit: Int = 50_000) { self.limit = limit }

    @inline(__always)
    func answer(_ text: String, _ parse: (String) -> Result<T, FieldError>) -> Result<T, FieldError> {
        var utf8 = text   // withUTF8 needs a var; the parse below reads the text
        return utf8.withUTF8 { key in
            let found = find(key)
            if found.index >= 0 { return answers[found.index] }
            return insert(key, parse(text), at: found)
        }
    }

    /// The answer for a cell given as UTF-8 bytes: a text is made of them only when the memo
    /// does not know them yet.
    @inline(__always)
    func answer(bytes key: UnsafeBufferPointer<UInt8>, _ parse: (String) -> Result<T, FieldError>) -> Result<T, FieldError> {
        let found = find(key)
        if found.index >= 0 { return answers[found.index] }
        return insert(key, parse(String(decoding: key, as: UTF8.self)), at: found)
    }

    /// Keeps a new answer (`found`: where `find` did not find its key).
    private func insert(_ key: UnsafeBufferPointer<UInt8>, _ result: Result<T, FieldError>,
                        at found: (index: Int, slot: Int, key: Slot)) -> Result<T, FieldError> {
        if answers.count >= limit {
            bytes.removeAll(keepingCapacity: true)
            starts.removeAll(keepingCapacity: true)
            starts.append(0)
            answers.removeAll(keepingCapacity: true)
            for k in slots.indices { slots[k] = Slot() }
        } else if (answers.count + 1) * 2 > slots.count {
            grow()
        } else {
            add(key, result, at: found)
            return result
        }
        // The slot found above belonged to the table as it was.
        add(key, result, at: find(key))
        return result
    }

    private func add(_ key: UnsafeBufferPointer<UInt8>, _ result: Result<T, FieldError>, at found: (index: Int, slot: Int, key: Slot)) {
        bytes.append(contentsOf: key)
        starts.append(bytes.count)
        answers.append(result)
        var slot = found.key
        slot.meta |= UInt64(answers.count)
        slots[found.slot] = slot
    }

    /// Twice the slots, every key placed again.
    private func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        let mask = slots.count - 1
        bytes.withUnsafeBufferPointer { all in
            for slot in old where slot.meta != 0 {
                let i = Int(slot.meta & 0xFFFF_FFFF) - 1
                var k = ByteHash.hash(UnsafeBufferPointer(rebasing: all[starts[i]..<starts[i + 1]])) & mask
                while slots[k].meta != 0 { k = (k + 1) & mask }
                slots[k] = slot
            }
        }
    }

    /// The answer's index (or -1), the slot that holds it (or where it would go) and the key
    /// as a slot holds it (without its index).
    @inline(__always)
    private func find(_ key: UnsafeBufferPointer<UInt8>) -> (index: Int, slot: Int, key: Slot) {
        let mask = slots.count - 1
        let hash = ByteHash.hash(key)
        let n = key.count
        let tagAndLength = UInt64(UInt32(truncatingIfNeeded: hash >> 40) & 0xFF_FFFF) << 8 | UInt64(min(n, 17))
        let (lo, hi) = ByteHash.shortKey(key)
        let probe = Slot(meta: tagAndLength << 32, lo: lo, hi: hi)
        var k = hash & mask
        while true {
            let slot = slots[k]
            if slot.meta == 0 { return (-1, k, probe) }
            if slot.meta >> 32 == tagAndLength {
                let i = Int(slot.meta & 0xFFFF_FFFF) - 1
                if n <= 16 {
                    if slot.lo == probe.lo && slot.hi == probe.hi { return (i, k, probe) }
                } else {
                    let start = starts[i], end = starts[i + 1]
                    if end - start == n && bytes.withUnsafeBufferPointer({ ByteHash.equal(UnsafeBufferPointer(rebasing: $0[start..<end]), key) }) {
                        return (i, k, probe)
                    }
                }
            }
            k = (k + 1) & mask
        }
    }
}


