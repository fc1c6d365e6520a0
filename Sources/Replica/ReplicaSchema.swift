import GRDB

/// Schema and migrations of a node's database.
///
/// Replicated tables carry no `NOT NULL` or `CHECK` constraints beyond their keys: a merge must be able to
/// hold any state that converging replicas can pass through (a cell may arrive before its row's other cells).
/// Validation happens where data enters (import, CLI). Tables named `outpost_*` are local-only bookkeeping.
enum ReplicaSchema {
    /// Bumped whenever replicated content changes shape; peers with another version are refused.
    static let version: UInt32 = 1

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-replicated-tables") { db in
            // `_cl` is the row's causal length (odd: alive). `updated_at` is derived from the newest cell clock.
            try db.execute(
                sql: """
                    CREATE TABLE customers (
                        id TEXT PRIMARY KEY NOT NULL, licence_no TEXT, name TEXT, owner TEXT, phone TEXT,
                        region TEXT, district TEXT, address TEXT, channel TEXT, business_type TEXT,
                        opened_on TEXT, status TEXT, marketing_consent INTEGER, created_at TEXT, updated_at TEXT,
                        _cl INTEGER NOT NULL DEFAULT 1, _clocks BLOB
                    ) WITHOUT ROWID;
                    CREATE INDEX customers_region ON customers(region);
                    CREATE TABLE products (
                        sku TEXT PRIMARY KEY NOT NULL, name TEXT, brand TEXT, price_tier TEXT, category TEXT,
                        unit_price REAL, updated_at TEXT, _cl INTEGER NOT NULL DEFAULT 1, _clocks BLOB
                    ) WITHOUT ROWID;
                    CREATE TABLE customer_tags (
                        customer_id TEXT NOT NULL, tag TEXT NOT NULL, updated_at TEXT,
                        _cl INTEGER NOT NULL DEFAULT 1, _clocks BLOB, PRIMARY KEY (customer_id, tag)
                    ) WITHOUT ROWID;
                    CREATE TABLE campaigns (
                        id TEXT PRIMARY KEY NOT NULL, name TEXT, segment TEXT, channel TEXT, starts_on TEXT,
                        ends_on TEXT, holdout_pct REAL, region TEXT, status TEXT, created_at TEXT, updated_at TEXT,
                        _cl INTEGER NOT NULL DEFAULT 1, _clocks BLOB
                    ) WITHOUT ROWID;
                    CREATE TABLE campaign_members (
                        campaign_id TEXT NOT NULL, customer_id TEXT NOT NULL, member_group TEXT, assigned_at TEXT,
                        contacted_at TEXT, outcome TEXT, updated_at TEXT, _cl INTEGER NOT NULL DEFAULT 1, _clocks BLOB,
                        PRIMARY KEY (campaign_id, customer_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX campaign_members_customer ON campaign_members(customer_id);
                    CREATE TABLE segments (
                        name TEXT PRIMARY KEY NOT NULL, expression TEXT, description TEXT, created_at TEXT,
                        updated_at TEXT, _cl INTEGER NOT NULL DEFAULT 1, _clocks BLOB
                    ) WITHOUT ROWID;
                    """)
            // Append-only rows carry their origin; no per-row index on it (runs below locate them).
            try db.execute(
                sql: """
                    CREATE TABLE orders (
                        id TEXT NOT NULL UNIQUE, customer_id TEXT, ordered_at TEXT, sku TEXT,
                        quantity INTEGER, amount REAL, channel TEXT,
                        _site INTEGER NOT NULL, _seq INTEGER NOT NULL
                    );
                    CREATE INDEX orders_customer ON orders(customer_id, ordered_at);
                    CREATE TABLE interactions (
                        id TEXT NOT NULL UNIQUE, customer_id TEXT, at TEXT, kind TEXT, note TEXT,
                        _site INTEGER NOT NULL, _seq INTEGER NOT NULL
                    );
                    CREATE INDEX interactions_customer ON interactions(customer_id, at);
                    """)
        }
        migrator.registerMigration("v1-bookkeeping") { db in
            try db.execute(
                sql: """
                    CREATE TABLE outpost_node (
                        id INTEGER PRIMARY KEY CHECK (id = 1), site_id BLOB NOT NULL, name TEXT NOT NULL,
                        role TEXT NOT NULL, region TEXT NOT NULL, created_at TEXT NOT NULL,
                        hlc INTEGER NOT NULL DEFAULT 0
                    );
                    -- Every origin site this replica knows; head_seq is its version-vector entry.
                    CREATE TABLE outpost_sites (
                        ordinal INTEGER PRIMARY KEY, site_id BLOB NOT NULL UNIQUE,
                        head_seq INTEGER NOT NULL DEFAULT 0
                    );
                    -- Existence marker of each row of a mutable table (col -1): causal length and the version of
                    -- its last create or delete. Edited cells keep their clocks in the row (`_clocks`).
                    CREATE TABLE outpost_cells (
                        tbl INTEGER NOT NULL, pk TEXT NOT NULL, col INTEGER NOT NULL, cl INTEGER NOT NULL,
                        hlc INTEGER NOT NULL, site INTEGER NOT NULL, seq INTEGER NOT NULL,
                        PRIMARY KEY (tbl, pk, col)
                    ) WITHOUT ROWID;
                    -- Where each origin's changes are, in sequence order. Appended as clocks are written and pruned
                    -- lazily (Replica.compact): an entry whose cell has since moved on is skipped when read, which
                    -- keeps a field update to one in-place clock write and one append.
                    CREATE TABLE outpost_log (
                        site INTEGER NOT NULL, seq INTEGER NOT NULL, tbl INTEGER NOT NULL, pk TEXT NOT NULL,
                        col INTEGER NOT NULL, PRIMARY KEY (site, seq)
                    ) WITHOUT ROWID;
                    -- Contiguous rowid runs of append-only rows from one origin, in place of a per-row index.
                    CREATE TABLE outpost_append_runs (
                        tbl INTEGER NOT NULL, site INTEGER NOT NULL, first_seq INTEGER NOT NULL,
                        last_seq INTEGER NOT NULL, first_rowid INTEGER NOT NULL, last_rowid INTEGER NOT NULL,
                        PRIMARY KEY (tbl, site, first_seq)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v1-sync-bookkeeping") { db in
            try db.execute(
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
                    """)
        }
        registerAnalyticsMigrations(&migrator)
        registerPeerCheckMigrations(&migrator)
        registerCampaignMigrations(&migrator)
        migrator.registerMigration("v1-sync-quarantine") { db in
            // Local changes a peer could never accept (a value above the wire's size limits): the sender skips
            // them instead of retrying forever, and `status` and `doctor` list them until they are fixed.
            try db.execute(
                sql: """
                    CREATE TABLE outpost_quarantine (
                        site BLOB NOT NULL, seq INTEGER NOT NULL, tbl TEXT NOT NULL, pk TEXT NOT NULL,
                        col TEXT NOT NULL, bytes INTEGER NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL,
                        PRIMARY KEY (site, seq)
                    ) WITHOUT ROWID;
                    """)
        }
        return migrator
    }
}
