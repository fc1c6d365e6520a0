import GRDB

extension Replica {
    /// Prunes log entries whose cell has since taken a newer version (they are skipped when read anyway),
    /// and returns how many were removed. Safe at any time; `serve` runs it at start-up.
    @discardableResult
    public func compact() throws -> Int {
        try pool.write { db in
            try db.execute(
                sql: """
                    DELETE FROM outpost_log WHERE NOT EXISTS (
                        SELECT 1 FROM outpost_cells c WHERE c.tbl = outpost_log.tbl AND c.pk = outpost_log.pk
                        AND c.col = outpost_log.col AND c.site = outpost_log.site AND c.seq = outpost_log.seq)
                    """)
            return db.changesCount
        }
    }
}
