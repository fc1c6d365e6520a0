import GRDB
import GRDBSQLite

extension FeatureExtractor {
    /// A query stepped through SQLite's C API, for the scans that visit every order: GRDB's `Row` builds a
    /// `String` per text column, and a timestamp is too long for Swift's inline strings, so each one would be a
    /// heap allocation. Column accessors read the current row and are valid until the next ``step()``.
    /// GRDB prepares, binds and finalises the statement; see <https://www.sqlite.org/c3ref/column_blob.html>.
    struct RawRows {
        private let statement: Statement
        private let db: Database

        init(_ db: Database, sql: String, arguments: StatementArguments = []) throws {
            self.db = db
            statement = try db.makeStatement(sql: sql)
            try statement.setArguments(arguments)
        }

        private var handle: SQLiteStatement { statement.sqliteStatement }

        /// Advances to the next row; false at the end.
        func step() throws -> Bool {
            let code = sqlite3_step(handle)
            if code == SQLITE_ROW { return true }
            if code == SQLITE_DONE { return false }
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }

        /// Whether the column holds an integer, a real or NULL (call before reading it, which may convert it).
        func isNumberOrNull(_ column: Int32) -> Bool {
            let type = sqlite3_column_type(handle, column)
            return type == SQLITE_INTEGER || type == SQLITE_FLOAT || type == SQLITE_NULL
        }

        /// The column as an integer; 0 for NULL.
        func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

        /// The column as a double; 0 for NULL, as `TOTAL()` counts it.
        func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

        /// The column's UTF-8 bytes without copying them; nil for NULL.
        func bytes(_ column: Int32) -> UnsafeRawBufferPointer? {
            guard let text = sqlite3_column_text(handle, column) else { return nil }
            return UnsafeRawBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, column)))
        }

        /// The column as text; nil for NULL.
        func text(_ column: Int32) -> String? {
            bytes(column).map { String(decoding: $0, as: UTF8.self) }
        }
    }
}
