import GRDB

extension Replica {
    /// Prunes change-log entries whose marker or cell has since taken a newer version (they are skipped when
    /// read anyway) and returns how many were removed. Safe at any time; `serve` runs it at start-up.
    @discardableResult
    public func compact() throws -> Int {
        try pool.write { db in
            try db.execute(
                sql: """
                    DELETE FROM outpost_log WHERE col < 0 AND NOT EXISTS (
                        SELECT 1 FROM outpost_cells c WHERE c.tbl = outpost_log.tbl AND c.pk = outpost_log.pk
                        AND c.col = -1 AND c.site = outpost_log.site AND c.seq = outpost_log.seq)
                    """)
            var removed = db.changesCount
            // Cell entries: the clock lives in the row, so the check is made here.
            let store = RowStore(db)
            var stale: [(Int64, Int64)] = []
            let cursor = try Row.fetchCursor(db, sql: "SELECT site, seq, tbl, pk, col FROM outpost_log WHERE col >= 0")
            while let row = try cursor.next() {
                let site: Int64 = row[0]
                let seq: Int64 = row[1]
                guard let table = tables.table(id: UInt8(row[2] as Int64)) else { continue }
                let key = RowKey.decode(row[3])
                let entry = try store.cellClocks(table: table, key: key)?.clocks[Int(row[4] as Int64)]
                if entry?.site != site || entry.map({ Int64($0.seq) }) != seq { stale.append((site, seq)) }
            }
            for (site, seq) in stale {
                try db.execute(sql: "DELETE FROM outpost_log WHERE site = ? AND seq = ?", arguments: [site, seq])
            }
            removed += stale.count
            return removed
        }
    }
}

extension Replica {
    /// The clock of this node's newest captured change to a mutable table that still stands (orders and
    /// interactions carry no clock), read inside `db`'s transaction; nil when there is none.
    public static func lastLocalWriteClock(_ db: Database, tables: [TableSchema]) throws -> UInt64? {
        guard
            let ordinal = try Int64.fetchOne(
                db, sql: "SELECT s.ordinal FROM outpost_sites s JOIN outpost_node n ON n.site_id = s.site_id")
        else { return nil }
        let store = RowStore(db)
        let entries = try Row.fetchAll(
            db, sql: "SELECT tbl, pk, col, seq FROM outpost_log WHERE site = ? ORDER BY seq DESC LIMIT 64",
            arguments: [ordinal])
        for row in entries {
            guard let table = tables.first(where: { $0.id == UInt8(row[0] as Int64) && $0.isReplicated }) else {
                continue
            }
            let pk: String = row[1]
            let column = Int(row[2] as Int64)
            let seq = UInt64(row[3] as Int64)
            if column < 0 {
                if let marker = try store.marker(table: table, pk: pk), marker.site == ordinal, marker.seq == seq {
                    return marker.hlc
                }
            } else if let entry = try store.cellClocks(table: table, key: RowKey.decode(pk))?.clocks[column],
                entry.site == ordinal, entry.seq == seq
            {
                return entry.hlc
            }
        }
        return nil
    }
}
