import Foundation
import GRDB
import SyncProtocol
import Synchronization

/// Maps origin site ids to the small ordinals stored in clock rows and append-only rows: the ordinal and the
/// 16-byte blob of `outpost_sites.site_id` are storage details of the replica, and outside this registry (and
/// the SQL that joins on them) a site is a `SiteID`.
///
/// Ordinals are assigned once and never change, so a cache shared by every connection of the process stays
/// valid even when another process registers sites. Only committed rows are cached (see ``preload(_:)``);
/// a miss reads (or inserts) in the current transaction.
final class SiteRegistry: Sendable {
    private struct State {
        var ordinals: [SiteID: Int64] = [:]
        var sites: [Int64: SiteID] = [:]
    }
    private let state = Mutex(State())

    /// The ordinal of `site`, registering it in `db` when it is new. Called inside write transactions, whose
    /// inserts may still roll back, so what it reads or inserts is not cached.
    func ordinal(of site: SiteID, _ db: Database) throws -> Int64 {
        if let existing = try registeredOrdinal(of: site, db) { return existing }
        try db.execute(sql: "INSERT INTO outpost_sites (site_id) VALUES (?)", arguments: [Self.blob(site)])
        return db.lastInsertedRowID
    }

    /// The ordinal of `site` if it is registered; registers nothing (reads may call it).
    func registeredOrdinal(of site: SiteID, _ db: Database) throws -> Int64? {
        if let known = state.withLock({ $0.ordinals[site] }) { return known }
        return try Int64.fetchOne(
            db, sql: "SELECT ordinal FROM outpost_sites WHERE site_id = ?", arguments: [Self.blob(site)])
    }

    /// The stored form of a site id.
    static func blob(_ site: SiteID) -> Data { Data(site.bytes) }

    /// Caches every committed site; call from a read (which sees only committed rows).
    func preload(_ db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT ordinal, site_id FROM outpost_sites") {
            let bytes: Data = row[1]
            if let site = SiteID(bytes: bytes) { remember(site, row[0]) }
        }
    }

    /// The site of `ordinal`, or nil for the placeholder ordinal 0.
    func site(of ordinal: Int64, _ db: Database) throws -> SiteID? {
        if ordinal == 0 { return nil }
        if let known = state.withLock({ $0.sites[ordinal] }) { return known }
        guard
            let bytes = try Data.fetchOne(
                db, sql: "SELECT site_id FROM outpost_sites WHERE ordinal = ?", arguments: [ordinal])
        else { return nil }
        return SiteID(bytes: bytes)
    }

    private func remember(_ site: SiteID, _ ordinal: Int64) {
        state.withLock {
            $0.ordinals[site] = ordinal
            $0.sites[ordinal] = site
        }
    }
}
