import Foundation
import Logging
import Replica
import SyncProtocol

/// One sync session with one peer over one connection, independent of the transport: bytes in through
/// ``receive(_:)``, bytes out through `send`.
///
/// Both sides send `Hello`, then each streams what the other's version vector lacks in bounded batches,
/// at most `window` unacknowledged. A batch is applied in one transaction that also raises the version
/// vector, and its `Ack` carries the new vector: that is the checkpoint a broken session resumes from.
/// After its last batch a side sends `CaughtUp`; later local commits are pushed the same way (``pump()``).
final class Session {
    enum Side: String { case initiator, acceptor }

    struct Options {
        var batchSize = 2_000
        /// Encoded bytes of changes per batch (a single larger change still goes alone).
        var maxBatchBytes = 1 << 20
        var window = 4
        var limits = DecodingLimits()
        /// What a received change must pass before it is merged (clock skew, values).
        var admission = ChangeAdmission()
        /// Least time between two content digests on one session (the first is sent at once).
        var digestInterval: Duration = .seconds(600)
    }

    let side: Side
    let peerName: String
    private let replica: Replica
    private let book: PeerBook
    private let options: Options
    private let logger: Logger
    private let send: ([UInt8]) throws -> Void

    private(set) var established = false
    private(set) var peerSite: UUID?
    /// The peer's vector from its Hello, for telling concurrent writes from causal ones.
    private var helloHeads = SiteHeads()
    /// What we have sent (applied or in flight).
    private var sentHeads = SiteHeads()
    /// The highest vector the peer has reported (Hello, Acks, CaughtUp), for the divergence check.
    private var peerHeads = SiteHeads()
    private var divergence: DivergenceCheck
    /// The divergence flag as this session last wrote it (nil: not yet compared).
    private var divergedFlag: Bool?
    /// When we sent a digest the peer has not yet answered with its own; the vector of its last digest.
    private var digestAwaitedSince: ContinuousClock.Instant?
    private var receivedDigestFor: SiteHeads?
    private var outstanding = 0
    private var nextBatch: UInt64 = 1
    private var mapping = WireMapping()
    private var planner: BatchPlanner
    /// Counters and the last-known peer vector, written to the peer book at most once a second (and on
    /// state changes) rather than once per message: a journal write per message cost a tenth of a bulk sync.
    private var pending = PeerStateUpdate()
    private var lastFlush = ContinuousClock.now
    private(set) var sentCaughtUp = false
    private(set) var receivedCaughtUp = false
    private(set) var lastReceived = ContinuousClock.now
    private(set) var lastSent = ContinuousClock.now

    init(
        side: Side, peerName: String, replica: Replica, book: PeerBook, options: Options, logger: Logger,
        send: @escaping ([UInt8]) throws -> Void
    ) {
        self.side = side
        self.peerName = peerName
        self.replica = replica
        self.book = book
        self.options = options
        self.logger = logger
        self.send = send
        divergence = DivergenceCheck(interval: options.digestInterval)
        planner = BatchPlanner(
            replica: replica, book: book, peerName: peerName, maxChanges: options.batchSize,
            maxBytes: options.maxBatchBytes, limits: options.limits)
    }

    /// Both sides have said all they hold and every batch we sent is acknowledged.
    var isCaughtUp: Bool { established && sentCaughtUp && receivedCaughtUp && outstanding == 0 }

    /// Caught up, and the digest exchange that follows has finished (or the peer stayed silent for 2 s), so a
    /// one-shot sync learns of a divergence before it leaves.
    var isSettled: Bool {
        guard isCaughtUp else { return false }
        guard let since = digestAwaitedSince else { return true }
        return ContinuousClock.now - since > .seconds(2)
    }

    func start() throws {
        try transmit(.hello(try hello()))
    }

    private func hello() throws -> Hello {
        let identity = replica.identity
        return Hello(
            nodeID: WireMapping.site(identity.siteID), name: identity.name, role: identity.role.rawValue,
            region: identity.region, protocolVersion: SyncMessage.supportedProtocolVersions.upperBound,
            schemaVersion: Replica.schemaVersion, versionVector: WireMapping.vector(try replica.versionVector()),
            sentAtMillis: Replica.defaultWallClock())
    }

    private func transmit(_ message: MessageV1) throws {
        let bytes = SyncMessage.v1(message).encode()
        try send(bytes)
        lastSent = .now
        pending.bytesSent += bytes.count
    }

    /// Handles one message from the peer. Throws when the session must end; nothing of a bad batch applies.
    func receive(_ bytes: [UInt8]) throws {
        lastReceived = .now
        let message: SyncMessage
        do {
            message = try SyncMessage.decode(bytes, limits: options.limits)
        } catch {
            try? transmit(.refusal(Refusal(code: error.refusalCode, reason: "\(error)")))
            throw SessionError.malformed("\(error)")
        }
        guard case .v1(let body) = message else { throw SessionError.malformed("unsupported version") }
        pending.contact = true
        pending.bytesReceived += bytes.count
        switch body {
        case .hello(let hello):
            try accept(hello)
        case .refusal(let refusal):
            if refusal.code == .shuttingDown { throw SessionError.closedByPeer(refusal.reason) }
            throw SessionError.refusedByPeer(code: "\(refusal.code)", reason: refusal.reason)
        case .batch(let batch):
            guard established else { throw SessionError.malformed("batch before hello") }
            try apply(batch)
        case .ack(let ack):
            guard established, outstanding > 0 else { throw SessionError.malformed("unexpected ack") }
            outstanding -= 1
            let heads = WireMapping.heads(ack.versionVector)
            for (site, seq) in heads { sentHeads[site] = max(sentHeads[site] ?? 0, seq) }
            try notePeerHeads(heads)
            try pump()
            // The last ack can be what completes the sync (our CaughtUp went out with batches in flight).
            if isCaughtUp {
                record(PeerStateUpdate(state: .connected, synced: true))
                try offerDigest()
            }
            flushIfDue()
        case .caughtUp(let caughtUp):
            guard established else { throw SessionError.malformed("caught-up before hello") }
            receivedCaughtUp = true
            try notePeerHeads(WireMapping.heads(caughtUp.versionVector))
            record(PeerStateUpdate(state: isCaughtUp ? .connected : nil, synced: isCaughtUp))
            try offerDigest()
        case .heartbeat:
            break
        case .digest(let digest):
            guard established else { throw SessionError.malformed("digest before hello") }
            try compare(digest)
        }
    }

    private func accept(_ hello: Hello) throws {
        guard !established else { throw SessionError.malformed("second hello") }
        guard SyncMessage.supportedProtocolVersions.contains(hello.protocolVersion) else {
            let reason =
                "protocol \(hello.protocolVersion) unsupported (we speak \(SyncMessage.supportedProtocolVersions))"
            try? transmit(.refusal(Refusal(code: .incompatibleProtocol, reason: reason)))
            throw SessionError.incompatible(reason)
        }
        guard hello.schemaVersion == Replica.schemaVersion else {
            let reason =
                "schema \(hello.schemaVersion) differs from ours (\(Replica.schemaVersion)); upgrade the older node"
            try? transmit(.refusal(Refusal(code: .incompatibleSchema, reason: reason)))
            throw SessionError.incompatible(reason)
        }
        let now = replica.wallMillis()
        if let ahead = options.admission.excess(ofPeerClock: hello.sentAtMillis, wallMillis: now) {
            let reason =
                "clock \(ChangeRejection.duration(ahead)) ahead of ours (at most "
                + "\(ChangeRejection.duration(options.admission.maxClockAheadMillis)) allowed): fix its clock (NTP)"
            try? transmit(.refusal(Refusal(code: .clockAhead, reason: reason)))
            throw SessionError.incompatible(reason)
        }
        let site = WireMapping.uuid(hello.nodeID)
        guard site != replica.identity.siteID else {
            try? transmit(.refusal(Refusal(code: .unknownPeer, reason: "that is my own node id")))
            throw SessionError.unknownPeer("peer claims our own node id")
        }
        if side == .acceptor { try transmit(.hello(try self.hello())) }
        established = true
        peerSite = site
        helloHeads = WireMapping.heads(hello.versionVector)
        sentHeads = helloHeads
        peerHeads = helloHeads
        // Both are at most Int64.max (the decoder refuses more), so neither conversion nor difference traps.
        let skew = Int64(clamping: hello.sentAtMillis) - Int64(clamping: now)
        book.record(
            peerName,
            PeerStateUpdate(
                state: .syncing, contact: true, site: site, peerHeads: helloHeads, clockSkewMillis: skew))
        book.event(
            "session", peer: peerName, "\(side.rawValue) session with \(hello.name) (\(hello.region)) established")
        logger.info("session established", metadata: ["peer": "\(peerName)", "side": "\(side.rawValue)"])
        try pump()
    }

    private func apply(_ batch: ChangeBatch) throws {
        var changes: [ReplicaChange] = []
        changes.reserveCapacity(batch.changes.count)
        for change in batch.changes { changes.append(try mapping.replicaChange(change)) }
        let outcome: MergeOutcome
        do {
            outcome = try replica.apply(
                changes, covers: WireMapping.heads(batch.covers), senderHeads: helloHeads,
                admission: options.admission)
        } catch let error as ReplicaError {
            try? transmit(.refusal(Refusal(code: .malformed, reason: "\(error)")))
            throw SessionError.malformed("\(error)")
        } catch let rejection as ChangeRejection {
            // The whole batch is refused: nothing of it was written, and the peer learns why.
            let code: RefusalCode
            if case .clockAhead = rejection { code = .clockAhead } else { code = .malformed }
            try? transmit(.refusal(Refusal(code: code, reason: "batch \(batch.number) refused: \(rejection)")))
            throw SessionError.refusedBatch("batch \(batch.number): \(rejection)")
        }
        receivedCaughtUp = false
        book.conflicts(outcome.conflicts, peer: peerName)
        pending.state = .syncing
        pending.changesReceived += changes.count
        if changes.count > 0 {
            book.event(
                "batch-in", peer: peerName,
                "batch \(batch.number): \(changes.count) changes, \(outcome.applied) applied, "
                    + "\(outcome.ignored) already present, \(outcome.conflicts.count) conflicts")
        }
        try transmit(
            .ack(Ack(batchNumber: batch.number, versionVector: WireMapping.vector(try replica.versionVector()))))
    }

    /// Notes a vector the peer reported. Until its `CaughtUp` that is only a claim; after it, the peer has said
    /// it sent everything it holds, so an entry above ours is a claim it did not back and is recorded capped
    /// at ours (`status` shows claims as unverified; a peer cannot make this node report absurd lags).
    private func notePeerHeads(_ heads: SiteHeads) throws {
        for (site, seq) in heads { peerHeads[site] = max(peerHeads[site] ?? 0, seq) }
        guard receivedCaughtUp else {
            pending.peerHeads = heads
            pending.headsVerified = false
            return
        }
        let ours = try replica.versionVector()
        var confirmed = SiteHeads()
        for (site, seq) in heads {
            let held = min(seq, ours[site] ?? 0)
            if held > 0 { confirmed[site] = held }
        }
        pending.peerHeads = confirmed
        pending.headsVerified = true
    }

    /// Sends a content digest when both sides are caught up at equal vectors (see ``DivergenceCheck``).
    private func offerDigest() throws {
        guard isCaughtUp, let digest = try divergence.digestToSend(replica: replica, peerHeads: peerHeads) else {
            return
        }
        try transmit(.digest(digest))
        if receivedDigestFor != peerHeads { digestAwaitedSince = .now }
    }

    /// Compares the peer's digest with ours; a difference at equal vectors flags the peer as diverged.
    private func compare(_ digest: ContentDigest) throws {
        receivedDigestFor = WireMapping.heads(digest.versionVector)
        digestAwaitedSince = nil
        guard let differing = try divergence.differences(from: digest, replica: replica) else { return }
        if differing.isEmpty {
            if divergedFlag != false, book.isDiverged(peerName) {
                book.recordDivergence(peerName, tables: nil)
                book.event("digest", peer: peerName, "content matches \(peerName)'s again: divergence cleared")
            }
            divergedFlag = false
            return
        }
        guard divergedFlag != true else { return }
        divergedFlag = true
        book.recordDivergence(peerName, tables: differing)
        let text =
            "diverged: \(differing.joined(separator: ", ")) differ from \(peerName)'s although both hold the same "
            + "changes (an origin issued two changes under one sequence number); run `outpost doctor`"
        book.event("diverged", peer: peerName, text)
        logger.error("content diverged", metadata: ["peer": "\(peerName)", "tables": "\(differing)"])
    }

    /// Sends what the peer still lacks, up to the window, then `CaughtUp` once nothing is left.
    func pump() throws {
        guard established else { return }
        while outstanding < options.window {
            let batch = try planner.next(after: sentHeads)
            if batch.changes.isEmpty {
                let raised = batch.covers.contains { sentHeads[$0.key] ?? 0 < $0.value }
                if raised {
                    // Only compacted gaps remain: an empty batch still lets the peer claim them.
                    try sendBatch(batch)
                    continue
                }
                if !sentCaughtUp {
                    try transmit(.caughtUp(CaughtUp(versionVector: WireMapping.vector(try replica.versionVector()))))
                    sentCaughtUp = true
                    if isCaughtUp {
                        record(PeerStateUpdate(state: .connected, synced: true))
                        try offerDigest()
                    }
                }
                return
            }
            try sendBatch(batch)
        }
    }

    private func sendBatch(_ batch: BatchPlanner.Batch) throws {
        let number = nextBatch
        nextBatch += 1
        try transmit(
            .batch(
                ChangeBatch(
                    number: number, changes: batch.changes,
                    covers: WireMapping.vector(batch.covers))))
        for (site, seq) in batch.covers { sentHeads[site] = max(sentHeads[site] ?? 0, seq) }
        outstanding += 1
        sentCaughtUp = false
        pending.state = .syncing
        pending.changesSent += batch.changes.count
    }

    /// Ends the session cleanly: the peer stops waiting for it at once.
    func close(reason: String, code: RefusalCode = .shuttingDown) throws {
        defer { flush() }
        try transmit(.refusal(Refusal(code: code, reason: reason)))
    }

    /// Writes what is pending together with `update` (a state change is never delayed).
    private func record(_ update: PeerStateUpdate) {
        var merged = pending
        if let state = update.state { merged.state = state }
        merged.synced = merged.synced || update.synced
        pending = merged
        flush()
    }

    /// Writes pending counters if a second has passed since the last write.
    func flushIfDue() {
        if ContinuousClock.now - lastFlush >= .seconds(1) { flush() }
    }

    /// Writes pending counters and state now.
    func flush() {
        lastFlush = .now
        let update = pending
        pending = PeerStateUpdate()
        if update.isEmpty { return }
        book.record(peerName, update)
    }

    /// Keeps an idle session alive.
    func heartbeat() throws {
        try transmit(.heartbeat(Heartbeat(sentAtMillis: Replica.defaultWallClock())))
    }
}
