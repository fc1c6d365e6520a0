import Foundation
import GRDB

/// Removes rows of a region-scoped table that left this node's scope, with every row that follows them, as if
/// they had never arrived: no tombstone, no clock row, no change-log entry and no trail is left, so nothing of
/// them is ever sent on (docs/conflicts.md, "Scope").
///
/// Works by sets inside the caller's write transaction: the purged keys go to temporary tables and each
/// bookkeeping table is cleared in one statement, so purging thousands of customers on upgrade scans the change
/// log once. Deleted content is overwritten in the file because the writer runs with `secure_delete`
/// (``Replica``); the caller checkpoints the WAL afterwards.
struct ScopePurger {
    let tables: TableCatalogue
    let db: Database
    /// Rows removed, by table name.
    private(set) var counts: [String: Int] = [:]

    init(tables: TableCatalogue, db: Database) throws {
        self.tables = tables
        self.db = db
        try db.execute(
            sql: """
                CREATE TEMP TABLE IF NOT EXISTS outpost_purge_rows (tbl INTEGER NOT NULL, pk TEXT NOT NULL);
                CREATE TEMP TABLE IF NOT EXISTS outpost_purge_parents (id TEXT PRIMARY KEY NOT NULL);
                DELETE FROM temp.outpost_purge_rows;
                DELETE FROM temp.outpost_purge_parents;
                """)
    }

    /// Every row of `table` (scoped by `column`) whose region is not inside `scope`; rows without a region are
    /// kept (they are not placed in any region yet).
    mutating func purgeOutside(_ scope: RegionScope, table: TableSchema, column: String) throws {
        guard case .regions(let names) = scope, let keyColumn = table.keyColumns.first, table.keyColumns.count == 1
        else { return }
        let regions = names.sorted()
        let marks = Array(repeating: "?", count: regions.count).joined(separator: ", ")
        let keys = try String.fetchAll(
            db,
            sql: "SELECT \(keyColumn) FROM \(table.name) WHERE \(column) IS NOT NULL AND \(column) NOT IN (\(marks))",
            arguments: StatementArguments(regions))
        try purge(table: table, keys: keys)
    }

    /// Removes the rows of `table` (a single-key, region-scoped table) keyed `keys` and the rows following them.
    mutating func purge(table: TableSchema, keys: [String]) throws {
        guard !keys.isEmpty, table.keyColumns.count == 1, let keyColumn = table.keyColumns.first else { return }
        try db.execute(sql: "DELETE FROM temp.outpost_purge_parents")
        let addParent = try db.makeStatement(sql: "INSERT OR IGNORE INTO temp.outpost_purge_parents (id) VALUES (?)")
        for key in keys { try addParent.execute(arguments: [key]) }
        try markRows(of: table, matching: keyColumn)
        try deleteRows(of: table, matching: keyColumn)
        for child in tables.replicated {
            guard case .parent(let parent, let column) = child.scope, parent == table.name else { continue }
            if child.kind == .mutable {
                try markRows(of: child, matching: column)
                try markTombstones(of: child, column: column)
            }
            try deleteRows(of: child, matching: column)
        }
    }

    /// Clears the clock rows, change-log entries and trail of every purged row; called once before commit.
    func finish() throws {
        try db.execute(
            sql: """
                DELETE FROM outpost_cells WHERE (tbl, pk) IN (SELECT tbl, pk FROM temp.outpost_purge_rows);
                DELETE FROM outpost_log WHERE (tbl, pk) IN (SELECT tbl, pk FROM temp.outpost_purge_rows);
                DELETE FROM outpost_scope_trail WHERE (tbl, pk) IN (SELECT tbl, pk FROM temp.outpost_purge_rows);
                DELETE FROM temp.outpost_purge_rows;
                DELETE FROM temp.outpost_purge_parents;
                """)
    }

    /// Total rows removed.
    var total: Int { counts.values.reduce(0, +) }

    /// Notes the clock keys of live rows of mutable `table` whose `column` names a purged parent.
    private func markRows(of table: TableSchema, matching column: String) throws {
        guard table.kind == .mutable else { return }
        let keyList = table.keyColumns.joined(separator: ", ")
        let rows = try Row.fetchAll(
            db,
            sql: "SELECT \(keyList) FROM \(table.name) WHERE \(column) IN (SELECT id FROM temp.outpost_purge_parents)")
        let add = try db.makeStatement(sql: "INSERT INTO temp.outpost_purge_rows (tbl, pk) VALUES (?, ?)")
        for row in rows {
            let key = (0..<table.keyColumns.count).map { (row[$0] as String?) ?? "" }
            try add.execute(arguments: [Int64(table.id), try RowKey.encode(key, table: table)])
        }
    }

    /// Notes deleted rows (markers without a base row) of mutable `table` whose key part `column` names a purged
    /// parent: their tombstones would otherwise still travel.
    private func markTombstones(of table: TableSchema, column: String) throws {
        guard let index = table.keyColumns.firstIndex(of: column) else { return }
        let parents = Set(try String.fetchAll(db, sql: "SELECT id FROM temp.outpost_purge_parents"))
        let pks = try String.fetchAll(
            db, sql: "SELECT pk FROM outpost_cells WHERE tbl = ? AND col = -1 AND cl % 2 = 0",
            arguments: [Int64(table.id)])
        let add = try db.makeStatement(sql: "INSERT INTO temp.outpost_purge_rows (tbl, pk) VALUES (?, ?)")
        for pk in pks {
            let key = RowKey.decode(pk)
            if index < key.count, parents.contains(key[index]) { try add.execute(arguments: [Int64(table.id), pk]) }
        }
    }

    private mutating func deleteRows(of table: TableSchema, matching column: String) throws {
        try db.execute(
            sql: "DELETE FROM \(table.name) WHERE \(column) IN (SELECT id FROM temp.outpost_purge_parents)")
        let removed = db.changesCount
        if removed > 0 { counts[table.name, default: 0] += removed }
        if removed > 0, table.kind == .appendOnly { try trimRuns(of: table) }
    }

    /// Fits each append run of `table` to the rows it still holds, dropping runs left empty. A purged row may
    /// come back (its customer moves back) with its old sequence under a new rowid, which must not collide with
    /// a run still starting at that sequence; and SQLite reuses the rowids of deleted rows at the end of the
    /// table, which must not fall inside an old run of another origin. Holes inside a run are harmless (the
    /// reader probes for the next row present).
    private func trimRuns(of table: TableSchema) throws {
        let id = Int64(table.id)
        try db.execute(
            sql: """
                DELETE FROM outpost_append_runs WHERE tbl = ? AND NOT EXISTS (
                    SELECT 1 FROM \(table.name) t WHERE t.rowid BETWEEN first_rowid AND last_rowid);
                UPDATE outpost_append_runs SET
                    first_rowid = (SELECT min(rowid) FROM \(table.name) t WHERE t.rowid BETWEEN first_rowid AND last_rowid),
                    last_rowid = (SELECT max(rowid) FROM \(table.name) t WHERE t.rowid BETWEEN first_rowid AND last_rowid)
                WHERE tbl = ?;
                UPDATE outpost_append_runs SET
                    first_seq = (SELECT _seq FROM \(table.name) t WHERE t.rowid = first_rowid),
                    last_seq = (SELECT _seq FROM \(table.name) t WHERE t.rowid = last_rowid)
                WHERE tbl = ?;
                """, arguments: [id, id, id])
    }
}
