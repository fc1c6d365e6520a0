import Foundation
import Node
import Replica
import SyncProtocol
import Testing
import ZeroMQ

/// The hostile peer of the hardening work against the real `outpost serve` process (the engine-level tests in
/// SyncTests cover each refusal in detail): an allow-listed key sends integers no replica can hold, a Hello from
/// ten years ahead and bytes that are no message at all, over real CURVE ZeroMQ. Each gets a refusal, the
/// process keeps running and an honest office still syncs with it.
@Suite(.timeLimit(.minutes(5))) struct HostileServeCLITests {
    static let huge = UInt64(1) << 63

    /// What the listed-but-hostile node `evil` sends: a named attempt and the frames of it.
    static func attempts(site: SiteID, now: UInt64) -> [(name: String, payloads: [[UInt8]], code: RefusalCode)] {
        func hello(sentAt: UInt64 = now) -> [UInt8] {
            SyncMessage.v1(
                .hello(
                    Hello(
                        nodeID: site, name: "evil", role: "office", region: "east", protocolVersion: 1,
                        schemaVersion: Replica.schemaVersion, versionVector: VersionVector(),
                        sentAtMillis: sentAt))
            ).encode()
        }
        func change(seq: UInt64, causalLength: UInt64 = 1, hlc: UInt64 = now << 16) -> Change {
            Change(
                table: 1, key: [.text("X1")], column: Change.existenceColumn, causalLength: causalLength, hlc: hlc,
                site: site, seq: seq, values: [])
        }
        func batch(_ changes: [Change], covers: VersionVector = VersionVector()) -> [UInt8] {
            SyncMessage.v1(.batch(ChangeBatch(number: 1, changes: changes, covers: covers))).encode()
        }
        let tenYears: UInt64 = 10 * 365 * 86_400_000
        return [
            ("hello sentAtMillis 2^64-1", [hello(sentAt: .max)], .malformed),
            ("seq 2^63", [hello(), batch([change(seq: huge)])], .malformed),
            ("covers 2^63", [hello(), batch([change(seq: 1)], covers: [site: huge])], .malformed),
            ("causal length 2^63+1", [hello(), batch([change(seq: 1, causalLength: huge + 1)])], .malformed),
            ("hlc 2^63", [hello(), batch([change(seq: 1, hlc: huge)])], .malformed),
            ("hello ten years ahead", [hello(sentAt: now + tenYears)], .clockAhead),
            ("no message at all", [[0xFF, 0x00, 0x13, 0x37]], .malformed),
        ]
    }

    @Test func hostileMessagesAreRefusedAndServeKeepsServing() throws {
        let cluster = try AdminCluster()
        try cluster.initialize("hq", role: "hq")
        try cluster.initialize("east")
        try cluster.initialize("evil")
        try cluster.addPeer(on: "hq", "east")
        try cluster.addPeer(on: "hq", "evil")
        let added = try cluster.run(
            "east", ["customer", "add", "E1", "--name", "east shop", "--region", "east", "--channel", "chain"])
        #expect(added.status == 0, "\(added.stderr)")
        let endpoint = try cluster.serve("hq")
        let pid = try #require(cluster.servePid("hq"))

        let keys = try NodeKeys.load(from: NodeDirectory(path: cluster.cli.path("evil")))
        let serverKey = try CurveKey(z85: try cluster.publicKey("hq"))
        let now = UInt64(Date().timeIntervalSince1970 * 1000)
        for (index, attempt) in Self.attempts(site: SiteID.random(), now: now).enumerated() {
            // Past the admission burst a key gets one new session a second: pace the attempts.
            if index >= 3 { Thread.sleep(forTimeInterval: 1.1) }
            let answers = try Self.exchange(attempt.payloads, keys: keys, serverKey: serverKey, endpoint: endpoint)
            let refusal = answers.compactMap { answer -> Refusal? in
                if case .v1(.refusal(let refusal)) = answer { return refusal }
                return nil
            }.last
            #expect(refusal?.code == attempt.code, "\(attempt.name): \(answers)")
            #expect(kill(pid, 0) == 0, "serve died after \(attempt.name)")
        }

        // Nothing of evil's applied; the honest office syncs and both hold the same content.
        try cluster.addPeer(on: "east", "hq", endpoint: endpoint)
        let synced = try cluster.run("east", ["sync", "--once", "--timeout", "10"])
        #expect(synced.status == 0, "\(synced.stdout)\(synced.stderr)")
        let hqSums = try cluster.run("hq", ["checksum"]).stdout
        #expect(hqSums.contains("customers"), "\(hqSums)")
        #expect(hqSums == (try cluster.run("east", ["checksum"]).stdout))
        let customers = try cluster.run("hq", ["customer", "list"])
        #expect(customers.stdout.contains("E1"), "\(customers.stdout)")
        #expect(!customers.stdout.contains("X1"), "\(customers.stdout)")
        #expect(kill(pid, 0) == 0)

        // The journal names each refusal.
        let (_, events) = try cluster.json("hq", ["log", "--peer", "evil"])
        let details = ((events as? [[String: Any]]) ?? []).compactMap { $0["detail"] as? String }
        #expect(details.filter { $0.contains("out of range") }.count >= 5, "\(details)")
        #expect(details.contains { $0.contains("ahead") }, "\(details)")
    }

    /// Connects as a listed key, sends `payloads` and collects the answers until a refusal or a quiet second.
    static func exchange(
        _ payloads: [[UInt8]], keys: CurveKeyPair, serverKey: CurveKey, endpoint: String
    ) throws -> [SyncMessage] {
        let context = try Context()
        defer { context.shutdown() }
        let socket = try Socket(context, type: .dealer)
        defer { socket.close() }
        try socket.configureCurveClient(keyPair: keys, serverKey: serverKey)
        try socket.connect(endpoint)
        for payload in payloads { try socket.send([payload], wait: .timeout(.seconds(2))) }
        var answers: [SyncMessage] = []
        while let frames = try socket.receive(wait: .timeout(.seconds(2))), let payload = frames.last {
            let message = try SyncMessage.decode(payload, limits: DecodingLimits())
            answers.append(message)
            if case .v1(.refusal) = message { break }
        }
        return answers
    }
}
