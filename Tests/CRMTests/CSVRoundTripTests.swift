import Foundation
import GRDB
import Replica
import Testing

@testable import CRM

/// CSV that Outpost writes (exports, rejects files) reads back as exactly the values written, whatever the text.
/// Found by the csv fuzz target (fuzz/csv): a field starting with a quote or comma followed by a combining mark
/// was written unquoted, because CSV.swift's writer compares `Character`s and `"` + U+0351 is one `Character`.
@Suite struct CSVRoundTripTests {
    /// Values whose quote, comma or line break merges with the next scalar into one `Character`.
    static let awkward = [
        "\"\u{351}", "\"\u{351}tail", "a,\u{301}b", ",\u{301}", "x\r\n\u{301}", "\n\u{300}", "\"\"\u{351}\"",
    ]

    func readAll(_ path: String) throws -> [[String]] {
        try CSVRecords.read(path)
    }

    @Test func csvLineQuotesOnScalarsNotCharacters() {
        #expect(CSVLine.encode(["a", "b"]) == "a,b\n")
        #expect(CSVLine.encode(["say \"hi\"", "x,y", "", "l1\nl2"]) == "\"say \"\"hi\"\"\",\"x,y\",,\"l1\nl2\"\n")
        #expect(CSVLine.encode(["\"\u{351}"]) == "\"\"\"\u{351}\"\n")
        #expect(CSVLine.encode([",\u{301}", "\r"]) == "\",\u{301}\",\"\r\"\n")
    }

    @Test func rejectsFileReadsBackAsTheRejectedFields() throws {
        let fixture = try ImportFixture()
        let lines = Self.awkward.enumerated().map { index, value in
            // Rejected for its channel; the awkward value rides along in the name.
            CSVLine.encode(["C\(index)", value, "east", "teleport"])
        }
        let path = try fixture.file("c.csv", "id,name,region,channel\n" + lines.joined())
        let rejects = fixture.directory.appendingPathComponent("rejects.csv").path
        let summary = try fixture.run(.customers, path, rejects: rejects)
        #expect(summary.read == Self.awkward.count)
        #expect(summary.rejected == Self.awkward.count)

        let rows = try readAll(rejects)
        #expect(rows.first == ["line", "reason", "id", "name", "region", "channel"])
        #expect(rows.count == Self.awkward.count + 1)
        for (row, value) in zip(rows.dropFirst(), Self.awkward) {
            #expect(row.count == 6, "\(row)")
            #expect(row.count > 3 && row[3] == value, "\(row) should carry \(value.debugDescription)")
        }
    }

    @Test func exportReadsBackAndImportsToTheSameRows() throws {
        let fixture = try ImportFixture()
        let book = CustomerBook(replica: fixture.replica)
        for (index, value) in Self.awkward.enumerated() {
            try book.add(id: "C\(index)", fields: ["name": "n" + value, "region": "east", "address": value])
        }
        let exported = fixture.directory.appendingPathComponent("export.csv").path
        let stream = OutputStream(toFileAtPath: exported, append: false)!
        stream.open()
        let count = try TableExporter(format: .csv, personal: .shown).export(
            .customers, from: fixture.replica, to: stream)
        stream.close()
        #expect(count == Self.awkward.count)

        let rows = try readAll(exported)
        let columns = TableExporter.columns(of: .customers)
        #expect(rows.count == Self.awkward.count + 1)
        let address = try #require(columns.firstIndex(of: "address"))
        for (row, value) in zip(rows.dropFirst(), Self.awkward) {
            #expect(row.count == columns.count, "\(row)")
            #expect(row.count == columns.count && row[address] == value, "\(row)")
        }

        let other = try ImportFixture()
        let summary = try other.run(.customers, exported)
        #expect(summary.rejected == 0 && summary.imported == Self.awkward.count)
        let query = "SELECT id, name, address FROM customers ORDER BY id"
        let original = try fixture.replica.reader.read { try Row.fetchAll($0, sql: query) }
        let copy = try other.replica.reader.read { try Row.fetchAll($0, sql: query) }
        #expect(original == copy)
    }
}
