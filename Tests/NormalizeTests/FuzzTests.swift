import Foundation
import Normalize
import Pipeline
import TestSupport
import VietText
import Warehouse
import XCTest

/// Random and truncated bytes through the reader, the normalizers and the whole normalize
/// stage: nothing crashes, and every file's ledger still adds up. Seeded, so a failure repeats.
final class FuzzTests: XCTestCase {

    /// Bytes that look like district files: pieces of real rows, delimiters, quotes, line
    /// breaks, BOMs, legacy bytes and plain noise.
    static func noisyFile(_ rng: inout SeededGenerator) -> [UInt8] {
        let pieces: [[UInt8]] = [
            Array("Kỳ chi trả,Họ tên,Năm sinh,Xã,Số tiền,Hình thức\n".utf8), Array("12/2023,Nguyễn Văn Hùng,1948,Quảng Phú,2.055.000,TM\n".utf8),
            Array("Tổng cộng,,,,9,\n".utf8), [0x22], [0x2C], [0x3B], [0x09], [0x0A], [0x0D], [0x0D, 0x0A], [0xEF, 0xBB, 0xBF],
            [0xFF, 0xFE], [0x00], Array("\"a\nb\"".utf8), Array("T12/2023".utf8), Array("044123456789".utf8), [0xB6, 0xD7, 0xA7, 0xC3],
            CP1258.encode("Hộ nghèo,Quảng Hòa"), Array("=SUM(A1)".utf8), Array("31/02/1950".utf8),
        ]
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 0...60, using: &rng) {
            if Bool.random(using: &rng) {
                bytes += pieces[Int.random(in: 0..<pieces.count, using: &rng)]
            } else {
                bytes += (0..<Int.random(in: 1...8, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            }
        }
        // Sometimes cut it anywhere, as a transfer that broke off.
        if Bool.random(using: &rng), !bytes.isEmpty { bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng))) }
        return bytes
    }

    func testRandomFilesNeverCrashAndTheLedgerAlwaysAddsUp() throws {
        var rng = SeededGenerator(seed: 20231201)
        let names = ["payments-1.csv", "beneficiaries.csv", "households.csv", "recruitment.csv", "household-totals.csv", "x.csv"]
        for round in 0..<8 {
            let input = try Fixture.tempDir("ansinh-fuzz")
            for i in 0..<25 {
                let folder = input.appendingPathComponent(["454", "455", "misc"][i % 3])
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try Data(Self.noisyFile(&rng)).write(to: folder.appendingPathComponent("\(i)-\(names[i % names.count])"))
            }
            let db = try Fixture.warehouse()
            let ledger = try NormalizeStage.run(context: try Fixture.context(input: input), db: db, logger: Fixture.quietLogger)
            XCTAssertEqual(ledger.count, 25, "round \(round): every file is in the ledger")
            XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM file_ledger WHERE rows_data <> rows_loaded + rows_rejected")?.int, 0)
            XCTAssertEqual(try db.scalar("SELECT COALESCE(SUM(rows_rejected), 0) FROM file_ledger")?.int,
                           try db.scalar("SELECT COUNT(*) FROM rejects")?.int, "round \(round): one reject row per rejected row")
            let loaded = try db.scalar("SELECT COALESCE(SUM(rows_loaded), 0) FROM file_ledger")?.int ?? -1
            let stored = try Schema.datasetTables.map { try db.scalar("SELECT COUNT(*) FROM \($0)")?.int ?? 0 }.reduce(0, +)
            XCTAssertEqual(loaded, stored, "round \(round): every loaded row is stored")
            try? FileManager.default.removeItem(at: input)
        }
    }

    func testParsersTakeAnyTextWithoutCrashing() {
        var rng = SeededGenerator(seed: 7)
        let alphabet = Array("0123456789./-, 'đĐTtháng năm=+\"\u{00A0}\u{0301}ảạEe") + ["\u{FEFF}", "\n"]
        for _ in 0..<5_000 {
            let text = String((0..<Int.random(in: 0...24, using: &rng)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] })
            _ = DateParser.parse(text)
            _ = PeriodParser.parse(text)
            _ = PeriodParser.find(in: text)
            _ = MoneyParser.parse(text)
            _ = CitizenID.parse(text)
            _ = BeneficiaryCode.normalize(text)
            _ = VietText.fold(text)
            _ = VietText.toneKey(text)
            _ = VietText.clean(text)
        }
    }
}
