import CRM
import Foundation
import GRDB
import Replica
import Sync

/// Data and databases the benchmarks share, so every suite measures the same rows and the same baseline.
enum BenchData {
    /// The tables a node's replica declares: CRM's and Sync's.
    static let tables = [CRMTables.declaration, SyncTables.declaration]

    /// Order `index` of a synthetic set spread over `customers` customers: id and non-key columns.
    static func order(_ index: Int, customers: Int) -> (String, [DatabaseValue]) {
        let day = 1 + index % 28
        return (
            String(format: "O%010d", index),
            [
                "C\(index % customers)".databaseValue,
                "2026-0\(1 + index % 9)-\(day < 10 ? "0" : "")\(day)T10:00:00Z".databaseValue,
                "S\(index % 40)".databaseValue, (1 + index % 5).databaseValue, Double(index % 977).databaseValue,
                "chain".databaseValue,
            ]
        )
    }

    /// A replica holding `customers` customers and the given orders, written as an import would.
    static func replica(
        at path: String, name: String, customers: Int, orders: [(String, [DatabaseValue])]
    ) throws -> Replica {
        let replica = try Replica.create(
            at: path, identity: NodeIdentity(name: name, role: .hq, region: "all"), declaring: tables)
        try replica.write { writer in
            for index in 0..<customers {
                try writer.insert(
                    .customers, key: ["C\(index)"],
                    values: ["name": "shop \(index)".databaseValue, "region": "east".databaseValue])
            }
        }
        for start in stride(from: 0, to: orders.count, by: 5_000) {
            try replica.write { writer in
                for (id, values) in orders[start..<min(start + 5_000, orders.count)] {
                    try writer.append(.orders, id: id, values: values)
                }
            }
        }
        return replica
    }

    /// The baseline: the same tables without bookkeeping columns, with the replica writer's settings, so
    /// only capture differs.
    static func plainDatabase(at path: String, withCustomers: Bool) throws -> DatabaseQueue {
        let plain = try DatabaseQueue(path: path)
        try plain.writeWithoutTransaction { db in
            try db.execute(
                sql: """
                    PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768;
                    PRAGMA wal_autocheckpoint = 8192;
                    CREATE TABLE orders (id TEXT NOT NULL UNIQUE, customer_id TEXT, ordered_at TEXT, sku TEXT,
                        quantity INTEGER, amount REAL, channel TEXT);
                    CREATE INDEX orders_customer ON orders(customer_id, ordered_at);
                    """)
            guard withCustomers else { return }
            try db.execute(
                sql: """
                    CREATE TABLE customers (id TEXT PRIMARY KEY NOT NULL, licence_no TEXT, name TEXT, owner TEXT,
                        phone TEXT, region TEXT, district TEXT, address TEXT, channel TEXT, business_type TEXT,
                        opened_on TEXT, status TEXT, marketing_consent INTEGER, created_at TEXT, updated_at TEXT
                    ) WITHOUT ROWID;
                    CREATE INDEX customers_region ON customers(region);
                    """)
        }
        return plain
    }

    /// Inserts order rows into the plain database in transactions of `batch`, through raw statements.
    static func plainInsert(_ rows: [(String, [DatabaseValue])], into plain: DatabaseQueue, batch: Int) throws {
        for start in stride(from: 0, to: rows.count, by: batch) {
            try plain.write { db in
                let statement = try db.cachedStatement(
                    sql: """
                        INSERT INTO orders (id, customer_id, ordered_at, sku, quantity, amount, channel)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
                        """)
                for (id, values) in rows[start..<min(start + batch, rows.count)] {
                    try RawInsert.run(statement.sqliteStatement, db, first: id, values)
                }
            }
        }
    }
}
