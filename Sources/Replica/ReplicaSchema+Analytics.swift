import GRDB

extension ReplicaSchema {
    /// Local-only tables of segmentation: derived data, recomputed on each node and never replicated.
    static func registerAnalyticsMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v1-analytics") { db in
            try db.execute(
                sql: """
                    -- One row per `segment run` of a saved segment: the rule as it was, the as-of day, when.
                    CREATE TABLE outpost_segment_runs (
                        id INTEGER PRIMARY KEY, segment TEXT NOT NULL, expression TEXT NOT NULL,
                        as_of TEXT NOT NULL, run_at TEXT NOT NULL, members INTEGER NOT NULL
                    );
                    CREATE INDEX outpost_segment_runs_segment ON outpost_segment_runs(segment, id);
                    CREATE TABLE outpost_segment_members (
                        run_id INTEGER NOT NULL REFERENCES outpost_segment_runs(id) ON DELETE CASCADE,
                        customer_id TEXT NOT NULL, PRIMARY KEY (run_id, customer_id)
                    ) WITHOUT ROWID;
                    -- Tier and star standings per `analytics stars` run, for re-tiering against the previous one.
                    CREATE TABLE outpost_tier_runs (
                        id INTEGER PRIMARY KEY, as_of TEXT NOT NULL, run_at TEXT NOT NULL, customers INTEGER NOT NULL
                    );
                    CREATE TABLE outpost_tier_standings (
                        run_id INTEGER NOT NULL REFERENCES outpost_tier_runs(id) ON DELETE CASCADE,
                        customer_id TEXT NOT NULL, tier TEXT NOT NULL, stars INTEGER,
                        PRIMARY KEY (run_id, customer_id)
                    ) WITHOUT ROWID;
                    """)
        }
    }
}
