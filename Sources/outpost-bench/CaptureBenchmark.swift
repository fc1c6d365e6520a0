import CRM
import Foundation
import GRDB
import GRDBSQLite
import Replica

/// Change capture against the same rows written without it, in one run (SPEC §9): order import and
/// customer field updates. The baseline uses the same schema without bookkeeping columns and the same
/// raw prepared-statement path, in transactions of the same size.
struct CaptureBenchmark {
    var orders = 1_000_000
    var customers = 100_000
    var batch = 5_000
    let directory: URL

    func run() throws -> [String: Double] {
        let rows = (0..<orders).map { BenchData.order($0, customers: customers) }
        var results: [String: Double] = [:]

        // Plain: same table shape, same statements, no capture.
        let plain = try BenchData.plainDatabase(
            at: directory.appendingPathComponent("plain.sqlite").path, withCustomers: true)
        let replica = try Replica.create(
            at: directory.appendingPathComponent("captured.sqlite").path,
            identity: NodeIdentity(name: "bench", role: .office, region: "east"), declaring: BenchData.tables)

        results["orders_plain_s"] = try time { try BenchData.plainInsert(rows, into: plain, batch: batch) }
        results["orders_captured_s"] = try time {
            for start in stride(from: 0, to: rows.count, by: batch) {
                try replica.write { writer in
                    for (id, values) in rows[start..<min(start + batch, rows.count)] {
                        try writer.append(.orders, id: id, values: values)
                    }
                }
            }
        }

        // Customers: insert them, then update one field of each.
        try plain.write { db in
            for index in 0..<customers {
                try db.execute(
                    sql: "INSERT INTO customers (id, name, region, phone) VALUES (?, ?, 'east', '0')",
                    arguments: ["C\(index)", "shop \(index)"])
            }
        }
        try replica.write { writer in
            for index in 0..<customers {
                try writer.insert(
                    .customers, key: ["C\(index)"],
                    values: [
                        "name": "shop \(index)".databaseValue, "region": "east".databaseValue,
                        "phone": "0".databaseValue,
                    ])
            }
        }
        let updateBatch = 1_000
        results["updates_plain_s"] = try time {
            for start in stride(from: 0, to: customers, by: updateBatch) {
                try plain.write { db in
                    let statement = try db.cachedStatement(
                        sql: "UPDATE customers SET phone = ?, updated_at = ? WHERE id = ?")
                    for index in start..<min(start + updateBatch, customers) {
                        try RawInsert.run(
                            statement.sqliteStatement, db, first: "1380000\(index)",
                            [
                                Timestamps.iso(millis: Int64(Replica.defaultWallClock())).databaseValue,
                                "C\(index)".databaseValue,
                            ])
                    }
                }
            }
        }
        results["updates_captured_s"] = try time {
            for start in stride(from: 0, to: customers, by: updateBatch) {
                try replica.write { writer in
                    for index in start..<min(start + updateBatch, customers) {
                        try writer.update(
                            .customers, key: ["C\(index)"], values: ["phone": "1380000\(index)".databaseValue])
                    }
                }
            }
        }
        results["orders_ratio"] = results["orders_captured_s"]! / results["orders_plain_s"]!
        results["updates_ratio"] = results["updates_captured_s"]! / results["updates_plain_s"]!
        return results
    }

    private func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}

/// The baseline's raw binding loop: the same C calls the replica's hot path makes.
enum RawInsert {
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    static func run(_ statement: OpaquePointer, _ db: Database, first: String, _ values: [DatabaseValue]) throws {
        sqlite3_reset(statement)
        bind(statement, 1, first)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 2)
            switch value.storage {
            case .null: sqlite3_bind_null(statement, index)
            case .int64(let int): sqlite3_bind_int64(statement, index, int)
            case .double(let double): sqlite3_bind_double(statement, index, double)
            case .string(let string): bind(statement, index, string)
            case .blob: sqlite3_bind_null(statement, index)
            }
        }
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }

    private static func bind(_ statement: OpaquePointer, _ index: Int32, _ string: String) {
        var string = string
        string.withUTF8 { utf8 in
            _ = sqlite3_bind_text(statement, index, utf8.baseAddress, Int32(utf8.count), transient)
        }
    }
}
