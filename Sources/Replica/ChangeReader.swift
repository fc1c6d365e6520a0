import Foundation
import GRDB

/// Reads, from one consistent snapshot, the changes a peer lacks according to its version vector.
///
/// Per origin site the changes come in sequence order from two sources: clock rows of mutable tables
/// (index on `(site, seq)`) and append-only rows (binary search inside the origin's rowid runs). Superseded
/// changes were compacted away, so sequences have gaps; `covers` tells the receiver it may claim them.
struct ChangeReader {
    let replica: Replica
    let db: Database
    let store: RowStore

    init(replica: Replica, db: Database) {
        self.replica = replica
        self.db = db
        store = RowStore(db)
    }

    func batch(after peerHeads: SiteHeads, limit: Int) throws -> OutgoingBatch {
        let ours = try Replica.versionVector(db)
        var changes: [ReplicaChange] = []
        var covers = SiteHeads()
        var isLast = true
        for site in ours.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let head = ours[site]!
            let from = peerHeads[site] ?? 0
            guard head > from else { continue }
            if changes.count >= limit {
                isLast = false
                break
            }
            let room = limit - changes.count
            let slice = try changesOf(site: site, after: from, upTo: head, limit: room)
            changes += slice
            if slice.count < room {
                covers[site] = head
            } else {
                covers[site] = slice.last!.version.seq
                if covers[site]! < head { isLast = false }
            }
        }
        return OutgoingBatch(changes: changes, covers: covers, isLast: isLast)
    }

    private func changesOf(site: UUID, after from: UInt64, upTo head: UInt64, limit: Int) throws -> [ReplicaChange] {
        guard
            let ordinal = try Int64.fetchOne(
                db, sql: "SELECT ordinal FROM outpost_sites WHERE site_id = ?", arguments: [Data(site.bytes)])
        else { return [] }
        var found = try cellChanges(site: site, ordinal: ordinal, after: from, upTo: head, limit: limit)
        for table in TableSchema.all where table.kind == .appendOnly {
            found += try appendChanges(
                table: table, site: site, ordinal: ordinal, after: from, upTo: head, limit: limit)
        }
        found.sort { $0.version.seq < $1.version.seq }
        return found.count > limit ? Array(found.prefix(limit)) : found
    }

    private func cellChanges(
        site: UUID, ordinal: Int64, after from: UInt64, upTo head: UInt64, limit: Int
    ) throws -> [ReplicaChange] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT l.tbl, l.pk, l.col, c.cl, c.hlc, l.seq FROM outpost_log l
                JOIN outpost_cells c ON c.tbl = l.tbl AND c.pk = l.pk AND c.col = l.col AND c.site = l.site
                    AND c.seq = l.seq
                WHERE l.site = ? AND l.seq > ? AND l.seq <= ? ORDER BY l.seq LIMIT ?
                """, arguments: [ordinal, Int64(from), Int64(head), limit])
        var changes: [ReplicaChange] = []
        changes.reserveCapacity(rows.count)
        for row in rows {
            let tableID = UInt8(row[0] as Int64)
            guard let table = TableSchema.table(id: tableID) else { continue }
            let pk: String = row[1]
            let column = Int32(row[2] as Int64)
            let causalLength = UInt64(row[3] as Int64)
            let key = RowKey.decode(pk)
            var values: [DatabaseValue] = []
            if column >= 0 {
                values = [try store.columnValue(table: table, key: key, column: Int(column)) ?? .null]
            } else if causalLength % 2 == 1 {
                values =
                    try store.image(table: table, key: key)
                    ?? [DatabaseValue](repeating: .null, count: table.columns.count)
            }
            changes.append(
                ReplicaChange(
                    table: tableID, key: key, column: column, causalLength: causalLength,
                    version: RowVersion(hlc: UInt64(bitPattern: row[4]), site: site, seq: UInt64(row[5] as Int64)),
                    values: values))
        }
        return changes
    }

    private func appendChanges(
        table: TableSchema, site: UUID, ordinal: Int64, after from: UInt64, upTo head: UInt64, limit: Int
    ) throws -> [ReplicaChange] {
        let runs = try Row.fetchAll(
            db,
            sql: """
                SELECT first_rowid, last_rowid FROM outpost_append_runs
                WHERE tbl = ? AND site = ? AND last_seq > ? AND first_seq <= ? ORDER BY first_seq
                """, arguments: [Int64(table.id), ordinal, Int64(from), Int64(head)])
        let columns = (table.allColumns + ["_seq"]).joined(separator: ", ")
        let scan = try PreparedStatement(
            db, sql: "SELECT \(columns) FROM \(table.name) WHERE rowid >= ? AND rowid <= ? ORDER BY rowid LIMIT ?")
        var changes: [ReplicaChange] = []
        for run in runs where changes.count < limit {
            let start = try firstRowid(table: table, from: run[0], to: run[1], seqAbove: from)
            scan.reset()
            scan.bind(1, start)
            scan.bind(2, run[1] as Int64)
            scan.bind(3, Int64(limit - changes.count))
            let width = Int32(table.allColumns.count)
            while try scan.step(db) {
                let seq = UInt64(scan.int64(width))
                if seq > head { break }
                var values: [DatabaseValue] = []
                values.reserveCapacity(table.columns.count)
                for column in 1..<width { values.append(scan.value(column)) }
                changes.append(
                    ReplicaChange(
                        table: table.id, key: [scan.text(0) ?? ""], column: ReplicaChange.appendRow,
                        causalLength: 1, version: RowVersion(hlc: 0, site: site, seq: seq), values: values))
            }
        }
        return changes
    }

    /// The first rowid in `[low, high]` whose `_seq` exceeds `seq` (sequences increase along a run).
    private func firstRowid(table: TableSchema, from low: Int64, to high: Int64, seqAbove seq: UInt64) throws -> Int64 {
        let probe = try PreparedStatement(db, sql: "SELECT _seq FROM \(table.name) WHERE rowid = ?")
        var low = low
        var high = high + 1
        while low < high {
            let middle = low + (high - low) / 2
            probe.reset()
            probe.bind(1, middle)
            let found = try probe.step(db)
            let value = found ? UInt64(probe.int64(0)) : UInt64.max
            if found { while try probe.step(db) {} }
            if value > seq { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

extension Replica {
    /// The next batch of at most `limit` changes that a peer holding `peerHeads` lacks.
    public func outgoingBatch(after peerHeads: SiteHeads, limit: Int) throws -> OutgoingBatch {
        try pool.read { db in try ChangeReader(replica: self, db: db).batch(after: peerHeads, limit: limit) }
    }

    /// Applies remote changes in one transaction: all of them or, on error, none. Commit observers are told
    /// when anything was applied.
    ///
    /// - Parameters:
    ///   - covers: sequences the sender vouches for beyond the changes themselves (compacted gaps).
    ///   - senderHeads: the sender's version vector at the start of the session, used to tell concurrent
    ///     writes from causal successors in the conflict log.
    @discardableResult
    public func apply(_ changes: [ReplicaChange], covers: SiteHeads = [:], senderHeads: SiteHeads? = nil) throws
        -> MergeOutcome
    {
        let outcome = try pool.write { db in
            let merger = try ChangeMerger(replica: self, db: db, senderHeads: senderHeads)
            for change in changes { try merger.apply(change) }
            try merger.finish(covers: covers)
            return merger.outcome
        }
        // Observers relay what arrived to other peers at once (office -> hq -> office, live).
        if outcome.applied > 0 { notify(head: 0) }
        return outcome
    }
}
