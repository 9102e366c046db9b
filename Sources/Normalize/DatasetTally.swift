import Foundation
import Ingest
import VietText
import Warehouse

/// What the dataset checks count, taken from the rows as the writer stores them: the registry's
/// citizen IDs with where each record lies, and the distinct households of each commune and
/// year. With it the checks need not read the tables again after the load (at national scale
/// that second pass over 8.5 million rows was about 3 s after the last file was stored).
///
/// It sees only the rows that pass through `NormalizeWriter`: an incremental run, which copies
/// unchanged files' rows from the published warehouse, checks the tables in SQL instead.
final class DatasetTally {
    // The registry: one entry per record with a citizen ID, in table order.
    private(set) var ids = InternTable()
    private(set) var idOfRecord: [Int32] = []
    private var placeOfRecord: [Int32] = []
    private var lineOfRecord: [Int32] = []
    /// Each (source file, district) pair once, by index.
    private var places: [(file: String, district: String?)] = []
    private var placeIndex: [String: Int32] = [:]

    // Households: the key SQL's COUNT(DISTINCT …) counts, prefixed by its commune and year.
    private var householdKeys = InternTable()
    private var groups = InternTable()
    /// Distinct households by group (the index in `groups`).
    private var households: [Int] = []
    private var scratch: [UInt8] = []

    /// The columns of `beneficiaries` and `households` the tally reads, as the sink packs them.
    enum Column {
        static let beneficiaryID = 6, beneficiaryFile = 15, beneficiaryLine = 16, beneficiaryDistrict = 17
        static let householdID = 0, householdNameKey = 2, householdIDNumber = 3, householdCommune = 4, householdYear = 8
    }

    /// Makes room for the rows the input's registry and household files will bring, estimated
    /// from their sizes: the tables then do not grow as they fill (growing copied the arrays,
    /// rehashed, and had the kernel clear every new page: about a second of the writer's CPU
    /// at national scale). A wrong guess only costs memory or growth.
    func reserve(for files: [InputFile]) {
        var registryBytes = 0, householdBytes = 0
        for file in files where file.isText {
            switch file.dataset {
            case .beneficiaries: registryBytes += Self.size(of: file.url)
            case .households: householdBytes += Self.size(of: file.url)
            default: continue
            }
        }
        // About 170 bytes a registry line and 100 a household line in the districts' exports.
        let records = registryBytes / 150, households = householdBytes / 90
        ids.reserveCapacity(strings: records, bytes: records * 12)
        idOfRecord.reserveCapacity(records)
        placeOfRecord.reserveCapacity(records)
        lineOfRecord.reserveCapacity(records)
        householdKeys.reserveCapacity(strings: households, bytes: households * 28)
    }

    private static func size(of url: URL) -> Int {
        var info = stat()
        return stat(url.path, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Counts the rows of a batch about to be stored (or just stored), in table order.
    func add(_ batch: LoadedRows) {
        switch batch.dataset {
        case .beneficiaries: addRecords(batch.rows)
        case .households: addHouseholds(batch.rows)
        default: return
        }
    }

    private func addRecords(_ rows: PackedRows) {
        var column = 0
        var id: UnsafeBufferPointer<UInt8>?
        var file = InternTable.empty
        var line: Int64 = 0
        rows.forEachValue { value in
            defer { column = column + 1 == rows.columns ? 0 : column + 1 }
            switch column {
            case Column.beneficiaryID:
                if case .text(let bytes) = value { id = bytes } else { id = nil }
            case Column.beneficiaryFile:
                if case .text(let bytes) = value { file = bytes } else { file = InternTable.empty }
            case Column.beneficiaryLine:
                if case .integer(let n) = value { line = n } else { line = 0 }
            case Column.beneficiaryDistrict:
                guard let text = id else { return }
                var district: UnsafeBufferPointer<UInt8>?
                if case .text(let bytes) = value { district = bytes }
                idOfRecord.append(ids.intern(bytes: text))
                placeOfRecord.append(place(file: file, district: district))
                lineOfRecord.append(Int32(truncatingIfNeeded: line))
                id = nil
            default:
                return
            }
        }
    }

    /// The index of a (file, district) pair; the last one is nearly always the answer.
    private func place(file: UnsafeBufferPointer<UInt8>, district: UnsafeBufferPointer<UInt8>?) -> Int32 {
        if let last = places.last, Self.same(last.file, file), Self.same(last.district, district) {
            return Int32(places.count - 1)
        }
        let name = String(decoding: file, as: UTF8.self)
        let code = district.map { String(decoding: $0, as: UTF8.self) }
        let key = name + "\u{0}" + (code.map { "1" + $0 } ?? "0")
        if let known = placeIndex[key] { return known }
        places.append((name, code))
        placeIndex[key] = Int32(places.count - 1)
        return Int32(places.count - 1)
    }

    private static func same(_ text: String?, _ bytes: UnsafeBufferPointer<UInt8>?) -> Bool {
        guard var text, let bytes else { return text == nil && bytes == nil }
        return text.withUTF8 { ByteHash.equal($0, bytes) }
    }

    private func addHouseholds(_ rows: PackedRows) {
        var column = 0
        var householdID: UnsafeBufferPointer<UInt8>?, nameKey = InternTable.empty, idNumber: UnsafeBufferPointer<UInt8>?
        var commune = InternTable.empty
        rows.forEachValue { value in
            defer { column = column + 1 == rows.columns ? 0 : column + 1 }
            var text: UnsafeBufferPointer<UInt8>?
            if case .text(let bytes) = value { text = bytes }
            switch column {
            case Column.householdID: householdID = text
            case Column.householdNameKey: nameKey = text ?? InternTable.empty
            case Column.householdIDNumber: idNumber = text
            case Column.householdCommune: commune = text ?? InternTable.empty
            case Column.householdYear:
                guard case .integer(let year) = value else { return }
                count(commune: commune, year: year, householdID: householdID, nameKey: nameKey, idNumber: idNumber)
            default: return
            }
        }
    }

    /// Counts a household once per commune and year, by the key the SQL check counts:
    /// `COALESCE(household_id, name_key || '|' || COALESCE(id_number, ''))`.
    private func count(commune: UnsafeBufferPointer<UInt8>, year: Int64, householdID: UnsafeBufferPointer<UInt8>?,
                       nameKey: UnsafeBufferPointer<UInt8>, idNumber: UnsafeBufferPointer<UInt8>?) {
        // The group: the commune's length, its bytes and the year, which no two groups share.
        scratch.removeAll(keepingCapacity: true)
        scratch.append(UInt8(truncatingIfNeeded: commune.count))
        scratch.append(contentsOf: commune)
        withUnsafeBytes(of: year.littleEndian) { scratch.append(contentsOf: $0) }
        let group = scratch.withUnsafeBufferPointer { groups.intern(bytes: $0) }
        if Int(group) == households.count { households.append(0) }
        if let householdID {
            scratch.append(contentsOf: householdID)
        } else {
            scratch.append(contentsOf: nameKey)
            scratch.append(0x7C)
            if let idNumber { scratch.append(contentsOf: idNumber) }
        }
        let before = householdKeys.count
        _ = scratch.withUnsafeBufferPointer { householdKeys.intern(bytes: $0) }
        if householdKeys.count > before { households[Int(group)] += 1 }
    }

    /// Distinct households by commune and year, the groups in the order they first came.
    var householdCounts: [(commune: String, year: Int64, households: Int)] {
        (0..<groups.count).map { g in
            groups.withBytes(Int32(g)) { bytes in
                let n = Int(bytes[0])
                let commune = String(decoding: UnsafeBufferPointer(rebasing: bytes[1..<1 + n]), as: UTF8.self)
                let year = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[(1 + n)...]).loadUnaligned(as: Int64.self)
                return (commune, Int64(littleEndian: year), households[g])
            }
        }
    }

    /// Where registry record `k` (of those with an ID, in table order) lies.
    func place(ofRecord k: Int) -> (file: String, line: Int, district: String?) {
        let place = places[Int(placeOfRecord[k])]
        return (place.file, Int(lineOfRecord[k]), place.district)
    }
}
