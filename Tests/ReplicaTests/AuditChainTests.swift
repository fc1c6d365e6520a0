import Foundation
import GRDB
import Replica
import Testing

/// Every local write transaction and every applied batch appends one hash-chained entry (counts and keys, never
/// values), and recomputing the chain finds the first entry that was edited, deleted or moved.
@Suite struct AuditChainTests {
    static func entries(_ replica: Replica) throws -> [AuditEntry] {
        try replica.reader.read { try Replica.auditEntries($0, node: replica.auditNode) }
    }

    static func verify(_ replica: Replica) throws -> AuditVerification {
        try replica.reader.read { try Replica.verifyAudit($0, node: replica.auditNode) }
    }

    /// A replica with four entries: three writes and an explicit one.
    static func chained(_ fixture: ReplicaFixture) throws -> Replica {
        let replica = try fixture.replica("east")
        try replica.write { try $0.insert(.customers, key: ["C1"], values: customer("Zhang", phone: "13912345678")) }
        try replica.write(action: "import") { writer in
            for number in 2...8 { try writer.insert(.customers, key: ["C\(number)"], values: customer("Shop")) }
        }
        try replica.write(action: "delete") { try $0.delete(.customers, key: ["C2"]) }
        try replica.audit(action: "export", object: "customers", detail: "7 rows, masked, to standard output")
        return replica
    }

    @Test func eachWriteTransactionRecordsCountsAndKeysButNoValues() throws {
        let fixture = try ReplicaFixture()
        let replica = try Self.chained(fixture)
        let entries = try Self.entries(replica)
        #expect(entries.map(\.seq) == [1, 2, 3, 4])
        #expect(entries.map(\.action) == ["write", "import", "delete", "export"])
        #expect(entries[0].object == "customers" && entries[0].detail == "customers: 1 insert (C1)")
        #expect(entries[1].detail == "customers: 7 insert (C2, C3, C4, C5, C6, +2 more)")
        #expect(entries[2].detail == "customers: 1 delete (C2)")
        #expect(entries.allSatisfy { !$0.detail.contains("1391234") && !$0.detail.contains("Zhang") })
        #expect(entries.allSatisfy { $0.actor.hasSuffix("@east") && $0.node == replica.auditNode })
        #expect(zip(entries, entries.dropFirst()).allSatisfy { $1.previousHash == $0.hash && $1.hlc >= $0.hlc })
        #expect(entries[0].previousHash == AuditEntry.genesis)
        #expect(try Self.verify(replica) == .intact(entries: 4, head: entries[3].hash))
    }

    @Test func theHashCoversThePreviousHashAndEveryField() throws {
        let entry = AuditEntry(
            node: "n", seq: 1, hlc: 7, actor: "a@n", action: "write", object: "customers", detail: "d",
            previousHash: AuditEntry.genesis)
        #expect(entry.hash.count == 64 && entry.hash == entry.computedHash())
        var changed = entry
        for edit in [
            { (e: inout AuditEntry) in e.detail = "e" }, { $0.seq = 2 }, { $0.hlc = 8 }, { $0.actor = "b@n" },
            { $0.object = "orders" }, { $0.previousHash = String(repeating: "1", count: 64) },
        ] {
            changed = entry
            edit(&changed)
            #expect(changed.computedHash() != entry.hash)
        }
        // Netstrings keep fields apart: moving a character from one field to the next changes the hash.
        var moved = entry
        moved.object = "customersd"
        moved.detail = ""
        #expect(moved.computedHash() != entry.hash)
    }

    @Test func anEditedEntryIsNamed() throws {
        let fixture = try ReplicaFixture()
        let replica = try Self.chained(fixture)
        try fixture.tamper(replica, "UPDATE outpost_audit SET detail = 'customers: 0 delete' WHERE seq = 3")
        #expect(
            try Self.verify(replica)
                == .broken(seq: 3, reason: "entry 3 was changed (its hash does not match its contents)"))
    }

    @Test func aDeletedEntryIsNamed() throws {
        let fixture = try ReplicaFixture()
        let replica = try Self.chained(fixture)
        try fixture.tamper(replica, "DELETE FROM outpost_audit WHERE seq = 2")
        #expect(try Self.verify(replica) == .broken(seq: 2, reason: "entry 2 is missing (the chain goes on at 3)"))
    }

    @Test func twoSwappedEntriesAreNamed() throws {
        let fixture = try ReplicaFixture()
        let replica = try Self.chained(fixture)
        try fixture.tamper(
            replica,
            """
            UPDATE outpost_audit SET seq = -2 WHERE seq = 2;
            UPDATE outpost_audit SET seq = 2 WHERE seq = 3;
            UPDATE outpost_audit SET seq = 3 WHERE seq = -2;
            """)
        guard case .broken(let seq, _) = try Self.verify(replica) else {
            Issue.record("a reordered chain verified")
            return
        }
        #expect(seq == 2)
    }

    @Test func aRehashedEditBreaksTheNextLink() throws {
        let fixture = try ReplicaFixture()
        let replica = try Self.chained(fixture)
        var forged = try Self.entries(replica)[1]
        forged.detail = "customers: 1 insert (C2)"
        let hash = forged.computedHash()
        try fixture.tamper(
            replica, "UPDATE outpost_audit SET detail = '\(forged.detail)', hash = '\(hash)' WHERE seq = 2")
        #expect(
            try Self.verify(replica)
                == .broken(seq: 3, reason: "entry 3 does not follow entry 2 (its previous hash differs)"))
    }

    @Test func anAppliedBatchNamesItsPeerAndCounts() throws {
        let fixture = try ReplicaFixture()
        let east = try fixture.replica("east")
        let hq = try fixture.replica("hq")
        try east.write { try $0.insert(.customers, key: ["C1"], values: customer("Zhang")) }
        let batch = try east.outgoingBatch(after: try hq.versionVector(), limit: 100)
        try hq.apply(batch.changes, covers: batch.covers, peer: "east-1")
        let applied = try #require(try Self.entries(hq).last)
        #expect(applied.action == "apply" && applied.object == "east-1")
        #expect(applied.detail.hasPrefix("\(batch.changes.count) received, \(batch.changes.count) applied"))
        // Nothing new: a second delivery applies nothing and records nothing.
        let count = try Self.entries(hq).count
        try hq.apply(batch.changes, covers: batch.covers, peer: "east-1")
        #expect(try Self.entries(hq).count == count)
        if case .intact = try Self.verify(hq) {} else { Issue.record("hq's chain broke") }
    }
}

extension ReplicaFixture {
    /// Changes the database behind the replica's back, as someone with the sqlite3 shell would.
    func tamper(_ replica: Replica, _ sql: String) throws {
        let queue = try DatabaseQueue(path: replica.path)
        try queue.write { try $0.execute(sql: sql) }
    }
}
