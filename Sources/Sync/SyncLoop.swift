import Foundation
import Logging
import Replica
import SyncProtocol
import Synchronization
import ZeroMQ

/// One run of the engine's poll loop: its sessions and what it knows of each peer's connections. Confined to the
/// engine's thread; ``SyncEngine`` owns the sockets' lifetime and calls these handlers in turn.
final class SyncLoop {
    struct Context {
        var replica: Replica
        var book: PeerBook
        var logger: Logger
        var options: SyncEngine.Options
        var transport: ZeroMQTransport
        var authenticator: ZAPAuthenticator
        var keyPair: CurveKeyPair
        /// Re-read the peer list while running (`serve`), rather than keep the one it started with.
        var followsBook: Bool
        /// `sync --once`: the peers to finish with; nil while serving.
        var targets: Set<String>?
        var stats: SessionStatsRecorder
    }

    /// How long a closed inbound connection stays up so our refusal can reach the peer before the cut.
    static let cutDelay: Duration = .milliseconds(100)
    /// New inbound sessions one key may open: a burst of `admissionBurst`, then `admissionRate` a second. A node
    /// reconnects a few times a minute; a thousand connections from one key are an attack or a runaway script,
    /// and each admitted session reads and queues up to `window` batches before it can be replaced.
    static let admissionBurst = 4.0
    static let admissionRate = 1.0

    let context: Context
    private var replica: Replica { context.replica }
    private var book: PeerBook { context.book }
    private var logger: Logger { context.logger }
    private var transport: ZeroMQTransport { context.transport }

    private(set) var roster: PeerRoster
    private(set) var sessions: [SessionKey: SessionDriver] = [:]
    private(set) var failures: [String: String] = [:]
    /// Peers whose handshake failed: the disconnect that follows must not turn `refused` into `offline`.
    private var refusedPeers = Set<String>()
    /// The routing id of each peer's one inbound session, and the connection under each routing id.
    private var inboundRoutes: [String: [UInt8]] = [:]
    private var connections: [[UInt8]: PeerConnection] = [:]
    /// Routing ids whose session we ended: whatever they still send is discarded until their connection goes.
    private var closedRoutes: Set<[UInt8]> = []
    private var pendingCuts: [(connection: PeerConnection, at: ContinuousClock.Instant)] = []
    private var admissions: [String: (tokens: Double, at: ContinuousClock.Instant)] = [:]
    private var floods: [String: FloodTally] = [:]
    private var backoff: ReconnectBackoff
    /// Per peer, the encoded bytes per batch; halved each time the peer refuses a batch as oversized.
    private var batchBytes: [String: Int] = [:]
    private var lastTick = ContinuousClock.now
    private var lastHead: UInt64

    init(_ context: Context, peers: [Peer]) throws {
        self.context = context
        roster = PeerRoster(peers)
        backoff = ReconnectBackoff(
            initial: context.options.reconnectInterval, maximum: context.options.reconnectIntervalMax)
        lastHead = try context.replica.versionVector()[context.replica.identity.siteID] ?? 0
    }

    // MARK: Dialling

    /// Opens the DEALER to `peer` (with an endpoint).
    func dial(_ peer: Peer) throws {
        guard peer.endpoint != nil else { return }
        guard let serverKey = try? CurveKey(z85: peer.publicKey) else {
            book.record(peer.name, PeerStateUpdate(state: .refused, error: "invalid public key"))
            return
        }
        try transport.connectDealer(peer, keyPair: context.keyPair, serverKey: serverKey)
        book.record(peer.name, PeerStateUpdate(state: .connecting))
    }

    private func makeSession(_ key: SessionKey, peer: Peer, side: Session.Side) -> SessionDriver {
        let transport = context.transport
        let send: ([UInt8]) throws -> Void
        switch key {
        case .outbound(let name): send = { bytes in try transport.sendDealer(name, bytes) }
        case .inbound(let identity): send = { bytes in try transport.sendRouter(identity, bytes) }
        }
        let options = context.options
        let sessionOptions = SessionDriver.Options(
            batchSize: options.batchSize, maxBatchBytes: batchBytes[peer.name] ?? options.maxBatchBytes,
            admission: ChangeAdmission(maxClockAheadMillis: UInt64(options.maxClockAhead / .milliseconds(1))),
            session: Session.Options(
                window: options.window, limits: DecodingLimits(maxMessageBytes: options.maxMessageBytes),
                heartbeat: options.heartbeat, timeout: options.sessionTimeout,
                grantedScope: peer.region.map { RegionScope(parsing: $0) ?? .regions([$0]) }))
        return SessionDriver(
            side: side, peerName: peer.name, replica: replica, book: book, options: sessionOptions, logger: logger,
            send: send)
    }

    // MARK: Events

    /// Local commits: push them to every session.
    func pumpAll() {
        for (key, session) in sessions {
            do { try session.pump() } catch { drop(key, error) }
        }
    }

    func handleMonitorEvents() {
        for event in transport.monitorEvents() {
            let name = event.peer
            guard let peer = roster.peer(named: name) else { continue }
            if event.event.contains(.handshakeSucceeded) {
                let key = SessionKey.outbound(name)
                refusedPeers.remove(name)
                sessions.removeValue(forKey: key)?.flush()
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
                // Journal a refusal once per run: the dealer retries and would flood the journal.
                if failures[name] != text { book.event("refused", peer: name, text) }
                failures[name] = text
                transport.hangUp(name)
                backoff.failed(name)
            } else if event.event.contains(.handshakeFailedProtocol)
                || event.event.contains(.handshakeFailedNoDetail)
            {
                refusedPeers.insert(name)
                let text = "handshake failed (wrong server key for \(name)?)"
                book.record(name, PeerStateUpdate(state: .refused, error: text))
                failures[name] = text
            }
        }
    }

    func handleDealers() {
        for (name, frames) in transport.receiveDealers() {
            let key = SessionKey.outbound(name)
            guard let session = sessions[key], let payload = frames.last else { continue }
            do { try session.receive(payload) } catch { drop(key, error) }
        }
    }

    func handleRouter() {
        for message in transport.receiveRouter() {
            guard message.frames.count == 2 else { continue }
            let route = message.frames[0]
            if closedRoutes.contains(route) { continue }
            let key = SessionKey.inbound(route)
            guard let sender = message.userID, let peer = roster.peer(forKey: sender) else {
                // Admitted before its key was removed: no new handshake with that key passes ZAP, and this
                // connection ends here.
                logger.info(
                    "closing a connection whose key is no longer a peer", metadata: ["key": "\(message.userID ?? "-")"])
                closeInbound(route, reason: "your key is not a peer of this node", code: .unknownPeer)
                if let connection = message.connection { scheduleCut(connection) }
                continue
            }
            if sessions[key] == nil {
                guard admit(peer.name) else {
                    refuseFlood(route, connection: message.connection, peer: peer.name)
                    continue
                }
                if let older = inboundRoutes[peer.name], older != route {
                    // One session per key: the newer connection wins (a peer that lost its link reconnects
                    // before we notice the old one died), and the older one is closed.
                    floods[peer.name, default: FloodTally()].replaced += 1
                    closeInbound(older, reason: "replaced by a newer connection from your key", code: .shuttingDown)
                }
                sessions[key] = makeSession(key, peer: peer, side: .acceptor)
                inboundRoutes[peer.name] = route
                connections[route] = message.connection
                context.stats.sessionOpened()
                recordStats()
            }
            guard let session = sessions[key] else { continue }
            do { try session.receive(message.frames[1]) } catch { drop(key, error) }
        }
    }

    // MARK: Ending sessions

    /// Ends a session that failed (or that the peer ended); the peer book and journal say why.
    func drop(_ key: SessionKey, _ error: Error) {
        guard let session = sessions.removeValue(forKey: key) else { return }
        session.flush()
        if case .inbound(let route) = key { forgetRoute(route) }
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
        if case .outbound(let name) = key {
            if case SessionError.refusedByPeer(let code, _) = error, code == "\(RefusalCode.oversized)" {
                // The peer takes less than we sent: smaller batches from the next session on.
                let current = batchBytes[name] ?? context.options.maxBatchBytes
                batchBytes[name] = max(1, current / 2)
            }
            // Dial again later, not at once: a refusal comes over a healthy link and would repeat immediately.
            transport.hangUp(name)
            let wait = backoff.failed(name)
            logger.info("redialling later", metadata: ["peer": "\(name)", "in": "\(wait)"])
        }
    }

    /// Says goodbye to an inbound session (if any) and closes its connection shortly after.
    private func closeInbound(_ route: [UInt8], reason: String, code: RefusalCode) {
        if let session = sessions.removeValue(forKey: .inbound(route)) {
            session.close(reason: reason, code: code)
        }
        forgetRoute(route)
    }

    private func forgetRoute(_ route: [UInt8]) {
        if let connection = connections.removeValue(forKey: route) { scheduleCut(connection) }
        for (name, known) in inboundRoutes where known == route { inboundRoutes[name] = nil }
        // Routing ids are never reused by a ROUTER; the bound only keeps a flood from growing the set forever.
        if closedRoutes.count >= 4_096 { closedRoutes.removeAll() }
        closedRoutes.insert(route)
        recordStats()
    }

    private func scheduleCut(_ connection: PeerConnection) {
        pendingCuts.append((connection, .now + Self.cutDelay))
    }

    /// Takes an admission token of `peer`'s key for a new inbound session.
    private func admit(_ peer: String, now: ContinuousClock.Instant = .now) -> Bool {
        var bucket = admissions[peer] ?? (Self.admissionBurst, now)
        let elapsed = (now - bucket.at).components
        let refill = (Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18) * Self.admissionRate
        bucket.tokens = min(Self.admissionBurst, bucket.tokens + refill)
        bucket.at = now
        let admitted = bucket.tokens >= 1
        if admitted { bucket.tokens -= 1 }
        admissions[peer] = bucket
        return admitted
    }

    private func refuseFlood(_ route: [UInt8], connection: PeerConnection?, peer: String) {
        floods[peer, default: FloodTally()].refused += 1
        let refusal = Refusal(
            code: .internalError, reason: "too many new connections from your key; retry in a few seconds")
        try? transport.sendRouter(route, SyncMessage.v1(.refusal(refusal)).encode())
        if closedRoutes.count >= 4_096 { closedRoutes.removeAll() }
        closedRoutes.insert(route)
        if let connection { scheduleCut(connection) }
    }

    /// Peers removed from or added to the peer book while running.
    private func reloadRoster() {
        guard let fresh = try? book.all() else { return }
        let difference = roster.update(fresh)
        guard !difference.isEmpty else { return }
        // Refuse removed keys before closing their sessions, so their reconnects already fail.
        context.authenticator.replaceAllowList(with: Set(roster.peers.compactMap { try? CurveKey(z85: $0.publicKey) }))
        for peer in difference.removed { cutOff(peer) }
        for peer in difference.added {
            let dials = peer.endpoint != nil && context.targets == nil
            book.event(
                "peer", peer: peer.name,
                "peer added: key admitted" + (dials ? ", dialling \(peer.endpoint ?? "")" : ""))
            logger.notice("peer added", metadata: ["peer": "\(peer.name)"])
            if dials {
                do { try dial(peer) } catch { book.event("error", peer: peer.name, "cannot dial: \(error)") }
            }
        }
    }

    /// Closes every session of a removed peer and its DEALER.
    private func cutOff(_ peer: Peer) {
        var closed = 0
        if let route = inboundRoutes[peer.name] {
            closeInbound(route, reason: "this node removed you from its peers", code: .unknownPeer)
            closed += 1
        }
        if let session = sessions.removeValue(forKey: .outbound(peer.name)) {
            session.close(reason: "this node removed you from its peers", code: .unknownPeer)
            closed += 1
        }
        transport.removeDealer(peer.name)
        backoff.forget(peer.name)
        refusedPeers.remove(peer.name)
        admissions[peer.name] = nil
        book.event("peer", peer: peer.name, "peer removed: \(closed) session(s) closed, its key is refused")
        book.forgetState(peer.name)
        logger.notice("peer removed", metadata: ["peer": "\(peer.name)", "sessions": "\(closed)"])
    }

    // MARK: Periodic work

    /// Everything that runs on time rather than on a message: foreign writes, peer-list changes, heartbeats
    /// and timeouts, redials after backoff, deferred connection cuts.
    func tick() throws {
        let now = ContinuousClock.now
        if !pendingCuts.isEmpty {
            for cut in pendingCuts where cut.at <= now { cut.connection.cut() }
            pendingCuts.removeAll { $0.at <= now }
        }
        for name in backoff.duePeers(now: now) where roster.peer(named: name) != nil {
            transport.redial(name)
            book.record(name, PeerStateUpdate(state: refusedPeers.contains(name) ? .refused : .connecting))
        }
        guard now - lastTick >= context.options.foreignWritePoll else { return }
        lastTick = now
        if context.followsBook { reloadRoster() }
        // Another process (the CLI) may have committed: push its changes too.
        let head = try replica.versionVector()[replica.identity.siteID] ?? 0
        if head != lastHead {
            lastHead = head
            pumpAll()
        }
        for (key, session) in sessions {
            // Heartbeat when quiet, timeout when the peer is (the session decides).
            do { try session.tick(now: now) } catch {
                drop(key, error)
                continue
            }
            if case .outbound(let name) = key, session.isCaughtUp { backoff.succeeded(name) }
        }
        journalFloods(now: now)
    }

    /// Summarises replaced and refused connections per key, at most every few seconds.
    private func journalFloods(now: ContinuousClock.Instant) {
        for (peer, tally) in floods where tally.replaced + tally.refused > 0 {
            if let last = tally.journalledAt, now - last < .seconds(5) { continue }
            book.event(
                "session", peer: peer,
                "\(tally.replaced) older connection(s) from its key replaced by newer ones, "
                    + "\(tally.refused) refused as too many")
            logger.warning(
                "many connections from one key",
                metadata: ["peer": "\(peer)", "replaced": "\(tally.replaced)", "refused": "\(tally.refused)"])
            floods[peer] = FloodTally(journalledAt: now)
        }
    }

    private func recordStats() {
        var counts: [String: Int] = [:]
        for (key, session) in sessions {
            if case .inbound = key { counts[session.peerName, default: 0] += 1 }
        }
        context.stats.record(inbound: counts)
    }

    // MARK: Stopping

    /// Says goodbye to every session, so peers end their side now instead of timing out.
    func closeAll(reason: String) {
        for session in sessions.values {
            session.close(reason: reason)
            book.record(session.peerName, PeerStateUpdate(state: .offline))
        }
    }
}

/// Connections from one key beyond its one session, counted between journal lines.
struct FloodTally {
    var replaced = 0
    var refused = 0
    var journalledAt: ContinuousClock.Instant?
}
