import Foundation
import GRDB

/// The SQL of mutable tables' base rows and their clock rows, shared by local writes and remote merges.
enum RowStore {
    static func keyPredicate(_ table: TableSchema) -> String {
        table.keyColumns.map { "\($0) = ?" }.joined(separator: " AND ")
    }

    /// The causal length of the row's existence marker, or nil when the row was never seen.
    static func sentinelCausalLength(_ db: Database, table: TableSchema, pk: String) throws -> UInt64? {
        let statement = try PreparedStatement(
            db, sql: "SELECT cl FROM outpost_cells WHERE tbl = ? AND pk = ? AND col = -1")
        statement.reset()
        statement.bind(1, Int64(table.id))
        statement.bind(2, pk)
        guard try statement.step(db) else { return nil }
        let value = UInt64(statement.int64(0))
        while try statement.step(db) {}
        return value
    }

    /// The clock row of one cell or existence marker.
    static func clock(_ db: Database, table: TableSchema, pk: String, column: Int32) throws -> StoredClock? {
        let statement = try PreparedStatement(
            db, sql: "SELECT cl, hlc, site, seq FROM outpost_cells WHERE tbl = ? AND pk = ? AND col = ?")
        statement.reset()
        statement.bind(1, Int64(table.id))
        statement.bind(2, pk)
        statement.bind(3, Int64(column))
        guard try statement.step(db) else { return nil }
        let clock = StoredClock(
            causalLength: UInt64(statement.int64(0)), hlc: UInt64(bitPattern: statement.int64(1)),
            site: statement.int64(2), seq: UInt64(statement.int64(3)))
        while try statement.step(db) {}
        return clock
    }

    static func writeClock(
        _ db: Database, table: TableSchema, pk: String, column: Int32, causalLength: UInt64, hlc: UInt64,
        site: Int64, seq: UInt64
    ) throws {
        let statement = try PreparedStatement(
            db,
            sql: """
                INSERT INTO outpost_cells (tbl, pk, col, cl, hlc, site, seq) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (tbl, pk, col) DO UPDATE SET
                    cl = excluded.cl, hlc = excluded.hlc, site = excluded.site, seq = excluded.seq
                """)
        statement.reset()
        statement.bind(1, Int64(table.id))
        statement.bind(2, pk)
        statement.bind(3, Int64(column))
        statement.bind(4, causalLength)
        statement.bind(5, hlc)
        statement.bind(6, site)
        statement.bind(7, seq)
        try statement.step(db)
    }

    /// Drops the cell clocks of a row (its existence marker stays).
    static func clearCells(_ db: Database, table: TableSchema, pk: String) throws {
        let statement = try PreparedStatement(
            db, sql: "DELETE FROM outpost_cells WHERE tbl = ? AND pk = ? AND col >= 0")
        statement.reset()
        statement.bind(1, Int64(table.id))
        statement.bind(2, pk)
        try statement.step(db)
    }

    static func dropCell(_ db: Database, table: TableSchema, pk: String, column: Int32) throws {
        let statement = try PreparedStatement(
            db, sql: "DELETE FROM outpost_cells WHERE tbl = ? AND pk = ? AND col = ?")
        statement.reset()
        statement.bind(1, Int64(table.id))
        statement.bind(2, pk)
        statement.bind(3, Int64(column))
        try statement.step(db)
    }

    static func insertBaseRow(
        _ db: Database, table: TableSchema, key: [String], image: [DatabaseValue], hlc: UInt64,
        causalLength: UInt64
    ) throws {
        let names = table.keyColumns + table.columns + ["updated_at", "_cl"]
        let marks = Array(repeating: "?", count: names.count).joined(separator: ", ")
        let statement = try PreparedStatement(
            db, sql: "INSERT OR REPLACE INTO \(table.name) (\(names.joined(separator: ", "))) VALUES (\(marks))")
        statement.reset()
        var index: Int32 = 1
        for part in key {
            statement.bind(index, part)
            index += 1
        }
        for value in image {
            statement.bind(index, value)
            index += 1
        }
        statement.bind(index, updatedAt(hlc))
        statement.bind(index + 1, Int64(causalLength))
        try statement.step(db)
    }

    static func deleteBaseRow(_ db: Database, table: TableSchema, key: [String]) throws {
        let statement = try PreparedStatement(db, sql: "DELETE FROM \(table.name) WHERE \(keyPredicate(table))")
        statement.reset()
        for (offset, part) in key.enumerated() { statement.bind(Int32(offset + 1), part) }
        try statement.step(db)
    }

    /// Sets one column of an existing base row and raises its derived `updated_at`.
    static func setColumn(
        _ db: Database, table: TableSchema, key: [String], column: String, value: DatabaseValue, hlc: UInt64
    ) throws {
        let statement = try PreparedStatement(
            db,
            sql: """
                UPDATE \(table.name) SET \(column) = ?, updated_at = max(coalesce(updated_at, ''), ?)
                WHERE \(keyPredicate(table))
                """)
        statement.reset()
        statement.bind(1, value)
        statement.bind(2, updatedAt(hlc))
        for (offset, part) in key.enumerated() { statement.bind(Int32(offset + 3), part) }
        try statement.step(db)
    }

    /// A row's current values by column name, or nil when it does not exist.
    static func currentRow(_ db: Database, table: TableSchema, key: [String]) throws -> Row? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM \(table.name) WHERE \(keyPredicate(table))", arguments: StatementArguments(key))
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
