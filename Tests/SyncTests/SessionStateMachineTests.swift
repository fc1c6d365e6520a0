import Foundation
import Replica
import SyncProtocol
import Testing

@testable import Sync

/// The session state machine in memory: real wire bytes in, actions out; no sockets, no database, no sleeping
/// (time and the wall clock come with the events).
@Suite struct SessionStateMachineTests {
    static let wall: UInt64 = 1_800_000_000_000
    let start = ContinuousClock.now
    let peer = SiteID.random()
    let ours = SiteID.random()

    func machine(_ side: Session.Side = .initiator, window: Int = 4) -> Session {
        var options = Session.Options()
        options.window = window
        options.ownSite = ours
        options.maxClockAheadMillis = 300_000
        options.heartbeat = .seconds(2)
        options.timeout = .seconds(15)
        return Session(side: side, options: options, now: start)
    }

    static func bytes(_ message: MessageV1) -> [UInt8] { SyncMessage.v1(message).encode() }

    func hello(
        site: SiteID? = nil, protocolVersion: UInt16 = 1, schema: UInt32 = Replica.schemaVersion,
        sentAt: UInt64 = wall, vector: VersionVector = VersionVector()
    ) -> [UInt8] {
        Self.bytes(
            .hello(
                Hello(
                    nodeID: site ?? peer, name: "east-1", role: "office", region: "east",
                    protocolVersion: protocolVersion, schemaVersion: schema, versionVector: vector,
                    sentAtMillis: sentAt)))
    }

    /// A machine past the handshake, its actions dropped.
    func established(_ side: Session.Side = .initiator, window: Int = 4, vector: VersionVector = VersionVector())
        -> Session
    {
        var session = machine(side, window: window)
        _ = session.start()
        _ = session.received(hello(vector: vector), at: start, wallMillis: Self.wall)
        return session
    }

    func change(seq: UInt64) -> Change {
        Change(
            table: TableSchema.customers.id, key: [.text("c\(seq)")], column: 0, causalLength: 1, hlc: seq,
            site: peer, seq: seq, values: [.text("x")])
    }

    // MARK: Handshake

    @Test func theInitiatorSpeaksFirstAndStreamsOnceTheHelloArrives() {
        var session = machine(.initiator)
        #expect(session.start() == [.sendHello])
        #expect(!session.isCaughtUp && session.peerSite == nil)
        let heads: SiteHeads = [peer: 7]
        let actions = session.received(
            hello(sentAt: Self.wall + 1_500, vector: VersionVector([peer: 7])), at: start, wallMillis: Self.wall)
        let expected = Session.Established(
            site: peer, name: "east-1", region: "east", heads: heads, clockSkewMillis: 1_500)
        #expect(
            actions == [
                .noteContact(bytes: hello(sentAt: Self.wall + 1_500, vector: VersionVector([peer: 7])).count),
                .established(expected), .planBatch(after: heads, reason: .handshake),
            ])
        #expect(session.peerSite == peer)
    }

    @Test func theAcceptorAnswersTheHelloWithItsOwn() {
        var session = machine(.acceptor)
        #expect(session.start() == [])
        let actions = session.received(hello(sentAt: Self.wall - 2_000), at: start, wallMillis: Self.wall)
        #expect(actions.dropFirst().first == .sendHello)
        guard case .established(let established) = actions.dropFirst(2).first else {
            Issue.record("not established: \(actions)")
            return
        }
        #expect(established.clockSkewMillis == -2_000)
    }

    @Test func aSecondHelloEndsTheSession() {
        var session = established()
        let actions = session.received(hello(), at: start, wallMillis: Self.wall)
        #expect(actions.last == .end(.malformed("second hello")))
        #expect(session.received(Self.bytes(.heartbeat(Heartbeat(sentAtMillis: 1))), at: start, wallMillis: 0) == [])
    }

    // MARK: Refusals

    /// The refusal sent and the error the session ends with, or nil when it did not end.
    func refusal(_ actions: [Session.Action]) -> (code: RefusalCode?, error: SessionError)? {
        guard case .end(let error) = actions.last else { return nil }
        for action in actions {
            if case .refuse(let refusal) = action { return (refusal.code, error) }
        }
        return (nil, error)
    }

    @Test func aHelloFromAClockTooFarAheadIsRefusedAndOneWithinTheBoundIsNot() throws {
        var ahead = machine()
        let refused = try #require(
            refusal(ahead.received(hello(sentAt: Self.wall + 300_001), at: start, wallMillis: Self.wall)))
        #expect(refused.code == .clockAhead)
        guard case .incompatible(let reason) = refused.error else {
            Issue.record("\(refused.error)")
            return
        }
        #expect(reason.contains("ahead of ours"))
        var within = machine()
        #expect(refusal(within.received(hello(sentAt: Self.wall + 300_000), at: start, wallMillis: Self.wall)) == nil)
        #expect(within.peerSite != nil)
        // The same Hello is fine once our own clock has caught up: only the injected wall clock moved.
        var later = machine()
        #expect(
            refusal(later.received(hello(sentAt: Self.wall + 300_001), at: start, wallMillis: Self.wall + 10)) == nil)
    }

    @Test func anotherProtocolOrSchemaIsRefusedAsIncompatible() throws {
        var protocolTwo = machine()
        let byProtocol = try #require(
            refusal(protocolTwo.received(hello(protocolVersion: 2), at: start, wallMillis: Self.wall)))
        #expect(byProtocol.code == .incompatibleProtocol)
        var otherSchema = machine()
        let bySchema = try #require(
            refusal(
                otherSchema.received(hello(schema: Replica.schemaVersion + 1), at: start, wallMillis: Self.wall)))
        #expect(bySchema.code == .incompatibleSchema)
        guard case .incompatible = bySchema.error else {
            Issue.record("\(bySchema.error)")
            return
        }
    }

    @Test func aPeerClaimingOurOwnNodeIDIsRefused() throws {
        var session = machine()
        let refused = try #require(
            refusal(session.received(hello(site: ours), at: start, wallMillis: Self.wall)))
        #expect(refused.code == .unknownPeer)
        #expect(refused.error == .unknownPeer("peer claims our own node id"))
        #expect(session.peerSite == nil)
    }

    @Test func oversizedAndGarbageMessagesAreRefusedWithTheirCodes() throws {
        var options = Session.Options()
        options.limits = DecodingLimits(maxMessageBytes: 64)
        var small = Session(side: .acceptor, options: options, now: start)
        let oversized = try #require(
            refusal(small.received([UInt8](repeating: 0x4F, count: 65), at: start, wallMillis: Self.wall)))
        #expect(oversized.code == .oversized)
        var garbage = machine()
        let malformed = try #require(refusal(garbage.received([1, 2, 3, 4, 5], at: start, wallMillis: Self.wall)))
        #expect(malformed.code == .malformed)
    }

    @Test func messagesBeforeTheHelloEndTheSessionWithoutApplyingAnything() {
        for message in [
            MessageV1.batch(ChangeBatch(number: 1, changes: [], covers: VersionVector())),
            .caughtUp(CaughtUp(versionVector: VersionVector())),
            .ack(Ack(batchNumber: 1, versionVector: VersionVector())),
            .digest(ContentDigest(versionVector: VersionVector(), tables: [])),
        ] {
            var session = machine()
            let actions = session.received(Self.bytes(message), at: start, wallMillis: Self.wall)
            #expect(!actions.contains { if case .applyBatch = $0 { true } else { false } })
            guard case .end(.malformed) = actions.last else {
                Issue.record("\(message.kindName): \(actions)")
                continue
            }
        }
    }

    @Test func thePeersRefusalOrGoodbyeEndsTheSession() {
        var refused = established()
        let byPeer = refused.received(
            Self.bytes(.refusal(Refusal(code: .oversized, reason: "too big"))), at: start, wallMillis: Self.wall)
        #expect(byPeer.last == .end(.refusedByPeer(code: "\(RefusalCode.oversized)", reason: "too big")))
        var goodbye = established()
        let bye = goodbye.received(
            Self.bytes(.refusal(Refusal(code: .shuttingDown, reason: "sync finished"))), at: start,
            wallMillis: Self.wall)
        #expect(bye.last == .end(.closedByPeer("sync finished")))
    }
}
