/// Renders one file's values: the file's own styles, with a share of rows typed otherwise.
struct RowStyler {
    let spec: FileSpec
    let world: World

    func name(_ s: String, _ rng: inout Rng) -> String {
        guard rng.chance(spec.drift) else { return TextVariants.name(s, spec.names) }
        return TextVariants.name(s, rng.pick(NameStyle.allCases))
    }

    func date(_ d: Day, _ rng: inout Rng) -> String {
        TextVariants.date(d, rng.chance(spec.drift) ? rng.pick(DateStyle.allCases) : spec.dates)
    }

    func citizenID(_ id: CitizenID, _ rng: inout Rng) -> String {
        if id.isNone { return "" }
        return TextVariants.citizenID(id.digits, rng.chance(spec.drift * 2) ? rng.pick(IDStyle.allCases) : spec.ids)
    }

    func commune(_ c: Int, _ rng: inout Rng) -> String {
        let style = rng.chance(spec.drift * 2) ? rng.pick(CommuneStyle.allCases) : spec.communes
        return world.communeCell(c, style, oldTone: rng.chance(spec.oldTone), encoding: spec.dialect.encoding)
    }

    func money(_ amount: Int, _ rng: inout Rng) -> String {
        TextVariants.money(amount, rng.chance(spec.drift / 5) ? rng.pick(MoneyStyle.allCases) : spec.money)
    }

    /// The file's usual word, or now and then one of its synonyms.
    func word(_ options: [String], _ rng: inout Rng) -> String {
        rng.chance(spec.drift * 2) ? rng.pick(options) : options[spec.labelVariant % options.count]
    }

    /// A note for the "Ghi chú" column: mostly empty; some hold the delimiter or two lines.
    func note(_ rng: inout Rng) -> String {
        guard spec.notes, rng.chance(0.004) else { return "" }
        return rng.pick(RowStyler.notes)
    }

    static let notes = [
        "Đã xác minh tại xã,\nchờ bổ sung hồ sơ",
        "Nhận thay: con trai; có giấy ủy quyền",
        "Chuyển từ huyện khác đến\n(theo QĐ điều chỉnh)",
        "Ốm, cán bộ chi trả tại nhà",
        "Đề nghị xác minh lại, \"thông tin chưa khớp\"",
        "Thôn 3, Quảng Hòa; đã đối chiếu",
    ]

    /// Title rows above the header of a file.
    static func titles(_ lines: [String], count: Int) -> [String] { Array(lines.prefix(count)) }
}
