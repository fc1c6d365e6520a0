import CRM
import Foundation
import GRDB
import Replica
import Sync
import SyncProtocol
import Testing
import ZeroMQ

/// A listed peer that misbehaves loses its session with a journal line and, where the protocol says so, a
/// refusal with the right code; the node keeps serving others.
@Suite(.timeLimit(.minutes(5))) struct HostilePeerTests {
    /// The refusal among `replies`, if any.
    static func refusal(_ replies: [SyncMessage]) -> Refusal? {
        for case .v1(.refusal(let refusal)) in replies { return refusal }
        return nil
    }

    /// The journal's error lines for `peer`, once one contains `expected` (or the deadline passes).
    private func errors(_ replica: Replica, peer: String, containing expected: String) throws -> [String] {
        let deadline = Date().addingTimeInterval(10)
        while true {
            let lines = try replica.reader.read {
                try String.fetchAll(
                    $0, sql: "SELECT detail FROM outpost_events WHERE kind = 'error' AND peer = ?", arguments: [peer])
            }
            if lines.contains(where: { $0.contains(expected) }) || Date() > deadline { return lines }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    static func hello(
        name: String, nodeID: SiteID = .random(), protocolVersion: UInt16 = 1,
        schemaVersion: UInt32 = Replica.schemaVersion
    ) -> [UInt8] {
        SyncMessage.v1(
            .hello(
                Hello(
                    nodeID: nodeID, name: name, role: "office", region: "east", protocolVersion: protocolVersion,
                    schemaVersion: schemaVersion, versionVector: VersionVector(), sentAtMillis: 0))
        ).encode()
    }

    struct Misbehaviour: Sendable, CustomTestStringConvertible {
        var name: String
        /// The refusal code the server must answer with; nil where it just ends the session.
        var code: RefusalCode?
        /// The journal's error line must contain this.
        var line: String
        var testDescription: String { name }
    }

    @Test(arguments: [
        Misbehaviour(
            name: "garbage", code: .malformed,
            line: "session dropped: malformed message: not an Outpost sync message (bad magic)"),
        Misbehaviour(
            name: "truncated", code: .malformed, line: "session dropped: malformed message: message truncated at byte"),
        Misbehaviour(
            name: "future-version", code: .incompatibleProtocol,
            line: "session dropped: malformed message: unsupported protocol version 9"),
        Misbehaviour(
            name: "batch-before-hello", code: nil, line: "session dropped: malformed message: batch before hello"),
    ])
    func misbehavingPeerLosesItsSessionWhileOthersAreServed(_ kind: Misbehaviour) throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        let east = try harness.node("east")
        try harness.node("evil")
        try east.replica.write { try $0.insert(.customers, key: ["E1"], values: customerValues("east shop")) }
        let (_, endpoint) = try harness.serve(
            "hq", peers: [harness.peer("east", endpoint: nil), harness.peer("evil", endpoint: nil)])

        let hello = Self.hello(name: "evil")
        let payload: [UInt8]
        switch kind.name {
        case "garbage": payload = Array("GET / HTTP/1.1\r\n\r\n".utf8)
        case "truncated": payload = Array(hello.prefix(hello.count / 2))
        case "future-version":
            var bytes = hello
            bytes[2] = 9
            payload = bytes
        default:
            payload = SyncMessage.v1(.batch(ChangeBatch(number: 1, changes: []))).encode()
        }
        let evil = try RawConnection(harness, as: "evil", to: "hq", endpoint: endpoint)
        try evil.send(payload)
        if let code = kind.code {
            let replies = try evil.repliesUntilRefusal()
            #expect(Self.refusal(replies)?.code == code, "replies: \(replies)")
        }
        let lines = try errors(hq.replica, peer: "evil", containing: kind.line)
        #expect(lines.contains { $0.contains(kind.line) }, "journal: \(lines)")

        // The node still serves a good peer.
        let result = try harness.engine("east", peers: [harness.peer("hq", endpoint: endpoint)]).syncOnce(
            timeout: .seconds(10))
        #expect(result.caughtUp == ["hq"])
        #expect(try hq.replica.checksums() == east.replica.checksums())
    }

    @Test func malformedChangeInABatchAppliesNothingOfIt() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        try harness.node("evil")
        let (_, endpoint) = try harness.serve("hq", peers: [harness.peer("evil", endpoint: nil)])
        let evilSite = SiteID.random()
        let good = Change(
            table: 1, key: [.text("OK")], column: -1, causalLength: 1, hlc: 1 << 16, site: evilSite, seq: 1,
            values: Array(repeating: .null, count: TableSchema.customers.columns.count))
        let bad = Change(
            table: 42, key: [.text("X")], column: 0, causalLength: 1, hlc: 2 << 16, site: evilSite, seq: 2,
            values: [.null])
        let evil = try RawConnection(harness, as: "evil", to: "hq", endpoint: endpoint)
        try evil.send(Self.hello(name: "evil", nodeID: evilSite))
        try evil.send(SyncMessage.v1(.batch(ChangeBatch(number: 1, changes: [good, bad]))).encode())
        // The refusal is sent after the batch's transaction rolled back: from here on it is known processed.
        let replies = try evil.repliesUntilRefusal()
        let refusal = try #require(Self.refusal(replies), "replies: \(replies)")
        #expect(refusal.code == .malformed)
        #expect(refusal.reason.contains("unknown table"))
        #expect(!replies.contains { if case .v1(.ack) = $0 { true } else { false } })
        #expect(try hq.replica.checksums().first { $0.table == "customers" }?.rows == 0)
        #expect(try hq.replica.versionVector().isEmpty)
        let lines = try errors(hq.replica, peer: "evil", containing: "unknown table")
        #expect(lines.contains { $0.hasPrefix("session dropped: malformed message:") && $0.contains("unknown table") })
    }

    @Test func schemaMismatchIsRefusedWithAReasonBothSidesLog() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        try harness.node("old")
        let (_, endpoint) = try harness.serve("hq", peers: [harness.peer("old", endpoint: nil)])
        let old = try RawConnection(harness, as: "old", to: "hq", endpoint: endpoint)
        try old.send(Self.hello(name: "old", schemaVersion: Replica.schemaVersion + 1))
        let refusal = Self.refusal(try old.repliesUntilRefusal())
        #expect(refusal?.code == .incompatibleSchema)
        #expect(refusal?.reason.contains("schema \(Replica.schemaVersion + 1) differs") == true)
        #expect(
            try errors(hq.replica, peer: "old", containing: "schema").contains {
                $0.contains("incompatible peer: schema \(Replica.schemaVersion + 1) differs from ours")
            })
        try waitForState(hq.replica, peer: "old", "refused")
    }

    @Test func helloWithAnUnsupportedProtocolVersionIsRefused() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        try harness.node("new")
        let (_, endpoint) = try harness.serve("hq", peers: [harness.peer("new", endpoint: nil)])
        let new = try RawConnection(harness, as: "new", to: "hq", endpoint: endpoint)
        // A v1 frame whose Hello claims protocol 2: the frame decodes, the Hello check refuses.
        try new.send(Self.hello(name: "new", protocolVersion: 2))
        let replies = try new.repliesUntilRefusal()
        #expect(Self.refusal(replies)?.code == .incompatibleProtocol)
        #expect(!replies.contains { if case .v1(.hello) = $0 { true } else { false } }, "no Hello back")
        #expect(
            try errors(hq.replica, peer: "new", containing: "protocol 2").contains {
                $0.contains("incompatible peer: protocol 2 unsupported")
            })
        try waitForState(hq.replica, peer: "new", "refused")
    }

    @Test func helloCarryingOurOwnNodeIDIsRefused() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        try harness.node("twin")
        let (_, endpoint) = try harness.serve("hq", peers: [harness.peer("twin", endpoint: nil)])
        let twin = try RawConnection(harness, as: "twin", to: "hq", endpoint: endpoint)
        let hqSite = hq.replica.identity.siteID
        try twin.send(Self.hello(name: "twin", nodeID: hqSite))
        let replies = try twin.repliesUntilRefusal()
        #expect(Self.refusal(replies)?.code == .unknownPeer)
        #expect(!replies.contains { if case .v1(.hello) = $0 { true } else { false } }, "no Hello back")
        #expect(
            try errors(hq.replica, peer: "twin", containing: "own node id").contains {
                $0.contains("unknown peer: peer claims our own node id")
            })
    }

    private func waitForState(_ replica: Replica, peer: String, _ expected: String) throws {
        let deadline = Date().addingTimeInterval(10)
        var state: String?
        while Date() < deadline {
            state = try replica.reader.read {
                try String.fetchOne($0, sql: "SELECT state FROM outpost_peer_state WHERE name = ?", arguments: [peer])
            }
            if state == expected { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        Issue.record("state of \(peer) is \(state ?? "nil"), expected \(expected)")
    }
}
