import CRM
import Foundation
import GRDB
import Replica
import SyncProtocol
import TestSupport
import Testing

/// A node made by the release before tables were declared by module opens unchanged: same tables and
/// columns, no migration run, and it writes, syncs and checksums like a node made today.
@Suite struct LegacySchemaTests {
    static let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/legacy-schema-v1.sql")

    /// A database as that release's `outpost init` left it: its schema and migration record (plain SQL from
    /// fixtures/legacy-schema-v1.sql), the node's identity and its own site.
    static func legacyNode(at path: String, site: SiteID) throws {
        let queue = try DatabaseQueue(path: path)
        // That release's pool made every node file a WAL database.
        try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = WAL") }
        try queue.write { db in
            try db.execute(sql: try String(contentsOf: schema, encoding: .utf8))
            try db.execute(
                sql: """
                    INSERT INTO outpost_node (id, site_id, name, role, region, created_at)
                    VALUES (1, ?, 'legacy', 'office', 'east', '2026-01-01T00:00:00Z')
                    """, arguments: [Data(site.bytes)])
            try db.execute(sql: "INSERT INTO outpost_sites (site_id) VALUES (?)", arguments: [Data(site.bytes)])
        }
        try queue.close()
    }

    /// Every table and index by name, with each table's columns and declared types.
    static func shape(_ reader: any DatabaseReader) throws -> [String: [String]] {
        try reader.read { db in
            var shape: [String: [String]] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
            {
                let name: String = row["name"]
                shape[name] =
                    (row["type"] as String) == "table"
                    ? try Row.fetchAll(db, sql: "PRAGMA table_info(\(name))").map {
                        "\($0["name"] as String) \($0["type"] as String) \($0["pk"] as Int)"
                    } : ["index"]
            }
            return shape
        }
    }

    @Test func aNodeOfThePreviousReleaseUpgradesInPlaceWritesAndSyncs() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("legacy.sqlite")
        let site = SiteID.random()
        try Self.legacyNode(at: path, site: site)
        // A campaign row of the old shape (no release wrote one; the upgrade must keep it all the same).
        try DatabaseQueue(path: path).write { db in
            try db.execute(
                sql: """
                    INSERT INTO campaigns (id, name, holdout_pct, updated_at, _cl, _clocks)
                    VALUES ('K1', 'old', 10, '2026-01-01T00:00:00Z', 1, X'00')
                    """)
        }
        let before = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT type, name, sql FROM sqlite_master ORDER BY name")
        }
        #expect(before.count > 20)

        // Read-only admin commands refuse a database that still needs the campaign columns, saying what to do.
        #expect(throws: ReplicaError.self) {
            try Replica.openReadOnly(at: path, declaring: TestReplicas.declarations)
        }

        let legacy = try TestReplicas.open(path)
        let fresh = try TestReplicas.create("fresh", in: scratch)
        #expect(legacy.identity.siteID == site)
        #expect(try Self.shape(legacy.reader) == Self.shape(fresh.reader))
        let after = try legacy.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT type, name, sql FROM sqlite_master ORDER BY name")
        }
        // Only the two campaign tables (and the members' index) were rebuilt, the peer state gained its
        // refused-change counter and the compliance record (with its two indexes) was added (migration
        // v3-compliance), as were the scope trail and purge record (v2-scope-trail), the audit log (v2-audit, with its
        // index) and the erasures (v4-erasures: the replicated table with its unique index, and the local record of
        // purges) the deleted rows' scope (v4-deleted-scope) and
        // stock (v5-stock); every other table is untouched.
        let rebuilt: Set<String> = ["campaigns", "campaign_members", "campaign_members_customer", "outpost_peer_state"]
        let added: Set<String> = [
            "compliance_violations", "compliance_violations_customer", "sqlite_autoindex_compliance_violations_1",
            "outpost_scope_trail", "outpost_scope_purge",
            "outpost_audit", "outpost_audit_hlc", "customer_erasures", "sqlite_autoindex_customer_erasures_1",
            "outpost_erasures_settled", "outpost_deleted_scope", "stock",
        ]
        let peerState = after.first { $0["name"] == "outpost_peer_state" }?["sql"] as String?
        #expect(peerState?.contains("changes_refused INTEGER NOT NULL DEFAULT 0") == true)
        #expect(
            after.filter { !rebuilt.union(added).contains($0["name"]) }
                == before.filter { !rebuilt.contains($0["name"]) })
        #expect(Set(after.map { $0["name"] as String }).isSuperset(of: added))
        #expect(after.count == before.count + added.count)
        let kept = try legacy.reader.read { db in
            try Row.fetchOne(db, sql: "SELECT name, holdout_pct, updated_at, goal FROM campaigns WHERE id = 'K1'")
        }
        #expect(kept?["name"] == "old")
        #expect(kept?["holdout_pct"] == 10.0)
        #expect(kept?["updated_at"] == "2026-01-01T00:00:00Z")
        #expect(kept?["goal"] == DatabaseValue.null)
        try DatabaseQueue(path: path).write { try $0.execute(sql: "DELETE FROM campaigns WHERE id = 'K1'") }
        #expect(try legacy.verify().isEmpty)
        let readOnly = try Replica.openReadOnly(at: path, declaring: TestReplicas.declarations)
        // Eleven replicated tables since stock: the eight of that release, compliance_violations, customer_erasures
        // and stock.
        #expect(try readOnly.checksums().map(\.rows) == Array(repeating: 0, count: 11))

        try legacy.write { writer in
            try writer.insert(.customers, key: ["C1"], values: customer("Zhang"))
            try writer.insert(.customerTags, key: ["C1", "vip"], values: [:])
            try writer.append(.orders, id: "O1", values: orderRow("C1"))
            try writer.append(
                .complianceViolations, id: "V1",
                values: ["C1".databaseValue, "other".databaseValue, "2026-01-02".databaseValue, .null])
        }
        try fresh.write { writer in
            try writer.insert(.customers, key: ["C2"], values: customer("Li", region: "north"))
            try writer.append(.orders, id: "O2", values: orderRow("C2"))
        }
        try legacy.write { try $0.update(.customers, key: ["C1"], values: ["phone": "139".databaseValue]) }
        try ship(from: legacy, to: fresh)
        try ship(from: fresh, to: legacy)
        let checksums = try legacy.checksums()
        #expect(checksums == (try fresh.checksums()))
        #expect(checksums.first { $0.table == "customers" }?.rows == 2)
        #expect(checksums.first { $0.table == "orders" }?.rows == 2)
        #expect(checksums.first { $0.table == "compliance_violations" }?.rows == 1)
        #expect(try legacy.versionVector() == fresh.versionVector())
        #expect(try legacy.verify().isEmpty)
        #expect(try fresh.verify().isEmpty)
    }
}
