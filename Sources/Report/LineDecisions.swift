import Warehouse

/// How many of a payment month's lines the matcher decided each way ("match", "review"…).
enum LineDecisions {
    /// Lines per decision, as `SELECT decision, COUNT(*) … GROUP BY 1` counts them (decisions
    /// told apart by their bytes), but streamed and counted here: recon_matches has no index
    /// for the period, and GROUP BY had SQLite sort every line of a national month (5 million)
    /// to find four decisions.
    static func counts(_ db: Database, period: String) throws -> [String: Int64] {
        let statement = try db.prepare("SELECT decision FROM recon_matches WHERE period = ?")
        try statement.bind([.text(period)])
        // The decisions seen, as bytes and text, with their counts; lines come in runs.
        var seen: [(bytes: [UInt8], text: String, count: Int64)] = []
        var last = -1
        while try statement.step() {
            guard let decision = statement.textBytes(at: 0) else { continue }  // NOT NULL in the schema
            if last < 0 || !seen[last].bytes.elementsEqual(decision) {
                if let i = seen.firstIndex(where: { $0.bytes.elementsEqual(decision) }) {
                    last = i
                } else {
                    seen.append((Array(decision), String(decoding: decision, as: UTF8.self), 0))
                    last = seen.count - 1
                }
            }
            seen[last].count += 1
        }
        var out: [String: Int64] = [:]
        for s in seen { out[s.text] = s.count }
        return out
    }
}
