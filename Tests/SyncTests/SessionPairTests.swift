import Foundation
import Replica
import SyncProtocol
import Testing

@testable import Sync

/// Two session state machines synced through memory: each side's "replica" is a version vector whose changes
/// are synthetic, and a tiny driver performs the actions (encoding every message to real wire bytes). Shows the
/// machine alone carries a whole sync (handshake, windowed catch-up both ways, CaughtUp, digests) to settled.
@Suite struct SessionPairTests {
    /// One side: its machine, what it holds, and the messages it has sent and not yet delivered.
    struct Side {
        var session: Session
        var holds: SiteHeads
        var outbox: [[UInt8]] = []
        var batchesSent = 0
        var changesApplied = 0
        var ended: SessionError?
        let batchSize: Int
        let clock = SessionStateMachineTests.wall

        init(
            _ side: Session.Side, site: SiteID, holds: SiteHeads, window: Int, batchSize: Int,
            now: ContinuousClock.Instant
        ) {
            var options = Session.Options()
            options.window = window
            options.ownSite = site
            session = Session(side: side, options: options, now: now)
            self.holds = holds
            self.batchSize = batchSize
        }

        mutating func send(_ message: MessageV1) {
            outbox.append(SyncMessage.v1(message).encode())
        }

        /// Synthetic changes: origin `site`, sequences `from + 1 ... to`.
        func changes(_ site: SiteID, after from: UInt64, to: UInt64) -> [Change] {
            (from + 1...to).map { seq in
                Change(
                    table: TableSchema.products.id, key: [.text("P\(seq)")], column: 0, causalLength: 1, hlc: seq,
                    site: site, seq: seq, values: [.text("x")])
            }
        }

        mutating func perform(_ actions: [Session.Action], now: ContinuousClock.Instant) {
            for action in actions {
                switch action {
                case .sendHello:
                    send(
                        .hello(
                            Hello(
                                nodeID: session.options.ownSite, name: "n", role: "office", region: "east",
                                protocolVersion: 1, schemaVersion: Replica.schemaVersion,
                                versionVector: VersionVector(holds), sentAtMillis: clock)))
                case .planBatch(let after, let reason):
                    var planned = Session.PlannedBatch(changes: [], covers: [:])
                    for site in holds.keys.sorted() where holds[site]! > after[site] ?? 0 {
                        guard planned.changes.count < batchSize else { break }
                        let from = after[site] ?? 0
                        let to = min(holds[site]!, from + UInt64(batchSize - planned.changes.count))
                        planned.changes += changes(site, after: from, to: to)
                        planned.covers[site] = to
                    }
                    perform(session.planned(planned, reason: reason), now: now)
                case .sendBatch(let batch):
                    batchesSent += 1
                    send(.batch(batch))
                case .sendCaughtUp:
                    send(.caughtUp(CaughtUp(versionVector: VersionVector(holds))))
                case .sendAck(let number):
                    send(.ack(Ack(batchNumber: number, versionVector: VersionVector(holds))))
                case .sendHeartbeat:
                    send(.heartbeat(Heartbeat(sentAtMillis: clock)))
                case .applyBatch(let batch, _):
                    for change in batch.changes { holds[change.site] = max(holds[change.site] ?? 0, change.seq) }
                    for entry in batch.covers.sortedEntries {
                        holds[entry.site] = max(holds[entry.site] ?? 0, entry.sequence)
                    }
                    changesApplied += batch.changes.count
                    perform(session.batchApplied(number: batch.number), now: now)
                case .offerDigest(let peerHeads):
                    guard peerHeads == holds else { break }
                    send(.digest(ContentDigest(versionVector: VersionVector(holds), tables: [])))
                    session.digestSent(at: now)
                case .compareDigest(let digest):
                    guard WireMapping.heads(digest.versionVector) == holds else { break }
                    perform(session.digestCompared(differing: []), now: now)
                case .refuse(let refusal):
                    send(.refusal(refusal))
                case .end(let error):
                    ended = error
                case .established, .notePeerHeads, .noteContact, .record, .markDiverged, .clearDivergence:
                    break
                }
            }
        }
    }

    /// Delivers messages both ways until neither side has anything to say.
    func run(_ a: inout Side, _ b: inout Side, now: ContinuousClock.Instant) {
        var rounds = 0
        while !a.outbox.isEmpty || !b.outbox.isEmpty {
            let toB = a.outbox
            a.outbox.removeAll()
            for message in toB { b.perform(b.session.received(message, at: now, wallMillis: b.clock), now: now) }
            let toA = b.outbox
            b.outbox.removeAll()
            for message in toA { a.perform(a.session.received(message, at: now, wallMillis: a.clock), now: now) }
            rounds += 1
            precondition(rounds < 1_000, "the sessions never go quiet")
        }
    }

    @Test(arguments: [(window: 1, batchSize: 3), (window: 4, batchSize: 3), (window: 4, batchSize: 1_000)])
    func twoMachinesSyncBothWaysToSettledThroughMemory(window: Int, batchSize: Int) {
        let now = ContinuousClock.now
        let east = SiteID.random()
        let hq = SiteID.random()
        let relayed = SiteID.random()
        var initiator = Side(
            .initiator, site: east, holds: [east: 10, relayed: 4], window: window, batchSize: batchSize, now: now)
        var acceptor = Side(
            .acceptor, site: hq, holds: [hq: 7, relayed: 2], window: window, batchSize: batchSize, now: now)
        initiator.perform(initiator.session.start(), now: now)
        acceptor.perform(acceptor.session.start(), now: now)
        run(&initiator, &acceptor, now: now)

        let union: SiteHeads = [east: 10, hq: 7, relayed: 4]
        #expect(initiator.ended == nil && acceptor.ended == nil)
        #expect(initiator.holds == union && acceptor.holds == union)
        // Each change crosses once: 10 + 2 of relayed from the initiator, 7 from the acceptor.
        #expect(acceptor.changesApplied == 12 && initiator.changesApplied == 7)
        #expect(initiator.batchesSent == (12 + batchSize - 1) / batchSize)
        #expect(acceptor.batchesSent == (7 + batchSize - 1) / batchSize)
        #expect(initiator.session.isCaughtUp && acceptor.session.isCaughtUp)
        // Both digests arrived, so neither waits for the grace period.
        #expect(initiator.session.isSettled(now: now) && acceptor.session.isSettled(now: now))

        // A local commit later is pushed alone and the pair settles again.
        initiator.holds[east] = 11
        initiator.perform(initiator.session.pump(reason: .localCommit), now: now)
        run(&initiator, &acceptor, now: now)
        #expect(acceptor.holds[east] == 11)
        #expect(initiator.session.isCaughtUp && acceptor.session.isCaughtUp)
    }
}
