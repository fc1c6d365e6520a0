import Foundation
import GRDB
import SyncProtocol

/// Reads, from one consistent snapshot, the changes a peer lacks according to its version vector.
///
/// Per origin site the changes come in sequence order from two sources: the change log of mutable tables
/// (entries whose cell or marker has since moved on are skipped) and append-only rows (binary search inside
/// the origin's rowid runs). Superseded changes were compacted away, so sequences have gaps; `covers` tells
/// the receiver how far it may claim.
struct ChangeReader {
    let replica: Replica
    let db: Database
    let store: RowStore
    /// The scope granted to the peer: changes outside it are left out, but still covered.
    let scope: RegionScope
    private var resolver: ScopeResolver

    init(replica: Replica, db: Database, scope: RegionScope = .all) {
        self.replica = replica
        self.db = db
        self.scope = scope
        store = RowStore(db)
        resolver = ScopeResolver(tables: replica.tables, db: db)
    }

    mutating func batch(after peerHeads: SiteHeads, limit: Int) throws -> OutgoingBatch {
        let ours = try Replica.versionVector(db)
        var changes: [ReplicaChange] = []
        var covers = SiteHeads()
        var isLast = true
        for site in ours.keys.sorted() {
            let head = ours[site]!
            let from = peerHeads[site] ?? 0
            guard head > from else { continue }
            if changes.count >= limit {
                isLast = false
                break
            }
            let room = limit - changes.count
            let (slice, complete) = try changesOf(site: site, after: from, upTo: head, limit: room)
            changes += slice
            covers[site] = complete
            if complete < head { isLast = false }
        }
        var batch = OutgoingBatch(changes: changes, covers: covers, isLast: isLast)
        if !scope.isAll { batch.backfill = try backfill(for: changes, peerHeads: peerHeads, covers: covers) }
        return batch
    }

    /// For each change that moves a row into the peer's scope (a customer's new region), the row and its
    /// followers as they stand (``RowBackfill``), bounded by what the peer will hold after this batch.
    private func backfill(for changes: [ReplicaChange], peerHeads: SiteHeads, covers: SiteHeads) throws
        -> [Int: [ReplicaChange]]
    {
        let filler = RowBackfill(replica: replica, db: db, store: store) { site in
            max(peerHeads[site] ?? 0, covers[site] ?? 0)
        }
        var found: [Int: [ReplicaChange]] = [:]
        var inBatch: Set<ReplicaChange>?
        for (index, change) in changes.enumerated() where change.column >= 0 {
            guard let table = replica.tables.table(id: change.table),
                ScopeTrail.isScopeColumn(Int(change.column), of: table),
                let region = change.values.first.flatMap(String.fromDatabaseValue), scope.contains(region)
            else { continue }
            // What the batch already carries (a customer created and moved in one stream) is not sent twice.
            if inBatch == nil { inBatch = Set(changes) }
            let rows = try filler.changes(table: table, key: change.key, except: change).filter {
                !inBatch!.contains($0)
            }
            if !rows.isEmpty { found[index] = rows }
        }
        return found
    }

    /// Changes of one origin after `from`, in sequence order, and the sequence up to which they are complete.
    private mutating func changesOf(site: SiteID, after from: UInt64, upTo head: UInt64, limit: Int) throws
        -> ([ReplicaChange], complete: UInt64)
    {
        guard let ordinal = try replica.sites.registeredOrdinal(of: site, db) else { return ([], head) }
        var (found, complete) = try cellChanges(site: site, ordinal: ordinal, after: from, upTo: head, limit: limit)
        for table in replica.tables.replicated where table.kind == .appendOnly {
            let rows = try appendChanges(
                table: table, site: site, ordinal: ordinal, after: from, upTo: head, limit: limit)
            if rows.count >= limit { complete = min(complete, rows.last!.version.seq) }
            found += rows
        }
        // Only what every source has read up to is known complete.
        found = found.filter { $0.version.seq <= complete }
        found.sort { $0.version.seq < $1.version.seq }
        if found.count > limit {
            found = Array(found.prefix(limit))
            complete = found.last!.version.seq
        }
        // A change outside the peer's scope is left out after `complete` is fixed, so `covers` still claims its
        // sequence: the peer's vector moves past it as past a superseded change, without a gap.
        if !scope.isAll { found = try found.filter { try resolver.admits($0, to: scope) } }
        return (found, complete)
    }

    /// Live entries of the change log; the result is complete up to the last entry read (stale ones count).
    private func cellChanges(
        site: SiteID, ordinal: Int64, after from: UInt64, upTo head: UInt64, limit: Int
    ) throws -> ([ReplicaChange], complete: UInt64) {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT tbl, pk, col, seq FROM outpost_log
                WHERE site = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?
                """, arguments: [ordinal, Int64(from), Int64(head), limit])
        let complete = rows.count < limit ? head : UInt64(rows.last![3] as Int64)
        var changes: [ReplicaChange] = []
        changes.reserveCapacity(rows.count)
        for row in rows {
            let tableID = UInt8(row[0] as Int64)
            guard let table = replica.tables.table(id: tableID) else { continue }
            let pk: String = row[1]
            let column = Int32(row[2] as Int64)
            let seq = UInt64(row[3] as Int64)
            let key = RowKey.decode(pk)
            if column < 0 {
                guard let marker = try store.marker(table: table, pk: pk), marker.site == ordinal, marker.seq == seq
                else { continue }
                let values: [DatabaseValue]
                if marker.causalLength % 2 == 1 {
                    values =
                        try store.image(table: table, key: key)
                        ?? [DatabaseValue](repeating: .null, count: table.columns.count)
                } else {
                    values = []
                }
                changes.append(
                    ReplicaChange(
                        table: tableID, key: key, column: column, causalLength: marker.causalLength,
                        version: RowVersion(hlc: marker.hlc, site: site, seq: seq), values: values))
            } else {
                guard let (causalLength, clocks) = try store.cellClocks(table: table, key: key),
                    let entry = clocks[Int(column)], entry.site == ordinal, entry.seq == seq
                else { continue }
                let value = try store.columnValue(table: table, key: key, column: Int(column)) ?? .null
                changes.append(
                    ReplicaChange(
                        table: tableID, key: key, column: column, causalLength: causalLength,
                        version: RowVersion(hlc: entry.hlc, site: site, seq: seq), values: [value]))
            }
        }
        return (changes, complete)
    }

    private func appendChanges(
        table: TableSchema, site: SiteID, ordinal: Int64, after from: UInt64, upTo head: UInt64, limit: Int
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

    /// The first rowid in `[low, high]` whose `_seq` exceeds `seq` (sequences increase along a run). A run may
    /// have holes (rows purged when their customer left this node's scope): a probe reads the first row at or
    /// after its rowid within the run, which keeps the search monotonic.
    private func firstRowid(table: TableSchema, from low: Int64, to high: Int64, seqAbove seq: UInt64) throws -> Int64 {
        let probe = try PreparedStatement(
            db, sql: "SELECT _seq FROM \(table.name) WHERE rowid >= ? AND rowid <= ? ORDER BY rowid LIMIT 1")
        let last = high
        var low = low
        var high = high + 1
        while low < high {
            let middle = low + (high - low) / 2
            probe.reset()
            probe.bind(1, middle)
            probe.bind(2, last)
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
    /// With a `scope`, changes outside it are left out but covered (``OutgoingBatch/covers``), so a peer granted
    /// only some regions receives only their rows and its vector has no gaps.
    public func outgoingBatch(after peerHeads: SiteHeads, limit: Int, scope: RegionScope = .all) throws
        -> OutgoingBatch
    {
        try pool.read { db in
            var reader = ChangeReader(replica: self, db: db, scope: scope)
            return try reader.batch(after: peerHeads, limit: limit)
        }
    }

    /// Applies remote changes in one transaction: all of them or, on error, none. Commit observers are told
    /// when anything was applied.
    ///
    /// - Parameters:
    ///   - covers: sequences the sender vouches for beyond the changes themselves (compacted gaps).
    ///   - senderHeads: the sender's version vector at the start of the session, used to tell concurrent
    ///     writes from causal successors in the conflict log.
    ///   - grantedScope: the scope this node granted the sender; a change outside it is not applied but listed
    ///     in ``MergeOutcome/refused`` (and still covered, so the vector has no gap).
    ///   - admission: checks every change passes first (``ChangeAdmission``); one failure refuses the batch
    ///     with a ``ChangeRejection`` before anything is written.
    ///   - peer: the sender's name; a batch that applied or refused anything appends an `apply` entry naming it
    ///     to the audit chain, in the same transaction.
    @discardableResult
    public func apply(
        _ changes: [ReplicaChange], covers: SiteHeads = [:], senderHeads: SiteHeads? = nil,
        admission: ChangeAdmission = ChangeAdmission(), grantedScope: RegionScope = .all, peer: String? = nil
    ) throws -> MergeOutcome {
        try admission.check(changes, covers: covers, wallMillis: wallClock(), tables: tables)
        let outcome = try pool.write { db in
            let merger = try ChangeMerger(replica: self, db: db, senderHeads: senderHeads)
            var resolver = ScopeResolver(tables: tables, db: db)
            var refused: [RefusedChange] = []
            for change in changes {
                // Checked against the rows as they stand, earlier changes of this batch included.
                if !grantedScope.isAll, let reason = try resolver.refusal(of: change, grantedScope: grantedScope),
                    try !resolver.wasInScopeWhenWritten(change, grantedScope: grantedScope, senderHeads: senderHeads)
                {
                    try merger.skip(change)
                    refused.append(
                        RefusedChange(
                            table: tables.table(id: change.table)?.name ?? "table \(change.table)", key: change.key,
                            version: change.version, reason: reason))
                    continue
                }
                // A deletion of a row never held here cannot be placed by its region; it came from a peer of a
                // known scope, so it is kept as that scope's and sent on only to peers holding all of it.
                let unplaced =
                    try !grantedScope.isAll && change.isDeletion
                    && tables.table(id: change.table)?.isColumnScoped == true
                    && resolver.placement(of: change, including: false) == .unknown
                try merger.apply(change)
                if unplaced {
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO outpost_deleted_scope (tbl, pk, region) VALUES (?, ?, ?)",
                        arguments: [
                            Int64(change.table), change.key.joined(separator: String(RowKey.separator)),
                            grantedScope.description,
                        ])
                }
            }
            try merger.finish(covers: covers)
            var outcome = merger.outcome
            outcome.refused = refused
            outcome.purged = try purgeMovedAway(changes, db)
            if outcome.applied > 0 || !refused.isEmpty {
                try auditApplied(db, outcome, of: changes.count, from: peer ?? "unnamed peer")
            }
            return outcome
        }
        if !outcome.purged.isEmpty { checkpointAfterPurge() }
        // Observers relay what arrived to other peers at once (office -> hq -> office, live).
        if outcome.applied > 0 { notify(head: 0) }
        return outcome
    }
}
