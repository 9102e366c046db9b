/// Writes the title rows and the header row of a table.
enum TableHead {
    static func write(_ sink: CSVSink, spec: FileSpec, titles: [String], header: [String]) throws {
        let shown = Array(titles.prefix(spec.titles))
        for t in shown {
            try sink.row(spec.padTitles ? [t] + [String](repeating: "", count: max(0, header.count - 1)) : [t])
        }
        if shown.count >= 2 { try sink.blank(columns: spec.padTitles ? header.count : 0) }
        try sink.row(header)
    }

    /// Column aliases (spelt with diacritics; `FileSpec.label` restyles them).
    enum Alias {
        static let stt = ["STT", "TT"]
        static let code = ["Mã đối tượng", "Mã ĐT", "MA_DT"]
        static let name = ["Họ và tên", "Họ tên", "HO_TEN"]
        static let payeeName = ["Họ và tên", "Họ tên người hưởng", "Họ tên"]
        static let birth = ["Ngày sinh", "Ngày tháng năm sinh", "NGAY_SINH"]
        static let birthYear = ["Năm sinh"]
        static let gender = ["Giới tính"]
        static let id = ["Số CCCD", "CCCD/CMND", "Số định danh cá nhân", "SO_CCCD"]
        static let commune = ["Xã/phường/thị trấn", "Xã", "Đơn vị", "Xa_phuong"]
        static let address = ["Địa chỉ"]
        static let program = ["Chế độ", "Nhóm đối tượng"]
        static let category = ["Diện đối tượng", "Loại đối tượng"]
        static let monthly = ["Mức trợ cấp", "Mức hưởng", "Số tiền hàng tháng"]
        static let start = ["Ngày hưởng", "Hưởng từ ngày"]
        static let status = ["Trạng thái", "Tình trạng"]
        static let end = ["Ngày chết/cắt hưởng", "Ngày thôi hưởng"]
        static let payMethod = ["Hình thức chi trả", "Hình thức nhận"]
        static let note = ["Ghi chú"]
        static let period = ["Kỳ chi trả", "Tháng chi trả", "Kỳ"]
        static let amount = ["Số tiền", "Số tiền chi trả", "Thành tiền"]
        static let method = ["Hình thức chi trả", "Hình thức"]
        static let paidDate = ["Ngày chi trả", "Ngày chi"]
        static let signature = ["Ký nhận"]
        static let household = ["Mã hộ", "MA_HO"]
        static let head = ["Họ và tên chủ hộ", "Họ tên chủ hộ", "Chủ hộ"]
        static let headID = ["Số CCCD", "CCCD chủ hộ"]
        static let village = ["Thôn", "Thôn/bản/tổ dân phố"]
        static let members = ["Số nhân khẩu", "Nhân khẩu"]
        static let classification = ["Phân loại", "Loại hộ"]
        static let year = ["Năm", "Năm rà soát"]
        static let totalHouseholds = ["Tổng số hộ", "Tổng số hộ dân cư", "TONG_SO_HO"]
        static let recruitID = ["Số CCCD", "Số định danh cá nhân", "CCCD/CMND"]
        static let kind = ["Loại", "Hình thức"]
        static let level = ["Trình độ", "Trình độ đào tạo"]
        static let market = ["Thị trường", "Nước đến"]
        static let date = ["Ngày", "Ngày tuyển", "Ngày xuất cảnh/nhập học"]
        static let employer = ["Doanh nghiệp/Cơ sở đào tạo"]
    }
}
