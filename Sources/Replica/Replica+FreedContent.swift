import Foundation
import GRDB

/// After an erasure, no copy of the erased values may survive in the database files: the writer connections run
/// with `secure_delete` (freed content is zeroed), and ``purgeFreedContent()`` rebuilds the database (`VACUUM`:
/// no free page or stale cell of an earlier layout remains) and empties the WAL (`wal_checkpoint(TRUNCATE)`:
/// older frames of rewritten pages are gone).
extension Replica {
    /// Rebuilds the database and truncates its WAL. Takes as long as copying the database once; for erasures,
    /// which are rare. Throws when readers kept the WAL from being emptied for 5 s.
    public func purgeFreedContent() throws {
        try pool.writeWithoutTransaction { db in try db.execute(sql: "VACUUM") }
        for attempt in 0..<250 {
            // (busy, log frames, checkpointed frames); busy = 0 once every frame is in the database and the
            // WAL is truncated.
            let busy = try pool.writeWithoutTransaction { db in
                try Int.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") ?? 1
            }
            if busy == 0 { return }
            if attempt < 249 { Thread.sleep(forTimeInterval: 0.02) }
        }
        throw DatabaseError(
            resultCode: .SQLITE_BUSY, message: "could not empty the WAL after an erasure: readers kept it busy for 5 s")
    }
}
