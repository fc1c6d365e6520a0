import CRM
import Foundation
import GRDB
import Replica
import SyncProtocol
import TestSupport
import Testing
import ZeroMQ

@testable import Sync

/// `peer remove` and `peer add` (another process writing the peer book) apply to a running node within a second:
/// a removed peer's session is closed and its key refused, an added peer connects without a restart.
@Suite(.timeLimit(.minutes(5))) struct LiveAllowListTests {
    /// Serves `name` with an engine that follows its peer book, as `outpost serve` does.
    static func serveFromBook(_ harness: SyncHarness, _ name: String) throws -> (SyncEngine, String) {
        var options = SyncEngine.Options(listen: "tcp://127.0.0.1:0")
        options.batchSize = 50
        options.sessionTimeout = .seconds(5)
        let node = harness.nodes[name]!
        let engine = try SyncEngine(
            replica: node.replica, keyPair: node.keys, options: options, logger: SyncHarness.logger)
        return (engine, try startServing(engine))
    }

    /// A second connection to `node`'s database file, as the `outpost peer` command opens.
    static func otherProcessBook(_ harness: SyncHarness, _ name: String) throws -> PeerBook {
        PeerBook(replica: try Replica.open(at: harness.nodes[name]!.replica.path, declaring: TestReplicas.declarations))
    }

    static func journal(_ replica: Replica, kind: String) throws -> [String] {
        try replica.reader.read {
            try String.fetchAll(
                $0, sql: "SELECT detail FROM outpost_events WHERE kind = ? ORDER BY id", arguments: [kind])
        }
    }

    static func hello(from site: SiteID, name: String) -> [UInt8] {
        SyncMessage.v1(
            .hello(
                Hello(
                    nodeID: site, name: name, role: "office", region: "east", protocolVersion: 1,
                    schemaVersion: Replica.schemaVersion, versionVector: VersionVector(),
                    sentAtMillis: Replica.defaultWallClock()))
        ).encode()
    }

    /// Waits for a message on `socket` that decodes to `match`, within `seconds`.
    static func awaitMessage(
        _ socket: Socket, seconds: Double, _ match: (MessageV1) -> Bool
    ) throws -> MessageV1? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            guard let frames = try socket.receive(wait: .timeout(.milliseconds(100))), let payload = frames.last,
                case .v1(let message) = try? SyncMessage.decode(payload, limits: DecodingLimits())
            else { continue }
            if match(message) { return message }
        }
        return nil
    }

    @Test func removedPeerIsCutOffWhileServing() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        try harness.node("east")
        try PeerBook(replica: hq.replica).add(harness.peer("east", endpoint: nil))
        let (engine, endpoint) = try Self.serveFromBook(harness, "hq")
        defer { engine.stop() }

        // east's session is up: Hellos exchanged.
        let context = try Context()
        defer { context.shutdown() }
        let socket = try Socket(context, type: .dealer)
        defer { socket.close() }
        try socket.configureCurveClient(keyPair: harness.nodes["east"]!.keys, serverKey: hq.keys.publicKey)
        try socket.connect(endpoint)
        let site = SiteID.random()
        try socket.send([Self.hello(from: site, name: "east")], wait: .timeout(.seconds(2)))
        let answered = try Self.awaitMessage(socket, seconds: 5) { if case .hello = $0 { true } else { false } }
        #expect(answered != nil, "no hello back")
        #expect(engine.stats.snapshot.inbound["east"] == 1)

        // `outpost peer remove east`, from another connection to the database.
        try #require(try Self.otherProcessBook(harness, "hq").remove(name: "east"))
        let removedAt = Date()
        let refusal = try Self.awaitMessage(socket, seconds: 3) { if case .refusal = $0 { true } else { false } }
        guard case .refusal(let body) = refusal else {
            Issue.record("the removed peer's session was not closed")
            return
        }
        #expect(body.code == .unknownPeer)
        #expect(Date().timeIntervalSince(removedAt) < 1.5, "took longer than a second to notice")
        #expect(try waitUntil(seconds: 2) { engine.stats.snapshot.inbound["east"] ?? 0 == 0 })
        #expect(
            try waitUntil(seconds: 2) {
                try Self.journal(hq.replica, kind: "peer").contains { $0.contains("peer removed: 1 session(s) closed") }
            })

        // A batch sent now (on the old connection, or a reconnect) is never applied: no ack comes back.
        let change = Change(
            table: 1, key: [.text("LATE")], column: -1, causalLength: 1, hlc: 1 << 16, site: site, seq: 1,
            values: Array(repeating: .null, count: TableSchema.customers.columns.count))
        try? socket.send(
            [SyncMessage.v1(.batch(ChangeBatch(number: 1, changes: [change]))).encode()], wait: .timeout(.seconds(1)))
        let ack = try Self.awaitMessage(socket, seconds: 1) { if case .ack = $0 { true } else { false } }
        #expect(ack == nil)
        #expect(try hq.replica.text("SELECT id FROM customers WHERE id = 'LATE'") == nil)

        // A fresh connection with that key is refused by ZAP (journalled as an unknown key).
        let again = try Socket(context, type: .dealer)
        defer { again.close() }
        try again.configureCurveClient(keyPair: harness.nodes["east"]!.keys, serverKey: hq.keys.publicKey)
        let monitor = try again.monitor(events: [.handshakeSucceeded, .handshakeFailed])
        defer { monitor.close() }
        try again.connect(endpoint)
        var outcome: SocketEvent?
        let deadline = Date().addingTimeInterval(5)
        while outcome == nil && Date() < deadline {
            outcome = try monitor.receiveMonitorEvent(wait: .timeout(.milliseconds(200)))?.event
        }
        #expect(
            outcome?.contains(.handshakeFailedAuth) == true, "reconnect not refused: \(String(describing: outcome))")
        // Nothing of the removed peer lingers in the peer state either.
        #expect(try hq.replica.text("SELECT name FROM outpost_peer_state WHERE name = 'east'") == nil)
    }

    @Test func peerAddedWhileServingConnectsWithoutRestart() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        let west = try harness.node("west")
        let north = try harness.node("north")
        try west.replica.write { try $0.insert(.customers, key: ["W1"], values: customerValues("west shop")) }
        try north.replica.write { try $0.insert(.customers, key: ["N1"], values: customerValues("north shop")) }
        let (engine, endpoint) = try Self.serveFromBook(harness, "hq")
        defer { engine.stop() }

        // Not a peer yet: refused.
        let before = try harness.engine("west", peers: [harness.peer("hq", endpoint: endpoint)]).syncOnce(
            timeout: .seconds(1))
        #expect(before.caughtUp.isEmpty)

        // `outpost peer add west` (dials us) and `peer add north --endpoint …` (we dial it), from another process.
        let (_, northEndpoint) = try harness.serve("north", peers: [harness.peer("hq", endpoint: nil)])
        let book = try Self.otherProcessBook(harness, "hq")
        try book.add(harness.peer("west", endpoint: nil))
        try book.add(harness.peer("north", endpoint: northEndpoint))

        let after = try harness.engine("west", peers: [harness.peer("hq", endpoint: endpoint)]).syncOnce(
            timeout: .seconds(10))
        #expect(after.caughtUp == ["hq"], "\(after.unreachable)")
        #expect(try hq.replica.text("SELECT name FROM customers WHERE id = 'W1'") == "west shop")
        try waitUntil(seconds: 10) { try hq.replica.text("SELECT name FROM customers WHERE id = 'N1'") != nil }
        #expect(try hq.replica.text("SELECT name FROM customers WHERE id = 'N1'") == "north shop")
        #expect(try Self.journal(hq.replica, kind: "peer").contains { $0.contains("peer added") })
    }
}
