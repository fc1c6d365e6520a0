import CRM
import Foundation
import GRDB
import Replica
import Sync
import TestSupport
import Testing

/// Modules declare their tables; the replica checks the declarations, creates them, and lets only the
/// declaring module write its local tables.
@Suite struct TableDeclarationTests {
    static func local(_ name: String) -> TableSchema {
        TableSchema(id: 0, name: name, keyColumns: ["id"], columns: ["note"], kind: .local, scope: .thisNode)
    }

    static func open(_ owners: [TableOwner], in scratch: ScratchDirectory) throws -> Replica {
        try Replica.create(
            at: scratch.path("r-\(UUID()).sqlite"), identity: NodeIdentity(name: "t", role: .office, region: "east"),
            declaring: TestReplicas.declarations + owners.map(\.declaration))
    }

    @Test func crmDeclaresTheScopeKeyOfEveryReplicatedTable() throws {
        let scratch = try ScratchDirectory()
        let replica = try TestReplicas.create("a", in: scratch)
        var scopes: [String: TableScope] = [:]
        for table in replica.tables.replicated { scopes[table.name] = table.scope }
        let customer = TableScope.parent(table: "customers", column: "customer_id")
        #expect(
            scopes == [
                "customers": .column("region"), "orders": customer, "interactions": customer,
                "customer_tags": customer, "campaign_members": customer, "products": .companyWide,
                "campaigns": .companyWide, "segments": .companyWide, "compliance_violations": customer,
                "customer_erasures": customer, "stock": .column("region"),
            ])
        #expect(replica.tables.owner(of: "customers") == "crm")
        #expect(replica.tables.owner(of: "outpost_segment_runs") == "crm")
        #expect(replica.tables.owner(of: "outpost_peers") == "sync")
        #expect(replica.tables.owner(of: "outpost_log") == "replica")
        #expect(replica.tables.table(named: "outpost_peers") == nil, "local tables are not replicated")
        #expect(replica.tables.declared(named: "outpost_peers")?.kind == .local)
    }

    @Test func contradictoryDeclarationsAreRefused() throws {
        let scratch = try ScratchDirectory()
        let bad: [(TableSchema, String)] = [
            (Self.local("customers"), "also declared by crm"),
            (
                TableSchema(
                    id: 1, name: "t1", keyColumns: ["id"], columns: [], kind: .mutable, scope: .companyWide),
                "wire number 1"
            ),
            (
                TableSchema(
                    id: 40, name: "t2", keyColumns: ["id"], columns: ["a"], kind: .mutable, scope: .column("region")),
                "no scope column region"
            ),
            (
                TableSchema(
                    id: 41, name: "t3", keyColumns: ["id"], columns: ["peer"], kind: .mutable,
                    scope: .parent(table: "outpost_peers", column: "peer")),
                "not a replicated parent"
            ),
            (
                TableSchema(id: 42, name: "t4", keyColumns: ["id"], columns: [], kind: .local, scope: .thisNode),
                "wire number 0"
            ),
            (
                TableSchema(id: 43, name: "t5", keyColumns: ["id"], columns: [], kind: .mutable, scope: .thisNode),
                "needs a wire number and a scope"
            ),
        ]
        for (table, reason) in bad {
            let owner = TableOwner(module: "test", tables: [table], migrations: [])
            #expect {
                _ = try Self.open([owner], in: scratch)
            } throws: { error in
                "\(error)".contains(reason) && "\(error)".contains("module test declares table \(table.name)")
            }
        }
    }

    @Test func aModulesLocalTablesAreCreatedAndWrittenOnlyWithItsOwner() throws {
        let scratch = try ScratchDirectory()
        let owner = TableOwner(
            module: "test", tables: [Self.local("test_notes")],
            migrations: [
                TableMigration("v1-test-notes", sql: "CREATE TABLE test_notes (id TEXT PRIMARY KEY, note TEXT)")
            ])
        let replica = try Self.open([owner], in: scratch)
        #expect(try replica.verify().isEmpty)
        try replica.writeLocal(as: owner) { try $0.execute(sql: "INSERT INTO test_notes VALUES ('n1', 'hello')") }
        #expect(try replica.reader.read { try String.fetchOne($0, sql: "SELECT note FROM test_notes") } == "hello")
        // Same name and tables, but not the owner whose declaration opened the replica.
        let impostor = TableOwner(module: "test", tables: owner.tables, migrations: [])
        #expect(throws: ReplicaError.self) {
            try replica.writeLocal(as: impostor) { try $0.execute(sql: "DELETE FROM test_notes") }
        }
        #expect(try replica.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM test_notes") } == 1)
    }

    @Test func theReaderCannotWriteEvenCastBackToAPool() throws {
        let scratch = try ScratchDirectory()
        let replica = try TestReplicas.create("a", in: scratch)
        #expect(throws: DatabaseError.self) {
            try replica.reader.read { try $0.execute(sql: "INSERT INTO outpost_events (at, kind) VALUES ('x', 'y')") }
        }
        let pool = try #require(replica.reader as? DatabasePool)
        #expect(throws: DatabaseError.self) {
            try pool.write { try $0.execute(sql: "INSERT INTO outpost_events (at, kind) VALUES ('x', 'y')") }
        }
        #expect(try replica.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM outpost_events") } == 0)
    }

    @Test func aWriterReadsItsTransactionButWritesOnlyThroughCapture() throws {
        let scratch = try ScratchDirectory()
        let replica = try TestReplicas.create("a", in: scratch)
        try replica.write { writer in
            try writer.insert(.customers, key: ["C1"], values: customer("Zhang"))
            #expect(try writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM customers") } == 1)
            #expect(throws: DatabaseError.self) {
                try writer.read { try $0.execute(sql: "INSERT INTO outpost_events (at, kind) VALUES ('x', 'y')") }
            }
            try writer.update(.customers, key: ["C1"], values: ["phone": "139".databaseValue])
        }
        #expect(try replica.versionVector()[replica.identity.siteID] == 2)
        #expect(try replica.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM outpost_events") } == 0)
    }

    @Test func capturedWritesReachOnlyDeclaredReplicatedTables() throws {
        let scratch = try ScratchDirectory()
        let replica = try TestReplicas.create("a", in: scratch)
        let stray = TableSchema(
            id: 99, name: "stray", keyColumns: ["id"], columns: ["a"], kind: .mutable, scope: .companyWide)
        #expect(throws: ReplicaError.self) {
            try replica.write { try $0.insert(stray, key: ["x"], values: [:]) }
        }
        #expect(try replica.versionVector().isEmpty)
    }

    @Test func aReplicaOpenedWithoutCRMHoldsNoCRMTables() throws {
        let scratch = try ScratchDirectory()
        let replica = try Replica.create(
            at: scratch.path("bare.sqlite"), identity: NodeIdentity(name: "b", role: .office, region: "east"),
            declaring: [SyncTables.declaration])
        #expect(replica.tables.replicated.isEmpty)
        #expect(try replica.checksums().isEmpty)
        let names = try replica.reader.read {
            try String.fetchSet($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        #expect(!names.contains("customers"))
        #expect(names.isSuperset(of: ["outpost_log", "outpost_peers", "grdb_migrations"]))
        #expect(try replica.verify().isEmpty)
    }
}
