import CRM
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
    func merge(orders: Int, customers: Int, batch: Int = 2_000) throws -> [String: Double] {
        let rows = (0..<orders).map { BenchData.order($0, customers: customers) }
        let source = try BenchData.replica(
            at: directory.appendingPathComponent("source.sqlite").path, name: "source", customers: customers,
            orders: rows)
        // Batches as a session would receive them (read ahead, so only the apply is timed).
        var batches: [OutgoingBatch] = []
        var heads = SiteHeads()
        var cpu: [String: Double] = [:]
        let readSeconds = try time(cpu: &cpu["read_for_send_cpu_s"]) {
            while true {
                let read = try source.outgoingBatch(after: heads, limit: batch)
                if read.changes.isEmpty { break }
                for (site, seq) in read.covers { heads[site] = max(heads[site] ?? 0, seq) }
                batches.append(read)
            }
        }
        let target = try Replica.create(
            at: directory.appendingPathComponent("target.sqlite").path,
            identity: NodeIdentity(name: "target", role: .hq, region: "all"), declaring: BenchData.tables)
        let changeCount = batches.reduce(0) { $0 + $1.changes.count }
        let mergeSeconds = try time(cpu: &cpu["merge_cpu_s"]) {
            for batch in batches { try target.apply(batch.changes, covers: batch.covers) }
        }
        // Plain: the order rows alone, prepared statements, same batch size.
        let plain = try BenchData.plainDatabase(
            at: directory.appendingPathComponent("plain-merge.sqlite").path, withCustomers: false)
        let plainSeconds = try time(cpu: &cpu["plain_insert_cpu_s"]) {
            try BenchData.plainInsert(rows, into: plain, batch: batch)
        }
        let mergeRate = Double(changeCount) / mergeSeconds
        let plainRate = Double(orders) / plainSeconds
        return cpu.compactMapValues { $0 }.merging([
            "merge_changes": Double(changeCount), "merge_s": mergeSeconds, "read_for_send_s": readSeconds,
            "merge_changes_per_s": mergeRate,
            "plain_insert_rows_per_s": plainRate, "merge_vs_plain_ratio": mergeRate / plainRate,
        ]) { $1 }
    }

    /// The cost of the region-scope filter on the sending side: every outgoing batch of `orders` orders (and
    /// `customers` customers, all of region east) read with no scope, with scope east (every change placed and
    /// kept) and with scope north (every change placed and left out, only `covers` travel).
    func scopeRead(orders: Int, customers: Int) throws -> [String: Double] {
        let rows = (0..<orders).map { BenchData.order($0, customers: customers) }
        let source = try BenchData.replica(
            at: directory.appendingPathComponent("scope.sqlite").path, name: "source", customers: customers,
            orders: rows)
        var results: [String: Double] = [:]
        for (name, scope) in [("all", RegionScope.all), ("east", .regions(["east"])), ("north", .regions(["north"]))] {
            var sent = 0
            var cpu: Double?
            let seconds = try time(cpu: &cpu) {
                var heads = SiteHeads()
                while true {
                    let batch = try source.outgoingBatch(after: heads, limit: 2_000, scope: scope)
                    sent += batch.changes.count
                    let raised = batch.covers.contains { heads[$0.key] ?? 0 < $0.value }
                    if !raised { break }
                    for (site, seq) in batch.covers { heads[site] = max(heads[site] ?? 0, seq) }
                }
            }
            results["scope_read_\(name)_s"] = seconds
            results["scope_read_\(name)_cpu_s"] = cpu
            results["scope_read_\(name)_changes"] = Double(sent)
        }
        return results
    }

    /// Single-row commits on one engine, until visible in the other's database.
    func livePush(writes: Int) throws -> [String: Double] {
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let hqKeys = try CurveKeyPair.generate()
        let eastKeys = try CurveKeyPair.generate()
        let hq = try Replica.create(
            at: directory.appendingPathComponent("live-hq.sqlite").path,
            identity: NodeIdentity(name: "hq", role: .hq, region: "all"), declaring: BenchData.tables)
        let east = try Replica.create(
            at: directory.appendingPathComponent("live-east.sqlite").path,
            identity: NodeIdentity(name: "east", role: .office, region: "east"), declaring: BenchData.tables)
        let (server, client) = try Self.enginePair(
            server: (hq, hqKeys, "hq"), client: (east, eastKeys, "east"), logger: logger)
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
        let source = try BenchData.replica(
            at: directory.appendingPathComponent("initial-source.sqlite").path, name: "source",
            customers: customers, orders: (0..<orders).map { BenchData.order($0, customers: customers) })
        let target = try Replica.create(
            at: directory.appendingPathComponent("initial-target.sqlite").path,
            identity: NodeIdentity(name: "target", role: .office, region: "east"), declaring: BenchData.tables)
        let (server, client) = try Self.enginePair(
            server: (source, sourceKeys, "source"), client: (target, targetKeys, "target"), logger: logger)
        defer { server.stop() }
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

    /// A serving engine on an ephemeral loopback port (already running) and a client engine that dials it,
    /// each admitting only the other's key.
    static func enginePair(
        server: (Replica, CurveKeyPair, String), client: (Replica, CurveKeyPair, String), logger: Logger
    ) throws -> (server: SyncEngine, client: SyncEngine) {
        let serving = SyncEngine(
            replica: server.0, keyPair: server.1,
            peers: [Peer(name: client.2, endpoint: nil, publicKey: client.1.publicKey.z85, addedAt: "")],
            options: SyncEngine.Options(listen: "tcp://127.0.0.1:0"), logger: logger)
        Thread { try? serving.run() }.start()
        while serving.endpoint == nil { Thread.sleep(forTimeInterval: 0.01) }
        let dialling = SyncEngine(
            replica: client.0, keyPair: client.1,
            peers: [Peer(name: server.2, endpoint: serving.endpoint, publicKey: server.1.publicKey.z85, addedAt: "")],
            options: SyncEngine.Options(), logger: logger)
        return (serving, dialling)
    }

    private func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Wall seconds of `body`; `cpu` gets the CPU seconds the process spent meanwhile (steadier than wall time
    /// when other jobs share the cores).
    private func time(cpu: inout Double?, _ body: () throws -> Void) rethrows -> Double {
        let before = Self.processCPUSeconds()
        let wall = try time(body)
        cpu = Self.processCPUSeconds() - before
        return wall
    }

    static func processCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
