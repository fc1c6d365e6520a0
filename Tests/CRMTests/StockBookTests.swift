import Foundation
import GRDB
import Replica
import TestSupport
import Testing

@testable import CRM

/// `stock set` and `stock import`: validation (negative, min > max, unknown sku or region, scope), line numbers,
/// good rows kept, re-import idempotent.
@Suite struct StockBookTests {
    /// An office of `east` (ImportFixture's node) with customers in east and west and two products.
    static func shop() throws -> ImportFixture {
        let fixture = try ImportFixture()
        _ = try fixture.run(.customers, try fixture.file("c.csv", "id,name,region\nC1,One,east\nC2,Two,west\n"))
        _ = try fixture.run(.products, try fixture.file("p.csv", "sku,name\nP1,One\nP2,Two\n"))
        return fixture
    }

    @Test func setCreatesWithDefaultLeadTimeAndChecksEveryValue() throws {
        let fixture = try Self.shop()
        let book = StockBook(replica: fixture.replica)
        let created = try book.set(region: "east", sku: "P1", onHand: 40, min: 10, max: 100)
        #expect(created.leadTimeDays == 14 && created.onHand == 40 && created.countedAt != nil)
        let refused: [(String, () throws -> Void)] = [
            ("negative", { try book.set(region: "east", sku: "P1", onHand: -1) }),
            ("above max_level 100", { try book.set(region: "east", sku: "P1", min: 101) }),
            ("min_level 10 is above max_level 9", { try book.set(region: "east", sku: "P1", max: 9) }),
            ("unknown sku 'P9'", { try book.set(region: "east", sku: "P9", onHand: 1) }),
            ("outside this node's scope", { try book.set(region: "west", sku: "P1", onHand: 1) }),
            ("lead_time_days is 1 to 365", { try book.set(region: "east", sku: "P1", leadDays: 0) }),
            ("nothing to set", { try book.set(region: "east", sku: "P2") }),
        ]
        for (words, action) in refused {
            do {
                try action()
                Issue.record("accepted: \(words)")
            } catch let refusal as StockBook.Refusal {
                #expect(refusal.description.contains(words), "\(refusal) for \(words)")
            }
        }
        // Only the levels changed, the count and its time kept.
        let updated = try book.set(region: "east", sku: "P1", min: 20, leadDays: 7)
        #expect(updated.onHand == 40 && updated.minLevel == 20 && updated.maxLevel == 100 && updated.leadTimeDays == 7)
        #expect(updated.countedAt == created.countedAt)
        #expect(try book.list().count == 1)
        #expect(try book.list(region: "west").isEmpty)
    }

    @Test func headquartersRefusesARegionNoCustomerHas() throws {
        let scratch = try ScratchDirectory("outpost-stock")
        let hq = try TestReplicas.create("hq", in: scratch, role: .hq, region: "all")
        try hq.write { writer in
            try writer.insert(.products, key: ["P1"], values: ["name": "One".databaseValue])
            try writer.insert(
                .customers, key: ["C1"], values: ["name": "One".databaseValue, "region": "north".databaseValue])
        }
        let book = StockBook(replica: hq)
        #expect(throws: StockBook.Refusal.self) { try book.set(region: "mars", sku: "P1", onHand: 1) }
        #expect(try book.set(region: "north", sku: "P1", onHand: 1).region == "north")
    }

    @Test func importRejectsBadRowsByLineAndKeepsTheGoodOnes() throws {
        let fixture = try Self.shop()
        _ = try StockBook(replica: fixture.replica).set(region: "east", sku: "P2", min: 5, max: 50)
        let csv = """
            region,sku,on_hand,min_level,max_level,lead_time_days,counted_at
            east,P1,30,10,100,21,2026-10-30
            east,P1,-4,,,,
            east,P9,1,,,,
            west,P1,1,,,,
            east,P2,7,60,,,
            east,P2,8,,,3,2026-10-30T08:15:00Z
            east,P1,1,50,40,,
            east,P1,1,,,400,
            east,P1,x,,,,
            """
        let path = try fixture.file("stock.csv", csv)
        // As the command line imports: rows outside the node's regions are refused.
        var importer = CSVImporter(kind: .stock)
        importer.enforcesScope = true
        let summary = try importer.run(file: path, into: fixture.replica)
        #expect(summary.read == 9)
        #expect(summary.rejections.map(\.line) == [3, 4, 5, 6, 8, 9, 10])
        #expect(summary.rejections[0].reason.contains("must not be negative"))
        #expect(summary.rejections[1].reason.contains("unknown sku 'P9'"))
        #expect(summary.rejections[2].reason.contains("outside this node's regions"))
        // The stored max of east/P2 (50) is below the file's min 60.
        #expect(summary.rejections[3].reason.contains("min_level 60 is above max_level 50"))
        #expect(summary.rejections[4].reason.contains("min_level 50 is above max_level 40"))
        let levels = try StockBook(replica: fixture.replica).list()
        #expect(levels.map(\.sku) == ["P1", "P2"])
        #expect(
            levels[0]
                == StockLevel(
                    region: "east", sku: "P1", onHand: 30, minLevel: 10, maxLevel: 100, leadTimeDays: 21,
                    countedAt: "2026-10-30T00:00:00Z"))
        #expect(levels[1].onHand == 8 && levels[1].leadTimeDays == 3 && levels[1].maxLevel == 50)
        #expect(levels[1].countedAt == "2026-10-30T08:15:00Z")
        let again = try importer.run(file: path, into: fixture.replica)
        #expect(again.imported == 0 && again.updated == 0 && again.unchanged == 2)
    }
}
