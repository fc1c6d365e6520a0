import Replica

/// The tables the Sync module owns and declares to ``Replica``, all local: peers, what was learned of them,
/// the sync journal, resolved conflicts and quarantined changes.
public enum SyncTables {
    /// The write key of Sync's tables; internal, so no other module can write them.
    static let owner = TableOwner(
        module: "sync",
        tables: [
            local("outpost_peers", key: ["name"], ["endpoint", "public_key", "role", "region", "added_at"]),
            local(
                "outpost_peer_state", key: ["name"],
                [
                    "site_id", "state", "last_contact", "last_sync", "peer_heads", "peer_heads_at", "changes_sent",
                    "changes_received", "bytes_sent", "bytes_received", "last_error", "last_error_at",
                    "clock_skew_ms", "diverged", "diverged_at", "peer_heads_verified", "changes_refused",
                ]),
            local("outpost_events", key: ["id"], ["at", "peer", "kind", "detail"]),
            local(
                "outpost_conflicts", key: ["id"],
                [
                    "at", "peer", "tbl", "pk", "col", "winner_value", "winner_hlc", "winner_site", "loser_value",
                    "loser_hlc", "loser_site",
                ]),
            local("outpost_quarantine", key: ["site", "seq"], ["tbl", "pk", "col", "bytes", "reason", "at"]),
        ],
        migrations: [
            TableMigration(
                "v1-sync-bookkeeping",
                sql: """
                    CREATE TABLE outpost_peers (
                        name TEXT PRIMARY KEY NOT NULL, endpoint TEXT, public_key TEXT NOT NULL UNIQUE,
                        role TEXT, region TEXT, added_at TEXT NOT NULL
                    );
                    -- What this node last learned of each peer; survives restarts for `outpost status`.
                    CREATE TABLE outpost_peer_state (
                        name TEXT PRIMARY KEY NOT NULL, site_id BLOB, state TEXT NOT NULL DEFAULT 'offline',
                        last_contact TEXT, last_sync TEXT, peer_heads TEXT, peer_heads_at TEXT,
                        changes_sent INTEGER NOT NULL DEFAULT 0, changes_received INTEGER NOT NULL DEFAULT 0,
                        bytes_sent INTEGER NOT NULL DEFAULT 0, bytes_received INTEGER NOT NULL DEFAULT 0,
                        last_error TEXT, last_error_at TEXT, clock_skew_ms INTEGER
                    );
                    CREATE TABLE outpost_events (
                        id INTEGER PRIMARY KEY, at TEXT NOT NULL, peer TEXT, kind TEXT NOT NULL, detail TEXT
                    );
                    CREATE INDEX outpost_events_at ON outpost_events(at);
                    CREATE TABLE outpost_conflicts (
                        id INTEGER PRIMARY KEY, at TEXT NOT NULL, peer TEXT, tbl TEXT NOT NULL, pk TEXT NOT NULL,
                        col TEXT NOT NULL, winner_value, winner_hlc INTEGER NOT NULL, winner_site BLOB NOT NULL,
                        loser_value, loser_hlc INTEGER NOT NULL, loser_site BLOB NOT NULL
                    );
                    CREATE INDEX outpost_conflicts_at ON outpost_conflicts(at);
                    """),
            // Peer checks added after v1: content divergence found by comparing digests at equal vectors, and
            // whether the recorded peer vector was confirmed by the peer's `CaughtUp` or is only its claim.
            TableMigration(
                "v2-peer-checks",
                sql: """
                    ALTER TABLE outpost_peer_state ADD COLUMN diverged TEXT;
                    ALTER TABLE outpost_peer_state ADD COLUMN diverged_at TEXT;
                    ALTER TABLE outpost_peer_state ADD COLUMN peer_heads_verified INTEGER NOT NULL DEFAULT 0;
                    """),
            // Local changes a peer could never accept (a value above the wire's size limits): the sender skips
            // them instead of retrying forever, and `status` and `doctor` list them until they are fixed.
            TableMigration(
                "v1-sync-quarantine",
                sql: """
                    CREATE TABLE outpost_quarantine (
                        site BLOB NOT NULL, seq INTEGER NOT NULL, tbl TEXT NOT NULL, pk TEXT NOT NULL,
                        col TEXT NOT NULL, bytes INTEGER NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL,
                        PRIMARY KEY (site, seq)
                    ) WITHOUT ROWID;
                    """),
            // Changes a peer wrote outside the region scope granted to it: not applied, counted for `status`.
            TableMigration(
                "v3-peer-refused",
                sql: "ALTER TABLE outpost_peer_state ADD COLUMN changes_refused INTEGER NOT NULL DEFAULT 0;"),
        ])

    /// What a replica opens with to sync.
    public static var declaration: TableDeclaration { owner.declaration }

    static func local(_ name: String, key: [String], _ columns: [String]) -> TableSchema {
        TableSchema(id: 0, name: name, keyColumns: key, columns: columns, kind: .local, scope: .thisNode)
    }
}
