import Foundation
import GRDB
import Replica

/// Changes too large to replicate (`outpost_quarantine`): recorded by the sender when it skips one, listed by
/// `outpost status` and `doctor`.
extension PeerBook {
    /// One quarantined change.
    public struct QuarantineRecord: Sendable, Equatable {
        public var site: UUID?
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
        let table = TableSchema.table(id: change.table)
        let column =
            change.column >= 0
            ? table.flatMap { Int(change.column) < $0.columns.count ? $0.columns[Int(change.column)] : nil }
                ?? "\(change.column)" : "(row)"
        let inserted = try? replica.pool.write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO outpost_quarantine (site, seq, tbl, pk, col, bytes, reason, at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    Data(change.version.site.bytes), Int64(bitPattern: change.version.seq),
                    table?.name ?? "\(change.table)", change.key.joined(separator: "/"), column, bytes, reason,
                    Timestamps.iso(Date()),
                ])
            return db.changesCount > 0
        }
        return inserted ?? false
    }

    /// Every quarantined change, oldest first; empty on a database from before quarantine existed.
    public static func quarantined(_ db: Database) throws -> [QuarantineRecord] {
        guard try db.tableExists("outpost_quarantine") else { return [] }
        return try Row.fetchAll(db, sql: "SELECT * FROM outpost_quarantine ORDER BY at, seq").map { row in
            let site: Data = row["site"]
            let seq: Int64 = row["seq"]
            return QuarantineRecord(
                site: UUID(bytes: site), seq: UInt64(bitPattern: seq), table: row["tbl"], row: row["pk"],
                column: row["col"], bytes: row["bytes"], reason: row["reason"], at: row["at"])
        }
    }
}
