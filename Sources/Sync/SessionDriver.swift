import Foundation
import Logging
import Replica
import SyncProtocol

/// Performs a ``Session``'s actions for one connection: encodes and sends messages through `send`, reads and
/// merges through the replica, and writes what it learns to the peer book. The state machine decides; this
/// type only does. ``SyncLoop`` owns one per live connection and feeds it events.
///
/// Counters and the last-known peer vector are written to the peer book at most once a second (and on state
/// changes) rather than once per message: a journal write per message cost a tenth of a bulk sync.
final class SessionDriver {
    struct Options {
        var batchSize = 8_000
        /// Encoded bytes of changes per batch (a single larger change still goes alone).
        var maxBatchBytes = 1 << 20
        /// What a received change must pass before it is merged (clock skew, values).
        var admission = ChangeAdmission()
        /// Least time between two content digests on one session (the first is sent at once).
        var digestInterval: Duration = .seconds(600)
        var session = Session.Options()
        /// The scope granted to the peer: what it may receive and write (``Session/Options/grantedScope`` nil
        /// means all).
        var grantedScope: RegionScope { session.grantedScope ?? .all }
    }

    let peerName: String
    private(set) var session: Session
    private let replica: Replica
    private let book: PeerBook
    private let options: Options
    private let logger: Logger
    private let send: ([UInt8]) throws -> Void
    private var divergence: DivergenceCheck
    private var planner: BatchPlanner
    /// The rows a digest covers: those inside the scope granted to the peer. Headquarters hashes an east office's
    /// rows; the office, which grants headquarters `all`, hashes all it holds, which are east's. An office still
    /// holding rows outside its grant (refused writes, rows from before scopes) is reported diverged, truly.
    private let digestScope: RegionScope
    private var pending = PeerStateUpdate()
    private var lastFlush = ContinuousClock.now

    init(
        side: Session.Side, peerName: String, replica: Replica, book: PeerBook, options: Options, logger: Logger,
        send: @escaping ([UInt8]) throws -> Void
    ) {
        self.peerName = peerName
        self.replica = replica
        self.book = book
        var machine = options.session
        machine.ownSite = replica.identity.siteID
        machine.maxClockAheadMillis = options.admission.maxClockAheadMillis
        self.options = options
        self.logger = logger
        self.send = send
        session = Session(side: side, options: machine, now: .now)
        divergence = DivergenceCheck(interval: options.digestInterval)
        planner = BatchPlanner(
            replica: replica, book: book, peerName: peerName, maxChanges: options.batchSize,
            maxBytes: options.maxBatchBytes, limits: machine.limits, scope: options.grantedScope)
        digestScope = options.grantedScope
    }

    var isCaughtUp: Bool { session.isCaughtUp }
    var isSettled: Bool { session.isSettled(now: .now) }

    // MARK: Events in

    func start() throws {
        try perform(session.start())
    }

    /// Handles one message from the peer. Throws when the session must end; nothing of a bad batch applies.
    func receive(_ bytes: [UInt8]) throws {
        try perform(session.received(bytes, at: .now, wallMillis: replica.wallMillis()))
        flushIfDue()
    }

    /// Sends what the peer still lacks (local commits).
    func pump() throws {
        try perform(session.pump(reason: .localCommit))
    }

    /// Heartbeat or timeout, as the machine decides; throws when the session timed out.
    func tick(now: ContinuousClock.Instant = .now) throws {
        flushIfDue()
        try perform(session.tick(now: now))
    }

    /// Ends the session cleanly: the peer stops waiting for it at once.
    func close(reason: String, code: RefusalCode = .shuttingDown) {
        defer { flush() }
        try? perform(session.close(reason: reason, code: code))
    }

    // MARK: Actions out

    /// Performs `actions` in order; an action whose result is an event performs that event's actions at once.
    private func perform(_ actions: [Action]) throws {
        for action in actions { try perform(action) }
    }

    typealias Action = Session.Action

    private func perform(_ action: Action) throws {
        switch action {
        case .sendHello:
            try transmit(.hello(try hello()))
        case .planBatch(let heads, let reason):
            let batch = try planner.next(after: heads)
            let planned = Session.PlannedBatch(changes: batch.changes, covers: batch.covers)
            try perform(session.planned(planned, reason: reason))
        case .sendBatch(let batch):
            try transmit(.batch(batch))
            pending.state = .syncing
            pending.changesSent += batch.changes.count
        case .sendCaughtUp:
            try transmit(.caughtUp(CaughtUp(versionVector: WireMapping.vector(try replica.versionVector()))))
        case .sendAck(let number):
            try transmit(
                .ack(Ack(batchNumber: number, versionVector: WireMapping.vector(try replica.versionVector()))))
        case .sendHeartbeat:
            try transmit(.heartbeat(Heartbeat(sentAtMillis: replica.wallMillis())))
        case .applyBatch(let batch, let senderHeads):
            try perform(apply(batch, senderHeads: senderHeads))
        case .offerDigest(let peerHeads):
            if let digest = try divergence.digestToSend(
                replica: replica, peerHeads: peerHeads, scope: digestScope, now: .now)
            {
                try transmit(.digest(digest))
                session.digestSent(at: .now)
            }
        case .compareDigest(let digest):
            if let differing = try divergence.differences(from: digest, replica: replica, scope: digestScope) {
                try perform(session.digestCompared(differing: differing))
            }
        case .established(let hello):
            book.record(
                peerName,
                PeerStateUpdate(
                    state: .syncing, contact: true, site: hello.site, peerHeads: hello.heads,
                    clockSkewMillis: hello.clockSkewMillis))
            let side = session.side.rawValue
            book.event("session", peer: peerName, "\(side) session with \(hello.name) (\(hello.region)) established")
            logger.info("session established", metadata: ["peer": "\(peerName)", "side": "\(side)"])
        case .notePeerHeads(let heads, let verified):
            try notePeerHeads(heads, verified: verified)
        case .noteContact(let bytes):
            pending.contact = true
            pending.bytesReceived += bytes
        case .record(let state, let synced):
            record(PeerStateUpdate(state: state, synced: synced))
        case .markDiverged(let tables):
            book.recordDivergence(peerName, tables: tables)
            let text =
                "diverged: \(tables.joined(separator: ", ")) differ from \(peerName)'s although both hold the same "
                + "changes (an origin issued two changes under one sequence number); run `outpost doctor`"
            book.event("diverged", peer: peerName, text)
            logger.error("content diverged", metadata: ["peer": "\(peerName)", "tables": "\(tables)"])
        case .clearDivergence:
            if book.isDiverged(peerName) {
                book.recordDivergence(peerName, tables: nil)
                book.event("digest", peer: peerName, "content matches \(peerName)'s again: divergence cleared")
            }
        case .refuse(let refusal):
            try? transmit(.refusal(refusal))
        case .end(let error):
            throw error
        }
    }

    private func hello() throws -> Hello {
        let identity = replica.identity
        return Hello(
            nodeID: identity.siteID, name: identity.name, role: identity.role.rawValue,
            region: identity.region, protocolVersion: SyncMessage.supportedProtocolVersions.upperBound,
            schemaVersion: Replica.schemaVersion, versionVector: WireMapping.vector(try replica.versionVector()),
            sentAtMillis: replica.wallMillis())
    }

    private func transmit(_ message: MessageV1) throws {
        let bytes = SyncMessage.v1(message).encode()
        try send(bytes)
        session.sent(at: .now)
        pending.bytesSent += bytes.count
    }

    static func auditReason(_ rejection: ChangeRejection) -> String {
        switch rejection {
        case .outOfRange: return "out of range"
        case .clockAhead(let change, _, _): return "\(change) stamped ahead of this node's clock"
        case .invalidValue(let change, _): return "invalid value in \(change)"
        }
    }

    /// Merges a batch in one transaction and tells the machine how that went.
    private func apply(_ batch: ChangeBatch, senderHeads: SiteHeads) throws -> [Action] {
        var changes: [ReplicaChange] = []
        changes.reserveCapacity(batch.changes.count)
        for change in batch.changes {
            do {
                changes.append(try WireMapping.replicaChange(change))
            } catch {
                guard case .malformed(let detail) = error else { throw error }
                return session.batchInvalid(detail, refuse: false)
            }
        }
        let outcome: MergeOutcome
        do {
            outcome = try replica.apply(
                changes, covers: WireMapping.heads(batch.covers), senderHeads: senderHeads,
                admission: options.admission, grantedScope: options.grantedScope, peer: peerName)
        } catch let error as ReplicaError {
            return session.batchInvalid("\(error)", refuse: true)
        } catch let rejection as ChangeRejection {
            // The whole batch is refused: nothing of it was written, and the peer learns why. The audit entry
            // names the change but not its value (a rejected value may be personal).
            try replica.audit(
                action: "refuse", object: peerName,
                detail: "batch \(batch.number) of \(changes.count) changes refused: \(Self.auditReason(rejection))")
            return session.batchRefused(number: batch.number, rejection)
        }
        book.conflicts(outcome.conflicts, peer: peerName)
        if !outcome.refused.isEmpty { journalRefused(outcome.refused, batch: batch.number) }
        if !outcome.purged.isEmpty { journalPurged(outcome.purged) }
        pending.state = .syncing
        pending.changesReceived += changes.count
        if changes.count > 0 {
            book.event(
                "batch-in", peer: peerName,
                "batch \(batch.number): \(changes.count) changes, \(outcome.applied) applied, "
                    + "\(outcome.ignored) already present, \(outcome.conflicts.count) conflicts"
                    + (outcome.refused.isEmpty ? "" : ", \(outcome.refused.count) refused (outside scope)"))
        }
        return session.batchApplied(number: batch.number)
    }

    /// Journals changes refused as outside the peer's scope, one line each (peer, table, key, why) up to 20 a
    /// batch, then a count; they were not applied and the session goes on.
    private func journalRefused(_ refused: [RefusedChange], batch: UInt64) {
        for change in refused.prefix(20) {
            book.event(
                "refused", peer: peerName,
                "refused change \(change.table)/\(change.key.joined(separator: "/")) (seq \(change.version.seq)) "
                    + "from \(peerName): \(change.reason)")
        }
        pending.changesRefused += refused.count
        if refused.count > 20 {
            book.event("refused", peer: peerName, "batch \(batch): \(refused.count - 20) more changes refused")
        }
        logger.warning(
            "refused changes outside the peer's scope", metadata: ["peer": "\(peerName)", "count": "\(refused.count)"])
    }

    /// Journals the rows this node purged because the batch moved them out of its scope, one line each up to 20.
    private func journalPurged(_ purged: [PurgedRow]) {
        book.forgetPurged(purged)
        for row in purged.prefix(20) {
            book.event(
                "purge", peer: peerName,
                "purged \(row.table)/\(row.key.joined(separator: "/")) and the rows that follow it (\(row.rows) rows): "
                    + "moved out of this node's scope")
        }
        if purged.count > 20 {
            book.event("purge", peer: peerName, "\(purged.count - 20) more rows purged as they left this node's scope")
        }
        logger.info("purged rows moved out of scope", metadata: ["peer": "\(peerName)", "rows": "\(purged.count)"])
    }

    /// A claimed vector is recorded as is; a verified one capped at ours.
    private func notePeerHeads(_ heads: SiteHeads, verified: Bool) throws {
        guard verified else {
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

    // MARK: Peer book

    /// Writes what is pending together with a state (a state change is never delayed).
    private func record(_ update: PeerStateUpdate) {
        if let state = update.state { pending.state = state }
        pending.synced = pending.synced || update.synced
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
}
