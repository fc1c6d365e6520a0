import CRM
import Foundation
import GRDB
import Replica
import SyncProtocol
import Testing

@testable import Sync

/// Equal version vectors must mean equal content. When an origin issues two different changes under one
/// sequence number (equivocation), nodes that received different ones used to report "in sync" forever;
/// now the content digests exchanged at caught-up time flag the peer as diverged on both sides.
@Suite(.timeLimit(.minutes(5))) struct DivergenceTests {
    /// The customer X1 as the equivocating origin wrote it, with `name`, always as its change 1.
    static func equivocation(_ origin: SiteID, name: String) -> ReplicaChange {
        var values = [DatabaseValue](repeating: .null, count: TableSchema.customers.columns.count)
        values[TableSchema.customers.columnNumber("name")!] = name.databaseValue
        return ReplicaChange(
            table: TableSchema.customers.id, key: ["X1"], column: ReplicaChange.rowEvent, causalLength: 1,
            version: RowVersion(
                hlc: HybridLogicalClock.timestamp(millis: Replica.defaultWallClock()), site: origin, seq: 1),
            values: values)
    }

    static func divergedTables(_ replica: Replica, peer: String) throws -> String? {
        try replica.reader.read {
            try String.fetchOne($0, sql: "SELECT diverged FROM outpost_peer_state WHERE name = ?", arguments: [peer])
        }
    }

    @Test func equivocatedChangeIsFlaggedAsDivergedOnBothSides() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        let east = try harness.node("east")
        let origin = SiteID.random()
        try hq.replica.apply([Self.equivocation(origin, name: "told hq")])
        try east.replica.apply([Self.equivocation(origin, name: "told east")])
        #expect(try hq.replica.versionVector() == east.replica.versionVector())
        let (_, endpoint) = try harness.serve("hq", peers: [harness.peer("east", endpoint: nil)])

        let result = try harness.engine("east", peers: [harness.peer("hq", endpoint: endpoint)]).syncOnce(
            timeout: .seconds(10))
        #expect(result.caughtUp == ["hq"])
        // Syncing moved nothing (the vectors were equal) and the content still differs.
        #expect(try hq.replica.checksums() != east.replica.checksums())
        #expect(try Self.divergedTables(east.replica, peer: "hq") == "customers")
        #expect(try east.replica.journal("diverged", peer: "hq").first?.contains("customers differ") == true)
        let hqLines = try hq.replica.journal("diverged", peer: "east")
        #expect(hqLines.count == 1)
        #expect(try Self.divergedTables(hq.replica, peer: "east") == "customers")
    }

    @Test func honestSyncComparesDigestsAndFindsNoDivergence() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        let east = try harness.node("east")
        try east.replica.write { try $0.insert(.customers, key: ["E1"], values: customerValues("east shop")) }
        try hq.replica.write { try $0.insert(.customers, key: ["H1"], values: customerValues("hq shop")) }
        let (_, endpoint) = try harness.serve("hq", peers: [harness.peer("east", endpoint: nil)])
        // A flag left from an earlier comparison is cleared once the digests match.
        try east.replica.writeLocal(as: SyncTables.owner) {
            try $0.execute(sql: "INSERT INTO outpost_peer_state (name, diverged) VALUES ('hq', 'customers')")
        }
        let result = try harness.engine("east", peers: [harness.peer("hq", endpoint: endpoint)]).syncOnce(
            timeout: .seconds(10))
        #expect(result.caughtUp == ["hq"])
        #expect(try hq.replica.checksums() == east.replica.checksums())
        #expect(try Self.divergedTables(east.replica, peer: "hq") == nil)
        #expect(try east.replica.journal("digest", peer: "hq").first?.contains("divergence cleared") == true)
        #expect(try hq.replica.journal("diverged", peer: "east", atLeast: 0).isEmpty)
    }
}
