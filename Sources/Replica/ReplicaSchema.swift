import GRDB

/// The replica's own tables and the migrator of every declared module.
///
/// Replicated tables carry no `NOT NULL` or `CHECK` constraints beyond their keys: a merge must be able to
/// hold any state that converging replicas can pass through (a cell may arrive before its row's other cells).
/// Validation happens where data enters (import, CLI). Tables named `outpost_*` are local-only bookkeeping.
enum ReplicaSchema {
    /// Bumped whenever replicated content changes shape; peers with another version are refused. 2: the campaign
    /// columns (CRM migration v1-campaign-columns). 3: the compliance record (CRM migration v3-compliance).
    /// 4: customer erasures (CRM migration v4-erasures).
    /// 5: stock per region and product (CRM migration v5-stock).
    static let version: UInt32 = 5

    /// The engine's bookkeeping: identity and clock, known sites and their heads, clock rows, the change log,
    /// the append runs and the audit chains. Only Replica writes them.
    static let owner = TableOwner(
        module: "replica",
        tables: [
            local("outpost_node", key: ["id"], ["site_id", "name", "role", "region", "created_at", "hlc"]),
            local("outpost_sites", key: ["ordinal"], ["site_id", "head_seq"]),
            local("outpost_cells", key: ["tbl", "pk", "col"], ["cl", "hlc", "site", "seq"]),
            local("outpost_log", key: ["site", "seq"], ["tbl", "pk", "col"]),
            local(
                "outpost_append_runs", key: ["tbl", "site", "first_seq"],
                ["last_seq", "first_rowid", "last_rowid"]),
            local("outpost_scope_trail", key: ["tbl", "pk", "region"], []),
            local("outpost_scope_purge", key: ["id"], ["scope", "purged_at", "rows"]),
            local(
                "outpost_audit", key: ["node", "seq"],
                ["hlc", "actor", "action", "object", "detail", "prev_hash", "hash"]),
            local("outpost_deleted_scope", key: ["tbl", "pk"], ["region"]),
        ],
        migrations: [
            TableMigration(
                "v1-bookkeeping",
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
                    """),
            // Region scope: every region a row of a region-scoped table has left (so the offices of its old region
            // learn it moved and purge it), and the scope this node last purged other regions' rows for (a node
            // upgraded from a release without scopes, or whose scope changed, purges once on open).
            TableMigration(
                "v2-scope-trail",
                sql: """
                    CREATE TABLE outpost_scope_trail (
                        tbl INTEGER NOT NULL, pk TEXT NOT NULL, region TEXT NOT NULL, PRIMARY KEY (tbl, pk, region)
                    ) WITHOUT ROWID;
                    CREATE TABLE outpost_scope_purge (
                        id INTEGER PRIMARY KEY CHECK (id = 1), scope TEXT NOT NULL, purged_at TEXT NOT NULL,
                        rows INTEGER NOT NULL
                    );
                    """),
            // The audit chains (AuditLog): this node's, and at headquarters the offices' too. Hashes are hex text
            // so an operator can read (and a test can tamper with) them in the sqlite3 shell.
            TableMigration(
                "v2-audit",
                sql: """
                    CREATE TABLE outpost_audit (
                        node TEXT NOT NULL, seq INTEGER NOT NULL, hlc INTEGER NOT NULL, actor TEXT NOT NULL,
                        action TEXT NOT NULL, object TEXT NOT NULL, detail TEXT NOT NULL,
                        prev_hash TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (node, seq)
                    ) WITHOUT ROWID;
                    CREATE INDEX outpost_audit_hlc ON outpost_audit(hlc);
                    """),
            // The scope value (a customer's region) of each deleted row of a column-scoped table: the base row is
            // gone, and without it neither the deletion nor the rows that follow it (orders of a deleted
            // customer) could be placed in a scope. Local: every node records what it deletes.
            TableMigration(
                "v4-deleted-scope",
                sql: """
                    CREATE TABLE outpost_deleted_scope (
                        tbl INTEGER NOT NULL, pk TEXT NOT NULL, region TEXT, PRIMARY KEY (tbl, pk)
                    ) WITHOUT ROWID;
                    """),
        ])

    static func local(_ name: String, key: [String], _ columns: [String]) -> TableSchema {
        TableSchema(id: 0, name: name, keyColumns: key, columns: columns, kind: .local, scope: .thisNode)
    }

    /// One migrator for every declared module, in declaration order. A database made before tables were
    /// declared by module recorded the same migration identifiers, so it opens unchanged.
    static func migrator(for catalogue: TableCatalogue) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for declaration in catalogue.declarations {
            for migration in declaration.owner.migrations {
                migrator.registerMigration(migration.identifier) { db in try db.execute(sql: migration.sql) }
            }
        }
        return migrator
    }
}
