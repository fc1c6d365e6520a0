import GRDB

extension ReplicaSchema {
    /// The campaign columns beyond the first schema (issue 13): on `campaigns` the goal filter, attribution days,
    /// the creating node, and the launch (as-of day, time, node); on `campaign_members` the holdout bucket and a
    /// contact note. Nothing wrote either table before campaigns existed, so both are rebuilt with the columns in
    /// place (before `updated_at`, where `scripts/checksum-reference.sh` expects a table's own columns); a table
    /// that somehow holds rows gets them added at the end instead.
    static func registerCampaignMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v1-campaign-columns") { db in
            let campaigns = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM campaigns") ?? 0
            let members = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM campaign_members") ?? 0
            guard campaigns == 0, members == 0 else {
                try db.execute(
                    sql: """
                        ALTER TABLE campaigns ADD COLUMN goal TEXT;
                        ALTER TABLE campaigns ADD COLUMN attribution_days INTEGER;
                        ALTER TABLE campaigns ADD COLUMN created_by TEXT;
                        ALTER TABLE campaigns ADD COLUMN launched_on TEXT;
                        ALTER TABLE campaigns ADD COLUMN launched_at TEXT;
                        ALTER TABLE campaigns ADD COLUMN launched_by TEXT;
                        ALTER TABLE campaign_members ADD COLUMN bucket INTEGER;
                        ALTER TABLE campaign_members ADD COLUMN note TEXT;
                        """)
                return
            }
            try db.execute(
                sql: """
                    DROP TABLE campaigns;
                    DROP TABLE campaign_members;
                    CREATE TABLE campaigns (
                        id TEXT PRIMARY KEY NOT NULL, name TEXT, segment TEXT, channel TEXT, starts_on TEXT,
                        ends_on TEXT, holdout_pct REAL, region TEXT, status TEXT, created_at TEXT,
                        goal TEXT, attribution_days INTEGER, created_by TEXT, launched_on TEXT, launched_at TEXT,
                        launched_by TEXT, updated_at TEXT, _cl INTEGER NOT NULL DEFAULT 1, _clocks BLOB
                    ) WITHOUT ROWID;
                    CREATE TABLE campaign_members (
                        campaign_id TEXT NOT NULL, customer_id TEXT NOT NULL, member_group TEXT, assigned_at TEXT,
                        contacted_at TEXT, outcome TEXT, bucket INTEGER, note TEXT, updated_at TEXT,
                        _cl INTEGER NOT NULL DEFAULT 1, _clocks BLOB, PRIMARY KEY (campaign_id, customer_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX campaign_members_customer ON campaign_members(customer_id);
                    """)
        }
    }
}
