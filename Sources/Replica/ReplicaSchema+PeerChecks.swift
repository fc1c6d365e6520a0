import GRDB

extension ReplicaSchema {
    /// Peer checks added after v1: content divergence found by comparing digests at equal vectors, and
    /// whether the recorded peer vector was confirmed by the peer's `CaughtUp` or is only its claim.
    static func registerPeerCheckMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-peer-checks") { db in
            try db.execute(
                sql: """
                    ALTER TABLE outpost_peer_state ADD COLUMN diverged TEXT;
                    ALTER TABLE outpost_peer_state ADD COLUMN diverged_at TEXT;
                    ALTER TABLE outpost_peer_state ADD COLUMN peer_heads_verified INTEGER NOT NULL DEFAULT 0;
                    """)
        }
    }
}
