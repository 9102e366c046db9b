import Foundation
import XCTest
@testable import Synth
import VietText

/// The generator over the whole country's gazetteer: folders unique nationally and named by
/// district code, the same bytes for the same seed, every planted finding in the truth, and
/// commune spellings the pipeline can resolve.
final class NationalTests: XCTestCase {
    static let national = GeneratedTree.gazetteer.deletingLastPathComponent().appendingPathComponent("vietnam-gazetteer.csv")

    private static var roots: [URL] = []
    override class func tearDown() {
        for root in roots { try? FileManager.default.removeItem(at: root) }
        super.tearDown()
    }

    /// A national data set (whole country) at a small scale, in a fresh temporary folder.
    private func generate(scale: Double = 0.05, seed: UInt64 = 5) throws -> (root: URL, result: SynthResult) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("synth-national-\(UUID().uuidString)")
        Self.roots.append(root)
        let config = SynthConfig(scale: scale, seed: seed, gazetteerCSV: Self.national)
        let result = try Synth.generate(into: root.appendingPathComponent("input"), truthDir: root.appendingPathComponent("truth"),
                                        config: config)
        return (root, result)
    }

    private static var shared: (root: URL, result: SynthResult)?
    private func sharedSet() throws -> (root: URL, result: SynthResult) {
        if let s = Self.shared { return s }
        let s = try generate()
        Self.shared = s
        return s
    }

    func testEveryDistrictOfTheCountryHasItsOwnFolderNamedByItsCode() throws {
        let gazetteer = try SynthGazetteer.load(Self.national)
        XCTAssertEqual(gazetteer.districts.count, 691, "the file's district codes (the count often quoted is 696)")
        XCTAssertEqual(gazetteer.communes.count, 10_047)
        XCTAssertEqual(Set(gazetteer.districts.map(\.provinceCode)).count, 63)
        XCTAssertTrue(gazetteer.isNational)

        let set = try sharedSet()
        let folders = Set(set.result.files.compactMap { $0.split(separator: "/").first.map(String.init) })
        XCTAssertEqual(folders.count, gazetteer.districts.count, "one folder per district")
        XCTAssertEqual(Set(folders.map { $0.lowercased() }).count, folders.count, "unique without case too")
        let codes = Set(gazetteer.districts.map(\.code))
        for folder in folders {
            // The pipeline finds a folder's district by a run of digits equal to its code.
            let runs = folder.split(whereSeparator: { !$0.isNumber }).map(String.init).filter(codes.contains)
            XCTAssertEqual(runs.count, 1, "\(folder) names exactly one district code")
        }
        // The eight folder styles of Quảng Bình's districts, rotated over the country.
        XCTAssertTrue(folders.contains("001-ba-dinh"))
        XCTAssertTrue(folders.contains("11 (772)"), "Quận 11 by its bare name and code")
    }

    func testSameSeedGivesTheSameBytes() throws {
        let a = try generate(scale: 0.02, seed: 9), b = try generate(scale: 0.02, seed: 9)
        let fa = try GeneratedTree.files(under: a.root), fb = try GeneratedTree.files(under: b.root)
        XCTAssertEqual(fa.map(\.0), fb.map(\.0))
        XCTAssertGreaterThan(fa.count, 4_000)
        for (x, y) in zip(fa, fb) where x.1 != y.1 { XCTFail("\(x.0) differs between two runs"); break }
        XCTAssertEqual(a.result.summary, b.result.summary)
    }

    func testEveryPlantedFindingIsInTheTruth() throws {
        let set = try sharedSet()
        let cal = Calibration(scale: 0.05, year: 2023)
        var byType: [String: Int] = [:]
        for f in set.result.findings { byType[f.type, default: 0] += 1 }
        XCTAssertEqual(byType["PAID_NOT_REGISTERED"], cal.paidNotRegistered)
        XCTAssertEqual(byType["PAID_AFTER_END"], cal.paidAfterEnd)
        XCTAssertEqual(byType["AMOUNT_MISMATCH"], cal.amountMismatch)
        XCTAssertEqual(byType["DUPLICATE_PAYMENT"], 2 * cal.duplicatePayment)
        XCTAssertEqual(byType["DUPLICATE_RECORD"], 2 * cal.duplicateRecordPairs)
        XCTAssertEqual(byType["IDENTITY_CONFLICT"], cal.identityConflict)
        XCTAssertEqual(byType.count, 8, "every exception type is planted")
        XCTAssertEqual(set.result.summary.plannedExceptions, byType)
        // The truth file lists them, each in a file that was written.
        let csv = try String(contentsOf: set.root.appendingPathComponent("truth/exceptions.csv"), encoding: .utf8)
        XCTAssertEqual(csv.split(separator: "\n").count - 1, set.result.findings.count)
        let written = Set(set.result.files)
        for f in set.result.findings { XCTAssertTrue(written.contains(f.file), f.file) }
        // Findings land all over the country, not only in Quảng Bình.
        XCTAssertGreaterThan(Set(set.result.findings.map(\.districtCode)).count, 20)
    }

    func testCitizenIDsCarryTheirProvince() throws {
        let world = try World(config: SynthConfig(scale: 0.02, seed: 3, gazetteerCSV: Self.national))
        world.buildRegistry()
        var seen = Set<UInt64>()
        for r in world.records where r.id.kind == 1 {
            XCTAssertTrue(seen.insert(r.id.value).inserted, "citizen IDs are unique")
            let province = world.gazetteer.districts[Int(r.district)].provinceCode
            XCTAssertEqual(r.id.digits.prefix(3), Substring(String(format: "%03d", province)))
        }
        XCTAssertGreaterThan(seen.count, 500)
    }

    func testCommuneSpellingsResolveToTheirCommune() throws {
        let world = try World(config: SynthConfig(scale: 0.01, seed: 3, gazetteerCSV: Self.national))
        let spelling = world.spelling
        let g = world.gazetteer
        // The traps of a national gazetteer, and what the generator writes instead.
        let numbered = try XCTUnwrap(g.communes.first { g.districts[$0.district].code == "772" && $0.bare == "7" })
        XCTAssertFalse(spelling.resolves("7", to: numbered.index), "a bare 7 reads as GSO code 00007")
        XCTAssertEqual(world.communeText(numbered.index, .bare, oldTone: false), "Phường 7")
        let twins = g.communes.filter { g.districts[$0.district].code == "018" && $0.bare == "Yên Viên" }
        XCTAssertEqual(twins.count, 2)
        for c in twins { XCTAssertEqual(world.communeText(c.index, .full, oldTone: false), c.code) }
        // Every commune in every style gives a cell that resolves back to it (or its code).
        for c in g.communes {
            for style in CommuneStyle.allCases {
                let cell = world.communeCell(c.index, style, oldTone: false, encoding: .tcvn3Mojibake)
                XCTAssertTrue(cell == c.code || spelling.resolves(cell, to: c.index), "\(c.name) as \(cell)")
            }
        }
    }
}
