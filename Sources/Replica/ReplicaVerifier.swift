import Foundation
import GRDB
import SyncProtocol

/// The queries of ``Replica/verify()``; each method checks one invariant.
struct ReplicaVerifier {
    let db: Database
    let tables: TableCatalogue
    let identity: NodeIdentity

    func run() throws -> [ReplicaFinding] {
        let schema = try declaredSchema()
        // The other checks query the declared columns; on a missing one they would fail instead of reporting.
        guard schema.isEmpty else { return schema }
        var findings = try keyEncoding()
        findings += try rowClocks()
        findings += try knownSites()
        findings += try logged()
        findings += try heads()
        return findings
    }

    private func keys(_ sql: String, _ arguments: StatementArguments = []) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT pk FROM (\(sql))", arguments: arguments)
    }

    private func finding(
        _ invariant: ReplicaFinding.Invariant, _ table: String?, _ keys: [String], _ detail: String
    ) -> [ReplicaFinding] {
        guard !keys.isEmpty else { return [] }
        let examples = keys.prefix(3).map { $0.replacingOccurrences(of: String(RowKey.separator), with: "/") }
        return [ReplicaFinding(invariant, table: table, count: keys.count, examples: examples, detail: detail)]
    }

    /// Every declared table exists with its declared columns and, if replicated, the engine's bookkeeping.
    func declaredSchema() throws -> [ReplicaFinding] {
        var findings: [ReplicaFinding] = []
        for declaration in tables.declarations {
            for table in declaration.tables {
                let present = Set(
                    try Row.fetchAll(db, sql: "PRAGMA table_info(\(table.name))").map { $0["name"] as String })
                if present.isEmpty {
                    findings.append(
                        ReplicaFinding(
                            .declaredSchema, table: table.name,
                            detail: "table declared by module \(declaration.module) is missing"))
                    continue
                }
                let missing = (table.keyColumns + table.columns + table.bookkeepingColumns).filter {
                    !present.contains($0)
                }
                if !missing.isEmpty {
                    findings.append(
                        ReplicaFinding(
                            .declaredSchema, table: table.name, count: missing.count, examples: missing,
                            detail: "declared column(s) missing: \(missing.joined(separator: ", "))"))
                }
            }
        }
        return findings
    }

    /// Clock rows and log entries name a declared replicated table and hold a key of its width.
    func keyEncoding() throws -> [ReplicaFinding] {
        var findings: [ReplicaFinding] = []
        let known = tables.replicated.map { String($0.id) }.joined(separator: ", ")
        for source in ["outpost_cells", "outpost_log"] {
            findings += finding(
                .keyEncoding, nil,
                try keys("SELECT pk FROM \(source) WHERE tbl NOT IN (\(known.isEmpty ? "NULL" : known))"),
                "\(source) entr(ies) name no declared replicated table")
        }
        for table in tables.replicated where table.kind == .mutable {
            let separators = table.keyColumns.count - 1
            for source in ["outpost_cells", "outpost_log"] {
                findings += finding(
                    .keyEncoding, table.name,
                    try keys(
                        """
                        SELECT pk FROM \(source) WHERE tbl = ?
                        AND (pk = '' OR length(pk) - length(replace(pk, char(31), '')) != ?)
                        """, [Int64(table.id), separators]),
                    "\(source) key(s) that do not decode to \(table.keyColumns.joined(separator: ", "))")
            }
            let empty = table.keyColumns.map { "t.\($0) IS NULL OR t.\($0) = '' OR instr(t.\($0), char(31)) > 0" }
            findings += finding(
                .keyEncoding, table.name,
                try keys(
                    "SELECT \(RowKey.sql(table, alias: "t")) AS pk FROM \(table.name) t WHERE "
                        + empty.joined(separator: " OR ")),
                "row(s) whose key is empty or contains U+001F")
        }
        return findings
    }

    /// Live rows and existence markers of mutable tables match one for one, generation included.
    func rowClocks() throws -> [ReplicaFinding] {
        var findings: [ReplicaFinding] = []
        for table in tables.replicated where table.kind == .mutable {
            let pk = RowKey.sql(table, alias: "t")
            let id = Int64(table.id)
            findings += finding(
                .rowClocks, table.name,
                try keys(
                    """
                    SELECT \(pk) AS pk FROM \(table.name) t
                    LEFT JOIN outpost_cells m ON m.tbl = ? AND m.pk = \(pk) AND m.col = -1
                    WHERE m.cl IS NULL OR m.cl % 2 = 0 OR m.cl != t._cl
                    """, [id]),
                "row(s) without clock data: they were written outside Outpost and do not replicate")
            findings += finding(
                .orphanClock, table.name,
                try keys(
                    """
                    SELECT pk FROM outpost_cells WHERE tbl = ? AND col = -1 AND cl % 2 = 1
                    EXCEPT SELECT \(pk) FROM \(table.name) t
                    """, [id]),
                "live clock row(s) whose row is missing: deleted outside Outpost, peers still hold it")
        }
        return findings
    }

    /// Every clock row and appended row names a registered origin site.
    func knownSites() throws -> [ReplicaFinding] {
        let unknownCells =
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM outpost_cells WHERE NOT (site = 0 AND seq = 0)
                    AND site NOT IN (SELECT ordinal FROM outpost_sites)
                    """) ?? 0
        var findings: [ReplicaFinding] = []
        if unknownCells > 0 {
            findings.append(
                ReplicaFinding(
                    .knownSites, count: unknownCells,
                    detail: "clock row(s) name an origin site missing from outpost_sites"
                ))
        }
        for table in tables.replicated where table.kind == .appendOnly {
            findings += finding(
                .knownSites, table.name,
                try keys("SELECT id AS pk FROM \(table.name) WHERE _site NOT IN (SELECT ordinal FROM outpost_sites)"),
                "row(s) whose origin (_site) is not a known site")
        }
        return findings
    }

    /// Every existence marker has its log entry and every appended row of a known site lies in an append run:
    /// the change reader finds changes only through them.
    func logged() throws -> [ReplicaFinding] {
        var findings: [ReplicaFinding] = []
        for table in tables.replicated {
            let id = Int64(table.id)
            switch table.kind {
            case .mutable:
                findings += finding(
                    .clockLogged, table.name,
                    try keys(
                        """
                        SELECT m.pk AS pk FROM outpost_cells m WHERE m.tbl = ? AND m.col = -1 AND m.site != 0
                        AND NOT EXISTS (SELECT 1 FROM outpost_log l WHERE l.site = m.site AND l.seq = m.seq
                            AND l.tbl = m.tbl AND l.pk = m.pk AND l.col = -1)
                        """, [id]),
                    "clock row(s) missing from the change log: peers would never receive them")
            case .appendOnly:
                findings += finding(
                    .appendRuns, table.name,
                    try keys(
                        """
                        SELECT o.id AS pk FROM \(table.name) o
                        WHERE o._site IN (SELECT ordinal FROM outpost_sites) AND NOT EXISTS (
                            SELECT 1 FROM outpost_append_runs r WHERE r.tbl = ? AND r.site = o._site
                            AND r.first_seq <= o._seq AND o._seq <= r.last_seq
                            AND r.first_rowid <= o.rowid AND o.rowid <= r.last_rowid)
                        """, [id]),
                    "row(s) outside every append run of their origin: peers would never receive them")
            case .local:
                continue
            }
        }
        return findings
    }

    /// This node's site is registered, and each site's head covers every change held from it; otherwise
    /// peers are told less than we hold, and our own next write would reuse a sequence number.
    func heads() throws -> [ReplicaFinding] {
        var findings: [ReplicaFinding] = []
        var sites: [(ordinal: Int64, site: SiteID, head: UInt64)] = []
        for row in try Row.fetchAll(db, sql: "SELECT ordinal, site_id, head_seq FROM outpost_sites ORDER BY ordinal") {
            let bytes: Data = row[1]
            if let site = SiteID(bytes: bytes) { sites.append((row[0], site, UInt64(max(0, row[2] as Int64)))) }
        }
        if !sites.contains(where: { $0.site == identity.siteID }) {
            findings.append(
                ReplicaFinding(
                    .ownSite,
                    detail:
                        "this node's own site \(identity.siteID.uuidString.lowercased()) is missing from outpost_sites",
                    site: identity.siteID))
        }
        var held: [Int64: Int64] = [:]
        let sources =
            [
                "SELECT site, max(seq) FROM outpost_log GROUP BY site",
                "SELECT site, max(seq) FROM outpost_cells WHERE site != 0 GROUP BY site",
                "SELECT site, max(last_seq) FROM outpost_append_runs GROUP BY site",
            ]
            + tables.replicated.filter { $0.kind == .appendOnly }.map {
                "SELECT _site, max(_seq) FROM \($0.name) GROUP BY _site"
            }
        for sql in sources {
            for row in try Row.fetchAll(db, sql: sql) {
                let site: Int64 = row[0]
                held[site] = max(held[site] ?? 0, row[1] as Int64? ?? 0)
            }
        }
        for site in sites {
            guard let maximum = held[site.ordinal], UInt64(maximum) > site.head else { continue }
            findings.append(
                ReplicaFinding(
                    .heads, detail: "head \(site.head) below change \(maximum) held", site: site.site,
                    ordinal: site.ordinal, head: site.head, held: UInt64(maximum)))
        }
        return findings
    }
}
