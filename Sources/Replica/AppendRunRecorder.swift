import GRDB

/// Collects the rowid runs of append-only rows inserted in one transaction and records them in
/// `outpost_append_runs`, extending the previous run of the same origin when the rowids continue it.
///
/// Within a run both rowid and sequence increase, so a sequence can be found by binary search over rowids.
/// Runs replace a per-row `(site, seq)` index: an import of a million orders from one origin stays a handful
/// of runs, and anti-entropy finds an origin's rows by scanning the rowid ranges.
struct AppendRunRecorder {
    private struct Run {
        var table: UInt8
        var site: Int64
        var firstSeq: UInt64
        var lastSeq: UInt64
        var firstRowid: Int64
        var lastRowid: Int64

        func continues(site: Int64, seq: UInt64, rowid: Int64) -> Bool {
            self.site == site && lastRowid + 1 == rowid && seq > lastSeq
        }
    }
    private var open: [UInt8: Run] = [:]
    private var closed: [Run] = []

    mutating func record(table: UInt8, site: Int64, seq: UInt64, rowid: Int64) {
        // Fast path: the row continues the run it was written after (the usual case of a bulk write).
        if open[table]?.continues(site: site, seq: seq, rowid: rowid) == true {
            open[table]!.lastRowid = rowid
            open[table]!.lastSeq = seq
            return
        }
        if let run = open[table] { closed.append(run) }
        open[table] = Run(table: table, site: site, firstSeq: seq, lastSeq: seq, firstRowid: rowid, lastRowid: rowid)
    }

    mutating func flush(_ db: Database) throws {
        let runs = closed + open.values.sorted { $0.table < $1.table }
        closed = []
        open = [:]
        for run in runs {
            // Extend the origin's latest run when this one continues its rowids.
            if let previous = try Row.fetchOne(
                db,
                sql: """
                    SELECT first_seq, last_seq, last_rowid FROM outpost_append_runs
                    WHERE tbl = ? AND site = ? ORDER BY first_seq DESC LIMIT 1
                    """, arguments: [Int64(run.table), run.site]),
                (previous[2] as Int64) + 1 == run.firstRowid, (previous[1] as Int64) < Int64(run.firstSeq)
            {
                let firstSeq: Int64 = previous[0]
                try db.execute(
                    sql: """
                        UPDATE outpost_append_runs SET first_seq = ?, last_seq = ?, last_rowid = ?
                        WHERE tbl = ? AND site = ? AND first_seq = ?
                        """,
                    arguments: [
                        firstSeq, Int64(run.lastSeq), run.lastRowid,
                        Int64(run.table), run.site, firstSeq,
                    ])
                continue
            }
            try db.execute(
                sql: """
                    INSERT INTO outpost_append_runs (tbl, site, first_seq, last_seq, first_rowid, last_rowid)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    Int64(run.table), run.site, Int64(run.firstSeq), Int64(run.lastSeq), run.firstRowid,
                    run.lastRowid,
                ])
        }
    }
}
