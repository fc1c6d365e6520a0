import Foundation
import Replica
import SyncProtocol

/// One sync session with one peer, as a state machine: events in (bytes received, a batch planned or applied,
/// a digest compared, a timer tick, a local close), ``Action``s out, which ``SessionDriver`` performs. It does
/// no I/O and reads no clock: time comes with the events, so every transition is testable in memory.
///
/// Both sides send `Hello`, then each streams what the other's version vector lacks in bounded batches,
/// at most `window` unacknowledged. A batch is applied in one transaction that also raises the version
/// vector, and its `Ack` carries the new vector: that is the checkpoint a broken session resumes from.
/// After its last batch a side sends `CaughtUp`; later local commits are pushed the same way
/// (``pump(reason:)``). docs/protocol.md has the table of states, events and actions.
struct Session {
    enum Side: String { case initiator, acceptor }

    struct Options {
        var window = 4
        var limits = DecodingLimits()
        /// How far ahead of ours the peer's Hello clock may be.
        var maxClockAheadMillis = ChangeAdmission.defaultMaxClockAheadMillis
        /// Our own site: a peer claiming it is refused.
        var ownSite = SiteID(high: 0, low: 0)
        var schemaVersion = Replica.schemaVersion
        /// Idle time after which we send a heartbeat.
        var heartbeat: Duration = .seconds(2)
        /// Silence after which the session ends.
        var timeout: Duration = .seconds(15)
        /// How long a one-shot sync waits for the peer's digest after sending ours.
        var digestGrace: Duration = .seconds(2)
        /// The region scope this node's admin granted the peer (`peer add --region`); its Hello must claim exactly
        /// that. Nil for a peer recorded without one (unscoped, as before scopes existed): no check.
        var grantedScope: RegionScope?
    }

    enum State {
        /// Waiting for the peer's Hello (the initiator has sent its own, the acceptor answers it).
        case awaitingHello
        case established(Exchange)
        /// Ended: every further event is ignored.
        case closed
    }

    /// Whether a side has said all it holds since its last batch.
    enum Stream: Equatable {
        case streaming
        case caughtUp
    }

    /// The digest exchange that follows a caught-up sync.
    enum DigestPhase: Equatable {
        case idle
        /// We sent ours at this instant and the peer has not answered with its own.
        case awaiting(since: ContinuousClock.Instant)
    }

    /// What the last digest comparison on this session found.
    enum Verdict: Equatable {
        case unknown
        case matching
        case diverged
    }

    /// An established session's bookkeeping.
    struct Exchange {
        var peerSite: SiteID
        /// The peer's vector from its Hello, for telling concurrent writes from causal ones.
        var helloHeads: SiteHeads
        /// What we have sent (applied or in flight).
        var sentHeads: SiteHeads
        /// The highest vector the peer has reported (Hello, Acks, CaughtUp), for the divergence check.
        var peerHeads: SiteHeads
        var outgoing = Stream.streaming
        var incoming = Stream.streaming
        var outstanding = 0
        var nextBatch: UInt64 = 1
        var digest = DigestPhase.idle
        /// The vector of the peer's last digest.
        var receivedDigestFor: SiteHeads?
        var verdict = Verdict.unknown

        var isCaughtUp: Bool { outgoing == .caughtUp && incoming == .caughtUp && outstanding == 0 }
    }

    let side: Side
    let options: Options
    private(set) var state = State.awaitingHello
    private(set) var lastReceived: ContinuousClock.Instant
    private(set) var lastSent: ContinuousClock.Instant

    init(side: Side, options: Options, now: ContinuousClock.Instant) {
        self.side = side
        self.options = options
        lastReceived = now
        lastSent = now
    }

    var peerSite: SiteID? {
        if case .established(let exchange) = state { return exchange.peerSite }
        return nil
    }

    /// Both sides have said all they hold and every batch we sent is acknowledged.
    var isCaughtUp: Bool {
        if case .established(let exchange) = state { return exchange.isCaughtUp }
        return false
    }

    /// Caught up, and the digest exchange that follows has finished (or the peer stayed silent for
    /// `digestGrace`), so a one-shot sync learns of a divergence before it leaves.
    func isSettled(now: ContinuousClock.Instant) -> Bool {
        guard case .established(let exchange) = state, exchange.isCaughtUp else { return false }
        guard case .awaiting(let since) = exchange.digest else { return true }
        return now - since > options.digestGrace
    }

    // MARK: Events

    /// The connection is up: the initiator speaks first.
    func start() -> [Action] {
        side == .initiator ? [.sendHello] : []
    }

    /// The driver transmitted a message (for heartbeats).
    mutating func sent(at now: ContinuousClock.Instant) {
        lastSent = now
    }

    /// A message from the peer; `wallMillis` is our wall clock now (for the Hello's clock check).
    mutating func received(_ bytes: [UInt8], at now: ContinuousClock.Instant, wallMillis: UInt64) -> [Action] {
        guard !isClosed else { return [] }
        lastReceived = now
        let message: SyncMessage
        do {
            message = try SyncMessage.decode(bytes, limits: options.limits)
        } catch {
            return end(.malformed("\(error)"), refusing: Refusal(code: error.refusalCode, reason: "\(error)"))
        }
        guard case .v1(let body) = message else { return end(.malformed("unsupported version")) }
        var actions: [Action] = [.noteContact(bytes: bytes.count)]
        switch body {
        case .hello(let hello):
            actions += accept(hello, wallMillis: wallMillis)
        case .refusal(let refusal):
            if refusal.code == .shuttingDown {
                actions += end(.closedByPeer(refusal.reason))
            } else {
                actions += end(.refusedByPeer(code: "\(refusal.code)", reason: refusal.reason))
            }
        case .batch(let batch):
            guard case .established(let exchange) = state else {
                return actions + end(.malformed("batch before hello"))
            }
            actions.append(.applyBatch(batch, senderHeads: exchange.helloHeads))
        case .ack(let ack):
            actions += acknowledged(ack)
        case .caughtUp(let caughtUp):
            guard case .established(var exchange) = state else {
                return actions + end(.malformed("caught-up before hello"))
            }
            exchange.incoming = .caughtUp
            actions += note(WireMapping.heads(caughtUp.versionVector), in: &exchange)
            let done = exchange.isCaughtUp
            actions.append(.record(state: done ? .connected : nil, synced: done))
            if done { actions.append(.offerDigest(peerHeads: exchange.peerHeads)) }
            state = .established(exchange)
        case .heartbeat:
            break
        case .digest(let digest):
            guard case .established(var exchange) = state else {
                return actions + end(.malformed("digest before hello"))
            }
            exchange.receivedDigestFor = WireMapping.heads(digest.versionVector)
            exchange.digest = .idle
            state = .established(exchange)
            actions.append(.compareDigest(digest))
        }
        return actions
    }

    private mutating func accept(_ hello: Hello, wallMillis: UInt64) -> [Action] {
        guard case .awaitingHello = state else { return end(.malformed("second hello")) }
        guard SyncMessage.supportedProtocolVersions.contains(hello.protocolVersion) else {
            let reason =
                "protocol \(hello.protocolVersion) unsupported (we speak \(SyncMessage.supportedProtocolVersions))"
            return end(.incompatible(reason), refusing: Refusal(code: .incompatibleProtocol, reason: reason))
        }
        guard hello.schemaVersion == options.schemaVersion else {
            let reason =
                "schema \(hello.schemaVersion) differs from ours (\(options.schemaVersion)); upgrade the older node"
            return end(.incompatible(reason), refusing: Refusal(code: .incompatibleSchema, reason: reason))
        }
        let admission = ChangeAdmission(maxClockAheadMillis: options.maxClockAheadMillis)
        if let ahead = admission.excess(ofPeerClock: hello.sentAtMillis, wallMillis: wallMillis) {
            let reason =
                "clock \(ChangeRejection.duration(ahead)) ahead of ours (at most "
                + "\(ChangeRejection.duration(options.maxClockAheadMillis)) allowed): fix its clock (NTP)"
            return end(.incompatible(reason), refusing: Refusal(code: .clockAhead, reason: reason))
        }
        let site = hello.nodeID
        guard site != options.ownSite else {
            return end(
                .unknownPeer("peer claims our own node id"),
                refusing: Refusal(code: .unknownPeer, reason: "that is my own node id"))
        }
        if let granted = options.grantedScope {
            let claimed = RegionScope(claimedByRole: hello.role, region: hello.region)
            guard claimed == granted else {
                let reason =
                    "peer claims region scope \(claimed) but was granted \(granted) (`outpost peer add --region`)"
                return end(.incompatible(reason), refusing: Refusal(code: .scopeMismatch, reason: reason))
            }
        }
        let heads = WireMapping.heads(hello.versionVector)
        state = .established(Exchange(peerSite: site, helloHeads: heads, sentHeads: heads, peerHeads: heads))
        // Both are at most Int64.max (the decoder refuses more), so neither conversion nor difference traps.
        let skew = Int64(clamping: hello.sentAtMillis) - Int64(clamping: wallMillis)
        var actions: [Action] = side == .acceptor ? [.sendHello] : []
        actions.append(
            .established(
                Established(
                    site: site, name: hello.name, region: hello.region, heads: heads, clockSkewMillis: skew)))
        return actions + pump(reason: .handshake)
    }

    private mutating func acknowledged(_ ack: Ack) -> [Action] {
        guard case .established(var exchange) = state, exchange.outstanding > 0 else {
            return end(.malformed("unexpected ack"))
        }
        exchange.outstanding -= 1
        let heads = WireMapping.heads(ack.versionVector)
        for (site, seq) in heads { exchange.sentHeads[site] = max(exchange.sentHeads[site] ?? 0, seq) }
        let noted = note(heads, in: &exchange)
        state = .established(exchange)
        return noted + pump(reason: .ack)
    }

    /// Notes a vector the peer reported. Until its `CaughtUp` that is only a claim; after it, the peer has said
    /// it sent everything it holds, so the driver caps it at ours (`status` shows claims as unverified; a peer
    /// cannot make this node report absurd lags).
    private func note(_ heads: SiteHeads, in exchange: inout Exchange) -> [Action] {
        for (site, seq) in heads { exchange.peerHeads[site] = max(exchange.peerHeads[site] ?? 0, seq) }
        return [.notePeerHeads(heads, verified: exchange.incoming == .caughtUp)]
    }

    /// Asks for what the peer still lacks, if the window has room (local commits, and after each step).
    mutating func pump(reason: PumpReason) -> [Action] {
        guard case .established(let exchange) = state, exchange.outstanding < options.window else { return [] }
        return [.planBatch(after: exchange.sentHeads, reason: reason)]
    }

    /// The batch the driver read for a ``Action/planBatch(after:reason:)``: send it, or say we are caught up.
    mutating func planned(_ batch: PlannedBatch, reason: PumpReason) -> [Action] {
        guard case .established(var exchange) = state else { return [] }
        let raised = batch.covers.contains { exchange.sentHeads[$0.key] ?? 0 < $0.value }
        // Only compacted gaps remain: an empty batch still lets the peer claim them.
        if !batch.changes.isEmpty || raised {
            let number = exchange.nextBatch
            exchange.nextBatch += 1
            for (site, seq) in batch.covers { exchange.sentHeads[site] = max(exchange.sentHeads[site] ?? 0, seq) }
            exchange.outstanding += 1
            exchange.outgoing = .streaming
            state = .established(exchange)
            let message = ChangeBatch(
                number: number, changes: batch.changes, covers: WireMapping.vector(batch.covers))
            return [.sendBatch(message)] + pump(reason: .batchSent)
        }
        var actions: [Action] = []
        if exchange.outgoing == .streaming {
            exchange.outgoing = .caughtUp
            actions.append(.sendCaughtUp)
        } else if reason != .ack {
            return []
        }
        state = .established(exchange)
        // The last ack can be what completes the sync (our CaughtUp went out with batches in flight).
        if exchange.isCaughtUp {
            actions += [.record(state: .connected, synced: true), .offerDigest(peerHeads: exchange.peerHeads)]
        }
        return actions
    }

    /// A received batch was merged: acknowledge it; the peer is streaming again.
    mutating func batchApplied(number: UInt64) -> [Action] {
        guard case .established(var exchange) = state else { return [] }
        exchange.incoming = .streaming
        state = .established(exchange)
        return [.sendAck(batchNumber: number)]
    }

    /// A received batch held a change this node must not merge; nothing of it was written.
    mutating func batchRefused(number: UInt64, _ rejection: ChangeRejection) -> [Action] {
        let code: RefusalCode
        if case .clockAhead = rejection { code = .clockAhead } else { code = .malformed }
        return end(
            .refusedBatch("batch \(number): \(rejection)"),
            refusing: Refusal(code: code, reason: "batch \(number) refused: \(rejection)"))
    }

    /// A received batch could not be merged at all (`detail`); the peer learns why when `refuse` says so.
    mutating func batchInvalid(_ detail: String, refuse: Bool) -> [Action] {
        end(.malformed(detail), refusing: refuse ? Refusal(code: .malformed, reason: detail) : nil)
    }

    /// The driver sent the digest an ``Action/offerDigest(peerHeads:)`` asked for (it sends none when not due).
    mutating func digestSent(at now: ContinuousClock.Instant) {
        guard case .established(var exchange) = state else { return }
        if exchange.receivedDigestFor != exchange.peerHeads { exchange.digest = .awaiting(since: now) }
        state = .established(exchange)
    }

    /// The tables whose content differs from the peer's digest (empty: all match).
    mutating func digestCompared(differing: [String]) -> [Action] {
        guard case .established(var exchange) = state else { return [] }
        let before = exchange.verdict
        exchange.verdict = differing.isEmpty ? .matching : .diverged
        state = .established(exchange)
        if differing.isEmpty { return before == .matching ? [] : [.clearDivergence] }
        return before == .diverged ? [] : [.markDiverged(tables: differing)]
    }

    /// Time passes: a heartbeat when we have been quiet, the end when the peer has.
    mutating func tick(now: ContinuousClock.Instant) -> [Action] {
        guard !isClosed else { return [] }
        if now - lastReceived > options.timeout {
            return end(.timedOut("no message for \(options.timeout)"))
        } else if now - lastSent > options.heartbeat {
            return [.sendHeartbeat]
        }
        return []
    }

    /// We end the session (stopping, peer removed, replaced): the peer stops waiting for it at once.
    mutating func close(reason: String, code: RefusalCode = .shuttingDown) -> [Action] {
        guard !isClosed else { return [] }
        state = .closed
        return [.refuse(Refusal(code: code, reason: reason))]
    }

    private var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }

    private mutating func end(_ error: SessionError, refusing refusal: Refusal? = nil) -> [Action] {
        state = .closed
        return (refusal.map { [.refuse($0)] } ?? []) + [.end(error)]
    }
}
