import Foundation
import GRDB
import Replica
import Sync
import ZeroMQ

/// The database checks of `outpost doctor`.
extension DoctorReport {
    static let rebuildFix =
        "rebuild the replica from a peer: `outpost init` a new --dir, add the same peers, `outpost sync --once`, "
        + "then re-enter any rows only this node had"

    static func integrity(_ db: Database) throws -> [DoctorFinding] {
        let problems = try String.fetchAll(db, sql: "PRAGMA integrity_check(10)")
        guard problems != ["ok"] else { return [] }
        return [
            DoctorFinding(
                severity: .error, check: "integrity",
                message: "SQLite integrity check failed: " + problems.prefix(3).joined(separator: "; "),
                fix: "`outpost serve` and `outpost sync` refuse to run on a damaged database so the damage cannot "
                    + "spread; keep a copy of the node directory, then " + rebuildFix)
        ]
    }

    /// Every live row of a mutable table has a live existence marker of its generation; every marker and
    /// cell clock belongs to a live row; every clock and append-only row names a known origin site.
    static func changeCapture(_ db: Database) throws -> [DoctorFinding] {
        var findings: [DoctorFinding] = []
        func report(
            _ table: String, _ sql: String, _ arguments: StatementArguments, _ what: String, fix: String
        ) throws {
            let keys = try String.fetchAll(db, sql: "SELECT pk FROM (\(sql))", arguments: arguments)
            guard !keys.isEmpty else { return }
            let examples = keys.prefix(3).map { $0.replacingOccurrences(of: "\u{1F}", with: "/") }
            findings.append(
                DoctorFinding(
                    severity: .error, check: "change-capture",
                    message:
                        "\(table): \(Readable.count(keys.count)) \(what) (e.g. \(examples.joined(separator: ", ")))",
                    fix: fix))
        }
        for table in TableSchema.all where table.kind == .mutable && (1...2).contains(table.keyColumns.count) {
            let keys = table.keyColumns
            let pk = keys.count == 1 ? "t.\(keys[0])" : "t.\(keys[0]) || char(31) || t.\(keys[1])"
            let lookup =
                keys.count == 1
                ? "t.\(keys[0]) = m.pk"
                : "t.\(keys[0]) = substr(m.pk, 1, instr(m.pk, char(31)) - 1) "
                    + "AND t.\(keys[1]) = substr(m.pk, instr(m.pk, char(31)) + 1)"
            let id = Int64(table.id)
            try report(
                table.name,
                """
                SELECT \(pk) AS pk FROM \(table.name) t
                LEFT JOIN outpost_cells m ON m.tbl = ? AND m.pk = \(pk) AND m.col = -1
                WHERE m.cl IS NULL OR m.cl % 2 = 0 OR m.cl != t._cl
                """, [id], "row(s) without clock data: they were written outside Outpost and do not replicate",
                fix: "re-enter these rows through outpost (`outpost customer update`, `outpost import`), or "
                    + rebuildFix)
            try report(
                table.name,
                """
                SELECT m.pk AS pk FROM outpost_cells m WHERE m.tbl = ? AND m.col = -1 AND m.cl % 2 = 1
                AND NOT EXISTS (SELECT 1 FROM \(table.name) t WHERE \(lookup))
                """, [id], "live clock row(s) whose row is missing: deleted outside Outpost, peers still hold it",
                fix: "delete them through outpost so the delete replicates, or " + rebuildFix)
            // Cell clocks live in their row (`_clocks`), so they cannot outlive it; nothing to check apart.
        }
        let unknownCells =
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM outpost_cells WHERE NOT (site = 0 AND seq = 0)
                    AND site NOT IN (SELECT ordinal FROM outpost_sites)
                    """) ?? 0
        if unknownCells > 0 {
            findings.append(
                DoctorFinding(
                    severity: .error, check: "change-capture",
                    message:
                        "\(Readable.count(unknownCells)) clock row(s) name an origin site missing from outpost_sites",
                    fix: rebuildFix))
        }
        for table in TableSchema.all where table.kind == .appendOnly {
            try report(
                table.name,
                "SELECT id AS pk FROM \(table.name) WHERE _site NOT IN (SELECT ordinal FROM outpost_sites)", [],
                "row(s) whose origin (_site) is not a known site", fix: rebuildFix)
        }
        return findings
    }

    /// Each site's head covers every change held from it; otherwise peers are told less than we hold, and
    /// our own next write would reuse a sequence number.
    static func versionVector(_ db: Database) throws -> [DoctorFinding] {
        var findings: [DoctorFinding] = []
        let identity = try NodeDirectory.identity(db)
        let sites = try NodeDirectory.sites(db)
        if !sites.contains(where: { $0.site == identity.siteID }) {
            findings.append(
                DoctorFinding(
                    severity: .error, check: "version-vector",
                    message:
                        "this node's own site \(identity.siteID.uuidString.lowercased()) is missing from outpost_sites",
                    fix: rebuildFix))
        }
        var held: [Int64: Int64] = [:]
        let sources =
            [
                "SELECT site, max(seq) FROM outpost_log GROUP BY site",
                "SELECT site, max(seq) FROM outpost_cells WHERE site != 0 GROUP BY site",
                "SELECT site, max(last_seq) FROM outpost_append_runs GROUP BY site",
            ]
            + TableSchema.all.filter { $0.kind == .appendOnly }.map {
                "SELECT _site, max(_seq) FROM \($0.name) GROUP BY _site"
            }
        for sql in sources {
            for row in try Row.fetchAll(db, sql: sql) {
                let site: Int64 = row[0]
                held[site] = max(held[site] ?? 0, row[1] as Int64? ?? 0)
            }
        }
        let databasePath =
            try String.fetchOne(db, sql: "SELECT file FROM pragma_database_list WHERE name = 'main'")
            ?? "replica.sqlite"
        for site in sites {
            guard let maximum = held[site.ordinal], UInt64(maximum) > site.head else { continue }
            let name = site.site == identity.siteID ? "this node" : "site \(site.site.uuidString.lowercased())"
            findings.append(
                DoctorFinding(
                    severity: .error, check: "version-vector",
                    message: "\(name) has head \(site.head) but holds its change \(maximum): peers are told less than "
                        + "this node holds"
                        + (site.site == identity.siteID ? ", and the next local write would reuse a sequence" : ""),
                    fix: "stop `outpost serve`, then run: sqlite3 '\(databasePath)' "
                        + "\"UPDATE outpost_sites SET head_seq = \(maximum) WHERE ordinal = \(site.ordinal)\""))
        }
        return findings
    }

    /// Every peer has a valid CURVE key that is not this node's own.
    static func peerKeys(_ db: Database, ownKey: String?) throws -> [DoctorFinding] {
        try Row.fetchAll(db, sql: "SELECT name, public_key FROM outpost_peers ORDER BY name").compactMap { row in
            let name: String = row["name"]
            let key: String = row["public_key"] ?? ""
            let fix =
                "`outpost peer remove \(name)`, then `outpost peer add \(name) --key KEY` with the key its "
                + "`outpost keys show` prints"
            if (try? CurveKey(z85: key)) == nil {
                return DoctorFinding(
                    severity: .error, check: "peer-keys",
                    message:
                        "peer \(name) has no valid CURVE public key ('\(key)'): it can neither connect nor be dialled",
                    fix: fix)
            }
            if key == ownKey {
                return DoctorFinding(
                    severity: .error, check: "peer-keys", message: "peer \(name) has this node's own public key",
                    fix: fix)
            }
            return nil
        }
    }

    /// Peers whose clock differed from ours by more than `maxSkew` seconds at their last Hello.
    static func clockSkew(_ db: Database, maxSkew: Double) throws -> [DoctorFinding] {
        try PeerBook.stateRecords(db).values.sorted { $0.name < $1.name }.compactMap { record in
            guard let skew = record.clockSkewMillis, abs(Double(skew)) / 1000 > maxSkew else { return nil }
            let amount = Readable.duration(seconds: abs(Double(skew)) / 1000)
            return DoctorFinding(
                severity: .warning, check: "clock-skew",
                message:
                    "peer \(record.name)'s clock was \(amount) \(skew > 0 ? "ahead of" : "behind") ours at its last "
                    + "hello; last writer wins favours the faster clock",
                fix: "synchronise both clocks with NTP (chrony or systemd-timesyncd)")
        }
    }
}
