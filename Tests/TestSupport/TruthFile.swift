import CSVReader
import Foundation

extension Fixture {
    /// The rows of a generator's truth CSV (a header, then rows), each as a dictionary by column.
    public static func csvRows(at url: URL) throws -> [[String: String]] {
        var rows: [[String]] = []
        let reader = try CSVStreamReader(delimiter: 0x2C) { event in
            if case .record(let record) = event, !record.isBlank { rows.append(record.fields) }
        }
        try reader.feed(Data(contentsOf: url))
        try reader.finish()
        guard let header = rows.first else { return [] }
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }
}
