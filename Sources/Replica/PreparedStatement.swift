import Foundation
import GRDB
import GRDBSQLite

/// A cached statement driven through SQLite's C API, for the hot paths (bulk import, merge) where GRDB's
/// `StatementArguments` cost about twice the raw binding. The statement belongs to GRDB's per-connection
/// cache, so it lives as long as the connection and is reused across transactions.
struct PreparedStatement {
    private let handle: OpaquePointer

    init(_ db: Database, sql: String) throws {
        handle = try db.cachedStatement(sql: sql).sqliteStatement
    }

    /// SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Resets for re-execution keeping bindings; for statements whose every parameter is bound each time.
    func rewind() { sqlite3_reset(handle) }

    /// After an insert step: the new row's rowid, or nil when nothing was inserted (a conflict was ignored).
    /// Reads SQLite directly, skipping GRDB's per-call queue checks on this hot path.
    func insertedRowID(_ db: Database) -> Int64? {
        guard let connection = db.sqliteConnection, sqlite3_changes(connection) == 1 else { return nil }
        return sqlite3_last_insert_rowid(connection)
    }

    /// After a step that wrote: how many rows it changed.
    func changes(_ db: Database) -> Int32 {
        db.sqliteConnection.map { sqlite3_changes($0) } ?? 0
    }

    func bind(_ index: Int32, _ value: DatabaseValue) {
        switch value.storage {
        case .null: sqlite3_bind_null(handle, index)
        case .int64(let int): sqlite3_bind_int64(handle, index, int)
        case .double(let double): sqlite3_bind_double(handle, index, double)
        case .string(let string): bind(index, string)
        case .blob(let data):
            _ = data.withUnsafeBytes { raw in
                sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), Self.transient)
            }
        }
    }

    func bind(_ index: Int32, _ string: String) {
        var string = string
        string.withUTF8 { utf8 in
            _ = sqlite3_bind_text(handle, index, utf8.baseAddress, Int32(utf8.count), Self.transient)
        }
    }

    func bind(_ index: Int32, _ int: Int64) { sqlite3_bind_int64(handle, index, int) }

    func bind(_ index: Int32, _ int: UInt64) { sqlite3_bind_int64(handle, index, Int64(bitPattern: int)) }

    /// Runs one step; true when a row is available.
    @discardableResult
    func step(_ db: Database) throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            let sql = sqlite3_sql(handle).map { String(cString: $0) }
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
        }
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func text(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        return String(cString: pointer)
    }

    func value(_ column: Int32) -> DatabaseValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER: return sqlite3_column_int64(handle, column).databaseValue
        case SQLITE_FLOAT: return sqlite3_column_double(handle, column).databaseValue
        case SQLITE_TEXT: return (text(column) ?? "").databaseValue
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, column))
            guard count > 0, let bytes = sqlite3_column_blob(handle, column) else { return .null }
            return Data(bytes: bytes, count: count).databaseValue
        default: return .null
        }
    }
}
