import CRM
import Foundation
import GRDB
import Testing

@testable import Replica

/// Convergence tests compare `checksums()` with itself; these pin it to values computed without it, so a
/// broken checksum (constant, order-blind, type-blind) cannot make unequal replicas look converged.
@Suite struct ChecksumReferenceTests {
    /// From `scripts/checksum-reference.sh --fixture` (sqlite3 + xxd + sha256sum over the canonical form in
    /// docs/conflicts.md, on the hand-written rows of fixtures/checksum-reference.sql).
    static let customersHash = "a088fb420d5829574949c92d6319698b2d9f160c9b3b3714177a932ff9b3d2a6"
    static let tagsHash = "85231f5b2986622f8fe7af1b87f2c5337ff095d85c9061d31d2a598975882c0a"
    /// SHA-256 of no bytes: an empty table.
    static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// 2026-01-01T00:00:00Z, so `created_at` and the derived `updated_at` are fixed.
    static let newYear: UInt64 = 1_767_225_600_000

    /// The content of fixtures/checksum-reference.sql, written through the replica's own writer.
    private func referenceReplica(_ fixture: ReplicaFixture) throws -> Replica {
        let replica = try fixture.replica("reference", wallClock: { Self.newYear })
        try replica.write { writer in
            // Inserted out of key order: the hash must follow the key, not the insertion.
            try writer.insert(
                .customers, key: ["C2"],
                values: [
                    "name": "Li".databaseValue, "region": "west".databaseValue, "channel": "online".databaseValue,
                    "status": "active".databaseValue, "marketing_consent": 0.databaseValue,
                ])
            try writer.insert(
                .customers, key: ["C1"],
                values: [
                    "licence_no": "310101000001".databaseValue, "name": "张记便利店".databaseValue,
                    "phone": "13800000000".databaseValue, "region": "east".databaseValue,
                    "channel": "chain".databaseValue, "status": "active".databaseValue,
                    "marketing_consent": 1.databaseValue,
                ])
            try writer.insert(.customerTags, key: ["C2", "vip"], values: [:])
            try writer.insert(.customerTags, key: ["C1", "vip"], values: [:])
            try writer.insert(.customerTags, key: ["C1", "north"], values: [:])
        }
        return replica
    }

    private func checksum(_ replica: Replica, _ table: String) throws -> TableChecksum {
        try #require(try replica.checksums().first { $0.table == table })
    }

    @Test func aSmallFixedTableHashesToTheIndependentlyComputedValue() throws {
        let fixture = try ReplicaFixture()
        let replica = try referenceReplica(fixture)
        #expect(
            try checksum(replica, "customers") == TableChecksum(table: "customers", rows: 2, hash: Self.customersHash))
        #expect(
            try checksum(replica, "customer_tags")
                == TableChecksum(table: "customer_tags", rows: 3, hash: Self.tagsHash))
        #expect(try checksum(replica, "orders") == TableChecksum(table: "orders", rows: 0, hash: Self.emptyHash))
    }

    @Test func oneChangedCellChangesTheHash() throws {
        let fixture = try ReplicaFixture()
        let replica = try referenceReplica(fixture)
        try replica.write { try $0.update(.customers, key: ["C2"], values: ["phone": "1".databaseValue]) }
        let changed = try checksum(replica, "customers")
        #expect(changed.rows == 2)
        #expect(changed.hash != Self.customersHash)
        // Only customers changed; the other table's hash stays pinned.
        #expect(try checksum(replica, "customer_tags").hash == Self.tagsHash)
    }

    @Test func aValueMovedBetweenRowsChangesTheHash() throws {
        // Same multiset of values, different rows: a hash of sorted values or of counts would miss this.
        let fixture = try ReplicaFixture()
        let a = try fixture.replica("a", wallClock: { Self.newYear })
        let b = try fixture.replica("b", wallClock: { Self.newYear })
        try a.write { writer in
            try writer.insert(.products, key: ["S1"], values: ["name": "x".databaseValue, "brand": "y".databaseValue])
        }
        try b.write { writer in
            try writer.insert(.products, key: ["S1"], values: ["name": "y".databaseValue, "brand": "x".databaseValue])
        }
        let hashA = try checksum(a, "products").hash
        let hashB = try checksum(b, "products").hash
        #expect(hashA != hashB)
    }
}
