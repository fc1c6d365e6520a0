import Foundation
import Replica
import SyncProtocol
import Testing

@testable import Sync

/// The established session in memory: catch-up through the window, acks, the batches a peer sends, the digest
/// exchange and divergence verdicts, heartbeats and the silence timeout. Time is passed in, never slept.
@Suite struct SessionExchangeTests {
    let fixture = SessionStateMachineTests()
    var start: ContinuousClock.Instant { fixture.start }
    var wall: UInt64 { SessionStateMachineTests.wall }

    func receive(_ session: inout Session, _ message: MessageV1, at: Duration = .zero) -> [Session.Action] {
        let actions = session.received(SessionStateMachineTests.bytes(message), at: start + at, wallMillis: wall)
        // Every decoded message counts as contact first.
        if case .noteContact = actions.first { return Array(actions.dropFirst()) }
        Issue.record("no contact noted: \(actions)")
        return actions
    }

    func sentBatch(_ actions: [Session.Action]) -> ChangeBatch? {
        for action in actions {
            if case .sendBatch(let batch) = action { return batch }
        }
        return nil
    }

    // MARK: Catch-up

    @Test func batchesFillTheWindowThenAnAckMakesRoomAndCaughtUpFollowsTheLast() throws {
        var session = fixture.established(window: 2)
        let site = fixture.peer
        let first = session.planned(.init(changes: [fixture.change(seq: 1)], covers: [site: 1]), reason: .handshake)
        let one = try #require(sentBatch(first))
        #expect(one.number == 1 && one.changes.count == 1)
        #expect(first.last == .planBatch(after: [site: 1], reason: .batchSent))
        let second = session.planned(.init(changes: [fixture.change(seq: 2)], covers: [site: 2]), reason: .batchSent)
        #expect(try #require(sentBatch(second)).number == 2)
        // The window is full: no further read until an ack.
        #expect(second.count == 1)
        #expect(session.pump(reason: .localCommit) == [])
        let acked = receive(&session, .ack(Ack(batchNumber: 1, versionVector: VersionVector([fixture.peer: 1]))))
        #expect(acked == [.notePeerHeads([site: 1], verified: false), .planBatch(after: [site: 2], reason: .ack)])
        // Nothing left: CaughtUp, but the sync is not complete while batch 2 is in flight and the peer streams.
        #expect(session.planned(.init(changes: [], covers: [:]), reason: .ack) == [.sendCaughtUp])
        #expect(!session.isCaughtUp)
        let theirs = receive(&session, .caughtUp(CaughtUp(versionVector: VersionVector([fixture.peer: 2]))))
        #expect(theirs == [.notePeerHeads([site: 2], verified: true), .record(state: nil, synced: false)])
        // The last ack completes it, though CaughtUp went out before.
        _ = receive(&session, .ack(Ack(batchNumber: 2, versionVector: VersionVector([fixture.peer: 2]))))
        let done = session.planned(.init(changes: [], covers: [:]), reason: .ack)
        #expect(done == [.record(state: .connected, synced: true), .offerDigest(peerHeads: [site: 2])])
        #expect(session.isCaughtUp)
        // A later local commit with nothing new says nothing more.
        #expect(session.pump(reason: .localCommit) == [.planBatch(after: [site: 2], reason: .localCommit)])
        #expect(session.planned(.init(changes: [], covers: [:]), reason: .localCommit) == [])
    }

    @Test func onlySkippedSequencesLeftStillTravelAsAnEmptyBatchSoThePeerMovesPastThem() throws {
        var session = fixture.established(window: 4)
        let site = fixture.peer
        // A quarantined change at seq 3: no changes, but covers moves past it.
        let actions = session.planned(.init(changes: [], covers: [site: 3]), reason: .handshake)
        let batch = try #require(sentBatch(actions))
        #expect(batch.changes.isEmpty && batch.covers == VersionVector([fixture.peer: 3]))
        #expect(session.planned(.init(changes: [], covers: [site: 3]), reason: .batchSent) == [.sendCaughtUp])
    }

    @Test func anAckNothingWasSentForEndsTheSession() {
        var session = fixture.established()
        let actions = receive(&session, .ack(Ack(batchNumber: 1, versionVector: VersionVector())))
        #expect(actions == [.end(.malformed("unexpected ack"))])
    }

    @Test func aReceivedBatchIsAppliedAgainstTheHelloVectorAndAcknowledged() throws {
        var session = fixture.established(vector: VersionVector([fixture.peer: 5]))
        _ = receive(&session, .caughtUp(CaughtUp(versionVector: VersionVector([fixture.peer: 5]))))
        let batch = ChangeBatch(
            number: 1, changes: [fixture.change(seq: 6)], covers: VersionVector([fixture.peer: 6]))
        #expect(receive(&session, .batch(batch)) == [.applyBatch(batch, senderHeads: [fixture.peer: 5])])
        #expect(session.batchApplied(number: 1) == [.sendAck(batchNumber: 1)])
        // The peer streams again until its next CaughtUp.
        guard case .established(let exchange) = session.state else {
            Issue.record("\(session.state)")
            return
        }
        #expect(exchange.incoming == .streaming)
    }

    @Test func aRefusedBatchEndsTheSessionWithTheRightCode() {
        var ahead = fixture.established()
        let rejection = ChangeRejection.clockAhead(change: "customers/c1", aheadMillis: 400_000, limitMillis: 300_000)
        let clock = ahead.batchRefused(number: 3, rejection)
        #expect(clock.first == .refuse(Refusal(code: .clockAhead, reason: "batch 3 refused: \(rejection)")))
        #expect(clock.last == .end(.refusedBatch("batch 3: \(rejection)")))
        var invalid = fixture.established()
        let value = invalid.batchRefused(number: 1, .invalidValue(change: "c", reason: "not a channel"))
        guard case .refuse(let refusal) = value.first else {
            Issue.record("\(value)")
            return
        }
        #expect(refusal.code == .malformed)
        var unmappable = fixture.established()
        #expect(
            unmappable.batchInvalid("a key value is not text", refuse: false) == [
                .end(.malformed("a key value is not text"))
            ])
    }

    // MARK: Digest and divergence

    /// A session both of whose sides are caught up at the peer's vector.
    func caughtUp() -> Session {
        var session = fixture.established()
        _ = session.planned(.init(changes: [], covers: [:]), reason: .handshake)
        _ = receive(&session, .caughtUp(CaughtUp(versionVector: VersionVector())))
        return session
    }

    @Test func aOneShotSyncWaitsForThePeersDigestButNotForever() {
        var session = caughtUp()
        #expect(session.isCaughtUp && session.isSettled(now: start))
        session.digestSent(at: start)
        #expect(!session.isSettled(now: start + .seconds(1)))
        #expect(session.isSettled(now: start + .seconds(3)))
        let digest = ContentDigest(versionVector: VersionVector(), tables: [])
        #expect(receive(&session, .digest(digest)) == [.compareDigest(digest)])
        #expect(session.isSettled(now: start + .seconds(1)))
        // Their digest already arrived for this vector: sending ours awaits nothing.
        session.digestSent(at: start)
        #expect(session.isSettled(now: start))
    }

    @Test func divergenceIsFlaggedOnceAndClearedOnceContentMatchesAgain() {
        var session = caughtUp()
        #expect(session.digestCompared(differing: []) == [.clearDivergence])
        #expect(session.digestCompared(differing: []) == [])
        #expect(session.digestCompared(differing: ["customers"]) == [.markDiverged(tables: ["customers"])])
        #expect(session.digestCompared(differing: ["customers", "orders"]) == [])
        #expect(session.digestCompared(differing: []) == [.clearDivergence])
    }

    // MARK: Liveness

    @Test func aQuietSessionHeartbeatsAndASilentPeerTimesOut() {
        var session = fixture.established()
        #expect(session.tick(now: start + .seconds(1)) == [])
        #expect(session.tick(now: start + .seconds(3)) == [.sendHeartbeat])
        session.sent(at: start + .seconds(3))
        #expect(session.tick(now: start + .seconds(4)) == [])
        // The peer speaks at 10 s: not silent at 16 s, but at 26 s.
        _ = receive(&session, .heartbeat(Heartbeat(sentAtMillis: wall)), at: .seconds(10))
        session.sent(at: start + .seconds(15))
        #expect(session.tick(now: start + .seconds(16)) == [])
        #expect(session.tick(now: start + .seconds(26)) == [.end(.timedOut("no message for 15.0 seconds"))])
        #expect(session.tick(now: start + .seconds(40)) == [])
    }

    @Test func aPeerThatNeverSaysHelloTimesOutToo() {
        var session = fixture.machine(.acceptor)
        guard case .end(.timedOut) = session.tick(now: start + .seconds(16)).last else {
            Issue.record("no timeout before the hello")
            return
        }
    }

    @Test func closingSaysGoodbyeOnceAndIgnoresWhatFollows() {
        var session = fixture.established()
        #expect(
            session.close(reason: "node stopping") == [.refuse(Refusal(code: .shuttingDown, reason: "node stopping"))])
        #expect(session.close(reason: "again") == [])
        #expect(session.pump(reason: .localCommit) == [])
        #expect(!session.isCaughtUp)
    }
}
