import CRM
import Foundation
import GRDB
import Replica
import Sync
import SyncProtocol
import ZeroMQ

/// A listed peer speaking raw bytes over real CURVE ZeroMQ, to send what an honest engine never would.
struct RawPeer {
    let harness: SyncHarness
    let name: String
    let site = SiteID.random()

    /// Connects to `server` at `endpoint`, sends `payloads` and returns what the server answered (its Hello
    /// and the refusal, usually) until it goes quiet.
    @discardableResult
    func send(_ payloads: [[UInt8]], to server: String, endpoint: String) throws -> [MessageV1] {
        let context = try Context()
        defer { context.shutdown() }
        let socket = try Socket(context, type: .dealer)
        defer { socket.close() }
        try socket.configureCurveClient(
            keyPair: harness.nodes[name]!.keys, serverKey: harness.nodes[server]!.keys.publicKey)
        try socket.connect(endpoint)
        for payload in payloads { try socket.send([payload], wait: .timeout(.seconds(2))) }
        var answers: [MessageV1] = []
        // The server answers a refusal last; stop there, or when it stays quiet for a second.
        while let frames = try socket.receive(wait: .timeout(.seconds(1))), let payload = frames.last {
            guard case .v1(let message) = try SyncMessage.decode(payload, limits: DecodingLimits()) else { break }
            answers.append(message)
            if case .refusal = message { break }
        }
        return answers
    }

    func hello(sentAtMillis: UInt64 = Replica.defaultWallClock(), vector: VersionVector = VersionVector()) -> [UInt8] {
        SyncMessage.v1(
            .hello(
                Hello(
                    nodeID: site, name: name, role: "office", region: "east", protocolVersion: 1,
                    schemaVersion: Replica.schemaVersion, versionVector: vector, sentAtMillis: sentAtMillis))
        ).encode()
    }

    /// A customer created by this peer: a valid change unless the caller bends a field.
    func customer(
        _ id: String, seq: UInt64, hlc: UInt64 = HybridLogicalClock.timestamp(millis: Replica.defaultWallClock()),
        name: String = "shop", channel: String = "chain"
    ) -> Change {
        var values = [Value](repeating: .null, count: TableSchema.customers.columns.count)
        values[TableSchema.customers.columnNumber("name")!] = .text(name)
        values[TableSchema.customers.columnNumber("channel")!] = .text(channel)
        return Change(
            table: TableSchema.customers.id, key: [.text(id)], column: Change.existenceColumn, causalLength: 1,
            hlc: hlc, site: site, seq: seq, values: values)
    }

    func batch(_ changes: [Change], covers: VersionVector = VersionVector(), number: UInt64 = 1) -> [UInt8] {
        SyncMessage.v1(.batch(ChangeBatch(number: number, changes: changes, covers: covers))).encode()
    }
}

extension Replica {
    /// Journal lines of `kind` for `peer`, waiting up to 3 s for at least `count` (the server answers first,
    /// then writes its journal).
    func journal(_ kind: String, peer: String, atLeast count: Int = 1) throws -> [String] {
        let deadline = Date().addingTimeInterval(3)
        while true {
            let lines = try reader.read {
                try String.fetchAll(
                    $0, sql: "SELECT detail FROM outpost_events WHERE kind = ? AND peer = ? ORDER BY id",
                    arguments: [kind, peer])
            }
            if lines.count >= count || Date() > deadline { return lines }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    func rowCount(_ table: String) throws -> Int {
        try reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }
}

extension SyncHarness {
    /// Syncs a fresh honest node with `server` and reports whether it caught up and converged.
    func goodPeerStillSyncs(_ good: String, with server: String, endpoint: String) throws -> Bool {
        let result = try engine(good, peers: [peer(server, endpoint: endpoint)]).syncOnce(timeout: .seconds(10))
        guard result.caughtUp == [server] else { return false }
        return try nodes[good]!.replica.checksums() == nodes[server]!.replica.checksums()
    }
}
