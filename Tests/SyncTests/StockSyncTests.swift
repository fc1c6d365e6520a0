import CRM
import Foundation
import GRDB
import Replica
import Sync
import Testing

/// Stock replicates scoped by its region: an office's counts reach headquarters, headquarters' rows of another
/// region never reach the office, and the office may not write another region's shelf.
@Suite(.timeLimit(.minutes(5))) struct StockSyncTests {
    @Test func officeCountsReachHeadquartersAndOtherRegionsStayAway() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", region: "all", role: .hq)
        let east = try harness.node("east", region: "east")
        try hq.replica.write { writer in
            try writer.insert(.products, key: ["P1"], values: ["name": "One".databaseValue])
            try writer.insert(.customers, key: ["C1"], values: customerValues("east shop", region: "east"))
            try writer.insert(.customers, key: ["C2"], values: customerValues("north shop", region: "north"))
        }
        _ = try StockBook(replica: hq.replica).set(region: "north", sku: "P1", onHand: 99)
        var grant = harness.peer("east", endpoint: nil)
        grant.region = "east"
        let (_, endpoint) = try harness.serve("hq", peers: [grant])
        let engine = harness.engine("east", peers: [harness.peer("hq", endpoint: endpoint)])
        // The office learns the product first (company-wide: headquarters writes it), then counts its shelf.
        #expect(try engine.syncOnce(timeout: .seconds(20)).caughtUp == ["hq"])
        _ = try StockBook(replica: east.replica).set(region: "east", sku: "P1", onHand: 12, min: 5, max: 40)
        #expect(throws: StockBook.Refusal.self) {
            try StockBook(replica: east.replica).set(region: "north", sku: "P1", onHand: 1)
        }
        let result = try engine.syncOnce(timeout: .seconds(20))
        #expect(result.caughtUp == ["hq"], "\(result.unreachable)")
        let atHQ = try StockBook(replica: hq.replica).list()
        #expect(atHQ.map { "\($0.region)/\($0.sku)/\($0.onHand ?? -1)" } == ["east/P1/12", "north/P1/99"])
        let atEast = try StockBook(replica: east.replica).list()
        #expect(atEast.map { "\($0.region)/\($0.sku)" } == ["east/P1"])
        #expect(try hq.replica.checksums(scope: .regions(["east"])) == east.replica.checksums())
    }
}
