import Foundation
import GRDB
import Replica
import Testing

@testable import CRM

/// Recording, listing and importing violations: validation, unknown customers, line numbers, idempotence.
@Suite struct ComplianceRecordTests {
    static func shop() throws -> ImportFixture {
        let fixture = try ImportFixture()
        _ = try fixture.run(.customers, try fixture.file("c.csv", "id,name,region\nC1,One,east\nC2,Two,east\n"))
        return fixture
    }

    @Test func recordRefusesUnknownCustomersKindsDatesAndLongNotes() throws {
        let fixture = try Self.shop()
        let book = ComplianceBook(replica: fixture.replica)
        #expect(throws: ComplianceError.unknownCustomer("C9")) {
            try book.record(customer: "C9", kind: "minor_sale", at: "2026-01-01", note: nil)
        }
        #expect(throws: ComplianceError.invalidKind("smuggling")) {
            try book.record(customer: "C1", kind: "smuggling", at: "2026-01-01", note: nil)
        }
        #expect(throws: ComplianceError.invalidDate("2026-02-30")) {
            try book.record(customer: "C1", kind: "other", at: "2026-02-30", note: nil)
        }
        #expect(throws: ComplianceError.noteTooLong(bytes: 1_025, limit: 1_024)) {
            try book.record(customer: "C1", kind: "other", at: "2026-01-01", note: String(repeating: "x", count: 1_025))
        }
        #expect(try fixture.count("SELECT count(*) FROM compliance_violations") == 0)
        // A note of exactly 1 KiB (in UTF-8 bytes) is kept; the same violation again is kept once.
        let note = String(repeating: "违", count: 341) + "x"
        #expect(note.utf8.count == 1_024)
        #expect(try book.record(customer: "C1", kind: "Minor_Sale", at: "2026-01-01", note: note).added)
        #expect(try !book.record(customer: "C1", kind: "minor_sale", at: "2026-01-01", note: note).added)
        #expect(try book.record(customer: "C1", kind: "minor_sale", at: "2026-01-01", note: "another").added)
        #expect(try book.record(customer: "C2", kind: "counterfeit", at: "2025-12-01", note: nil).added)
        let all = try book.list()
        #expect(all.map(\.customerID) == ["C2", "C1", "C1"])
        #expect(all.first?.kind == "counterfeit" && all.first?.note == nil)
        #expect(try book.list(customer: "C1").count == 2)
        #expect(try book.list(since: CalendarDay("2026-01-01")).map(\.customerID) == ["C1", "C1"])
        #expect(try book.list(customer: "C2", since: CalendarDay("2025-12-02")).isEmpty)
    }

    @Test func importRejectsBadRowsWithTheirLineNumbersAndKeepsTheGoodOnes() throws {
        let fixture = try Self.shop()
        let csv = """
            customer_id,kind,at,note
            C1,minor_sale,2026-01-05,sold to a minor
            C9,other,2026-01-06,
            C2,smuggling,2026-01-07,
            C2,counterfeit,2026-13-01,
            C2,counterfeit,2026-01-08,"two
            lines"
            ,other,2026-01-09,
            C1,other,2026-01-10,\(String(repeating: "n", count: 1_025))
            C2,licence_expired,2026-01-11,

            """
        let rejects = fixture.directory.appendingPathComponent("rejects.csv").path
        let summary = try fixture.run(.compliance, try fixture.file("v.csv", csv), rejects: rejects)
        #expect(summary.read == 8 && summary.imported == 3 && summary.rejected == 5)
        #expect(summary.rejections.map(\.line) == [3, 4, 5, 8, 9])
        #expect(summary.rejections[0].reason.contains("unknown customer_id 'C9'"))
        #expect(summary.rejections[1].reason.contains("kind 'smuggling'"))
        #expect(summary.rejections[2].reason.contains("not a date"))
        #expect(summary.rejections[3].reason.contains("customer_id is required"))
        #expect(summary.rejections[4].reason.contains("limit is 1024 bytes"))
        let list = try ComplianceBook(replica: fixture.replica).list()
        #expect(list.map(\.at.description) == ["2026-01-05", "2026-01-08", "2026-01-11"])
        #expect(list[1].note == "two\nlines")
        let rejected = try String(contentsOfFile: rejects, encoding: .utf8)
        #expect(rejected.contains("3,") && rejected.contains("9,"))
        // Importing again adds nothing; recording one of them by hand neither.
        let again = try fixture.run(.compliance, try fixture.file("v.csv", csv))
        #expect(again.imported == 0 && again.skipped == 3)
        #expect(
            try !ComplianceBook(replica: fixture.replica).record(
                customer: "C1", kind: "minor_sale", at: "2026-01-05", note: "sold to a minor"
            ).added)
    }

    @Test func theCommittedFixturesImportCleanly() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fixtures/small")
        let fixture = try ImportFixture()
        _ = try fixture.run(.customers, root.appendingPathComponent("customers.csv").path)
        let summary = try fixture.run(.compliance, root.appendingPathComponent("compliance.csv").path)
        let lines =
            try String(contentsOf: root.appendingPathComponent("compliance.csv"), encoding: .utf8)
            .split(separator: "\n").count - 1
        #expect(summary.read == lines && summary.rejected == 0 && summary.imported + summary.skipped == lines)
        #expect(summary.imported > 20)
        #expect(try fixture.count("SELECT count(DISTINCT kind) FROM compliance_violations") == 5)
    }
}
