import Foundation
import GRDB
import Replica
import Testing

@testable import CRM

/// Import refuses, row by row and with the row's line, what replication could not carry or would corrupt:
/// oversized fields, NUL bytes; and it names the line where a file stops being UTF-8.
@Suite struct ImportLimitTests {
    private func write(_ fixture: ImportFixture, _ name: String, bytes: [UInt8]) throws -> String {
        let path = fixture.directory.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func anEightMegabyteNameIsRejectedOnItsLineAndTheGoodRowsAreKept() throws {
        let fixture = try ImportFixture()
        let huge = String(repeating: "x", count: 8 << 20)
        let path = try fixture.file(
            "c.csv", "id,name,region\nC1,Zhang,east\nC2,\(huge),east\nC3,Li,west\n")
        let summary = try fixture.run(.customers, path)
        #expect(summary.imported == 2 && summary.rejected == 1)
        #expect(summary.rejections.map(\.line) == [3])
        #expect(summary.rejections.first?.reason == "name is 8388608 bytes long; the limit is 512 bytes")
        #expect(try fixture.count("SELECT count(*) FROM customers") == 2)
        #expect(try fixture.count("SELECT max(length(name)) FROM customers") <= 512)
    }

    @Test func everyStoredColumnHasALimitBelowTheWires() throws {
        for kind in ImportKind.allCases {
            for column in kind.table.allColumns {
                let limit = ImportKind.fieldLimits[column]
                #expect(limit != nil, "\(kind.table.name).\(column) has no limit")
                #expect((limit ?? .max) <= 64 * 1024)
                // What import lets in, a receiving peer accepts: below its text and key limits.
                #expect((limit ?? .max) <= ValueRules.maxTextBytes)
                if kind.table.keyColumns.contains(column) { #expect((limit ?? .max) <= ValueRules.maxKeyBytes) }
            }
        }
    }

    @Test func aNoteIsLimitedToSixtyFourKibibytes() throws {
        let fixture = try ImportFixture()
        _ = try fixture.run(.customers, try fixture.file("c.csv", "id,name,region\nC1,Zhang,east\n"))
        let fits = String(repeating: "n", count: 65_536)
        let tooLong = fits + "n"
        let path = try fixture.file(
            "i.csv",
            "id,customer_id,at,kind,note\nI1,C1,2026-01-01T10:00:00Z,visit,\(fits)\n"
                + "I2,C1,2026-01-01T11:00:00Z,visit,\(tooLong)\n")
        let summary = try fixture.run(.interactions, path)
        #expect(summary.imported == 1)
        #expect(summary.rejections.map(\.line) == [3])
        #expect(summary.rejections.first?.reason.contains("note is 65537 bytes long; the limit is 65536 bytes") == true)
    }

    @Test func aNulByteRejectsTheRowInsteadOfTruncatingIt() throws {
        let fixture = try ImportFixture()
        let bytes = Array("id,name,region\nC1,na".utf8) + [0] + Array("me,east\nC2,ok,east\n".utf8)
        let path = try write(fixture, "nul.csv", bytes: bytes)
        let rejects = fixture.directory.appendingPathComponent("rejects.csv").path
        var importer = CSVImporter(kind: .customers)
        importer.rejectsPath = rejects
        let summary = try importer.run(file: path, into: fixture.replica)
        #expect(summary.imported == 1 && summary.rejected == 1)
        #expect(summary.rejections.first?.line == 2)
        #expect(summary.rejections.first?.reason.contains("name contains a NUL byte") == true)
        #expect(try fixture.count("SELECT count(*) FROM customers WHERE id = 'C1'") == 0)
        // The rejects file keeps the field whole, NUL included, for the user to fix.
        let saved = try Data(contentsOf: URL(fileURLWithPath: rejects))
        #expect(saved.range(of: Data([UInt8(ascii: "a"), 0, UInt8(ascii: "m")])) != nil)
    }

    @Test func invalidUTF8NamesThePhysicalLineOfTheBadByte() throws {
        let fixture = try ImportFixture()
        // Line 3 starts a quoted record that spans two lines; the bad byte is on line 6, at the end of a record,
        // where the reader would otherwise hand over "C4,Wang,ea" as a whole record.
        let bytes =
            Array("id,name,region\nC1,Zhang,east\nC2,\"Li\nSecond line\",east\nC3,Zhao,north\nC4,Wang,ea".utf8)
            + [0xFF] + Array("st\nC5,Sun,south\n".utf8)
        let path = try write(fixture, "bad.csv", bytes: bytes)
        #expect {
            _ = try fixture.run(.customers, path)
        } throws: { error in
            guard case .notUTF8(_, let line) = error as? ImportError else { return false }
            return line == 6 && "\(error)".contains("line 6 is not valid UTF-8")
        }
        // Rows before it are kept (even those still waiting for their batch); the broken row is not cut short
        // and imported, nor is anything after it.
        let ids = try fixture.replica.reader.read {
            try String.fetchAll($0, sql: "SELECT id FROM customers ORDER BY id")
        }
        #expect(ids == ["C1", "C2", "C3"])
    }

    @Test func aBadByteInTheHeaderIsLineOne() throws {
        let fixture = try ImportFixture()
        let path = try write(fixture, "h.csv", bytes: Array("id,na".utf8) + [0xC3, 0x28] + Array("me,region\n".utf8))
        #expect {
            _ = try fixture.run(.customers, path)
        } throws: { error in
            guard case .notUTF8(_, let line) = error as? ImportError else { return false }
            return line == 1
        }
    }

    @Test func customerAddAndUpdateObeyTheSameLimits() throws {
        let fixture = try ImportFixture()
        let book = CustomerBook(replica: fixture.replica)
        #expect {
            try book.add(id: "C1", fields: ["name": String(repeating: "店", count: 200), "region": "east"])
        } throws: { error in
            "\(error)" == "name is 600 bytes long; the limit is 512 bytes"
        }
        try book.add(id: "C1", fields: ["name": "Zhang", "region": "east"])
        #expect {
            try book.update(id: "C1", fields: ["phone": String(repeating: "1", count: 65)])
        } throws: { error in
            "\(error)" == "phone is 65 bytes long; the limit is 64 bytes"
        }
        #expect(try book.show(id: "C1")?["phone"] == .null)
    }
}
