import CSVReader
import Foundation

/// Reads the generator's `exceptions.csv` (exception_type, district_code, beneficiary_id,
/// source_file, source_line).
enum TruthFile {
    /// A truth file that cannot be read as the generator writes it.
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    /// The planted findings of `url`.
    static func exceptions(_ url: URL) throws -> [Finding] {
        var rows: [CSVRecord] = []
        let reader = try CSVStreamReader(delimiter: 0x2C) { event in
            switch event {
            case .record(let record):
                if !record.isBlank { rows.append(record) }
            case .malformed(let line, _, let reason, _):
                throw Malformed(description: "\(url.path):\(line): \(reason)")
            }
        }
        try reader.feed(Data(contentsOf: url))
        try reader.finish()
        guard let header = rows.first?.fields else { throw Malformed(description: "\(url.path) is empty") }
        func column(_ name: String) throws -> Int {
            guard let i = header.firstIndex(of: name) else { throw Malformed(description: "\(url.path) has no column \(name)") }
            return i
        }
        let type = try column("exception_type"), district = try column("district_code")
        let id = try column("beneficiary_id"), file = try column("source_file"), line = try column("source_line")
        return try rows.dropFirst().map { record in
            let f = record.fields
            guard f.count == header.count, let number = Int(f[line]) else {
                throw Malformed(description: "\(url.path):\(record.line): not a row of \(header.count) fields with a line number")
            }
            return Finding(type: f[type], districtCode: f[district], beneficiaryID: f[id], file: f[file], line: number)
        }
    }
}
