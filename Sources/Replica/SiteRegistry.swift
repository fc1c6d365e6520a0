import Foundation
import GRDB
import Synchronization

/// Maps origin site ids to the small ordinals stored in clock rows and append-only rows.
///
/// Ordinals are assigned once and never change, so a cache shared by every connection of the process stays
/// valid even when another process registers sites. Only committed rows are cached (see ``preload(_:)``);
/// a miss reads (or inserts) in the current transaction.
final class SiteRegistry: Sendable {
    private struct State {
        var ordinals: [UUID: Int64] = [:]
        var sites: [Int64: UUID] = [:]
    }
    private let state = Mutex(State())

    /// The ordinal of `site`, registering it in `db` when it is new. Called inside write transactions, whose
    /// inserts may still roll back, so what it reads or inserts is not cached.
    func ordinal(of site: UUID, _ db: Database) throws -> Int64 {
        if let known = state.withLock({ $0.ordinals[site] }) { return known }
        let bytes = Data(site.bytes)
        if let existing = try Int64.fetchOne(
            db, sql: "SELECT ordinal FROM outpost_sites WHERE site_id = ?", arguments: [bytes])
        {
            return existing
        }
        try db.execute(sql: "INSERT INTO outpost_sites (site_id) VALUES (?)", arguments: [bytes])
        return db.lastInsertedRowID
    }

    /// Caches every committed site; call from a read (which sees only committed rows).
    func preload(_ db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT ordinal, site_id FROM outpost_sites") {
            let bytes: Data = row[1]
            if let site = UUID(bytes: bytes) { remember(site, row[0]) }
        }
    }

    /// The site of `ordinal`, or nil for the placeholder ordinal 0.
    func site(of ordinal: Int64, _ db: Database) throws -> UUID? {
        if ordinal == 0 { return nil }
        if let known = state.withLock({ $0.sites[ordinal] }) { return known }
        guard
            let bytes = try Data.fetchOne(
                db, sql: "SELECT site_id FROM outpost_sites WHERE ordinal = ?", arguments: [ordinal])
        else { return nil }
        return UUID(bytes: bytes)
    }

    private func remember(_ site: UUID, _ ordinal: Int64) {
        state.withLock {
            $0.ordinals[site] = ordinal
            $0.sites[ordinal] = site
        }
    }
}
