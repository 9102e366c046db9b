import XCTest
@testable import CSVReader

final class CSVStreamReaderTests: XCTestCase {
    private func read(_ text: String, delimiter: UInt8 = 0x2C, chunk: Int = 7, maxLines: Int = 100) throws -> [CSVEvent] {
        var events: [CSVEvent] = []
        let reader = try CSVStreamReader(delimiter: delimiter, maxRecordLines: maxLines) { events.append($0) }
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            try reader.feed(bytes[i..<min(i + chunk, bytes.count)])
            i += chunk
        }
        try reader.finish()
        return events
    }

    private func records(_ events: [CSVEvent]) -> [CSVRecord] {
        events.compactMap { if case .record(let r) = $0 { return r } else { return nil } }
    }

    func testLinesOfSimpleRecordsAndBlankLines() throws {
        let events = try read("a,b\n\n1,2\n3,4")
        XCTAssertEqual(records(events), [
            CSVRecord(line: 1, fields: ["a", "b"]),
            CSVRecord(line: 2, fields: []),
            CSVRecord(line: 3, fields: ["1", "2"]),
            CSVRecord(line: 4, fields: ["3", "4"]),
        ])
    }

    func testQuotedFieldWithDelimiterAndLineBreakKeepsItsFirstLine() throws {
        let events = try read("h1;h2\r\n\"Thôn 3; Quảng Hòa\";\"two\r\nlines\"\r\nx;y\r\n", delimiter: 0x3B)
        XCTAssertEqual(records(events), [
            CSVRecord(line: 1, fields: ["h1", "h2"]),
            CSVRecord(line: 2, fields: ["Thôn 3; Quảng Hòa", "two\nlines"]),
            CSVRecord(line: 4, fields: ["x", "y"]),
        ])
    }

    func testTabDelimiterKeepsEmptyFieldsAndDoubledQuotes() throws {
        let events = try read("a\t\t\"say \"\"hi\"\"\"\n", delimiter: 0x09)
        XCTAssertEqual(records(events), [CSVRecord(line: 1, fields: ["a", "", "say \"hi\""])])
    }

    func testTabDelimiterKeepsLeadingEmptyFieldsAndSpacesAroundCellsGo() throws {
        let events = try read("\t\tx\na\t\t b \t\n", delimiter: 0x09)
        XCTAssertEqual(records(events), [CSVRecord(line: 1, fields: ["", "", "x"]), CSVRecord(line: 2, fields: ["a", "", "b", ""])])
    }

    func testTabsAroundCellsOfACommaFileAreTrimmedLikeSpaces() throws {
        // A tab before a quoted cell is white space, not text before a quote.
        let events = try read("\ta\t, b ,\t\"q, r\"\t\n")
        XCTAssertEqual(events, [.record(CSVRecord(line: 1, fields: ["a", "b", "q, r"]))])
    }

    func testStrayQuoteCostsOneRowOnly() throws {
        let events = try read("a,b\n1,x\"y\n2,z\n")
        XCTAssertEqual(events, [
            .record(CSVRecord(line: 1, fields: ["a", "b"])),
            .malformed(line: 2, column: 2, reason: "a quote in the middle of a field or text after a closing quote", text: "1,x\"y"),
            .record(CSVRecord(line: 3, fields: ["2", "z"])),
        ])
    }

    func testUnclosedQuoteAtEndRereadsTheLinesAfterIt() throws {
        let events = try read("a,b\n1,\"open\n2,z\n3,w\n")
        XCTAssertEqual(events.count, 4)
        if case .malformed(let line, let column, _, _) = events[1] {
            XCTAssertEqual(line, 2)
            XCTAssertEqual(column, 2)
        } else {
            XCTFail("expected malformed, got \(events[1])")
        }
        XCTAssertEqual(records(events).map(\.line), [1, 3, 4])
        XCTAssertEqual(records(events).last?.fields, ["3", "w"])
    }

    func testRunawayQuoteIsCutAfterMaxLines() throws {
        let events = try read("1,\"open\n2,a\n3,b\n4,c\n", maxLines: 2)
        XCTAssertEqual(records(events).map(\.line), [2, 3, 4])
        XCTAssertEqual(events.filter { if case .malformed = $0 { return true } else { return false } }.count, 1)
    }

    /// Bytes that are not UTF-8 give the fields `String(decoding:as:)` would (U+FFFD for each
    /// bad sequence), however the chunks cut them, and the fields before them stay as they are;
    /// a sequence cut by the end of the input too.
    func testFieldsOfBytesThatAreNotUTF8AreRepairedAsStringDecodingDoes() throws {
        let lines: [[UInt8]] = [Array("Lê Văn,1\n".utf8), [0x4C, 0xEA, 0x2C, 0x32, 0x0A],            // Latin-1 "Lê"
                                Array("Hồ,3\n".utf8), [0x61, 0xE1, 0xBB, 0x2C, 0x34, 0x0A],           // a cut sequence
                                [0x7A, 0x2C, 0xE1, 0xBB]]                                            // cut by the end
        let bytes = Array(lines.joined())
        let expected = [["Lê Văn", "1"], ["L\u{FFFD}", "2"], ["Hồ", "3"], ["a\u{FFFD}", "4"], ["z", "\u{FFFD}"]]
        for chunk in 1...bytes.count {
            var events: [CSVEvent] = []
            let reader = try CSVStreamReader(delimiter: 0x2C) { events.append($0) }
            var i = 0
            while i < bytes.count {
                try reader.feed(bytes[i..<min(i + chunk, bytes.count)])
                i += chunk
            }
            try reader.finish()
            XCTAssertEqual(records(events).map(\.fields), expected, "chunks of \(chunk)")
            for record in records(events) {
                XCTAssertEqual(record.bytes.withUnsafeBufferPointer(UTF8Check.check), record.bytes.count)
            }
        }
    }

    func testEveryChunkSizeGivesTheSameRecords() throws {
        let text = "t\n\"a,\"\"b\",c\r\n\"x\ny\",z\n\nlast,row"
        let reference = try read(text, chunk: 1000)
        for chunk in 1...9 {
            XCTAssertEqual(try read(text, chunk: chunk), reference, "chunk \(chunk)")
        }
        XCTAssertEqual(records(reference).map(\.line), [1, 2, 3, 5, 6])
    }
}
