import Foundation
import GRDB
import Replica
import SyncProtocol

/// Changes too large to replicate (`outpost_quarantine`): recorded by the sender when it skips one, listed by
/// `outpost status` and `doctor`.
extension PeerBook {
    /// One quarantined change.
    public struct QuarantineRecord: Sendable, Equatable {
        public var site: SiteID?
        public var seq: UInt64
        public var table: String
        /// Key values joined by `/`.
        public var row: String
        /// The column, `(row)` for a whole row image or append-only row.
        public var column: String
        /// Its encoded size on the wire.
        public var bytes: Int
        public var reason: String
        public var at: String
    }

    /// Records that `change` was skipped; returns false when it was already recorded.
    @discardableResult
    func quarantine(_ change: ReplicaChange, bytes: Int, reason: String) -> Bool {
        let table = replica.tables.table(id: change.table)
        let column =
            change.column >= 0
            ? table.flatMap { Int(change.column) < $0.columns.count ? $0.columns[Int(change.column)] : nil }
                ?? "\(change.column)" : "(row)"
        let inserted = try? replica.writeLocal(as: SyncTables.owner) { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO outpost_quarantine (site, seq, tbl, pk, col, bytes, reason, at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    Data(change.version.site.bytes), Int64(bitPattern: change.version.seq),
                    table?.name ?? "\(change.table)", change.key.joined(separator: "\u{1F}"), column, bytes, reason,
                    timestamp(),
                ])
            return db.changesCount > 0
        }
        return inserted ?? false
    }

    /// Every quarantined change that still stands, oldest first; empty on a database from before quarantine
    /// existed.
    /// `tables` are the replica's replicated tables (``Replica/tables``).
    public static func quarantined(_ db: Database, tables: [TableSchema]) throws -> [QuarantineRecord] {
        guard try db.tableExists("outpost_quarantine") else { return [] }
        var records: [QuarantineRecord] = []
        for row in try Row.fetchAll(db, sql: "SELECT * FROM outpost_quarantine ORDER BY at, seq") {
            let site: Data = row["site"]
            let seq: Int64 = row["seq"]
            let table: String = row["tbl"]
            let pk: String = row["pk"]
            let column: String = row["col"]
            guard try stands(db, table: tables.first { $0.name == table }, pk: pk, column: column, site: site, seq: seq)
            else { continue }
            records.append(
                QuarantineRecord(
                    site: SiteID(bytes: site), seq: UInt64(bitPattern: seq), table: table,
                    row: pk.replacingOccurrences(of: "\u{1F}", with: "/"), column: column, bytes: row["bytes"],
                    reason: row["reason"], at: row["at"]))
        }
        return records
    }

    /// Whether a quarantined change is still the current version of what it wrote: once the user fixed it (a
    /// re-created row, an edited field), a newer change replicates instead and the entry is no longer reported.
    private static func stands(
        _ db: Database, table: TableSchema?, pk: String, column: String, site: Data, seq: Int64
    ) throws -> Bool {
        guard let schema = table else { return true }
        if column == "(row)" {
            // Append-only rows are never superseded; a row image is current while its existence marker is.
            guard schema.kind == .mutable else { return true }
            return try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM outpost_cells c JOIN outpost_sites s ON s.ordinal = c.site
                        WHERE c.tbl = ? AND c.pk = ? AND c.col = -1 AND c.seq = ? AND s.site_id = ?)
                    """, arguments: [Int64(schema.id), pk, seq, site]) ?? true
        }
        // A cell's clock lives in its row; the change log keeps the entry until compaction (at `serve` start-up)
        // finds it superseded.
        return try Bool.fetchOne(
            db,
            sql: """
                SELECT EXISTS (SELECT 1 FROM outpost_log l JOIN outpost_sites s ON s.ordinal = l.site
                    WHERE l.seq = ? AND s.site_id = ?)
                """, arguments: [seq, site]) ?? true
    }
}
