import Foundation
import GRDB
import Replica
import Sync
import SyncProtocol
import Testing

/// Liveness (docs/protocol.md): an idle session sends a `Heartbeat` after 2 s; one that hears nothing for 15 s
/// is dropped. The tests shorten both through the engine's options so they run in about a second.
@Suite(.timeLimit(.minutes(5))) struct LivenessTests {
    @Test func theDocumentedDefaultsAreTwoAndFifteenSeconds() {
        let options = SyncEngine.Options()
        #expect(options.heartbeat == .seconds(2))
        #expect(options.sessionTimeout == .seconds(15))
    }

    /// A raw peer with an established session to hq, and what hq said last.
    private func establish(_ harness: SyncHarness, heartbeat: Duration, timeout: Duration) throws -> (
        RawConnection, Replica
    ) {
        let hq = try harness.node("hq", role: .hq)
        try harness.node("quiet")
        let (_, endpoint) = try harness.serve("hq", peers: [harness.peer("quiet", endpoint: nil)]) {
            $0.heartbeat = heartbeat
            $0.sessionTimeout = timeout
        }
        let quiet = try RawConnection(harness, as: "quiet", to: "hq", endpoint: endpoint)
        try quiet.send(HostilePeerTests.hello(name: "quiet"))
        // hq answers Hello, then CaughtUp (it holds nothing we lack).
        var seen: [SyncMessage] = []
        while let message = try quiet.next(timeout: .seconds(5)) {
            seen.append(message)
            if case .v1(.caughtUp) = message { break }
        }
        try #require(seen.contains { if case .v1(.caughtUp) = $0 { true } else { false } }, "\(seen)")
        return (quiet, hq.replica)
    }

    @Test func anIdleSessionSendsHeartbeatsAfterTheIdleTime() throws {
        let harness = try SyncHarness()
        let (quiet, _) = try establish(harness, heartbeat: .milliseconds(400), timeout: .seconds(30))
        let quietSince = ContinuousClock.now
        let first = try #require(try quiet.next(timeout: .seconds(5)), "no heartbeat within 5 s")
        let gap = ContinuousClock.now - quietSince
        guard case .v1(.heartbeat) = first else {
            Issue.record("expected a heartbeat, got \(first)")
            return
        }
        // Not before the idle time (less a margin for scheduling), and repeated while idle.
        #expect(gap >= .milliseconds(300), "first heartbeat after \(gap)")
        let second = try #require(try quiet.next(timeout: .seconds(5)))
        #expect({ if case .v1(.heartbeat) = second { true } else { false } }())
    }

    @Test func aSilentPeerIsDroppedAfterTheTimeoutAndATalkingOneIsNot() throws {
        let harness = try SyncHarness()
        let (quiet, hq) = try establish(harness, heartbeat: .milliseconds(200), timeout: .milliseconds(1_200))
        func dropped() throws -> [String] {
            try hq.reader.read {
                try String.fetchAll(
                    $0, sql: "SELECT detail FROM outpost_events WHERE kind = 'error' AND peer = 'quiet'")
            }
        }
        // Talking (a heartbeat every 300 ms) for twice the timeout keeps the session.
        let talkUntil = ContinuousClock.now + .milliseconds(2_400)
        var lastSent = ContinuousClock.now
        while ContinuousClock.now < talkUntil {
            try quiet.send(SyncMessage.v1(.heartbeat(Heartbeat(sentAtMillis: 0))).encode())
            lastSent = .now
            _ = try quiet.next(timeout: .milliseconds(300))
        }
        let whileTalking = try dropped()
        #expect(whileTalking.isEmpty, "dropped while talking: \(whileTalking)")

        // Silence: dropped after the timeout, with a journal line saying why.
        let deadline = ContinuousClock.now + .seconds(10)
        var lines: [String] = []
        while ContinuousClock.now < deadline {
            lines = try dropped()
            if !lines.isEmpty { break }
            _ = try quiet.next(timeout: .milliseconds(20))
        }
        // hq heard us last after `lastSent`, so it may drop us no earlier than the timeout after it.
        let waited = ContinuousClock.now - lastSent
        #expect(lines.contains { $0.hasPrefix("session dropped: timed out: no message for") }, "\(lines)")
        #expect(waited >= .milliseconds(1_150), "dropped after \(waited) of silence")
        let state = try hq.reader.read {
            try String.fetchOne($0, sql: "SELECT state FROM outpost_peer_state WHERE name = 'quiet'")
        }
        #expect(state == "offline")
    }
}
