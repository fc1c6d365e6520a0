import Foundation
import GRDB
import Replica
import SyncProtocol

/// The node's peers and what it learned of each (state, vectors, counters, errors), plus the sync event
/// journal and the conflict log: local-only tables in the replica's database, written by the engine and read
/// by `outpost status`, `log` and `conflicts` (from other processes, through WAL).
public struct PeerBook: Sendable {
    public let replica: Replica
    /// Events kept in `outpost_events`; older ones are pruned as new ones arrive.
    public static let eventRetention = 10_000

    public init(replica: Replica) { self.replica = replica }

    /// Now by the replica's wall clock (injected in tests, like every clock of the sync path), ISO 8601.
    func timestamp(fractional: Bool = false) -> String {
        Timestamps.iso(millis: Int64(clamping: replica.wallMillis()), fractional: fractional)
    }

    public func add(_ peer: Peer) throws {
        try replica.writeLocal(as: SyncTables.owner) { db in
            try db.execute(
                sql: """
                    INSERT INTO outpost_peers (name, endpoint, public_key, role, region, added_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [peer.name, peer.endpoint, peer.publicKey, peer.role, peer.region, peer.addedAt])
            try db.execute(
                sql: "INSERT OR IGNORE INTO outpost_peer_state (name, state) VALUES (?, 'offline')",
                arguments: [peer.name])
        }
    }

    /// Removes a peer; returns false when there was none of that name.
    @discardableResult
    public func remove(name: String) throws -> Bool {
        try replica.writeLocal(as: SyncTables.owner) { db in
            try db.execute(sql: "DELETE FROM outpost_peers WHERE name = ?", arguments: [name])
            let removed = db.changesCount > 0
            try db.execute(sql: "DELETE FROM outpost_peer_state WHERE name = ?", arguments: [name])
            return removed
        }
    }

    /// Deletes what was recorded of `name` once it is no longer a peer (its sessions' last writes re-create it).
    func forgetState(_ name: String) {
        _ = try? replica.writeLocal(as: SyncTables.owner) { db in
            try db.execute(
                sql: "DELETE FROM outpost_peer_state WHERE name = ? AND name NOT IN (SELECT name FROM outpost_peers)",
                arguments: [name])
        }
    }

    public func all() throws -> [Peer] {
        try replica.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outpost_peers ORDER BY name").map { row in
                Peer(
                    name: row["name"], endpoint: row["endpoint"], publicKey: row["public_key"], role: row["role"],
                    region: row["region"], addedAt: row["added_at"])
            }
        }
    }

    /// Records a state transition and anything else learned, in one small write.
    func record(_ name: String, _ update: PeerStateUpdate) {
        _ = try? replica.writeLocal(as: SyncTables.owner) { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO outpost_peer_state (name, state) VALUES (?, 'offline')",
                arguments: [name])
            var sets: [String] = []
            var arguments: [DatabaseValueConvertible?] = []
            func set(_ column: String, _ value: DatabaseValueConvertible?) {
                sets.append("\(column) = ?")
                arguments.append(value)
            }
            if let state = update.state { set("state", state.rawValue) }
            if update.contact { set("last_contact", timestamp()) }
            if update.synced { set("last_sync", timestamp()) }
            if let site = update.site { set("site_id", Data(site.bytes)) }
            if let heads = update.peerHeads {
                set("peer_heads", Self.encode(heads))
                set("peer_heads_at", timestamp())
                set("peer_heads_verified", update.headsVerified)
            }
            if let error = update.error {
                set("last_error", error)
                set("last_error_at", timestamp())
            }
            if let skew = update.clockSkewMillis { set("clock_skew_ms", skew) }
            for (column, delta) in [
                ("changes_sent", update.changesSent), ("changes_received", update.changesReceived),
                ("bytes_sent", update.bytesSent), ("bytes_received", update.bytesReceived),
                ("changes_refused", update.changesRefused),
            ] where delta > 0 {
                sets.append("\(column) = \(column) + ?")
                arguments.append(delta)
            }
            guard !sets.isEmpty else { return }
            arguments.append(name)
            try db.execute(
                sql: "UPDATE outpost_peer_state SET \(sets.joined(separator: ", ")) WHERE name = ?",
                arguments: StatementArguments(arguments as [Any])!)
        }
    }

    /// Appends a sync event (session start/end, batches, refusals, errors) and prunes the oldest.
    public func event(_ kind: String, peer: String?, _ detail: String) {
        _ = try? replica.writeLocal(as: SyncTables.owner) { db in
            try db.execute(
                sql: "INSERT INTO outpost_events (at, peer, kind, detail) VALUES (?, ?, ?, ?)",
                arguments: [timestamp(fractional: true), peer, kind, detail])
            if db.lastInsertedRowID % 1000 == 0 {
                try db.execute(
                    sql: "DELETE FROM outpost_events WHERE id <= ?",
                    arguments: [db.lastInsertedRowID - Int64(Self.eventRetention)])
            }
        }
    }

    /// Records conflicts that a merge resolved.
    func conflicts(_ conflicts: [MergeConflict], peer: String) {
        guard !conflicts.isEmpty else { return }
        _ = try? replica.writeLocal(as: SyncTables.owner) { db in
            for conflict in conflicts {
                try db.execute(
                    sql: """
                        INSERT INTO outpost_conflicts (at, peer, tbl, pk, col, winner_value, winner_hlc, winner_site,
                            loser_value, loser_hlc, loser_site) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        timestamp(), peer, conflict.table, conflict.key.joined(separator: "/"),
                        conflict.column, conflict.winner.value, Int64(bitPattern: conflict.winner.version.hlc),
                        Data(conflict.winner.version.site.bytes), conflict.loser.value,
                        Int64(bitPattern: conflict.loser.version.hlc), Data(conflict.loser.version.site.bytes),
                    ])
            }
        }
    }

    /// Forgets the recorded conflicts of some cells of one row (their values included): an erased customer's
    /// personal fields. Returns how many were removed.
    @discardableResult
    public func forgetConflicts(table: String, key: [String], columns: Set<String>) throws -> Int {
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        return try replica.writeLocal(as: SyncTables.owner) { db in
            try db.execute(
                sql: "DELETE FROM outpost_conflicts WHERE tbl = ? AND pk = ? AND col IN (\(marks))",
                arguments: StatementArguments([table, key.joined(separator: "/")] + columns.sorted()))
            return db.changesCount
        }
    }

    /// Version vectors as stored text: `site-hex:seq,...`.
    static func encode(_ heads: SiteHeads) -> String {
        heads.sorted { $0.key < $1.key }
            .map { "\($0.key.uuidString):\($0.value)" }.joined(separator: ",")
    }

    public static func decode(_ text: String) -> SiteHeads {
        var heads = SiteHeads()
        for part in text.split(separator: ",") {
            let pieces = part.split(separator: ":")
            if pieces.count == 2, let site = SiteID(uuidString: pieces[0]), let seq = UInt64(pieces[1]) {
                heads[site] = seq
            }
        }
        return heads
    }
}

/// What a peer-state write changes; nil and zero fields are left alone.
struct PeerStateUpdate {
    var state: PeerState?
    var contact = false
    var synced = false
    var site: SiteID?
    var peerHeads: SiteHeads?
    /// Whether `peerHeads` is confirmed (the peer said it sent all it holds) rather than only claimed.
    var headsVerified = false
    var error: String?
    var clockSkewMillis: Int64?
    var changesSent = 0
    var changesReceived = 0
    /// Received changes refused as outside the peer's scope (not applied).
    var changesRefused = 0
    var bytesSent = 0
    var bytesReceived = 0

    var isEmpty: Bool {
        state == nil && !contact && !synced && site == nil && peerHeads == nil && error == nil
            && clockSkewMillis == nil && changesSent == 0 && changesReceived == 0 && changesRefused == 0
            && bytesSent == 0 && bytesReceived == 0
    }
}
