import Foundation
import GRDB

/// The capturing side of one local write transaction (see ``Replica/write(_:)``).
///
/// Each write stamps a fresh version (the next hybrid-clock tick and the next sequence of this site) and
/// records it beside the data: a row create or delete becomes the row's existence marker in
/// `outpost_cells`, a field update the cell's clock row, and an append-only row carries its origin in its
/// own columns. Not `Sendable`: it lives inside one GRDB write closure.
public final class LocalWriter {
    /// What an upsert did.
    public enum UpsertOutcome: Sendable, Equatable {
        case inserted
        case updated(columns: [String])
        case unchanged
    }

    let replica: Replica
    /// The transaction's connection; not handed out writable (see ``read(_:)``).
    let db: Database
    private var clock: HybridLogicalClock
    private(set) var headSeq: UInt64
    private(set) var changeCount = 0
    private var runs = AppendRunRecorder()
    private let store: RowStore
    /// What this transaction wrote, for its audit entry, and the action that entry names.
    private var tally = AuditTally()
    let auditAction: String

    init(replica: Replica, db: Database, auditAction: String = "write") throws {
        self.replica = replica
        self.db = db
        self.auditAction = auditAction
        store = RowStore(db)
        clock = HybridLogicalClock(last: UInt64(try Int64.fetchOne(db, sql: "SELECT hlc FROM outpost_node") ?? 0))
        headSeq = UInt64(
            try Int64.fetchOne(
                db, sql: "SELECT head_seq FROM outpost_sites WHERE ordinal = ?", arguments: [replica.localOrdinal])
                ?? 0)
    }

    private func nextVersion() -> (hlc: UInt64, seq: UInt64) {
        headSeq += 1
        changeCount += 1
        return (clock.tick(wallMillis: replica.wallClock()), headSeq)
    }

    /// Runs `body` on the transaction's connection with writes refused (SQLite `query_only`): a caller reads
    /// what the transaction sees so far, but every change it makes goes through this writer and is captured.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try db.readOnly { try body(db) }
    }

    /// The wall-clock time of the current transaction's last tick, ISO 8601.
    public func nowISO() -> String {
        Timestamps.iso(millis: Int64(replica.wallClock()), fractional: false)
    }

    /// Only tables declared replicated to this replica are written here (local tables: `writeLocal`).
    private func declared(_ table: TableSchema) throws {
        guard replica.tables.table(id: table.id)?.name == table.name else {
            throw ReplicaError.unknownTable(table.name, known: replica.tables.replicated.map(\.name))
        }
    }

    // MARK: - Mutable tables

    /// Creates a row. Fails if it exists; re-creates it (a new generation) if it was deleted.
    public func insert(_ table: TableSchema, key: [String], values: [String: DatabaseValue]) throws {
        try declared(table)
        let pk = try RowKey.encode(key, table: table)
        let sentinel = try store.marker(table: table, pk: pk)?.causalLength
        if let sentinel, sentinel % 2 == 1 { throw ReplicaError.rowExists(table: table.name, key: key) }
        var image = table.columns.map { column -> DatabaseValue in values[column] ?? .null }
        if let createdAt = table.columnNumber("created_at"), image[createdAt].isNull {
            image[createdAt] = nowISO().databaseValue
        }
        for name in values.keys where table.columnNumber(name) == nil {
            throw ReplicaError.unknownColumn(table: table.name, column: name)
        }
        let (hlc, seq) = nextVersion()
        tally.note(table.name, "insert", key: key)
        let causalLength = (sentinel ?? 0) + 1
        try store.insertBaseRow(table: table, key: key, image: image, hlc: hlc, causalLength: causalLength)
        try store.writeMarker(
            table: table, pk: pk,
            StoredClock(causalLength: causalLength, hlc: hlc, site: replica.localOrdinal, seq: seq))
    }

    /// Sets the given columns of an existing row, one captured cell each.
    public func update(_ table: TableSchema, key: [String], values: [String: DatabaseValue]) throws {
        try declared(table)
        guard !values.isEmpty else { return }
        let pk = try RowKey.encode(key, table: table)
        var numbers: [Int] = []
        numbers.reserveCapacity(values.count)
        for name in values.keys {
            guard let number = table.columnNumber(name) else {
                throw ReplicaError.unknownColumn(table: table.name, column: name)
            }
            numbers.append(number)
        }
        numbers.sort()
        let ordered = numbers.map { values[table.columns[$0]]! }
        var stamps: [(hlc: UInt64, seq: UInt64)] = []
        stamps.reserveCapacity(numbers.count)
        for _ in numbers { stamps.append(nextVersion()) }
        tally.note(table.name, "update", key: key)
        let updatedAt = RowStore.updatedAt(stamps[stamps.count - 1].hlc)
        // A change of the scope column (a customer's region) leaves a trail, so the old region's offices learn of
        // the move: its value before the update is read first, only then.
        var leaving: [(offset: Int, from: DatabaseValue?)] = []
        for (offset, number) in numbers.enumerated() where ScopeTrail.isScopeColumn(number, of: table) {
            leaving.append((offset, try store.columnValue(table: table, key: key, column: number)))
        }
        // The clocks are stamped inside the UPDATE itself: one statement, no read of the row first.
        guard
            try store.updateBaseRowStampingClocks(
                table: table, key: key, columns: numbers, values: ordered, updatedAt: updatedAt, stamps: stamps,
                site: replica.localOrdinal)
        else {
            throw ReplicaError.rowNotFound(table: table.name, key: key)
        }
        for (offset, from) in leaving {
            try ScopeTrail.recordMove(db, table: table, pk: pk, from: from, to: ordered[offset])
        }
        for (offset, number) in numbers.enumerated() {
            try store.appendLog(
                table: table, pk: pk, column: Int32(number), site: replica.localOrdinal, seq: stamps[offset].seq)
        }
    }

    /// Inserts the row, or updates only the columns whose value differs, so re-running an import captures
    /// nothing.
    @discardableResult
    public func upsert(_ table: TableSchema, key: [String], values: [String: DatabaseValue]) throws -> UpsertOutcome {
        // Through a statement kept for the transaction: an import upserts every row of its file.
        guard let current = try store.image(table: table, key: key) else {
            try insert(table, key: key, values: values)
            return .inserted
        }
        var changed: [String: DatabaseValue] = [:]
        for (name, value) in values where !RowStore.sameValue(table.columnNumber(name).map { current[$0] }, value) {
            changed[name] = value
        }
        if changed.isEmpty { return .unchanged }
        try update(table, key: key, values: changed)
        return .updated(columns: changed.keys.sorted())
    }

    /// Deletes a row: its existence marker moves to the next (even) causal length and replicates.
    public func delete(_ table: TableSchema, key: [String]) throws {
        try declared(table)
        let pk = try RowKey.encode(key, table: table)
        guard let alive = try store.deleteBaseRowReturningLength(table: table, key: key) else {
            throw ReplicaError.rowNotFound(table: table.name, key: key)
        }
        let (hlc, seq) = nextVersion()
        tally.note(table.name, "delete", key: key)
        try store.writeMarker(
            table: table, pk: pk, StoredClock(causalLength: alive + 1, hlc: hlc, site: replica.localOrdinal, seq: seq))
    }

    // MARK: - Append-only tables

    /// Appends an immutable row; returns false when a row with this id is already present (nothing is
    /// captured then). `values` are the table's non-key columns in order.
    @discardableResult
    public func append(_ table: TableSchema, id: String, values: [DatabaseValue]) throws -> Bool {
        precondition(table.kind == .appendOnly && values.count == table.columns.count, "append row shape")
        try declared(table)
        let seq = headSeq + 1
        guard let rowid = try store.append(table: table, id: id, values: values, site: replica.localOrdinal, seq: seq)
        else { return false }
        headSeq = seq
        changeCount += 1
        tally.note(table.name, "append", key: [id])
        runs.record(table: table.id, site: replica.localOrdinal, seq: seq, rowid: rowid)
        return true
    }

    /// Whether a row with this id exists in an append-only table.
    public func contains(_ table: TableSchema, id: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM \(table.name) WHERE id = ?", arguments: [id]) ?? false
    }

    /// Persists the clock, the sequence and the append runs, and appends the transaction's audit entry;
    /// called once before commit.
    func finish() throws {
        guard changeCount > 0 else { return }
        try runs.flush(db)
        // The entry's time is the clock's next tick, not kept: an audit entry is no change (see Replica.audit).
        var entryClock = clock
        let auditClock = entryClock.tick(wallMillis: replica.wallClock())
        try AuditLog.append(
            db, node: replica.auditNode, hlc: auditClock, actor: replica.auditActor, action: auditAction,
            object: tally.object, detail: tally.detail)
        try db.execute(sql: "UPDATE outpost_node SET hlc = ?", arguments: [Int64(bitPattern: clock.last)])
        try db.execute(
            sql: "UPDATE outpost_sites SET head_seq = ? WHERE ordinal = ?",
            arguments: [Int64(headSeq), replica.localOrdinal])
    }
}
