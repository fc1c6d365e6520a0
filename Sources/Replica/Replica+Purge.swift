import Foundation
import GRDB

/// What an upgrade purge removed (``Replica/purgeOutsideScope()``).
public struct ScopePurge: Sendable, Hashable {
    /// The scope the node purged for.
    public var scope: RegionScope
    /// Rows removed, by table name.
    public var rows: [String: Int]

    /// Rows removed in all.
    public var total: Int { rows.values.reduce(0, +) }
}

extension Replica {
    /// Purges, once per scope, the rows a scoped node holds outside its scope: an office upgraded from a release
    /// without region scope (which held every region), or a node whose scope was narrowed. Headquarters (`all`)
    /// only records its scope. Returns nil when this scope was purged for already; otherwise what was removed
    /// (possibly nothing). The file is then vacuumed and its WAL truncated, so no removed value stays in free
    /// pages or old WAL frames.
    public func purgeOutsideScope() throws -> ScopePurge? {
        let scope = identity.scope
        let done = try pool.read { db in
            try String.fetchOne(db, sql: "SELECT scope FROM outpost_scope_purge WHERE id = 1")
        }
        if done == scope.description { return nil }
        let counts = try pool.write { db -> [String: Int] in
            var purger = try ScopePurger(tables: tables, db: db)
            for table in tables.replicated {
                guard case .column(let column) = table.scope else { continue }
                try purger.purgeOutside(scope, table: table, column: column)
            }
            try purger.finish()
            try db.execute(
                sql: """
                    INSERT INTO outpost_scope_purge (id, scope, purged_at, rows) VALUES (1, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET scope = excluded.scope, purged_at = excluded.purged_at,
                        rows = excluded.rows
                    """, arguments: [scope.description, Timestamps.iso(Date()), purger.total])
            return purger.counts
        }
        let purge = ScopePurge(scope: scope, rows: counts)
        if purge.total > 0 {
            // Rows written before this release were deleted without secure_delete: rebuild the file once.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "VACUUM") }
            checkpointAfterPurge()
        }
        return purge
    }

    /// Records that a new replica holds nothing outside its scope (``create(at:identity:declaring:wallClock:)``).
    static func markPurged(_ db: Database, scope: RegionScope) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO outpost_scope_purge (id, scope, purged_at, rows) VALUES (1, ?, ?, 0)",
            arguments: [scope.description, Timestamps.iso(Date())])
    }

    /// Inside a merge's transaction: purges the region-scoped rows that `changes` moved out of this node's own
    /// scope (a customer headquarters moved to another region), with the rows that follow them.
    func purgeMovedAway(_ changes: [ReplicaChange], _ db: Database) throws -> [PurgedRow] {
        let own = identity.scope
        guard !own.isAll else { return [] }
        var candidates: [UInt8: Set<String>] = [:]
        for change in changes {
            guard let table = tables.table(id: change.table), case .column = table.scope, change.key.count == 1
            else { continue }
            // A move is a change of the scope column; a row created elsewhere is the sender's to filter.
            if change.column >= 0, ScopeTrail.isScopeColumn(Int(change.column), of: table) {
                candidates[table.id, default: []].insert(change.key[0])
            }
        }
        guard !candidates.isEmpty else { return [] }
        var purger = try ScopePurger(tables: tables, db: db)
        var purged: [PurgedRow] = []
        for (id, keys) in candidates.sorted(by: { $0.key < $1.key }) {
            guard let table = tables.table(id: id), case .column(let column) = table.scope,
                let keyColumn = table.keyColumns.first
            else { continue }
            for key in keys.sorted() {
                let region = try String.fetchOne(
                    db, sql: "SELECT \(column) FROM \(table.name) WHERE \(keyColumn) = ?", arguments: [key])
                guard let region, !own.contains(region) else { continue }
                let before = purger.total
                try purger.purge(table: table, keys: [key])
                purged.append(PurgedRow(table: table.name, key: [key], rows: purger.total - before))
            }
        }
        try purger.finish()
        return purged
    }

    /// Copies the WAL into the database and truncates it, so the frames that held purged rows are gone from
    /// disk (best effort: a reader holding an old snapshot defers it to a later checkpoint).
    func checkpointAfterPurge() {
        _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
    }
}
