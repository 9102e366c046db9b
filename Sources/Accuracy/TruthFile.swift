import CSVReader
import Foundation

/// Reads the generator's `exceptions.csv` (exception_type, district_code, beneficiary_id,
/// source_file, source_line).
enum TruthFile {
    /// A truth file that cannot be read as the generator writes it.
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    /// The given columns of every row of a truth CSV, in file order.
    static func rows(_ url: URL, columns names: [String]) throws -> [[String]] {
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
        let indexes = try names.map { name -> Int in
            guard let i = header.firstIndex(of: name) else { throw Malformed(description: "\(url.path) has no column \(name)") }
            return i
        }
        return try rows.dropFirst().map { record in
            guard record.fields.count == header.count else {
                throw Malformed(description: "\(url.path):\(record.line): not a row of \(header.count) fields")
            }
            return indexes.map { record.fields[$0] }
        }
    }

    /// The planted findings of `url`.
    static func exceptions(_ url: URL) throws -> [Finding] {
        try rows(url, columns: ["exception_type", "district_code", "beneficiary_id", "source_file", "source_line"]).map { f in
            guard let number = Int(f[4]) else { throw Malformed(description: "\(url.path): '\(f[4])' is not a line number") }
            return Finding(type: f[0], districtCode: f[1], beneficiaryID: f[2], file: f[3], line: number)
        }
    }
}
