import Foundation
import GRDB
import Replica
import Sync
import SyncProtocol
import Testing
import ZeroMQ

/// A listed peer that misbehaves loses its session with a journal line; the node keeps serving others.
@Suite struct HostilePeerTests {
    /// Connects to `endpoint` as `name` (a listed peer) with a raw DEALER and sends `payloads`.
    private func misbehave(
        _ harness: SyncHarness, as name: String, to server: String, endpoint: String, payloads: [[UInt8]]
    ) throws {
        let context = try Context()
        defer { context.shutdown() }
        let socket = try Socket(context, type: .dealer)
        defer { socket.close() }
        try socket.configureCurveClient(
            keyPair: harness.nodes[name]!.keys, serverKey: harness.nodes[server]!.keys.publicKey)
        try socket.connect(endpoint)
        for payload in payloads { try socket.send([payload], wait: .timeout(.seconds(2))) }
        // Give the server time to read, refuse and answer.
        _ = try socket.receive(wait: .timeout(.seconds(2)))
    }

    /// The journal's error lines for `peer`, waiting briefly for the server to write them (it answers first).
    private func errors(_ replica: Replica, peer: String) throws -> [String] {
        let deadline = Date().addingTimeInterval(3)
        while true {
            let lines = try replica.pool.read {
                try String.fetchAll(
                    $0, sql: "SELECT detail FROM outpost_events WHERE kind = 'error' AND peer = ?", arguments: [peer])
            }
            if !lines.isEmpty || Date() > deadline { return lines }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    @Test(arguments: ["garbage", "truncated", "future-version", "batch-before-hello"])
    func misbehavingPeerLosesItsSessionWhileOthersAreServed(kind: String) throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        let east = try harness.node("east")
        try harness.node("evil")
        try east.replica.write { try $0.insert(.customers, key: ["E1"], values: customerValues("east shop")) }
        let (_, endpoint) = try harness.serve(
            "hq", peers: [harness.peer("east", endpoint: nil), harness.peer("evil", endpoint: nil)])

        let hello = SyncMessage.v1(
            .hello(
                Hello(
                    nodeID: .random(), name: "evil", role: "office", region: "east", protocolVersion: 1,
                    schemaVersion: Replica.schemaVersion, versionVector: VersionVector(), sentAtMillis: 0))
        ).encode()
        let payload: [UInt8]
        switch kind {
        case "garbage": payload = Array("GET / HTTP/1.1\r\n\r\n".utf8)
        case "truncated": payload = Array(hello.prefix(hello.count / 2))
        case "future-version":
            var bytes = hello
            bytes[2] = 9
            payload = bytes
        default:
            payload = SyncMessage.v1(.batch(ChangeBatch(number: 1, changes: []))).encode()
        }
        try misbehave(harness, as: "evil", to: "hq", endpoint: endpoint, payloads: [payload])
        #expect(try !errors(hq.replica, peer: "evil").isEmpty, "no journal line for \(kind)")

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
        let hello = SyncMessage.v1(
            .hello(
                Hello(
                    nodeID: evilSite, name: "evil", role: "office", region: "east", protocolVersion: 1,
                    schemaVersion: Replica.schemaVersion, versionVector: VersionVector(), sentAtMillis: 0))
        ).encode()
        let good = Change(
            table: 1, key: [.text("OK")], column: -1, causalLength: 1, hlc: 1 << 16, site: evilSite, seq: 1,
            values: Array(repeating: .null, count: TableSchema.customers.columns.count))
        let bad = Change(
            table: 42, key: [.text("X")], column: 0, causalLength: 1, hlc: 2 << 16, site: evilSite, seq: 2,
            values: [.null])
        let batch = SyncMessage.v1(.batch(ChangeBatch(number: 1, changes: [good, bad]))).encode()
        try misbehave(harness, as: "evil", to: "hq", endpoint: endpoint, payloads: [hello, batch])
        Thread.sleep(forTimeInterval: 0.2)
        #expect(try hq.replica.checksums().first { $0.table == "customers" }?.rows == 0)
        #expect(try hq.replica.versionVector().isEmpty)
        #expect(try errors(hq.replica, peer: "evil").contains { $0.contains("unknown table") })
    }

    @Test func schemaMismatchIsRefusedWithAReasonBothSidesLog() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        try harness.node("old")
        let (_, endpoint) = try harness.serve("hq", peers: [harness.peer("old", endpoint: nil)])
        let hello = SyncMessage.v1(
            .hello(
                Hello(
                    nodeID: .random(), name: "old", role: "office", region: "east", protocolVersion: 1,
                    schemaVersion: Replica.schemaVersion + 1, versionVector: VersionVector(), sentAtMillis: 0))
        ).encode()
        try misbehave(harness, as: "old", to: "hq", endpoint: endpoint, payloads: [hello])
        #expect(try errors(hq.replica, peer: "old").contains { $0.contains("schema") })
        Thread.sleep(forTimeInterval: 0.1)
        let state = try hq.replica.pool.read {
            try String.fetchOne($0, sql: "SELECT state FROM outpost_peer_state WHERE name = 'old'")
        }
        #expect(state == "refused")
    }
}
