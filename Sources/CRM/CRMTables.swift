import Replica

/// The tables the CRM module owns and declares to ``Replica``: the eleven replicated CRM tables and the local
/// tables of segmentation and tiering (derived data, recomputed on each node, never replicated).
///
/// Scope keys: customers and stock by `region`; orders, interactions, compliance violations, erasures, customer
/// tags and campaign members follow their customer; products, campaigns and segments are company-wide.
public enum CRMTables {
    /// The write key of CRM's local tables; internal, so no other module can write them.
    static let owner = TableOwner(
        module: "crm",
        tables: replicated + [
            local("outpost_segment_runs", key: ["id"], ["segment", "expression", "as_of", "run_at", "members"]),
            local("outpost_segment_members", key: ["run_id", "customer_id"], []),
            local("outpost_tier_runs", key: ["id"], ["as_of", "run_at", "customers"]),
            local("outpost_tier_standings", key: ["run_id", "customer_id"], ["tier", "stars"]),
            local("outpost_erasures_settled", key: ["erasure_id"], ["settled_at"]),
        ],
        migrations: [
            // `_cl` is the row's causal length (odd: alive). `updated_at` is derived from the newest cell clock.
            // Append-only rows carry their origin; no per-row index on it (runs locate them).
            TableMigration(
                "v1-replicated-tables",
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
                    """),
            TableMigration(
                "v1-analytics",
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
                    """),
            // Campaigns: the goal filter, attribution days, the creating node and the launch (as-of day, time,
            // node); on members the holdout bucket and a contact note. Rebuilt (rows kept) rather than altered so
            // the new columns sit before `updated_at` like every table's own columns; their column numbers are
            // appended to the declarations, so stored cell clocks keep their meaning.
            TableMigration(
                "v1-campaign-columns",
                sql: """
                    CREATE TABLE campaigns_rebuilt (
                        id TEXT PRIMARY KEY NOT NULL, name TEXT, segment TEXT, channel TEXT, starts_on TEXT,
                        ends_on TEXT, holdout_pct REAL, region TEXT, status TEXT, created_at TEXT,
                        goal TEXT, attribution_days INTEGER, created_by TEXT, launched_on TEXT, launched_at TEXT,
                        launched_by TEXT, updated_at TEXT, _cl INTEGER NOT NULL DEFAULT 1, _clocks BLOB
                    ) WITHOUT ROWID;
                    INSERT INTO campaigns_rebuilt (id, name, segment, channel, starts_on, ends_on, holdout_pct,
                        region, status, created_at, updated_at, _cl, _clocks)
                        SELECT id, name, segment, channel, starts_on, ends_on, holdout_pct, region, status,
                            created_at, updated_at, _cl, _clocks FROM campaigns;
                    DROP TABLE campaigns;
                    ALTER TABLE campaigns_rebuilt RENAME TO campaigns;
                    CREATE TABLE campaign_members_rebuilt (
                        campaign_id TEXT NOT NULL, customer_id TEXT NOT NULL, member_group TEXT, assigned_at TEXT,
                        contacted_at TEXT, outcome TEXT, bucket INTEGER, note TEXT, updated_at TEXT,
                        _cl INTEGER NOT NULL DEFAULT 1, _clocks BLOB, PRIMARY KEY (campaign_id, customer_id)
                    ) WITHOUT ROWID;
                    INSERT INTO campaign_members_rebuilt (campaign_id, customer_id, member_group, assigned_at,
                        contacted_at, outcome, updated_at, _cl, _clocks)
                        SELECT campaign_id, customer_id, member_group, assigned_at, contacted_at, outcome,
                            updated_at, _cl, _clocks FROM campaign_members;
                    DROP TABLE campaign_members;
                    ALTER TABLE campaign_members_rebuilt RENAME TO campaign_members;
                    CREATE INDEX campaign_members_customer ON campaign_members(customer_id);
                    """),
            // The compliance record (replica schema version 3): append-only like orders, its id derived from
            // the violation itself (``ComplianceViolation/id``) so recording or importing it twice adds nothing.
            TableMigration(
                "v3-compliance",
                sql: """
                    CREATE TABLE compliance_violations (
                        id TEXT NOT NULL UNIQUE, customer_id TEXT, kind TEXT, at TEXT, note TEXT,
                        _site INTEGER NOT NULL, _seq INTEGER NOT NULL
                    );
                    CREATE INDEX compliance_violations_customer ON compliance_violations(customer_id, at);
                    """),
            // Erasures (replica schema version 4, CustomerErasure): replicated like the compliance record; which
            // of them this node has purged locally is its own business.
            TableMigration(
                "v4-erasures",
                sql: """
                    CREATE TABLE customer_erasures (
                        id TEXT NOT NULL UNIQUE, customer_id TEXT, erased_at TEXT,
                        _site INTEGER NOT NULL, _seq INTEGER NOT NULL
                    );
                    CREATE TABLE outpost_erasures_settled (
                        erasure_id TEXT PRIMARY KEY NOT NULL, settled_at TEXT NOT NULL
                    ) WITHOUT ROWID;
                    """),
            // Stock per region and product (replica schema version 5), scoped by its region.
            TableMigration(
                "v5-stock",
                sql: """
                    CREATE TABLE stock (
                        region TEXT NOT NULL, sku TEXT NOT NULL, on_hand INTEGER, min_level INTEGER,
                        max_level INTEGER, lead_time_days INTEGER, counted_at TEXT, updated_at TEXT,
                        _cl INTEGER NOT NULL DEFAULT 1, _clocks BLOB, PRIMARY KEY (region, sku)
                    ) WITHOUT ROWID;
                    """),
        ])

    /// What a replica opens with to hold CRM data.
    public static var declaration: TableDeclaration { owner.declaration }

    /// Every replicated CRM table, parents before children.
    public static let replicated: [TableSchema] = [
        .customers, .products, .orders, .interactions, .customerTags, .campaigns, .campaignMembers, .segments,
        .complianceViolations, .customerErasures, .stock,
    ]

    /// The replicated CRM table called `name`.
    public static func table(named name: String) -> TableSchema? { replicated.first { $0.name == name } }

    static func local(_ name: String, key: [String], _ columns: [String]) -> TableSchema {
        TableSchema(id: 0, name: name, keyColumns: key, columns: columns, kind: .local, scope: .thisNode)
    }
}
