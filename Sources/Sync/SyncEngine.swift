import Foundation
import Logging
import Replica
import SyncProtocol
import Synchronization
import ZeroMQ

/// The node's sync loop over ZeroMQ: one ROUTER bound for peers that connect to us (CURVE server, admitted
/// by the ZAP allow-list of configured peer keys), one DEALER per peer with an endpoint (CURVE client),
/// and a ``Session`` per live connection. Everything runs on the calling thread in one poll loop; other
/// threads only wake it (local commits, stop requests).
public final class SyncEngine: Sendable {
    public struct Options: Sendable {
        /// ROUTER endpoint to bind, if this node accepts connections.
        public var listen: String?
        public var batchSize = 2_000
        public var window = 4
        /// Largest message accepted from a peer; a larger one ends that peer's session.
        public var maxMessageBytes = 64 << 20
        public var heartbeat: Duration = .seconds(2)
        /// A session with no message for this long is dropped.
        public var sessionTimeout: Duration = .seconds(15)
        public var reconnectInterval: Duration = .milliseconds(100)
        public var reconnectIntervalMax: Duration = .seconds(5)
        /// How often writes by other processes (the CLI while `serve` runs) are looked for.
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
    private let options: Options
    private let logger: Logger
    private let book: PeerBook
    private let stopRequested = Atomic<Bool>(false)
    private let wakerSlot = Mutex<Waker?>(nil)
    /// The port actually bound (for `tcp://127.0.0.1:0`).
    private let boundEndpoint = Mutex<String?>(nil)

    public init(replica: Replica, keyPair: CurveKeyPair, peers: [Peer], options: Options, logger: Logger) {
        self.replica = replica
        self.keyPair = keyPair
        self.peers = peers
        self.options = options
        self.logger = logger
        self.book = PeerBook(replica: replica)
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
        let keysByZ85 = Dictionary(peers.map { ($0.publicKey, $0) }, uniquingKeysWith: { first, _ in first })
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
        if let listen = options.listen {
            let bound = try transport.bindRouter(listen, keyPair: keyPair, authenticator: authenticator)
            boundEndpoint.withLock { $0 = bound }
            logger.info("listening", metadata: ["endpoint": "\(bound)"])
        }
        for peer in peers where peer.endpoint != nil && (targets == nil || targets!.contains(peer.name)) {
            guard let serverKey = try? CurveKey(z85: peer.publicKey) else {
                book.record(peer.name, PeerStateUpdate(state: .refused, error: "invalid public key"))
                continue
            }
            try transport.connectDealer(peer, keyPair: keyPair, serverKey: serverKey)
            book.record(peer.name, PeerStateUpdate(state: .connecting))
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

        var sessions: [SessionKey: Session] = [:]
        var failures: [String: String] = [:]
        // Peers whose handshake failed: the disconnect that follows must not turn `refused` into `offline`.
        var refusedPeers = Set<String>()
        var lastForeignCheck = ContinuousClock.now
        var lastHead = try replica.versionVector()[replica.identity.siteID] ?? 0
        let sessionOptions = Session.Options(
            batchSize: options.batchSize, window: options.window,
            limits: DecodingLimits(maxMessageBytes: options.maxMessageBytes),
            admission: ChangeAdmission(maxClockAheadMillis: UInt64(options.maxClockAhead / .milliseconds(1))))

        func makeSession(_ key: SessionKey, peer: Peer, side: Session.Side) -> Session {
            let send: ([UInt8]) throws -> Void
            switch key {
            case .outbound(let name): send = { [transport] bytes in try transport.sendDealer(name, bytes) }
            case .inbound(let identity): send = { [transport] bytes in try transport.sendRouter(identity, bytes) }
            }
            return Session(
                side: side, peerName: peer.name, replica: replica, book: book, options: sessionOptions,
                logger: logger, send: send)
        }

        func drop(_ key: SessionKey, _ error: Error) {
            guard let session = sessions.removeValue(forKey: key) else { return }
            session.flush()
            if case SessionError.closedByPeer(let reason) = error {
                // A clean goodbye (the peer's `sync --once` finished, or it is stopping): no error to report.
                book.event("session", peer: session.peerName, "ended by peer: \(reason)")
                book.record(session.peerName, PeerStateUpdate(state: .offline))
                return
            }
            let text = "\(error)"
            logger.warning("dropping session", metadata: ["peer": "\(session.peerName)", "error": "\(text)"])
            book.event("error", peer: session.peerName, "session dropped: \(text)")
            let refused: Bool
            if case SessionError.incompatible = error { refused = true } else { refused = false }
            book.record(session.peerName, PeerStateUpdate(state: refused ? .refused : .offline, error: text))
            failures[session.peerName] = text
            if case .outbound(let name) = key { transport.reconnectDealer(name) }
        }

        while !stopRequested.load(ordering: .sequentiallyConsistent) {
            if let deadline, ContinuousClock.now >= deadline { break }
            if let targets, !targets.isEmpty,
                targets.allSatisfy({ name in sessions[.outbound(name)]?.isSettled == true })
            {
                break
            }
            _ = try transport.poller.poll(timeout: .milliseconds(50))

            if transport.poller.isReadable(wakeups) {
                while (try? wakeups.receive(wait: .never)) != nil {}
                for (key, session) in sessions {
                    do { try session.pump() } catch { drop(key, error) }
                }
            }
            for event in transport.monitorEvents() {
                let name = event.peer
                if event.event.contains(.handshakeSucceeded), let peer = peers.first(where: { $0.name == name }) {
                    let key = SessionKey.outbound(name)
                    refusedPeers.remove(name)
                    let session = makeSession(key, peer: peer, side: .initiator)
                    sessions[key] = session
                    book.record(name, PeerStateUpdate(state: .connected, contact: true, error: nil))
                    do { try session.start() } catch { drop(key, error) }
                } else if event.event.contains(.disconnected) {
                    if sessions.removeValue(forKey: .outbound(name)) != nil {
                        book.event("session", peer: name, "disconnected")
                    }
                    book.record(name, PeerStateUpdate(state: refusedPeers.contains(name) ? .refused : .offline))
                } else if event.event.contains(.handshakeFailedAuth) {
                    refusedPeers.insert(name)
                    let text = "peer refused our key (add this node's public key on \(name))"
                    book.record(name, PeerStateUpdate(state: .refused, error: text))
                    // Journal a refusal once per run: the dealer retries every few ms and would flood the journal.
                    if failures[name] != text { book.event("refused", peer: name, text) }
                    failures[name] = text
                    transport.reconnectDealer(name)
                } else if event.event.contains(.handshakeFailedProtocol)
                    || event.event.contains(.handshakeFailedNoDetail)
                {
                    refusedPeers.insert(name)
                    let text = "handshake failed (wrong server key for \(name)?)"
                    book.record(name, PeerStateUpdate(state: .refused, error: text))
                    failures[name] = text
                }
            }
            for (name, frames) in transport.receiveDealers() {
                let key = SessionKey.outbound(name)
                guard let session = sessions[key], let payload = frames.last else { continue }
                do { try session.receive(payload) } catch { drop(key, error) }
            }
            for message in transport.receiveRouter() {
                guard message.frames.count == 2 else { continue }
                let key = SessionKey.inbound(message.frames[0])
                guard let sender = message.userID, let peer = keysByZ85[sender] else {
                    logger.warning(
                        "message from a key that is no longer a peer", metadata: ["key": "\(message.userID ?? "-")"])
                    continue
                }
                let session: Session
                if let existing = sessions[key] {
                    session = existing
                } else {
                    session = makeSession(key, peer: peer, side: .acceptor)
                    sessions[key] = session
                }
                do { try session.receive(message.frames[1]) } catch { drop(key, error) }
            }

            let now = ContinuousClock.now
            if now - lastForeignCheck >= options.foreignWritePoll {
                lastForeignCheck = now
                // Another process (the CLI) may have committed: push its changes too.
                let head = try replica.versionVector()[replica.identity.siteID] ?? 0
                if head != lastHead {
                    lastHead = head
                    for (key, session) in sessions {
                        do { try session.pump() } catch { drop(key, error) }
                    }
                }
                for (key, session) in sessions {
                    session.flushIfDue()
                    if now - session.lastReceived > options.sessionTimeout {
                        drop(key, SessionError.timedOut("no message for \(options.sessionTimeout)"))
                    } else if now - session.lastSent > options.heartbeat {
                        do { try session.heartbeat() } catch { drop(key, error) }
                    }
                }
            }
        }
        // Say goodbye, so the peer ends its side now instead of timing out.
        let goodbye = targets == nil ? "node stopping" : "sync finished"
        for session in sessions.values {
            try? session.close(reason: goodbye)
            book.record(session.peerName, PeerStateUpdate(state: .offline))
        }
        let caughtUp = sessions.compactMap { key, session -> String? in
            if case .outbound = key, session.isCaughtUp { return session.peerName }
            return nil
        }
        var unreachable: [String: String] = [:]
        for name in targets ?? [] where !caughtUp.contains(name) {
            unreachable[name] =
                failures[name] ?? (sessions[.outbound(name)] == nil ? "not reachable" : "not caught up in time")
        }
        // For `outpost status`: a peer this run could not reach or finish with says why (failures are recorded).
        for (name, reason) in unreachable where failures[name] == nil {
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
