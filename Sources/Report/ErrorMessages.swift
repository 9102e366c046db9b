/// Vietnamese wording of each reject kind and finding rule, for the district error files.
/// The English detail written by the stage that found the problem goes beside it.
enum ErrorMessages {
    static let vietnamese: [String: String] = [
        "required_empty": "Thiếu giá trị bắt buộc",
        "invalid_value": "Giá trị không đọc được, dòng bị loại",
        "malformed_row": "Dòng CSV bị lỗi (dấu ngoặc kép sai), dòng bị loại",
        "extra_cells": "Dòng có nhiều ô hơn dòng tiêu đề, dòng bị loại",
        "missing_column": "Tệp thiếu cột bắt buộc, dòng bị loại",
        "invalid_optional_value": "Giá trị không đọc được, để trống",
        "commune_other_district": "Xã thuộc huyện khác với thư mục",
        "control_total_mismatch": "Dòng tổng cộng không khớp với các dòng phía trên",
        "control_count_mismatch": "Số dòng ghi ở dòng tổng cộng không khớp",
        "control_total_unreadable": "Dòng tổng cộng không đọc được số tiền",
        "cccd_birth_mismatch": "Số CCCD không khớp với năm sinh",
        "cccd_sex_mismatch": "Số CCCD không khớp với giới tính",
        "cccd_invalid": "Số CCCD không hợp lệ",
        "duplicate_id": "Số CCCD trùng với hồ sơ khác",
        "birth_date_implausible": "Ngày sinh không hợp lý",
        "start_before_birth": "Ngày hưởng trước ngày sinh",
        "end_before_start": "Ngày chết/cắt hưởng trước ngày hưởng",
        "amount_implausible": "Mức trợ cấp ngoài khoảng hợp lý của chế độ",
        "households_above_total": "Số hộ nghèo và cận nghèo vượt tổng số hộ của xã",
        "end_date_missing": "Đã chết/cắt hưởng nhưng thiếu ngày",
        "status_end_conflict": "Trạng thái đang hưởng nhưng có ngày cắt hưởng",
        "status_inferred": "Trạng thái trống nhưng có ngày cắt hưởng: coi là cắt hưởng",
        "district_missing": "Huyện không gửi tệp nào",
        "district_not_reconciled": "Huyện không có danh sách chi trả của kỳ: chưa đối khớp",
        "field_repaired": "Đã sửa lỗi mã hoá ký tự",
    ]

    /// The Vietnamese message of a rule, with the column and value when known.
    static func vietnamese(rule: String, column: String?, value: String?) -> String {
        var text = vietnamese[rule] ?? "Vấn đề dữ liệu (\(rule))"
        if let column, !column.isEmpty { text += " — cột \(column)" }
        if let value, !value.isEmpty { text += " — giá trị '\(value.prefix(80))'" }
        return text
    }
}
