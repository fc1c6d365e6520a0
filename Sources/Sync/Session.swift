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
        planner = BatchPlanner(
            replica: replica, book: book, peerName: peerName, maxChanges: options.batchSize,
            maxBytes: options.maxBatchBytes, limits: options.limits)
    }

    /// Both sides have said all they hold and every batch we sent is acknowledged.
    var isCaughtUp: Bool { established && sentCaughtUp && receivedCaughtUp && outstanding == 0 }

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
            pending.peerHeads = heads
            try pump()
            // The last ack can be what completes the sync (our CaughtUp went out with batches in flight).
            if isCaughtUp { record(PeerStateUpdate(state: .connected, synced: true)) }
            flushIfDue()
        case .caughtUp(let caughtUp):
            guard established else { throw SessionError.malformed("caught-up before hello") }
            receivedCaughtUp = true
            pending.peerHeads = WireMapping.heads(caughtUp.versionVector)
            record(PeerStateUpdate(state: isCaughtUp ? .connected : nil, synced: isCaughtUp))
        case .heartbeat:
            break
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
        let skew = Int64(hello.sentAtMillis) - Int64(Replica.defaultWallClock())
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
                changes, covers: WireMapping.heads(batch.covers), senderHeads: helloHeads)
        } catch let error as ReplicaError {
            try? transmit(.refusal(Refusal(code: .malformed, reason: "\(error)")))
            throw SessionError.malformed("\(error)")
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
                    if isCaughtUp { record(PeerStateUpdate(state: .connected, synced: true)) }
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
