import CRM
import Foundation
import GRDB
import Replica
import SyncProtocol
import Testing
import ZeroMQ

@testable import Sync

/// Large values never block replication: batches are cut by bytes, a change that can never fit is quarantined
/// (skipped, journalled, listed) instead of retried, and a refusal is followed by a backed-off redial.
@Suite(.timeLimit(.minutes(5))) struct OversizedChangeTests {
    /// 5 MiB is above the 4 MiB the decoder accepts for one text; 2 MiB fits the wire but not the receiver's value
    /// rules (1 MiB): the sender holds back both rather than have every batch carrying them refused.
    @Test(arguments: [5 << 20, 2 << 20])
    func changeAboveTheWireLimitIsQuarantinedAndTheRestArrives(bytes: Int) throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        let east = try harness.node("east")
        try east.replica.write { writer in
            for index in 0..<40 {
                try writer.insert(.customers, key: ["E\(index)"], values: customerValues("shop \(index)"))
            }
            try writer.insert(.customers, key: ["BIG"], values: customerValues(String(repeating: "n", count: bytes)))
            try writer.insert(.customers, key: ["AFTER"], values: customerValues("written after"))
        }
        let (_, endpoint) = try harness.serve("hq", peers: [harness.peer("east", endpoint: nil)])
        let result = try harness.engine("east", peers: [harness.peer("hq", endpoint: endpoint)]).syncOnce(
            timeout: .seconds(15))
        #expect(result.caughtUp == ["hq"], "\(result.unreachable)")
        #expect(try hq.replica.text("SELECT count(*) FROM customers") == "41")
        #expect(try hq.replica.text("SELECT name FROM customers WHERE id = 'AFTER'") == "written after")
        #expect(try hq.replica.text("SELECT id FROM customers WHERE id = 'BIG'") == nil)

        let quarantined = try east.replica.reader.read {
            try PeerBook.quarantined($0, tables: east.replica.tables.replicated)
        }
        #expect(quarantined.map(\.row) == ["BIG"])
        #expect(quarantined.first?.table == "customers")
        #expect(quarantined.first.map { $0.bytes > bytes } == true)
        #expect(try LiveAllowListTests.journal(east.replica, kind: "quarantine").count == 1)
        // Not refused and retried: no session of east ever failed.
        #expect(try LiveAllowListTests.journal(east.replica, kind: "error").isEmpty)
        #expect(try LiveAllowListTests.journal(hq.replica, kind: "error").isEmpty)

        // The fix for a quarantined row: delete it and add it again with a value that fits. It replicates whole,
        // the nodes converge, and the quarantine no longer reports it.
        try east.replica.write { writer in
            try writer.delete(.customers, key: ["BIG"])
            try writer.insert(.customers, key: ["BIG"], values: customerValues("big shop"))
        }
        let fixed = try harness.engine("east", peers: [harness.peer("hq", endpoint: endpoint)]).syncOnce(
            timeout: .seconds(15))
        #expect(fixed.caughtUp == ["hq"], "\(fixed.unreachable)")
        #expect(try hq.replica.text("SELECT name FROM customers WHERE id = 'BIG'") == "big shop")
        #expect(try hq.replica.checksums() == east.replica.checksums())
        #expect(
            try east.replica.reader.read { try PeerBook.quarantined($0, tables: east.replica.tables.replicated) }
                .isEmpty)
    }

    @Test func batchesAreCutByBytesToFitThePeersMessageLimit() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        let east = try harness.node("east")
        // 12 × 500 KB: one 2,000-row batch would be 6 MB, three times what these nodes accept in a message.
        try east.replica.write { writer in
            for index in 0..<12 {
                try writer.insert(
                    .customers, key: ["L\(index)"], values: customerValues(String(repeating: "x", count: 500_000)))
            }
        }
        func engine(_ name: String, peers: [Peer], listen: String? = nil) -> SyncEngine {
            var options = SyncEngine.Options(listen: listen)
            options.maxMessageBytes = 2 << 20
            options.sessionTimeout = .seconds(5)
            return SyncEngine(
                replica: harness.nodes[name]!.replica, keyPair: harness.nodes[name]!.keys, peers: peers,
                options: options, logger: SyncHarness.logger)
        }
        let server = engine("hq", peers: [harness.peer("east", endpoint: nil)], listen: "tcp://127.0.0.1:0")
        let endpoint = try startServing(server)
        defer { server.stop() }
        let result = try engine("east", peers: [harness.peer("hq", endpoint: endpoint)]).syncOnce(timeout: .seconds(15))
        #expect(result.caughtUp == ["hq"], "\(result.unreachable)")
        #expect(try hq.replica.text("SELECT count(*) FROM customers") == "12")
        #expect(try hq.replica.checksums() == east.replica.checksums())
        let batches = try LiveAllowListTests.journal(hq.replica, kind: "batch-in")
        #expect(batches.count >= 3, "\(batches)")
    }

    @Test func refusedSessionsAreRedialledWithBackoff() throws {
        let harness = try SyncHarness()
        let east = try harness.node("east")
        let refuser = try CurveKeyPair.generate()
        let context = try Context()
        defer { context.shutdown() }
        let authenticator = try context.startAuthenticator(allowing: [east.keys.publicKey]) { _ in }
        let router = try Socket(context, type: .router)
        defer { router.close() }
        try router.configureCurveServer(keyPair: refuser, authenticator: authenticator)
        try router.bind("tcp://127.0.0.1:0")
        let endpoint = try router.get(.lastEndpoint)

        let peer = Peer(
            name: "hq", endpoint: endpoint, publicKey: refuser.publicKey.z85, addedAt: "2026-01-01T00:00:00Z")
        let dialler = harness.engine("east", peers: [peer])
        let thread = Thread { try? dialler.run() }
        thread.start()
        defer { dialler.stop() }

        // Refuse every Hello, as a peer that cannot take what we send would, for 2.5 seconds.
        let refusal = SyncMessage.v1(.refusal(Refusal(code: .oversized, reason: "too large"))).encode()
        var hellos = 0
        let deadline = Date().addingTimeInterval(2.5)
        while Date() < deadline {
            guard let message = try router.receiveMessage(wait: .timeout(.milliseconds(50))), message.frames.count == 2,
                case .v1(.hello) = try? SyncMessage.decode(message.frames[1], limits: DecodingLimits())
            else { continue }
            hellos += 1
            try router.send([message.frames[0], refusal], wait: .timeout(.seconds(1)))
        }
        // Redialling at once made about 16 attempts a second; 100 ms doubling allows about 5 in 2.5 s.
        #expect(hellos >= 2, "never redialled")
        #expect(hellos <= 7, "\(hellos) attempts in 2.5 s: no backoff")
    }
}
