import Foundation
import GRDB
import SyncProtocol

/// Applies remote changes to the replica inside one write transaction (see ``Replica/apply(_:covers:senderHeads:)``).
///
/// The rules (docs/conflicts.md):
/// - A row's causal length only grows; the highest seen wins. Odd is alive, even is deleted. Changes of an
///   older generation are dropped, so a delete beats every concurrent update, and a re-create starts afresh.
/// - Within a generation each column holds the value of its highest version `(hlc, site)`: either the row's
///   create event or a later cell change.
/// - Append-only rows are a grow-only set keyed by id.
/// The result depends only on the set of changes received, never on their order or repetition.
final class ChangeMerger {
    private let replica: Replica
    private let db: Database
    private let senderHeads: SiteHeads?
    private var clock: HybridLogicalClock
    private var ordinals: [SiteID: Int64] = [:]
    private var siteOfOrdinal: [Int64: SiteID] = [:]
    private var runs = AppendRunRecorder()
    private let store: RowStore
    private(set) var heads: [Int64: UInt64] = [:]
    private(set) var outcome = MergeOutcome()

    init(replica: Replica, db: Database, senderHeads: SiteHeads?) throws {
        self.replica = replica
        self.db = db
        self.senderHeads = senderHeads
        store = RowStore(db)
        clock = HybridLogicalClock(last: UInt64(try Int64.fetchOne(db, sql: "SELECT hlc FROM outpost_node") ?? 0))
    }

    private func ordinal(_ site: SiteID) throws -> Int64 {
        if let known = ordinals[site] { return known }
        let ordinal = try replica.sites.ordinal(of: site, db)
        ordinals[site] = ordinal
        siteOfOrdinal[ordinal] = site
        return ordinal
    }

    private func site(_ ordinal: Int64) throws -> SiteID? {
        if let known = siteOfOrdinal[ordinal] { return known }
        let site = try replica.sites.site(of: ordinal, db)
        if let site { siteOfOrdinal[ordinal] = site }
        return site
    }

    private func version(_ entry: CellClocks.Entry) throws -> RowVersion {
        guard let site = try site(entry.site) else { return .unknown }
        return RowVersion(hlc: entry.hlc, site: site, seq: entry.seq)
    }

    private func version(_ clock: StoredClock) throws -> RowVersion {
        guard let site = try site(clock.site) else { return .unknown }
        return RowVersion(hlc: clock.hlc, site: site, seq: clock.seq)
    }

    func apply(_ change: ReplicaChange) throws {
        guard change.version.site != RowVersion.unknown.site else {
            throw ReplicaError.malformedChange("change with the null site id")
        }
        let origin = try ordinal(change.version.site)
        heads[origin] = max(heads[origin] ?? 0, change.version.seq)
        clock.observe(change.version.hlc)
        guard let table = replica.tables.table(id: change.table) else {
            throw ReplicaError.malformedChange("unknown table number \(change.table)")
        }
        switch (table.kind, change.column) {
        case (.appendOnly, ReplicaChange.appendRow):
            try applyAppend(change, table: table, origin: origin)
        case (.mutable, ReplicaChange.rowEvent):
            try applyRowEvent(change, table: table, origin: origin)
        case (.mutable, let column) where column >= 0 && Int(column) < table.columns.count:
            try applyCell(change, table: table, origin: origin)
        default:
            throw ReplicaError.malformedChange("column \(change.column) does not fit table \(table.name)")
        }
    }

    /// Leaves out a change this node refuses (outside the sender's scope), but counts its sequence as received.
    func skip(_ change: ReplicaChange) throws {
        guard change.version.site != RowVersion.unknown.site else {
            throw ReplicaError.malformedChange("change with the null site id")
        }
        let origin = try ordinal(change.version.site)
        heads[origin] = max(heads[origin] ?? 0, change.version.seq)
    }

    private func applyAppend(_ change: ReplicaChange, table: TableSchema, origin: Int64) throws {
        guard change.key.count == 1, !change.key[0].isEmpty, change.values.count == table.columns.count else {
            throw ReplicaError.malformedChange("append row for \(table.name) has the wrong shape")
        }
        if let rowid = try store.append(
            table: table, id: change.key[0], values: change.values, site: origin, seq: change.version.seq)
        {
            runs.record(table: table.id, site: origin, seq: change.version.seq, rowid: rowid)
            outcome.applied += 1
        } else {
            outcome.ignored += 1
        }
    }

    private func applyRowEvent(_ change: ReplicaChange, table: TableSchema, origin: Int64) throws {
        let pk = try RowKey.encode(change.key, table: table)
        let alive = change.causalLength % 2 == 1
        guard change.causalLength > 0, !alive || change.values.count == table.columns.count,
            alive || change.values.isEmpty
        else { throw ReplicaError.malformedChange("row event for \(table.name) has the wrong shape") }
        let incoming = StoredClock(
            causalLength: change.causalLength, hlc: change.version.hlc, site: origin, seq: change.version.seq)
        let local = try store.marker(table: table, pk: pk)
        let localLength = local?.causalLength ?? 0
        if change.causalLength < localLength {
            outcome.ignored += 1
            return
        }
        if change.causalLength > localLength {
            // A newer generation replaces the row (and the cell clocks it carries) or deletes it.
            if alive {
                try store.insertBaseRow(
                    table: table, key: change.key, image: change.values, hlc: change.version.hlc,
                    causalLength: change.causalLength)
            } else {
                try store.deleteBaseRow(table: table, key: change.key)
            }
            try store.writeMarker(table: table, pk: pk, incoming)
            outcome.applied += 1
            return
        }
        // Same generation: the higher create (or delete) version wins, column by column for creates.
        let localVersion = try local.map(version) ?? .unknown
        guard change.version > localVersion else {
            outcome.ignored += 1
            return
        }
        if alive {
            var clocks = try store.cellClocks(table: table, key: change.key)?.clocks ?? CellClocks()
            var overwritten: [Int] = []
            for number in table.columns.indices {
                if let entry = clocks[number], try version(entry) > change.version { continue }
                clocks.remove(column: number)
                overwritten.append(number)
            }
            for number in overwritten {
                try store.setColumn(
                    table: table, key: change.key, column: number, value: change.values[number],
                    hlc: change.version.hlc, clocks: clocks)
            }
            if table.columns.isEmpty {
                // No columns to set: raise the derived updated_at through the causal length, unchanged.
                try store.setColumn(
                    table: table, key: change.key, column: -1, value: Int64(change.causalLength).databaseValue,
                    hlc: change.version.hlc, clocks: clocks)
            }
        }
        try store.writeMarker(table: table, pk: pk, incoming)
        outcome.applied += 1
    }

    private func applyCell(_ change: ReplicaChange, table: TableSchema, origin: Int64) throws {
        guard change.causalLength % 2 == 1, change.values.count == 1 else {
            throw ReplicaError.malformedChange("cell change for \(table.name) has the wrong shape")
        }
        let pk = try RowKey.encode(change.key, table: table)
        let column = change.column
        let sentinel = try store.marker(table: table, pk: pk)
        let localLength = sentinel?.causalLength ?? 0
        if change.causalLength < localLength {
            outcome.ignored += 1
            return
        }
        if change.causalLength > localLength {
            // The generation's create event has not arrived yet: hold the row with a placeholder marker.
            let empty = [DatabaseValue](repeating: .null, count: table.columns.count)
            try store.insertBaseRow(
                table: table, key: change.key, image: empty, hlc: change.version.hlc,
                causalLength: change.causalLength)
            try store.writeMarker(
                table: table, pk: pk, StoredClock(causalLength: change.causalLength, hlc: 0, site: 0, seq: 0))
        }
        var clocks = try store.cellClocks(table: table, key: change.key)?.clocks ?? CellClocks()
        let cell = clocks[Int(column)]
        let effective: RowVersion
        if let cell {
            effective = try version(cell)
        } else if change.causalLength > localLength {
            effective = .unknown
        } else {
            effective = try sentinel.map(version) ?? .unknown
        }
        let name = table.columns[Int(column)]
        let current = try store.columnValue(table: table, key: change.key, column: Int(column))
        let value = change.values[0]
        if change.version > effective {
            clocks.set(.init(column: Int(column), hlc: change.version.hlc, site: origin, seq: change.version.seq))
            try store.setColumn(
                table: table, key: change.key, column: Int(column), value: value, hlc: change.version.hlc,
                clocks: clocks)
            try store.appendLog(table: table, pk: pk, column: column, site: origin, seq: change.version.seq)
            if ScopeTrail.isScopeColumn(Int(column), of: table) {
                try ScopeTrail.recordMove(db, table: table, pk: pk, from: current, to: value)
            }
            outcome.applied += 1
            if effective != .unknown, effective.site != change.version.site,
                !RowStore.sameValue(current, value), senderLacks(effective)
            {
                outcome.conflicts.append(
                    MergeConflict(
                        table: table.name, key: change.key, column: name,
                        winner: .init(version: change.version, value: value),
                        loser: .init(version: effective, value: current ?? .null)))
            }
        } else {
            outcome.ignored += 1
            if change.version != effective, effective.site != change.version.site,
                !RowStore.sameValue(current, value)
            {
                outcome.conflicts.append(
                    MergeConflict(
                        table: table.name, key: change.key, column: name,
                        winner: .init(version: effective, value: current ?? .null),
                        loser: .init(version: change.version, value: value)))
            }
        }
    }

    /// A local version the sender did not hold when the session began was unknown to the incoming writer
    /// as far as this node can tell: overwriting it is a concurrent write, not a causal successor.
    private func senderLacks(_ version: RowVersion) -> Bool {
        guard let senderHeads else { return false }
        return (senderHeads[version.site] ?? 0) < version.seq
    }

    /// Raises the version vector by what was received and by the sender's covered ranges, persists the
    /// clock and the append runs.
    func finish(covers: SiteHeads) throws {
        for (site, seq) in covers {
            let origin = try ordinal(site)
            heads[origin] = max(heads[origin] ?? 0, seq)
        }
        try runs.flush(db)
        for (origin, seq) in heads where origin != replica.localOrdinal {
            try db.execute(
                sql: "UPDATE outpost_sites SET head_seq = max(head_seq, ?) WHERE ordinal = ?",
                arguments: [Int64(seq), origin])
        }
        try db.execute(
            sql: "UPDATE outpost_node SET hlc = max(hlc, ?)", arguments: [Int64(bitPattern: clock.last)])
    }
}
