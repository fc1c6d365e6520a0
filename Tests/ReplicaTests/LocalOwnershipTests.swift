import CRM
import Foundation
import GRDB
import Replica
import Sync
import TestSupport
import Testing

/// A module's local write (``Replica/writeLocal(as:_:)``) reaches only the local tables that module declared: a
/// statement changing another module's local table, a replicated table (uncaptured) or the engine's
/// bookkeeping is refused, and nothing of that transaction is kept.
@Suite struct LocalOwnershipTests {
    static func owner(_ module: String) -> TableOwner {
        TableOwner(
            module: module,
            tables: [
                TableSchema(
                    id: 0, name: "\(module)_notes", keyColumns: ["id"], columns: ["note"], kind: .local,
                    scope: .thisNode)
            ],
            migrations: [
                TableMigration(
                    "v1-\(module)-notes",
                    sql: "CREATE TABLE \(module)_notes (id TEXT PRIMARY KEY, note TEXT) WITHOUT ROWID")
            ])
    }

    static func count(_ replica: Replica, _ sql: String) throws -> Int {
        try replica.reader.read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    @Test func aLocalWriteToATableItsModuleDoesNotOwnIsRefusedAndRolledBack() throws {
        let scratch = try ScratchDirectory()
        let alpha = Self.owner("alpha")
        let beta = Self.owner("beta")
        let replica = try Replica.create(
            at: scratch.path("owners.sqlite"), identity: NodeIdentity(name: "t", role: .office, region: "east"),
            declaring: TestReplicas.declarations + [alpha.declaration, beta.declaration])
        try replica.write { try $0.insert(.customers, key: ["C1"], values: ["name": "Zhang".databaseValue]) }
        try replica.writeLocal(as: alpha) { try $0.execute(sql: "INSERT INTO alpha_notes VALUES ('a1', 'mine')") }
        try replica.writeLocal(as: beta) { try $0.execute(sql: "INSERT INTO beta_notes VALUES ('b1', 'mine')") }

        let foreign = [
            "INSERT INTO beta_notes VALUES ('b2', 'not alpha''s')",  // another module's local table
            "UPDATE customers SET name = 'uncaptured' WHERE id = 'C1'",  // replicated: only through capture
            "DELETE FROM customers",
            "INSERT INTO outpost_events (at, kind) VALUES ('x', 'y')",  // Sync's journal
            "UPDATE outpost_sites SET head_seq = 99",  // the engine's bookkeeping
        ]
        for statement in foreign {
            #expect {
                try replica.writeLocal(as: alpha) { db in
                    // Its own write first: refused with the rest.
                    try db.execute(sql: "INSERT INTO alpha_notes VALUES ('a2', 'same transaction')")
                    try db.execute(sql: statement)
                }
            } throws: { error in
                guard case ReplicaError.notOwned(let module, _) = error else { return false }
                return module == "alpha" && "\(error)".contains("does not own table")
            }
        }
        #expect(try Self.count(replica, "SELECT count(*) FROM alpha_notes") == 1)
        #expect(try Self.count(replica, "SELECT count(*) FROM beta_notes") == 1)
        #expect(try replica.reader.read { try String.fetchOne($0, sql: "SELECT name FROM customers") } == "Zhang")
        #expect(try Self.count(replica, "SELECT count(*) FROM outpost_events") == 0)
        #expect(try replica.versionVector()[replica.identity.siteID] == 1)
        #expect(try replica.verify().isEmpty)
    }

    @Test func theModulesOwnLocalWritesStillWork() throws {
        // Sync's peer book and CRM's segment runs write their own local tables through their owners.
        let scratch = try ScratchDirectory()
        let replica = try TestReplicas.create("a", in: scratch)
        let book = PeerBook(replica: replica)
        try book.add(Peer(name: "hq", endpoint: nil, publicKey: "k", addedAt: "2026-01-01T00:00:00Z"))
        book.event("session", peer: "hq", "hello")
        #expect(try Self.count(replica, "SELECT count(*) FROM outpost_events") == 1)
        try replica.write {
            try $0.insert(
                .customers, key: ["C1"], values: ["name": "Z".databaseValue, "status": "active".databaseValue])
        }
        _ = try SegmentBook(replica: replica).define(name: "all", expression: #"status == "active""#)
        let runs = try SegmentBook(replica: replica).run(["all"], asOf: CalendarDay("2026-03-01")!)
        #expect(runs.map(\.members) == [1])
        #expect(try Self.count(replica, "SELECT count(*) FROM outpost_segment_members") == 1)
    }
}
