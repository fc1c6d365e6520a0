import Dispatch
import Foundation
import GRDB
import Logging
import Replica
import Sync
import Synchronization
import ZeroMQ

/// Merge rate against a plain bulk insert of the same rows, and live-push latency between two engines over
/// CURVE on loopback (SPEC §9).
struct SyncBenchmark {
    let directory: URL

    /// Applies every change of `orders` orders (and `customers` customers) as received batches into a fresh
    /// replica, against the plain insert of the same order rows.
    func merge(orders: Int, customers: Int) throws -> [String: Double] {
        let source = try Replica.create(
            at: directory.appendingPathComponent("source.sqlite").path,
            identity: NodeIdentity(name: "source", role: .office, region: "east"))
        var rows: [(String, [DatabaseValue])] = []
        rows.reserveCapacity(orders)
        for index in 0..<orders {
            rows.append(
                (
                    String(format: "O%010d", index),
                    [
                        "C\(index % customers)".databaseValue, "2026-03-01T10:00:00Z".databaseValue,
                        "S\(index % 40)".databaseValue, 1.databaseValue, Double(index % 977).databaseValue,
                        "chain".databaseValue,
                    ]
                ))
        }
        try source.write { writer in
            for index in 0..<customers {
                try writer.insert(
                    .customers, key: ["C\(index)"],
                    values: ["name": "shop \(index)".databaseValue, "region": "east".databaseValue])
            }
        }
        for start in stride(from: 0, to: orders, by: 5_000) {
            try source.write { writer in
                for (id, values) in rows[start..<min(start + 5_000, orders)] {
                    try writer.append(.orders, id: id, values: values)
                }
            }
        }
        // Batches as a session would receive them (read ahead, so only the apply is timed).
        var batches: [OutgoingBatch] = []
        var heads = SiteHeads()
        let readSeconds = try time {
            while true {
                let batch = try source.outgoingBatch(after: heads, limit: 2_000)
                if batch.changes.isEmpty { break }
                for (site, seq) in batch.covers { heads[site] = max(heads[site] ?? 0, seq) }
                batches.append(batch)
            }
        }
        let target = try Replica.create(
            at: directory.appendingPathComponent("target.sqlite").path,
            identity: NodeIdentity(name: "target", role: .hq, region: "all"))
        let changeCount = batches.reduce(0) { $0 + $1.changes.count }
        let mergeSeconds = try time {
            for batch in batches { try target.apply(batch.changes, covers: batch.covers) }
        }
        // Plain: the order rows alone, prepared statements, same batch size.
        let plain = try DatabaseQueue(path: directory.appendingPathComponent("plain-merge.sqlite").path)
        try plain.writeWithoutTransaction { db in
            // The same settings as the replica's writer connection, so only capture differs.
            try db.execute(
                sql:
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 8192"
            )
            try db.execute(
                sql: """
                    CREATE TABLE orders (id TEXT NOT NULL UNIQUE, customer_id TEXT, ordered_at TEXT, sku TEXT,
                        quantity INTEGER, amount REAL, channel TEXT);
                    CREATE INDEX orders_customer ON orders(customer_id, ordered_at);
                    """)
        }
        let plainSeconds = try time {
            for start in stride(from: 0, to: orders, by: 2_000) {
                try plain.write { db in
                    let statement = try db.cachedStatement(
                        sql: """
                            INSERT INTO orders (id, customer_id, ordered_at, sku, quantity, amount, channel)
                            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
                            """)
                    for (id, values) in rows[start..<min(start + 2_000, orders)] {
                        try RawInsert.run(statement.sqliteStatement, db, first: id, values)
                    }
                }
            }
        }
        let mergeRate = Double(changeCount) / mergeSeconds
        let plainRate = Double(orders) / plainSeconds
        return [
            "merge_changes": Double(changeCount), "merge_s": mergeSeconds, "read_for_send_s": readSeconds,
            "merge_changes_per_s": mergeRate,
            "plain_insert_rows_per_s": plainRate, "merge_vs_plain_ratio": mergeRate / plainRate,
        ]
    }

    /// Single-row commits on one engine, until visible in the other's database.
    func livePush(writes: Int) throws -> [String: Double] {
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let hqKeys = try CurveKeyPair.generate()
        let eastKeys = try CurveKeyPair.generate()
        let hq = try Replica.create(
            at: directory.appendingPathComponent("live-hq.sqlite").path,
            identity: NodeIdentity(name: "hq", role: .hq, region: "all"))
        let east = try Replica.create(
            at: directory.appendingPathComponent("live-east.sqlite").path,
            identity: NodeIdentity(name: "east", role: .office, region: "east"))
        let server = SyncEngine(
            replica: hq, keyPair: hqKeys,
            peers: [Peer(name: "east", endpoint: nil, publicKey: eastKeys.publicKey.z85, addedAt: "")],
            options: SyncEngine.Options(listen: "tcp://127.0.0.1:0"), logger: logger)
        Thread { try? server.run() }.start()
        while server.endpoint == nil { Thread.sleep(forTimeInterval: 0.01) }
        let client = SyncEngine(
            replica: east, keyPair: eastKeys,
            peers: [Peer(name: "hq", endpoint: server.endpoint, publicKey: hqKeys.publicKey.z85, addedAt: "")],
            options: SyncEngine.Options(), logger: logger)
        Thread { try? client.run() }.start()
        defer {
            client.stop()
            server.stop()
        }
        let arrived = DispatchSemaphore(value: 0)
        hq.observeCommits { _ in arrived.signal() }
        // Warm up: the first write waits for the session to be established.
        try east.write { try $0.insert(.customers, key: ["warm"], values: ["name": "w".databaseValue]) }
        _ = arrived.wait(timeout: .now() + 10)
        var latencies: [Double] = []
        for index in 0..<writes {
            let start = DispatchTime.now().uptimeNanoseconds
            try east.write {
                try $0.insert(.customers, key: ["L\(index)"], values: ["name": "live".databaseValue])
            }
            guard arrived.wait(timeout: .now() + 5) == .success else { throw BenchError.lost(index) }
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        latencies.sort()
        return [
            "live_push_p50_ms": latencies[latencies.count / 2],
            "live_push_p99_ms": latencies[min(latencies.count - 1, latencies.count * 99 / 100)],
            "live_push_max_ms": latencies.last ?? 0,
        ]
    }

    /// Initial sync of a fresh replica from one holding `orders` orders, two engines in this process over
    /// CURVE on loopback (the whole path: read, encode, encrypt, decode, merge, acknowledge).
    func initialSync(orders: Int, customers: Int) throws -> [String: Double] {
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let sourceKeys = try CurveKeyPair.generate()
        let targetKeys = try CurveKeyPair.generate()
        let source = try Replica.create(
            at: directory.appendingPathComponent("initial-source.sqlite").path,
            identity: NodeIdentity(name: "source", role: .hq, region: "all"))
        try source.write { writer in
            for index in 0..<customers {
                try writer.insert(
                    .customers, key: ["C\(index)"],
                    values: ["name": "shop \(index)".databaseValue, "region": "east".databaseValue])
            }
        }
        for start in stride(from: 0, to: orders, by: 5_000) {
            try source.write { writer in
                for index in start..<min(start + 5_000, orders) {
                    try writer.append(
                        .orders, id: String(format: "O%010d", index),
                        values: [
                            "C\(index % customers)".databaseValue, "2026-03-01T10:00:00Z".databaseValue,
                            "S\(index % 40)".databaseValue, 1.databaseValue, Double(index % 977).databaseValue,
                            "chain".databaseValue,
                        ])
                }
            }
        }
        let target = try Replica.create(
            at: directory.appendingPathComponent("initial-target.sqlite").path,
            identity: NodeIdentity(name: "target", role: .office, region: "east"))
        let server = SyncEngine(
            replica: source, keyPair: sourceKeys,
            peers: [Peer(name: "target", endpoint: nil, publicKey: targetKeys.publicKey.z85, addedAt: "")],
            options: SyncEngine.Options(listen: "tcp://127.0.0.1:0"), logger: logger)
        Thread { try? server.run() }.start()
        defer { server.stop() }
        while server.endpoint == nil { Thread.sleep(forTimeInterval: 0.01) }
        let client = SyncEngine(
            replica: target, keyPair: targetKeys,
            peers: [Peer(name: "source", endpoint: server.endpoint, publicKey: sourceKeys.publicKey.z85, addedAt: "")],
            options: SyncEngine.Options(), logger: logger)
        var result: SyncEngine.OnceResult?
        let seconds = try time { result = try client.syncOnce(timeout: .seconds(600)) }
        let equal = try source.checksums() == target.checksums()
        return [
            "initial_sync_inprocess_s": seconds,
            "initial_sync_inprocess_caught_up": result?.caughtUp.count == 1 ? 1 : 0,
            "initial_sync_inprocess_checksums_equal": equal ? 1 : 0,
        ]
    }

    enum BenchError: Error { case lost(Int) }

    private func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
