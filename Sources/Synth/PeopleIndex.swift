/// Keeps generated people apart so that the pipeline's matcher finds only what was planted.
///
/// For beneficiaries and payees it holds buckets keyed by (commune, birth year) and refuses a
/// newcomer whose folded name equals, reorders, or is within edit distance 2 of a bucket member;
/// it also refuses a second (folded name, full birth date) anywhere in the province. Buckets
/// larger than `fullCheckLimit` (only at large scales) fall back to the exact checks, which are
/// what the matcher's unplanted lines depend on; planted look-alikes are always checked in full.
final class PeopleIndex {
    let bank: NameBank
    static let fullCheckLimit = 96

    private var buckets: [Int: [PersonName]] = [:]
    private var nameYearCommune = Set<UInt64>()
    private var nameYearCounts: [UInt64: Int32] = [:]
    private var nameDates = Set<UInt64>()
    /// The largest bucket seen (for the debug summary).
    private(set) var largestBucket = 0

    init(bank: NameBank) { self.bank = bank }

    private func bucketKey(_ commune: Int, _ year: Int) -> Int { commune << 8 | (year - 1880) }
    private func nameYearKey(_ name: PersonName, _ year: Int) -> UInt64 { bank.key(name) << 8 | UInt64(year - 1880) }
    private func nameYearCommuneKey(_ name: PersonName, _ year: Int, _ commune: Int) -> UInt64 {
        bank.key(name) << 22 | UInt64(commune) << 8 | UInt64(year - 1880)
    }
    private func nameDateKey(_ name: PersonName, _ day: Day) -> UInt64 {
        bank.key(name) << 24 | UInt64(day.packed - 18_800_000)
    }

    /// Whether a new person with this name, commune and birth may join without resembling anyone.
    func acceptable(_ name: PersonName, commune: Int, birth: Day) -> Bool {
        if nameYearCommune.contains(nameYearCommuneKey(name, birth.y, commune)) { return false }
        if !birth.isYearOnly && nameDates.contains(nameDateKey(name, birth)) { return false }
        guard let members = buckets[bucketKey(commune, birth.y)], members.count <= PeopleIndex.fullCheckLimit else {
            return true
        }
        let folded = foldedName(name)
        for other in members where NameSimilarity.similar(folded, foldedName(other)) { return false }
        return true
    }

    private var foldedCache: [UInt64: [UInt8]] = [:]

    /// The folded bytes of a name, cached by its fold key.
    func foldedName(_ name: PersonName) -> [UInt8] {
        let key = bank.key(name)
        if let hit = foldedCache[key] { return hit }
        let bytes = bank.folded(name)
        foldedCache[key] = bytes
        return bytes
    }

    /// Whether (name, full birth date) is already taken.
    func nameDateTaken(_ name: PersonName, _ birth: Day) -> Bool {
        !birth.isYearOnly && nameDates.contains(nameDateKey(name, birth))
    }

    /// Records a person. `countsAsRecord` puts the name into the province-wide (name, year) counts
    /// that decide whether a payment line without pointer could find a candidate.
    func insert(_ name: PersonName, commune: Int, birth: Day, countsAsRecord: Bool) {
        let bk = bucketKey(commune, birth.y)
        buckets[bk, default: []].append(name)
        largestBucket = max(largestBucket, buckets[bk]?.count ?? 0)
        nameYearCommune.insert(nameYearCommuneKey(name, birth.y, commune))
        if !birth.isYearOnly { nameDates.insert(nameDateKey(name, birth)) }
        if countsAsRecord { nameYearCounts[nameYearKey(name, birth.y), default: 0] += 1 }
    }

    /// How many registry records share this folded name and birth year, province-wide.
    func recordCount(_ name: PersonName, year: Int) -> Int {
        Int(nameYearCounts[nameYearKey(name, year)] ?? 0)
    }

    /// Whether an exact (name, year, commune) twin exists.
    func hasTwin(_ name: PersonName, commune: Int, year: Int) -> Bool {
        nameYearCommune.contains(nameYearCommuneKey(name, year, commune))
    }

    /// Everyone in a (commune, birth year) bucket, in insertion order.
    func members(commune: Int, year: Int) -> [PersonName] {
        buckets[bucketKey(commune, year)] ?? []
    }

    /// Bucket members whose folded names are similar to `folded` (full scan, any bucket size).
    func lookAlikes(_ folded: [UInt8], commune: Int, year: Int) -> [PersonName] {
        (buckets[bucketKey(commune, year)] ?? []).filter { NameSimilarity.similar(folded, foldedName($0)) }
    }
}
