import CRM
import Foundation
import GRDB
import Replica
import Sync
import Testing

@Suite(.timeLimit(.minutes(5))) struct TwoNodeSyncTests {
    @Test func everyTableTypeSyncsBothWaysOverCurve() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        let east = try harness.node("east")
        try hq.replica.write { writer in
            try writer.insert(.products, key: ["S1"], values: ["name": "Zhonghua".databaseValue])
            try writer.insert(.customers, key: ["C-hq"], values: customerValues("HQ shop"))
        }
        try east.replica.write { writer in
            for index in 0..<120 {
                try writer.insert(.customers, key: ["C\(index)"], values: customerValues("shop \(index)"))
                try writer.append(.orders, id: "O\(index)", values: orderValues("C\(index)"))
            }
            try writer.insert(.customerTags, key: ["C1", "vip"], values: [:])
            try writer.append(
                .interactions, id: "I1",
                values: ["C1".databaseValue, "2026-03-02T00:00:00Z".databaseValue, "visit".databaseValue, .null])
        }
        let (_, endpoint) = try harness.serve("hq", peers: [harness.peer("east", endpoint: nil)])
        let result = try harness.engine("east", peers: [harness.peer("hq", endpoint: endpoint)])
            .syncOnce(timeout: .seconds(20))
        #expect(result.unreachable.isEmpty)
        #expect(result.caughtUp == ["hq"])
        #expect(try hq.replica.checksums() == east.replica.checksums())
        #expect(try hq.replica.checksums().first { $0.table == "orders" }?.rows == 120)
        #expect(try hq.replica.versionVector() == east.replica.versionVector())
    }

    @Test func aKeyNotOnThePeerListIsRefusedAndNamedUnreachable() throws {
        let harness = try SyncHarness()
        try harness.node("hq", role: .hq)
        try harness.node("east")
        let stranger = try harness.node("stranger")
        try stranger.replica.write { try $0.insert(.customers, key: ["X"], values: customerValues("x")) }
        let (_, endpoint) = try harness.serve("hq", peers: [harness.peer("east", endpoint: nil)])
        let result = try harness.engine("stranger", peers: [harness.peer("hq", endpoint: endpoint)])
            .syncOnce(timeout: .seconds(3))
        #expect(result.caughtUp.isEmpty)
        #expect(result.unreachable["hq"] != nil)
        #expect(try harness.nodes["hq"]!.replica.checksums().first { $0.table == "customers" }?.rows == 0)
        let refusals = try harness.nodes["hq"]!.replica.reader.read {
            try Int.fetchOne($0, sql: "SELECT count(*) FROM outpost_events WHERE kind = 'refused'") ?? 0
        }
        #expect(refusals >= 1)
    }

    @Test func relayedChangeKeepsItsOriginThroughHQ() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        let east = try harness.node("east")
        let west = try harness.node("west", region: "west")
        try east.replica.write { try $0.insert(.customers, key: ["E1"], values: customerValues("east shop")) }
        try west.replica.write {
            try $0.insert(.customers, key: ["W1"], values: customerValues("west shop", region: "west"))
        }
        let (_, endpoint) = try harness.serve(
            "hq", peers: [harness.peer("east", endpoint: nil), harness.peer("west", endpoint: nil)])
        let toHQ = [harness.peer("hq", endpoint: endpoint)]
        _ = try harness.engine("east", peers: toHQ).syncOnce(timeout: .seconds(10))
        _ = try harness.engine("west", peers: toHQ).syncOnce(timeout: .seconds(10))
        _ = try harness.engine("east", peers: toHQ).syncOnce(timeout: .seconds(10))
        #expect(try east.replica.checksums() == west.replica.checksums())
        #expect(try east.replica.checksums() == hq.replica.checksums())
        // West's row reached east through HQ with west as its origin.
        #expect(try east.replica.versionVector()[west.replica.identity.siteID] == 1)
    }
}
