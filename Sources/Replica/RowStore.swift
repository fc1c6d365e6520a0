import Foundation
import GRDB

/// The SQL of base rows and their clock rows for one transaction, shared by local writes and remote
/// merges. Statements are prepared once per transaction and kept by table and purpose, so the hot loops
/// (a million appended orders, a batch of merged cells) neither build SQL text nor hash it per row.
final class RowStore {
    let db: Database
    private var byTable: [StatementKey: PreparedStatement] = [:]
    private var updates: [UpdateKey: PreparedStatement] = [:]
    private var clockRead: PreparedStatement?
    private var clockWrite: PreparedStatement?
    private var logWrite: PreparedStatement?
    private var appendSlots = [PreparedStatement?](repeating: nil, count: 256)

    private enum Purpose: Hashable {
        case append, insertBase, deleteBase, deleteReturning, selectRow, setColumn, readClocks, writeClocks
        case cellWithClocks, keepDeletedScope
    }
    private struct StatementKey: Hashable {
        var table: UInt8
        var purpose: Purpose
        var column: Int = -1
    }
    private struct UpdateKey: Hashable {
        var table: UInt8
        var columns: [Int]
    }

    init(_ db: Database) { self.db = db }

    static func keyPredicate(_ table: TableSchema) -> String {
        table.keyColumns.map { "\($0) = ?" }.joined(separator: " AND ")
    }

    private func statement(_ key: StatementKey, _ sql: () -> String) throws -> PreparedStatement {
        if let cached = byTable[key] {
            cached.reset()
            return cached
        }
        let statement = try PreparedStatement(db, sql: sql())
        byTable[key] = statement
        statement.reset()
        return statement
    }

    private func bindKey(_ statement: PreparedStatement, _ key: [String], from index: Int32) {
        for (offset, part) in key.enumerated() { statement.bind(index + Int32(offset), part) }
    }

    // MARK: - Clock rows

    /// The existence marker of a row (column -1), or nil when the row was never seen.
    func marker(table: TableSchema, pk: String) throws -> StoredClock? {
        let statement =
            try clockRead
            ?? PreparedStatement(
                db, sql: "SELECT cl, hlc, site, seq FROM outpost_cells WHERE tbl = ? AND pk = ? AND col = -1")
        clockRead = statement
        statement.reset()
        statement.bind(1, Int64(table.id))
        statement.bind(2, pk)
        guard try statement.step(db) else { return nil }
        let clock = StoredClock(
            causalLength: UInt64(statement.int64(0)), hlc: UInt64(bitPattern: statement.int64(1)),
            site: statement.int64(2), seq: UInt64(statement.int64(3)))
        statement.reset()
        return clock
    }

    /// Writes a row's existence marker and logs the change.
    func writeMarker(table: TableSchema, pk: String, _ clock: StoredClock) throws {
        let column = ReplicaChange.rowEvent
        let statement =
            try clockWrite
            ?? PreparedStatement(
                db,
                sql: """
                    INSERT INTO outpost_cells (tbl, pk, col, cl, hlc, site, seq) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (tbl, pk, col) DO UPDATE SET
                        cl = excluded.cl, hlc = excluded.hlc, site = excluded.site, seq = excluded.seq
                    """)
        clockWrite = statement
        statement.reset()
        statement.bind(1, Int64(table.id))
        statement.bind(2, pk)
        statement.bind(3, Int64(column))
        statement.bind(4, clock.causalLength)
        statement.bind(5, clock.hlc)
        statement.bind(6, clock.site)
        statement.bind(7, clock.seq)
        try statement.step(db)
        guard clock.site != 0 else { return }  // a placeholder is no change of anyone's
        try appendLog(table: table, pk: pk, column: column, site: clock.site, seq: clock.seq)
    }

    /// Records where an origin's change lives, for anti-entropy.
    func appendLog(table: TableSchema, pk: String, column: Int32, site: Int64, seq: UInt64) throws {
        let log =
            try logWrite
            ?? PreparedStatement(
                db, sql: "INSERT OR IGNORE INTO outpost_log (site, seq, tbl, pk, col) VALUES (?, ?, ?, ?, ?)")
        logWrite = log
        log.reset()
        log.bind(1, site)
        log.bind(2, seq)
        log.bind(3, Int64(table.id))
        log.bind(4, pk)
        log.bind(5, Int64(column))
        try log.step(db)
    }

    /// The causal length and cell clocks of a live row, or nil when the row does not exist.
    func cellClocks(table: TableSchema, key: [String]) throws -> (causalLength: UInt64, clocks: CellClocks)? {
        let statement = try statement(StatementKey(table: table.id, purpose: .readClocks)) {
            "SELECT _cl, _clocks FROM \(table.name) WHERE \(Self.keyPredicate(table))"
        }
        bindKey(statement, key, from: 1)
        guard try statement.step(db) else { return nil }
        let length = UInt64(statement.int64(0))
        let clocks: CellClocks
        if case .blob(let data) = statement.value(1).storage {
            clocks = CellClocks(data)
        } else {
            clocks = CellClocks()
        }
        statement.reset()
        return (length, clocks)
    }

    func writeCellClocks(table: TableSchema, key: [String], _ clocks: CellClocks) throws {
        let statement = try statement(StatementKey(table: table.id, purpose: .writeClocks)) {
            "UPDATE \(table.name) SET _clocks = ? WHERE \(Self.keyPredicate(table))"
        }
        statement.bind(1, clocks.encoded.map { $0.databaseValue } ?? .null)
        bindKey(statement, key, from: 2)
        try statement.step(db)
    }

    // MARK: - Base rows

    /// Inserts an append-only row with its origin; false when its id is already present (grow-only set).
    /// On success, the inserted row's rowid; nil when the id was already present.
    func append(table: TableSchema, id: String, values: [DatabaseValue], site: Int64, seq: UInt64) throws -> Int64? {
        // The hot loop of imports and merges: one statement per table kept in a plain slot, no hashing.
        let statement: PreparedStatement
        if let cached = appendSlots[Int(table.id)] {
            statement = cached
        } else {
            let names = table.allColumns + ["_site", "_seq"]
            let marks = Array(repeating: "?", count: names.count).joined(separator: ", ")
            statement = try PreparedStatement(
                db,
                sql: """
                    INSERT INTO \(table.name) (\(names.joined(separator: ", "))) VALUES (\(marks))
                    ON CONFLICT (id) DO NOTHING
                    """)
            appendSlots[Int(table.id)] = statement
        }
        statement.rewind()
        statement.bind(1, id)
        for (offset, value) in values.enumerated() { statement.bind(Int32(offset + 2), value) }
        statement.bind(Int32(values.count + 2), site)
        statement.bind(Int32(values.count + 3), seq)
        try statement.step(db)
        return statement.insertedRowID(db)
    }

    func insertBaseRow(
        table: TableSchema, key: [String], image: [DatabaseValue], hlc: UInt64, causalLength: UInt64
    ) throws {
        let statement = try statement(StatementKey(table: table.id, purpose: .insertBase)) {
            let names = table.keyColumns + table.columns + ["updated_at", "_cl"]
            let marks = Array(repeating: "?", count: names.count).joined(separator: ", ")
            return "INSERT OR REPLACE INTO \(table.name) (\(names.joined(separator: ", "))) VALUES (\(marks))"
        }
        bindKey(statement, key, from: 1)
        var index = Int32(key.count + 1)
        for value in image {
            statement.bind(index, value)
            index += 1
        }
        statement.bind(index, Self.updatedAt(hlc))
        statement.bind(index + 1, Int64(causalLength))
        try statement.step(db)
    }

    func deleteBaseRow(table: TableSchema, key: [String]) throws {
        _ = try deleteBaseRowReturningLength(table: table, key: key)
    }

    /// Deletes a base row and returns its causal length, or nil when it did not exist. A row scoped by a column
    /// (customers by region) leaves that column's value in `outpost_deleted_scope`, so its deletion and the rows
    /// that follow it can still be placed in a scope (``ScopeResolver``).
    func deleteBaseRowReturningLength(table: TableSchema, key: [String]) throws -> UInt64? {
        guard case .column(let scopeColumn) = table.scope else {
            let statement = try statement(StatementKey(table: table.id, purpose: .deleteReturning)) {
                "DELETE FROM \(table.name) WHERE \(Self.keyPredicate(table)) RETURNING _cl"
            }
            bindKey(statement, key, from: 1)
            guard try statement.step(db) else { return nil }
            let length = UInt64(statement.int64(0))
            while try statement.step(db) {}
            return length
        }
        let statement = try statement(StatementKey(table: table.id, purpose: .deleteReturning)) {
            "DELETE FROM \(table.name) WHERE \(Self.keyPredicate(table)) RETURNING _cl, \(scopeColumn)"
        }
        bindKey(statement, key, from: 1)
        guard try statement.step(db) else { return nil }
        let length = UInt64(statement.int64(0))
        let scope = statement.value(1)
        while try statement.step(db) {}
        let keep = try self.statement(StatementKey(table: table.id, purpose: .keepDeletedScope)) {
            "INSERT OR REPLACE INTO outpost_deleted_scope (tbl, pk, region) VALUES (?, ?, ?)"
        }
        keep.bind(1, Int64(table.id))
        keep.bind(2, try RowKey.encode(key, table: table))
        keep.bind(3, scope)
        try keep.step(db)
        return length
    }

    /// Sets columns of an existing row and its `updated_at`, and stamps their cells' clocks inside the same
    /// UPDATE (``CellClockFunction``), without reading the row first; false when the row does not exist.
    func updateBaseRowStampingClocks(
        table: TableSchema, key: [String], columns: [Int], values: [DatabaseValue], updatedAt: String,
        stamps: [(hlc: UInt64, seq: UInt64)], site: Int64
    ) throws -> Bool {
        let updateKey = UpdateKey(table: table.id, columns: columns)
        let statement: PreparedStatement
        if let cached = updates[updateKey] {
            statement = cached
        } else {
            let sets = columns.map { "\(table.columns[$0]) = ?" }.joined(separator: ", ")
            let clocks = Array(repeating: ", ?, ?, ?, ?", count: columns.count).joined()
            statement = try PreparedStatement(
                db,
                sql: """
                    UPDATE \(table.name) SET \(sets), updated_at = ?,
                        _clocks = \(CellClockFunction.name)(_clocks\(clocks))
                    WHERE \(Self.keyPredicate(table))
                    """)
            updates[updateKey] = statement
        }
        statement.rewind()
        var index: Int32 = 1
        for value in values {
            statement.bind(index, value)
            index += 1
        }
        statement.bind(index, updatedAt)
        index += 1
        for (offset, column) in columns.enumerated() {
            statement.bind(index, Int64(column))
            statement.bind(index + 1, stamps[offset].hlc)
            statement.bind(index + 2, site)
            statement.bind(index + 3, stamps[offset].seq)
            index += 4
        }
        bindKey(statement, key, from: index)
        try statement.step(db)
        return statement.changes(db) > 0
    }

    /// Sets one column of an existing base row, its cell clocks, and raises its derived `updated_at`.
    func setColumn(
        table: TableSchema, key: [String], column: Int, value: DatabaseValue, hlc: UInt64, clocks: CellClocks
    ) throws {
        let statement = try statement(StatementKey(table: table.id, purpose: .setColumn, column: column)) {
            """
            UPDATE \(table.name) SET \(column >= 0 ? table.columns[column] : "_cl") = ?,
                updated_at = max(coalesce(updated_at, ''), ?), _clocks = ?
            WHERE \(Self.keyPredicate(table))
            """
        }
        statement.bind(1, value)
        statement.bind(2, Self.updatedAt(hlc))
        statement.bind(3, clocks.encoded.map { $0.databaseValue } ?? .null)
        bindKey(statement, key, from: 4)
        try statement.step(db)
    }

    /// One column of a row, or nil when the row does not exist.
    func columnValue(table: TableSchema, key: [String], column: Int) throws -> DatabaseValue? {
        let statement = try statement(StatementKey(table: table.id, purpose: .selectRow, column: column)) {
            "SELECT \(table.columns[column]) FROM \(table.name) WHERE \(Self.keyPredicate(table))"
        }
        bindKey(statement, key, from: 1)
        guard try statement.step(db) else { return nil }
        let value = statement.value(0)
        statement.reset()
        return value
    }

    /// A row's non-key columns in order, or nil when it does not exist.
    func image(table: TableSchema, key: [String]) throws -> [DatabaseValue]? {
        let statement = try statement(StatementKey(table: table.id, purpose: .selectRow)) {
            let names = table.columns.isEmpty ? "1" : table.columns.joined(separator: ", ")
            return "SELECT \(names) FROM \(table.name) WHERE \(Self.keyPredicate(table))"
        }
        bindKey(statement, key, from: 1)
        guard try statement.step(db) else { return nil }
        let values = (0..<Int32(table.columns.count)).map { statement.value($0) }
        statement.reset()
        return values
    }

    /// `updated_at` derived from a clock: the wall time of the newest change of the row's generation.
    static func updatedAt(_ hlc: UInt64) -> String {
        Timestamps.iso(millis: Int64(HybridLogicalClock.millis(of: hlc)))
    }

    /// Equality as an import sees it: numbers compare by value, text by content, NULL equals NULL.
    static func sameValue(_ stored: DatabaseValue?, _ incoming: DatabaseValue) -> Bool {
        guard let stored else { return incoming.isNull }
        switch (stored.storage, incoming.storage) {
        case (.int64(let a), .double(let b)): return Double(a) == b
        case (.double(let a), .int64(let b)): return a == Double(b)
        default: return stored == incoming
        }
    }
}

/// A clock row as stored: the origin is a local site ordinal (0: placeholder, create not yet seen).
struct StoredClock: Sendable, Hashable {
    var causalLength: UInt64
    var hlc: UInt64
    var site: Int64
    var seq: UInt64
}
