import Warehouse

/// Stores the period's Fellegi–Sunter model in `recon_model`: m, u and the weight of every
/// field level, so that each pair's explanation can be read with the weights behind it. The
/// amount is shown with NULL weight (it is compared, not weighed). The prior is the row with
/// field 'prior': m holds λ (a line pays a given record), u holds π (a line pays someone not
/// registered), weight log2(λ/π).
enum ModelWriter {
    static func write(_ model: FellegiSunterModel, period: String, db: Database) throws {
        let insert = try db.prepare("INSERT INTO recon_model(period, field, level, m, u, weight) VALUES (?,?,?,?,?,?)")
        try insert.run([.text(period), "prior", "λ/π", .real(model.lambda), .real(model.nobody), .real(model.priorWeight)])
        for field in MatchField.allCases {
            for (level, label) in field.levels.enumerated() {
                let weighed = field.weighed && level > 0
                try insert.run([.text(period), .text(field.column), .text(label),
                                weighed ? .real(model.m[field.rawValue][level]) : .null,
                                weighed ? .real(model.u[field.rawValue][level]) : .null,
                                weighed ? .real(model.weight(field, UInt8(level))) : (field.weighed ? .real(0) : .null)])
            }
        }
    }
}
