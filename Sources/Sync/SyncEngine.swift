import Foundation
import Logging
import Replica
import SyncProtocol
import Synchronization
import ZeroMQ

/// The node's sync loop over ZeroMQ: one ROUTER bound for peers that connect to us (CURVE server, admitted
/// by the ZAP allow-list of configured peer keys), one DEALER per peer with an endpoint (CURVE client),
/// and a ``SessionDriver`` (running a ``Session`` state machine) per live connection. Everything runs on the calling thread in one poll loop; other
/// threads only wake it (local commits, stop requests).
public final class SyncEngine: Sendable {
    public struct Options: Sendable {
        /// ROUTER endpoint to bind, if this node accepts connections.
        public var listen: String?
        /// Changes per batch. The receiver commits one transaction per batch, and each commit rewrites every index
        /// page the batch touched (an initial sync's orders land all over `orders_customer`): 8,000 rather than
        /// 2,000 took a third off the receiver's commit work (docs/benchmarks.md). `maxBatchBytes` still caps it.
        public var batchSize = 8_000
        public var window = 4
        /// Largest message accepted from a peer; a larger one ends that peer's connection. Also what a sender
        /// assumes its peers accept: a change that cannot fit is quarantined rather than sent.
        public var maxMessageBytes = 16 << 20
        /// Encoded bytes of changes per batch, besides `batchSize` rows (a single larger change goes alone).
        public var maxBatchBytes = 1 << 20
        public var heartbeat: Duration = .seconds(2)
        /// A session with no message for this long is dropped.
        public var sessionTimeout: Duration = .seconds(15)
        public var reconnectInterval: Duration = .milliseconds(100)
        public var reconnectIntervalMax: Duration = .seconds(5)
        /// How often writes by other processes (the CLI while `serve` runs) are looked for: new local changes
        /// to push, and changes to the peer list.
        public var foreignWritePoll: Duration = .milliseconds(100)
        /// How far ahead of this node's wall clock a peer's Hello or a received change may be; beyond it the
        /// session or batch is refused, so one wrong clock cannot drag every node's clock into the future.
        public var maxClockAhead: Duration = .milliseconds(Int64(ChangeAdmission.defaultMaxClockAheadMillis))

        public init(listen: String? = nil) { self.listen = listen }
    }

    /// How `syncOnce` ended.
    public struct OnceResult: Sendable {
        public var caughtUp: [String]
        public var unreachable: [String: String]
    }

    private let replica: Replica
    private let keyPair: CurveKeyPair
    private let peers: [Peer]
    /// Whether the peer list is re-read while running (``init(replica:keyPair:options:logger:)``).
    private let followsBook: Bool
    private let options: Options
    private let logger: Logger
    private let book: PeerBook
    private let stopRequested = Atomic<Bool>(false)
    private let wakerSlot = Mutex<Waker?>(nil)
    /// The port actually bound (for `tcp://127.0.0.1:0`).
    private let boundEndpoint = Mutex<String?>(nil)
    let stats = SessionStatsRecorder()

    /// An engine for exactly `peers`, fixed for its lifetime (tests, tools).
    public init(replica: Replica, keyPair: CurveKeyPair, peers: [Peer], options: Options, logger: Logger) {
        self.replica = replica
        self.keyPair = keyPair
        self.peers = peers
        self.followsBook = false
        self.options = options
        self.logger = logger
        self.book = PeerBook(replica: replica)
    }

    /// An engine for the node's peer book, which it keeps following while it runs: `outpost peer add` and
    /// `peer remove` (other processes) take effect within ``Options/foreignWritePoll``, without a restart.
    public init(replica: Replica, keyPair: CurveKeyPair, options: Options, logger: Logger) throws {
        self.replica = replica
        self.keyPair = keyPair
        self.book = PeerBook(replica: replica)
        self.peers = try book.all()
        self.followsBook = true
        self.options = options
        self.logger = logger
    }

    /// Asks a running loop to stop; callable from any thread (signal handlers, tests).
    public func stop() {
        stopRequested.store(true, ordering: .sequentiallyConsistent)
        wakerSlot.withLock { $0?.wake() }
    }

    /// The endpoint the ROUTER bound, once the loop runs.
    public var endpoint: String? { boundEndpoint.withLock { $0 } }

    /// Serves until ``stop()``.
    public func run() throws {
        try loop(targets: nil, deadline: nil)
    }

    /// Syncs with reachable peers (or just `only`) until both sides are caught up, or the timeout.
    public func syncOnce(only: String? = nil, timeout: Duration) throws -> OnceResult {
        let targets = Set(peers.filter { $0.endpoint != nil && (only == nil || $0.name == only) }.map(\.name))
        if let only, !targets.contains(only) {
            return OnceResult(caughtUp: [], unreachable: [only: "no such peer with an endpoint"])
        }
        return try loop(targets: targets, deadline: .now + timeout)
    }

    @discardableResult
    private func loop(targets: Set<String>?, deadline: ContinuousClock.Instant?) throws -> OnceResult {
        let context = try Context()
        defer { context.shutdown() }
        let book = self.book
        let logger = self.logger
        // Keys already journalled as refused this run: a refused client retries every few ms.
        let journalledDenials = Mutex<Set<String>>([])
        let authenticator = try context.startAuthenticator(
            allowing: Set(peers.compactMap { try? CurveKey(z85: $0.publicKey) })
        ) { denial in
            let key = denial.publicKey?.z85 ?? "(none)"
            guard journalledDenials.withLock({ $0.insert(key).inserted }) else { return }
            logger.warning(
                "refused connection from unknown key", metadata: ["key": "\(key)", "address": "\(denial.address)"])
            book.event("refused", peer: nil, "refused unknown key \(key) from \(denial.address)")
        }

        let transport = ZeroMQTransport(context: context, options: options)
        defer { transport.close() }
        let run = try SyncLoop(
            SyncLoop.Context(
                replica: replica, book: book, logger: logger, options: options, transport: transport,
                authenticator: authenticator, keyPair: keyPair, followsBook: followsBook, targets: targets,
                stats: stats),
            peers: peers)
        if let listen = options.listen {
            let bound = try transport.bindRouter(listen, keyPair: keyPair, authenticator: authenticator)
            boundEndpoint.withLock { $0 = bound }
            logger.info("listening", metadata: ["endpoint": "\(bound)"])
        }
        for peer in peers where peer.endpoint != nil && (targets == nil || targets!.contains(peer.name)) {
            try run.dial(peer)
        }
        let (waker, wakeups) = try Waker.make(in: context)
        wakerSlot.withLock { $0 = waker }
        defer {
            wakerSlot.withLock { $0 = nil }
            wakeups.close()
            waker.close()
        }
        transport.poller.add(wakeups)
        let observer = replica.observeCommits { _ in waker.wake() }
        defer { replica.removeObserver(observer) }

        while !stopRequested.load(ordering: .sequentiallyConsistent) {
            if let deadline, ContinuousClock.now >= deadline { break }
            if let targets, !targets.isEmpty,
                targets.allSatisfy({ name in run.sessions[.outbound(name)]?.isSettled == true })
            {
                break
            }
            _ = try transport.poller.poll(timeout: .milliseconds(50))
            if transport.poller.isReadable(wakeups) {
                while (try? wakeups.receive(wait: .never)) != nil {}
                run.pumpAll()
            }
            run.handleMonitorEvents()
            run.handleDealers()
            run.handleRouter()
            try run.tick()
        }
        // Read before the goodbyes: a closed session is caught up with nothing.
        let caughtUp = run.sessions.compactMap { key, session -> String? in
            if case .outbound = key, session.isCaughtUp { return session.peerName }
            return nil
        }
        run.closeAll(reason: targets == nil ? "node stopping" : "sync finished")
        var unreachable: [String: String] = [:]
        for name in targets ?? [] where !caughtUp.contains(name) {
            unreachable[name] =
                run.failures[name]
                ?? (run.sessions[.outbound(name)] == nil
                    ? "peer unreachable: no connection within the timeout (is `outpost serve` running there?)"
                    : "not caught up in time")
        }
        // For `outpost status`: a peer this run could not reach or finish with says why (failures are recorded).
        for (name, reason) in unreachable where run.failures[name] == nil {
            book.record(name, PeerStateUpdate(state: .offline, error: reason))
        }
        return OnceResult(caughtUp: caughtUp.sorted(), unreachable: unreachable)
    }
}

/// A connection: ours to a peer (by peer name) or a peer's to our ROUTER (by routing id).
enum SessionKey: Hashable {
    case outbound(String)
    case inbound([UInt8])
}
