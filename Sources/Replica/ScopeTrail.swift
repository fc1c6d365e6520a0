import GRDB

/// The regions a row of a region-scoped table has left, kept so that a move reaches the offices of the region
/// the row left (they purge it) as well as those of the region it entered (docs/conflicts.md, "Scope").
///
/// Recorded wherever the scope column of a row changes value: a local edit and a merged cell alike.
enum ScopeTrail {
    /// Whether `column` of `table` is its scope column (customers' `region`).
    static func isScopeColumn(_ column: Int, of table: TableSchema) -> Bool {
        guard case .column(let name) = table.scope else { return false }
        return table.columnNumber(name) == column
    }

    /// Records that the row `pk` of `table` left region `old` for `new` (nothing when they are equal or `old` is
    /// not a region).
    static func recordMove(
        _ db: Database, table: TableSchema, pk: String, from old: DatabaseValue?, to new: DatabaseValue
    )
        throws
    {
        guard let old, let region = String.fromDatabaseValue(old), !region.isEmpty else { return }
        if let next = String.fromDatabaseValue(new), next == region { return }
        try db.execute(
            sql: "INSERT OR IGNORE INTO outpost_scope_trail (tbl, pk, region) VALUES (?, ?, ?)",
            arguments: [Int64(table.id), pk, region])
    }

    /// The regions the row has left, as recorded here.
    static func regionsLeft(_ db: Database, table: TableSchema, pk: String) throws -> [String] {
        try String.fetchAll(
            db, sql: "SELECT region FROM outpost_scope_trail WHERE tbl = ? AND pk = ?",
            arguments: [Int64(table.id), pk])
    }
}
