import CRM
import Foundation
import GRDB
import Replica
import TestSupport
import Testing

/// `Replica.verify()` passes on a healthy replica and names each invariant broken by hand with SQL, the way
/// another SQLite client could break it.
@Suite struct VerifyTests {
    /// A replica with rows of every kind, local and merged, and an external SQLite connection to it.
    static func healthy(_ scratch: ScratchDirectory) throws -> (Replica, DatabaseQueue) {
        let replica = try TestReplicas.create("a", in: scratch)
        let other = try TestReplicas.create("b", in: scratch)
        try replica.write { writer in
            try writer.insert(.customers, key: ["C1"], values: customer("Zhang"))
            try writer.insert(.customers, key: ["C2"], values: customer("Li"))
            try writer.insert(.customerTags, key: ["C1", "vip"], values: [:])
            try writer.append(.orders, id: "O1", values: orderRow("C1"))
        }
        try replica.write { try $0.update(.customers, key: ["C1"], values: ["phone": "139".databaseValue]) }
        try other.write { writer in
            try writer.insert(.customers, key: ["C3"], values: customer("Wang"))
            try writer.append(.orders, id: "O2", values: orderRow("C3"))
            try writer.delete(.customers, key: ["C3"])
        }
        try ship(from: other, to: replica)
        #expect(try replica.verify() == [])
        return (replica, try DatabaseQueue(path: replica.path))
    }

    /// Breaks the replica with `sql` and returns what verify finds.
    static func broken(_ sql: String) throws -> [ReplicaFinding] {
        let scratch = try ScratchDirectory()
        let (replica, external) = try healthy(scratch)
        try external.write { try $0.execute(sql: sql) }
        try external.close()
        return try replica.verify()
    }

    @Test func aHealthyReplicaHasNoFinding() throws {
        let scratch = try ScratchDirectory()
        let (replica, _) = try Self.healthy(scratch)
        try replica.compact()
        #expect(try replica.verify().isEmpty)
    }

    @Test func aMissingDeclaredTableOrColumn() throws {
        let table = try Self.broken("DROP TABLE outpost_tier_standings")
        #expect(table.map(\.invariant) == [.declaredSchema])
        #expect(table.first?.table == "outpost_tier_standings")
        #expect(table.first?.detail == "table declared by module crm is missing")
        let column = try Self.broken("ALTER TABLE customers DROP COLUMN district")
        #expect(column.map(\.invariant) == [.declaredSchema])
        #expect(column.first?.examples == ["district"])
    }

    @Test func aRowWrittenOutsideOutpost() throws {
        let found = try Self.broken("INSERT INTO customers (id, name) VALUES ('X1', 'sneaked in')")
        #expect(found.map(\.invariant) == [.rowClocks])
        #expect(found.first?.table == "customers")
        #expect(found.first?.examples == ["X1"])
    }

    @Test func aRowDeletedOutsideOutpost() throws {
        let found = try Self.broken("DELETE FROM customer_tags WHERE customer_id = 'C1'")
        #expect(found.map(\.invariant) == [.orphanClock])
        #expect(found.first?.examples == ["C1/vip"])
    }

    @Test func anAppendedRowFromAnUnknownSite() throws {
        let found = try Self.broken("UPDATE orders SET _site = 99 WHERE id = 'O1'")
        #expect(found.map(\.invariant) == [.knownSites])
        #expect(found.first?.table == "orders")
        #expect(found.first?.examples == ["O1"])
    }

    @Test func aMarkerMissingFromTheChangeLog() throws {
        let found = try Self.broken("DELETE FROM outpost_log WHERE tbl = 5 AND col = -1")
        #expect(found.map(\.invariant) == [.clockLogged])
        #expect(found.first?.examples == ["C1/vip"])
    }

    @Test func anAppendedRowOutsideEveryRun() throws {
        let found = try Self.broken("DELETE FROM outpost_append_runs WHERE site = 1")
        #expect(found.map(\.invariant) == [.appendRuns])
        #expect(found.first?.examples == ["O1"])
    }

    @Test func aStoredKeyOfTheWrongWidth() throws {
        // Sequence 0 is below every head, so only the key is wrong.
        let found = try Self.broken("INSERT INTO outpost_log (site, seq, tbl, pk, col) VALUES (1, 0, 5, 'C1', -1)")
        #expect(found.map(\.invariant) == [.keyEncoding])
        #expect(found.first?.table == "customer_tags")
        #expect(found.first?.examples == ["C1"])
    }

    @Test func aHeadBelowAHeldChange() throws {
        let found = try Self.broken("UPDATE outpost_sites SET head_seq = 1 WHERE ordinal = 1")
        #expect(found.map(\.invariant) == [.heads])
        #expect(found.first?.head == 1)
        #expect(found.first?.held == 5)
        #expect(found.first?.ordinal == 1)
    }

    @Test func theOwnSiteMissing() throws {
        let found = try Self.broken("DELETE FROM outpost_sites WHERE ordinal = 1")
        #expect(found.contains { $0.invariant == .ownSite })
        #expect(found.contains { $0.invariant == .knownSites })
    }
}
