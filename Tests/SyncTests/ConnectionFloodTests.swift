import CRM
import Foundation
import Replica
import SyncProtocol
import Testing
import ZeroMQ

@testable import Sync

/// Many connections with one allowed key: one session for that key at any time, and other peers keep syncing.
@Suite(.timeLimit(.minutes(5))) struct ConnectionFloodTests {
    @Test func floodFromOneKeyKeepsOneSessionAndOthersSync() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        let office = try harness.node("office")
        try harness.node("flooder")
        // Enough rows that each admitted session has batches to queue for a client that never reads them.
        try hq.replica.write { writer in
            for index in 0..<300 {
                try writer.insert(.customers, key: ["H\(index)"], values: customerValues("hq \(index)"))
            }
        }
        try office.replica.write { try $0.insert(.customers, key: ["O1"], values: customerValues("office shop")) }
        let engine = harness.engine(
            "hq", peers: [harness.peer("office", endpoint: nil), harness.peer("flooder", endpoint: nil)],
            listen: "tcp://127.0.0.1:0")
        let endpoint = try startServing(engine)
        defer { engine.stop() }

        let context = try Context()
        defer { context.shutdown() }
        var sockets: [Socket] = []
        defer { sockets.forEach { $0.close() } }
        let hello = LiveAllowListTests.hello(from: .random(), name: "flooder")
        for _ in 0..<200 {
            let socket = try Socket(context, type: .dealer)
            try socket.set(.linger, .zero)
            try socket.configureCurveClient(keyPair: harness.nodes["flooder"]!.keys, serverKey: hq.keys.publicKey)
            try socket.connect(endpoint)
            try? socket.send([hello], wait: .timeout(.seconds(1)))
            sockets.append(socket)
        }
        // The flood has reached the node (handshakes and hellos queued behind each other take a moment)...
        #expect(try waitUntil(seconds: 20) { engine.stats.snapshot.inboundSessionsOpened >= 2 })
        // ...and the node keeps admitting a few sessions a second from that key while the legitimate office syncs.
        let started = Date()
        let result = try harness.engine("office", peers: [harness.peer("hq", endpoint: endpoint)]).syncOnce(
            timeout: .seconds(15))
        #expect(result.caughtUp == ["hq"], "\(result.unreachable)")
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(try hq.replica.text("SELECT name FROM customers WHERE id = 'O1'") == "office shop")
        #expect(try office.replica.text("SELECT count(*) FROM customers") == "301")

        try waitUntil(seconds: 10) {
            try LiveAllowListTests.journal(hq.replica, kind: "session").contains { $0.contains("replaced by newer") }
        }
        let stats = engine.stats.snapshot
        #expect(stats.inboundSessionsOpened >= 3, "the flood never got a session: the test proves nothing")
        #expect(stats.peakInbound["flooder"] == 1)
        #expect((stats.inbound["flooder"] ?? 0) <= 1)
        let notes = try LiveAllowListTests.journal(hq.replica, kind: "session")
        let errors = try LiveAllowListTests.journal(hq.replica, kind: "error")
        #expect(notes.contains { $0.contains("replaced by newer ones") }, "\(notes) \(errors.prefix(5))")
    }
}
