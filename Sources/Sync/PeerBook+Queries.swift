import Foundation
import GRDB
import Replica
import SyncProtocol

/// Read-only views of the peer book for `outpost status`, `log` and `conflicts`. They take a `Database`
/// so the admin commands can read through their own read-only connection while `serve` writes (WAL).
extension PeerBook {
    /// What the engine last recorded of one peer (`outpost_peer_state`).
    public struct StateRecord: Sendable {
        public var name: String
        /// The peer's node id, learned from its Hello.
        public var siteID: SiteID?
        /// As recorded; may be a stale live state when no engine runs any more.
        public var state: PeerState?
        public var lastContact: String?
        public var lastSync: String?
        /// The peer's version vector from its last Hello, Ack or CaughtUp.
        public var heads: SiteHeads?
        public var headsAt: String?
        public var changesSent: Int64
        public var changesReceived: Int64
        /// Received changes refused as outside the scope granted to the peer (not applied).
        public var changesRefused: Int64 = 0
        public var bytesSent: Int64
        public var bytesReceived: Int64
        public var lastError: String?
        public var lastErrorAt: String?
        /// Peer clock minus ours at its last Hello (includes one-way latency).
        public var clockSkewMillis: Int64?
        /// Whether `heads` was confirmed by the peer's CaughtUp (and capped by what it actually sent), rather
        /// than only claimed in its Hello or an Ack.
        public var headsVerified = false
        /// Tables whose content differed from the peer's at equal version vectors, if it has diverged.
        public var diverged: String?
        public var divergedAt: String?
    }

    /// One journal entry of `outpost_events`.
    public struct EventRecord: Sendable, Equatable {
        public var id: Int64
        public var at: String
        public var peer: String?
        public var kind: String
        public var detail: String
    }

    /// One conflict that a merge resolved (`outpost_conflicts`).
    public struct ConflictRecord: Sendable {
        public struct Side: Sendable {
            public var value: DatabaseValue
            public var hlc: UInt64
            public var site: SiteID?
        }
        public var id: Int64
        public var at: String
        /// The peer whose session brought the conflicting change.
        public var peer: String?
        public var table: String
        /// Key values joined by `/`.
        public var row: String
        public var column: String
        public var winner: Side
        public var loser: Side
    }

    /// Every peer's recorded state, by peer name.
    public static func stateRecords(_ db: Database) throws -> [String: StateRecord] {
        var records: [String: StateRecord] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM outpost_peer_state") {
            let site: Data? = row["site_id"]
            let heads: String? = row["peer_heads"]
            var record = StateRecord(
                name: row["name"], siteID: site.flatMap { SiteID(bytes: $0) },
                state: (row["state"] as String?).flatMap(PeerState.init(rawValue:)),
                lastContact: row["last_contact"], lastSync: row["last_sync"], heads: heads.map(decode),
                headsAt: row["peer_heads_at"], changesSent: row["changes_sent"],
                changesReceived: row["changes_received"], bytesSent: row["bytes_sent"],
                bytesReceived: row["bytes_received"], lastError: row["last_error"],
                lastErrorAt: row["last_error_at"], clockSkewMillis: row["clock_skew_ms"],
                headsVerified: row["peer_heads_verified"] ?? false, diverged: row["diverged"],
                divergedAt: row["diverged_at"])
            record.changesRefused = row["changes_refused"] ?? 0
            records[record.name] = record
        }
        return records
    }

    /// Journal entries after `afterID`, at or after `since` (ISO text), of one peer or all, oldest first.
    public static func events(
        _ db: Database, since: String? = nil, peer: String? = nil, afterID: Int64 = 0
    ) throws -> [EventRecord] {
        var sql = "SELECT id, at, peer, kind, detail FROM outpost_events WHERE id > ?"
        var arguments: [DatabaseValueConvertible?] = [afterID]
        if let since {
            sql += " AND at >= ?"
            arguments.append(since)
        }
        if let peer {
            sql += " AND peer = ?"
            arguments.append(peer)
        }
        return try Row.fetchAll(db, sql: sql + " ORDER BY id", arguments: StatementArguments(arguments as [Any])!).map {
            EventRecord(id: $0[0], at: $0[1], peer: $0[2], kind: $0[3], detail: $0[4] ?? "")
        }
    }

    /// Resolved conflicts at or after `since` (ISO text), oldest first.
    public static func conflictRecords(_ db: Database, since: String? = nil) throws -> [ConflictRecord] {
        let rows = try Row.fetchAll(
            db, sql: "SELECT * FROM outpost_conflicts WHERE at >= ? ORDER BY id", arguments: [since ?? ""])
        return rows.map { row in
            func side(_ prefix: String) -> ConflictRecord.Side {
                let hlc: Int64 = row["\(prefix)_hlc"]
                let site: Data? = row["\(prefix)_site"]
                return ConflictRecord.Side(
                    value: row["\(prefix)_value"] as DatabaseValue, hlc: UInt64(bitPattern: hlc),
                    site: site.flatMap { SiteID(bytes: $0) })
            }
            return ConflictRecord(
                id: row["id"], at: row["at"], peer: row["peer"], table: row["tbl"], row: row["pk"],
                column: row["col"], winner: side("winner"), loser: side("loser"))
        }
    }
}
