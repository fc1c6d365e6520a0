import Foundation
import GRDB
import Logging
import Replica
import Sync
import Synchronization
import TestSupport
import Testing
import ZeroMQ

/// Real nodes for sync tests: SQLite files in a scratch directory, CURVE keys, engines over tcp loopback
/// on ephemeral ports.
final class SyncHarness: @unchecked Sendable {
    // @unchecked Sendable: engine threads never touch the harness (they capture only their engine and the
    // `EngineErrors` box); `nodes` and `running` are used from the test's own thread alone.
    struct Node {
        let name: String
        let replica: Replica
        let keys: CurveKeyPair
    }

    let scratch: ScratchDirectory
    var directory: URL { scratch.url }
    private(set) var nodes: [String: Node] = [:]
    private var running: [(engine: SyncEngine, exited: DispatchSemaphore)] = []
    /// What serving engines threw; a loop that dies must fail its test, not vanish.
    private let engineErrors = EngineErrors()

    init() throws {
        scratch = try ScratchDirectory("outpost-sync")
    }

    /// Stops every serving engine, waits for its loop to end, and records what any of them threw. It runs
    /// where the test drops the harness, so the issue is the test's.
    deinit {
        for (engine, _) in running { engine.stop() }
        for (_, exited) in running where exited.wait(timeout: .now() + 10) == .timedOut {
            Issue.record("a serving engine did not stop within 10 s")
        }
        for error in engineErrors.all { Issue.record("serving engine failed: \(error)") }
        // The scratch directory goes when the harness does, after the engines stopped.
    }

    @discardableResult
    func node(
        _ name: String, region: String = "east", role: NodeIdentity.Role = .office,
        wallClock: @escaping @Sendable () -> UInt64 = Replica.defaultWallClock
    ) throws -> Node {
        let replica = try TestReplicas.create(name, in: scratch, role: role, region: region, wallClock: wallClock)
        let node = Node(name: name, replica: replica, keys: try CurveKeyPair.generate())
        nodes[name] = node
        return node
    }

    func peer(_ name: String, endpoint: String?) -> Peer {
        Peer(
            name: name, endpoint: endpoint, publicKey: nodes[name]!.keys.publicKey.z85, addedAt: "2026-01-01T00:00:00Z")
    }

    static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    func engine(
        _ name: String, peers: [Peer], listen: String? = nil, batchSize: Int = 50,
        configure: (inout SyncEngine.Options) -> Void = { _ in }
    ) -> SyncEngine {
        var options = SyncEngine.Options(listen: listen)
        options.batchSize = batchSize
        options.sessionTimeout = .seconds(5)
        configure(&options)
        return SyncEngine(
            replica: nodes[name]!.replica, keyPair: nodes[name]!.keys, peers: peers, options: options,
            logger: Self.logger)
    }

    /// Starts `name` serving on an ephemeral loopback port and returns its endpoint.
    func serve(
        _ name: String, peers: [Peer], configure: (inout SyncEngine.Options) -> Void = { _ in }
    ) throws -> (SyncEngine, String) {
        let engine = engine(name, peers: peers, listen: "tcp://127.0.0.1:0", configure: configure)
        let exited = start(engine)
        let deadline = Date().addingTimeInterval(5)
        while engine.endpoint == nil && Date() < deadline {
            if exited.wait(timeout: .now() + 0.01) == .success {
                exited.signal()
                throw HarnessError.stopped(engineErrors.all.last ?? "without an error")
            }
        }
        guard let endpoint = engine.endpoint else { throw HarnessError.didNotBind }
        return (engine, endpoint)
    }

    /// Runs `engine` on its own thread until the harness goes; returns a semaphore signalled when it ends.
    @discardableResult
    func start(_ engine: SyncEngine) -> DispatchSemaphore {
        let exited = DispatchSemaphore(value: 0)
        Thread.detachNewThread { [engineErrors] in
            do { try engine.run() } catch { engineErrors.append("\(error)") }
            exited.signal()
        }
        running.append((engine, exited))
        return exited
    }

    /// Errors thrown on engine threads, kept apart from the harness so those threads never retain it.
    final class EngineErrors: Sendable {
        private let errors = Mutex<[String]>([])
        var all: [String] { errors.withLock { $0 } }
        func append(_ error: String) { errors.withLock { $0.append(error) } }
    }

    enum HarnessError: Error {
        case didNotBind
        case stopped(String)
    }
}

func customerValues(_ name: String, region: String = "east") -> [String: DatabaseValue] {
    ["name": name.databaseValue, "region": region.databaseValue, "status": "active".databaseValue]
}

func orderValues(_ customer: String, amount: Double = 100) -> [DatabaseValue] {
    [
        customer.databaseValue, "2026-03-01T10:00:00Z".databaseValue, "S1".databaseValue, 1.databaseValue,
        amount.databaseValue, "chain".databaseValue,
    ]
}

extension Replica {
    func text(_ sql: String) throws -> String? {
        try reader.read { try String.fetchOne($0, sql: sql) }
    }
}
