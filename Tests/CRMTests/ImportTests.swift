import Foundation
import GRDB
import Replica
import TestSupport
import Testing

@testable import CRM

/// A scratch directory with a real replica and CSV files written on demand.
final class ImportFixture {
    let scratch: ScratchDirectory
    var directory: URL { scratch.url }
    let replica: Replica

    /// An east office by default; headquarters (`.hq`, `all`) where the data spans regions and is written by hand.
    init(role: NodeIdentity.Role = .office, region: String = "east") throws {
        scratch = try ScratchDirectory("outpost-crm")
        replica = try TestReplicas.create("t", in: scratch, file: "replica", role: role, region: region)
    }

    func file(_ name: String, _ text: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func run(_ kind: ImportKind, _ path: String, rejects: String? = nil) throws -> ImportSummary {
        var importer = CSVImporter(kind: kind)
        importer.rejectsPath = rejects
        importer.batchSize = 2
        return try importer.run(file: path, into: replica)
    }

    func count(_ sql: String) throws -> Int {
        try replica.reader.read { try Int.fetchOne($0, sql: sql) ?? 0 }
    }
}

let customersCSV = """
    id,name,region,channel,opened_on,marketing_consent,phone
    C1,张记便利店,east,traditional,2020-01-05,true,13800000001
    C2,Li's Kiosk,east,chain,2021-03-01,false,13800000002
    C3,,east,chain,2021-03-01,false,13800000003
    C4,"Wang ""Big"" Shop",west,teleport,2021-03-01,yes,13800000004
    C5,"Zhao
    Multi-line",north,online,2022-02-30,no,13800000005
    C6,Sun,south,flagship,2022-02-01,maybe,13800000006
    C7,Qian,central
    C8,Good,central,online,2023-01-01,1,13800000008

    """

@Suite struct ImportTests {
    @Test func badRowKeepsGoodRowsAndNamesItsLine() throws {
        let fixture = try ImportFixture()
        let path = try fixture.file("customers.csv", customersCSV)
        let rejects = fixture.directory.appendingPathComponent("rejects.csv").path
        let summary = try fixture.run(.customers, path, rejects: rejects)
        #expect(summary.read == 8)
        #expect(summary.imported == 3)
        #expect(summary.rejected == 5)
        // Line numbers are physical lines; the multi-line record starts at line 6 and ends at 7.
        #expect(summary.rejections.map(\.line) == [4, 5, 6, 8, 9])
        #expect(summary.rejections[0].reason == "name is required")
        #expect(summary.rejections[1].reason.contains("channel 'teleport'"))
        #expect(summary.rejections[2].reason.contains("opened_on '2022-02-30'"))
        #expect(summary.rejections[3].reason.contains("marketing_consent 'maybe'"))
        #expect(summary.rejections[4].reason == "expected 7 fields, found 3")
        #expect(try fixture.count("SELECT count(*) FROM customers") == 3)
        let records = try CSVRecords.read(rejects)
        let lines = records.dropFirst().map { $0[0] }
        #expect(
            records.first == [
                "line", "reason", "id", "name", "region", "channel", "opened_on", "marketing_consent", "phone",
            ])
        #expect(lines == ["4", "5", "6", "8", "9"])
    }

    @Test func reimportChangesNothingAndAnEditedRowUpdates() throws {
        let fixture = try ImportFixture()
        let path = try fixture.file("customers.csv", customersCSV)
        _ = try fixture.run(.customers, path)
        let head = try fixture.replica.versionVector()
        let again = try fixture.run(.customers, path)
        #expect(again.imported == 0 && again.updated == 0 && again.unchanged == 3)
        #expect(try fixture.replica.versionVector() == head)
        let edited = try fixture.file(
            "edited.csv", "id,name,region,phone\nC1,张记便利店,east,13911112222\nC9,New,west,1\n")
        let summary = try fixture.run(.customers, edited)
        #expect(summary.updated == 1 && summary.imported == 1)
        #expect(try fixture.count("SELECT count(*) FROM customers WHERE id = 'C1' AND phone = '13911112222'") == 1)
    }

    @Test func ordersSkipKnownIdsAndRejectUnknownCustomersAndProducts() throws {
        let fixture = try ImportFixture()
        _ = try fixture.run(.customers, try fixture.file("c.csv", customersCSV))
        _ = try fixture.run(
            .products,
            try fixture.file("p.csv", "sku,name,price_tier,category,unit_price\nS1,Zhonghua,premium,cigarette,450\n"))
        let orders = try fixture.file(
            "o.csv",
            """
            id,customer_id,ordered_at,sku,quantity,amount,channel
            O1,C1,2026-01-02T10:00:00Z,S1,2,900,traditional
            O2,C2,2026-01-03 09:30:00,S1,1,450,chain
            O3,NOPE,2026-01-03T09:30:00Z,S1,1,450,chain
            O4,C1,2026-01-03T09:30:00Z,S9,1,450,chain
            O5,C1,yesterday,S1,1,450,chain
            O6,C1,2026-01-03T09:30:00Z,S1,0,450,chain
            O7,C1,2026-01-03T09:30:00Z,S1,1,abc,chain
            O1,C1,2026-01-02T10:00:00Z,S1,2,900,traditional
            O8,C1,2026-01-04T09:30:00+08:00,S1,-1,-450,chain

            """)
        let summary = try fixture.run(.orders, orders)
        #expect(summary.read == 9)
        #expect(summary.imported == 3)
        #expect(summary.skipped == 1)
        #expect(summary.rejections.map(\.line) == [4, 5, 6, 7, 8])
        #expect(summary.rejections[0].reason.contains("unknown customer_id 'NOPE'"))
        #expect(summary.rejections[1].reason.contains("unknown sku 'S9'"))
        // Timestamps are stored as UTC ISO 8601, whatever offset they came with.
        #expect(
            try fixture.count("SELECT count(*) FROM orders WHERE id = 'O8' AND ordered_at = '2026-01-04T01:30:00Z'")
                == 1)
        let again = try fixture.run(.orders, orders)
        #expect(again.imported == 0 && again.skipped == 4)
    }

    @Test func fileWithoutARequiredColumnIsRefusedWhole() throws {
        let fixture = try ImportFixture()
        let path = try fixture.file("c.csv", "id,name\nC1,Zhang\n")
        #expect {
            _ = try fixture.run(.customers, path)
        } throws: { error in
            "\(error)".contains("lacks required column(s) region")
        }
        #expect(try fixture.count("SELECT count(*) FROM customers") == 0)
    }

    @Test func exportRoundTripsThroughImport() throws {
        let fixture = try ImportFixture()
        _ = try fixture.run(.customers, try fixture.file("c.csv", customersCSV))
        let exported = fixture.directory.appendingPathComponent("export.csv").path
        let stream = OutputStream(toFileAtPath: exported, append: false)!
        stream.open()
        #expect(
            try TableExporter(format: .csv, personal: .shown).export(.customers, from: fixture.replica, to: stream) == 3
        )
        stream.close()
        let other = try ImportFixture()
        let summary = try other.run(.customers, exported)
        #expect(summary.imported == 3 && summary.rejected == 0)
        let columns = TableSchema.customers.allColumns.joined(separator: ", ")
        let query = "SELECT \(columns) FROM customers ORDER BY id"
        let original = try fixture.replica.reader.read { try Row.fetchAll($0, sql: query) }
        let copy = try other.replica.reader.read { try Row.fetchAll($0, sql: query) }
        #expect(original == copy)
    }
}
