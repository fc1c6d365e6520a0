import Foundation
import GRDB
import Logging
import Replica
import Sync
import ZeroMQ

/// Real nodes for sync tests: SQLite files in a scratch directory, CURVE keys, engines over tcp loopback
/// on ephemeral ports.
final class SyncHarness: @unchecked Sendable {
    // @unchecked Sendable: `nodes` is filled before any engine thread starts and only read afterwards.
    struct Node {
        let name: String
        let replica: Replica
        let keys: CurveKeyPair
    }

    let directory: URL
    private(set) var nodes: [String: Node] = [:]
    private var running: [(SyncEngine, Thread)] = []

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("outpost-sync-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        for (engine, _) in running { engine.stop() }
        try? FileManager.default.removeItem(at: directory)
    }

    @discardableResult
    func node(
        _ name: String, region: String = "east", role: NodeIdentity.Role = .office,
        wallClock: @escaping @Sendable () -> UInt64 = Replica.defaultWallClock
    ) throws -> Node {
        let replica = try Replica.create(
            at: directory.appendingPathComponent("\(name).sqlite").path,
            identity: NodeIdentity(name: name, role: role, region: region), wallClock: wallClock)
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

    func engine(_ name: String, peers: [Peer], listen: String? = nil, batchSize: Int = 50) -> SyncEngine {
        var options = SyncEngine.Options(listen: listen)
        options.batchSize = batchSize
        options.sessionTimeout = .seconds(5)
        return SyncEngine(
            replica: nodes[name]!.replica, keyPair: nodes[name]!.keys, peers: peers, options: options,
            logger: Self.logger)
    }

    /// Starts `name` serving on an ephemeral loopback port and returns its endpoint.
    func serve(_ name: String, peers: [Peer]) throws -> (SyncEngine, String) {
        let engine = engine(name, peers: peers, listen: "tcp://127.0.0.1:0")
        let thread = Thread { try? engine.run() }
        thread.start()
        running.append((engine, thread))
        let deadline = Date().addingTimeInterval(5)
        while engine.endpoint == nil && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        guard let endpoint = engine.endpoint else { throw HarnessError.didNotBind }
        return (engine, endpoint)
    }

    enum HarnessError: Error { case didNotBind }
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
        try pool.read { try String.fetchOne($0, sql: sql) }
    }
}
