import Warehouse

/// Households of one year and class counted once each (by household code, else commune + head
/// + ID), each in the district of its first line in file order: one streaming pass and a hash
/// table, where a window function sorted the year's lines once per class.
enum HouseholdCount {
    /// Per class ("poor", "near_poor"): households by district.
    static func byClass(_ db: Database, year: Int) throws -> [String: [String: Int]] {
        let classes = ["poor", "near_poor"]
        let statement = try db.prepare("""
            SELECT classification, household_id, commune_code, name_key, id_number, district_code, source_file, source_line
              FROM households WHERE year = ?
            """)
        try statement.bind([.int(year)])
        // One table per class, grown as rows come: counting the year's lines first would scan
        // the table once more (it has no year index), and max(rowid) counts both years.
        var groups = classes.map { _ in [ByteKey: Int32]() }
        var classOfGroup: [Int] = []
        var groupOfRow: [Int32] = []
        var districtOfRow: [Int32] = []
        var districts = Interner()
        var order = FileOrder()
        while try statement.step() {
            guard let classification = statement.text(at: 0), let c = classes.firstIndex(of: classification) else { continue }
            // The key of the old query: COALESCE(household_id, commune_code || '|' || name_key || '|' || COALESCE(id_number, '')).
            let household = statement.text(at: 1)
                ?? "\(statement.text(at: 2) ?? "")|\(statement.text(at: 3) ?? "")|\(statement.text(at: 4) ?? "")"
            let key = ByteKey(household)
            let g: Int32
            if let known = groups[c][key] {
                g = known
            } else {
                g = Int32(classOfGroup.count)
                classOfGroup.append(c)
                groups[c][key] = g
            }
            groupOfRow.append(g)
            districtOfRow.append(districts.id(statement.text(at: 5) ?? ""))
            order.add(file: statement.text(at: 6) ?? "", line: statement.integer(at: 7) ?? 0)
        }
        groups = []
        let keys = order.keys()
        var first = [UInt64](repeating: .max, count: classOfGroup.count)
        var district = [Int32](repeating: 0, count: classOfGroup.count)
        for (row, g) in groupOfRow.enumerated() where keys[row] < first[Int(g)] {
            first[Int(g)] = keys[row]
            district[Int(g)] = districtOfRow[row]
        }
        var out: [String: [String: Int]] = [:]
        for (g, c) in classOfGroup.enumerated() {
            out[classes[c], default: [:]][districts.texts[Int(district[g])], default: 0] += 1
        }
        return out
    }
}
