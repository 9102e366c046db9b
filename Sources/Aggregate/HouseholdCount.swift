import Warehouse
import VietText

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
        // One table for both classes, each key led by its class's number: a group's number is
        // its key's. Room for half the table's lines (it holds two years, about alike; counting
        // the year's lines would scan it once more, having no year index): at most one growth.
        let rows = Int(try db.scalar("SELECT max(rowid) FROM households")?.int ?? 0) / 2
        var groups = InternTable(capacity: rows)
        var key = KeyBuffer()
        var classOfGroup: [Int] = []
        var groupOfRow: [Int32] = []
        var districtOfRow: [Int32] = []
        classOfGroup.reserveCapacity(rows)
        groupOfRow.reserveCapacity(rows)
        districtOfRow.reserveCapacity(rows)
        var districts = InternTable()
        var order = FileOrder(capacity: rows)
        // Cells read as SQLite's bytes (valid until the next step), never as Strings.
        while try statement.step() {
            let classification = statement.textBytes(at: 0)
            let c: Int
            if cell(classification, is: "poor") { c = 0 } else if cell(classification, is: "near_poor") { c = 1 } else { continue }
            key.clear()
            key.append(UInt8(c))
            if let household = statement.textBytes(at: 1) {
                key.append(household)
            } else {
                // The key of the old query: COALESCE(household_id, commune_code || '|' || name_key || '|' || COALESCE(id_number, '')).
                key.append(statement.textBytes(at: 2))
                key.append(UInt8(ascii: "|"))
                key.append(statement.textBytes(at: 3))
                key.append(UInt8(ascii: "|"))
                key.append(statement.textBytes(at: 4))
            }
            let g = key.id(in: &groups)
            if Int(g) == classOfGroup.count { classOfGroup.append(c) }
            groupOfRow.append(g)
            districtOfRow.append(districts.intern(bytes: statement.textBytes(at: 5) ?? InternTable.empty))
            order.add(file: statement.textBytes(at: 6) ?? InternTable.empty, line: statement.integer(at: 7) ?? 0)
        }
        groups = InternTable()
        let keys = order.keys()
        var first = [UInt64](repeating: .max, count: classOfGroup.count)
        var district = [Int32](repeating: 0, count: classOfGroup.count)
        for (row, g) in groupOfRow.enumerated() where keys[row] < first[Int(g)] {
            first[Int(g)] = keys[row]
            district[Int(g)] = districtOfRow[row]
        }
        let codes = districts.strings
        var out: [String: [String: Int]] = [:]
        for (g, c) in classOfGroup.enumerated() {
            out[classes[c], default: [:]][codes[Int(district[g])], default: 0] += 1
        }
        return out
    }
}
