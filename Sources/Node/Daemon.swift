import Dispatch
import Foundation
import Logging
import Replica
import Sync

/// `outpost serve` and `outpost sync --once`: wires the node's replica, keys, peers and settings into the
/// sync engine.
public enum Daemon {
    static func engine(_ directory: NodeDirectory, listen: Bool, logger: Logger) throws -> (SyncEngine, Replica) {
        let replica = try directory.openReplica()
        // A damaged file must not spread: its rows would replicate to healthy peers and pass their checks.
        if let problems = try replica.quickCheckProblems() {
            throw NodeError.invalidArgument(
                "refusing to sync: the database failed SQLite's quick_check (\(problems)); "
                    + "run `outpost doctor` for how to repair it")
        }
        let config = try directory.loadConfig()
        let keys = try NodeKeys.load(from: directory)
        let options = SyncEngine.Options(listen: listen ? config.listen : nil)
        // An erasure received from a peer is purged here as soon as its batch is applied (0: a remote batch).
        replica.observeCommits { head in
            guard head == 0 else { return }
            do { try ErasureRun.settle(replica) } catch {
                logger.error("could not purge an erased customer's local copies", metadata: ["error": "\(error)"])
            }
        }
        // The engine follows the peer book, so `peer add` / `peer remove` apply to a running serve.
        return (try SyncEngine(replica: replica, keyPair: keys, options: options, logger: logger), replica)
    }

    /// Serves until SIGINT or SIGTERM; a write in progress finishes first, since the engine stops between
    /// messages and every batch is one transaction.
    public static func serve(_ directory: NodeDirectory, logger: Logger) throws {
        // First, before touching anything: a second serve on this directory must not replace the first one's
        // serve.pid or compete for its database. Held until this function returns (process exit at the latest).
        let lock = try ServeLock.acquire(directory)
        defer { withExtendedLifetime(lock) {} }
        let (engine, replica) = try engine(directory, listen: true, logger: logger)
        let pruned = try replica.compact()
        logger.info("compacted change log", metadata: ["entries": "\(pruned)"])
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let queue = DispatchQueue(label: "outpost.signals")
        let sources = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                logger.notice("stopping", metadata: ["signal": "\(number)"])
                engine.stop()
            }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        // serve.pid tells `outpost status` a serve is listening; the bound port is added once known.
        let marker = ServeMarker(pid: getpid(), endpoint: nil)
        try marker.write(directory)
        defer { marker.remove(directory) }
        DispatchQueue.global().async {
            let deadline = Date().addingTimeInterval(10)
            while engine.endpoint == nil && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            if let endpoint = engine.endpoint { try? ServeMarker(pid: marker.pid, endpoint: endpoint).write(directory) }
        }
        PeerBook(replica: replica).event("serve", peer: nil, "node started")
        try engine.run()
        PeerBook(replica: replica).event("serve", peer: nil, "node stopped")
    }

    /// Syncs once with reachable peers; the result names those it could not reach or finish with.
    public static func syncOnce(
        _ directory: NodeDirectory, peer: String?, timeout: Double, logger: Logger
    ) throws -> SyncEngine.OnceResult {
        let (engine, _) = try engine(directory, listen: false, logger: logger)
        return try engine.syncOnce(only: peer, timeout: .milliseconds(Int64(timeout * 1000)))
    }
}
