import GRDB

extension Replica {
    /// Checksums of the rows inside `scope`, in declaration order: what a node of that scope holds once synced
    /// (`outpost checksum --scope`).
    public func checksums(scope: RegionScope) throws -> [TableChecksum] {
        try pool.read { db in try tables.replicated.map { try Self.checksum(of: $0, db, scope: scope, tables: tables) }
        }
    }

    /// The version vector and the checksums of the rows inside `scope`, from one snapshot: a session's digest
    /// with a peer that holds only some regions.
    public func contentDigest(scope: RegionScope) throws -> (vector: SiteHeads, checksums: [TableChecksum]) {
        if scope.isAll { return try contentDigest() }
        return try pool.read { db in
            (
                vector: try Self.versionVector(db),
                checksums: try tables.replicated.map { try Self.checksum(of: $0, db, scope: scope, tables: tables) }
            )
        }
    }

    /// A `WHERE` clause keeping `table`'s rows inside `scope`, and the region names it binds, in order. A row
    /// that follows a parent is inside when its parent is, or when its parent was deleted inside the scope (the
    /// orders of a deleted customer stay with its region); a company-wide table is whole.
    static func scopeFilter(
        of table: TableSchema, scope: RegionScope, tables: TableCatalogue
    ) -> (sql: String, regions: [String]) {
        guard case .regions(let names) = scope else { return ("", []) }
        let regions = names.sorted()
        let marks = Array(repeating: "?", count: regions.count).joined(separator: ", ")
        switch table.scope {
        case .companyWide:
            return ("", [])
        case .thisNode:
            return ("WHERE 0", [])
        case .column(let column):
            return ("WHERE \(column) IN (\(marks))", regions)
        case .parent(let parentName, let column):
            guard let parent = tables.table(named: parentName), case .column(let parentColumn) = parent.scope,
                let parentKey = parent.keyColumns.first
            else { return ("WHERE 0", []) }
            return (
                """
                WHERE \(column) IN (SELECT \(parentKey) FROM \(parentName) WHERE \(parentColumn) IN (\(marks)))
                    OR (\(column) IN (SELECT pk FROM outpost_deleted_scope WHERE tbl = \(parent.id) AND region IN (\(marks)))
                        AND \(column) NOT IN (SELECT \(parentKey) FROM \(parentName)))
                """,
                regions + regions
            )
        }
    }
}
