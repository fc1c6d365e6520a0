import GRDBSQLite

/// The SQL function `outpost_set_clocks(clocks, column, hlc, site, seq, …)`: a row's `_clocks` blob (see
/// ``CellClocks``) with the entries of the given columns set, one group of four arguments per column, in column
/// order. A local field update writes its row and the new clocks in one UPDATE with it, instead of reading the
/// blob first, decoding, re-encoding and writing it back (the capture benchmark: 2.35× a plain update that way).
///
/// Registered on every connection of a replica (``register(on:)``). It works on SQLite's buffers directly, so a
/// call allocates nothing in Swift; a blob that is not a whole number of entries counts as empty, as
/// ``CellClocks`` reads it.
enum CellClockFunction {
    static let name = "outpost_set_clocks"
    private static let width = 22
    /// SQLITE_TRANSIENT: SQLite copies the result before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Adds the function to a connection; SQLite's result code.
    @discardableResult
    static func register(on connection: OpaquePointer) -> Int32 {
        sqlite3_create_function_v2(
            connection, name, -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil,
            { context, count, arguments in CellClockFunction.call(context, count, arguments) }, nil, nil, nil)
    }

    private static func call(
        _ context: OpaquePointer?, _ count: Int32, _ arguments: UnsafeMutablePointer<OpaquePointer?>?
    ) {
        guard let arguments, count >= 5, (count - 1) % 4 == 0 else {
            sqlite3_result_error(context, "\(name) takes a blob and groups of (column, hlc, site, seq)", -1)
            return
        }
        let oldBytes = sqlite3_value_blob(arguments[0])?.assumingMemoryBound(to: UInt8.self)
        let oldLength = Int(sqlite3_value_bytes(arguments[0]))
        let oldCount = oldBytes != nil && oldLength % width == 0 ? oldLength / width : 0
        let updates = Int(count - 1) / 4
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: (oldCount + updates) * width) { output in
            var written = 0
            var old = 0
            var update = 0
            func oldColumn(_ index: Int) -> Int {
                Int(oldBytes![index * width]) | Int(oldBytes![index * width + 1]) << 8
            }
            func newColumn(_ index: Int) -> Int { Int(sqlite3_value_int64(arguments[1 + index * 4])) }
            func put(_ value: UInt64, _ bytes: Int) {
                for offset in 0..<bytes { output[written + offset] = UInt8(truncatingIfNeeded: value >> (8 * offset)) }
                written += bytes
            }
            while old < oldCount || update < updates {
                let takeNew = update < updates && (old >= oldCount || newColumn(update) <= oldColumn(old))
                if takeNew {
                    let column = newColumn(update)
                    if old < oldCount && oldColumn(old) == column { old += 1 }  // replaced
                    let base = 1 + update * 4
                    put(UInt64(truncatingIfNeeded: column), 2)
                    put(UInt64(bitPattern: sqlite3_value_int64(arguments[base + 1])), 8)
                    put(UInt64(bitPattern: sqlite3_value_int64(arguments[base + 2])), 4)
                    put(UInt64(bitPattern: sqlite3_value_int64(arguments[base + 3])), 8)
                    update += 1
                } else {
                    for offset in 0..<width { output[written + offset] = oldBytes![old * width + offset] }
                    written += width
                    old += 1
                }
            }
            sqlite3_result_blob(context, output.baseAddress, Int32(written), transient)
        }
    }
}
