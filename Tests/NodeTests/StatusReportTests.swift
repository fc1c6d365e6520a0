import CRM
import Foundation
import GRDB
import Node
import Replica
import Testing
import ZeroMQ

/// `status` through the node layer: the verdict, whether `serve` runs (from `serve.pid`), and each peer's
/// standing from its recorded state and vector.
@Suite(.timeLimit(.minutes(5))) struct StatusReportTests {
    private func addPeer(_ node: NodeFixture, _ name: String, endpoint: String? = nil) throws {
        try PeerAdmin.add(
            node.directory, name: name, endpoint: endpoint, key: try CurveKeyPair.generate().publicKey.z85,
            role: nil, region: nil)
    }

    private func writeMarker(_ node: NodeFixture, pid: Int32, endpoint: String?) throws {
        let text = "\(pid)\n" + (endpoint.map { $0 + "\n" } ?? "")
        try Data(text.utf8).write(to: node.directory.root.appendingPathComponent("serve.pid"))
    }

    /// The pid of a process that has exited and been reaped: nothing runs under it (barring reuse, which
    /// needs the whole pid space to wrap within the test).
    private func deadPid() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test func aNodeWithoutPeersIsInSyncAndSaysHowToAddOne() throws {
        let node = try NodeFixture()
        let report = try StatusReport.load(node.directory)
        #expect(report.allInSync)
        #expect(report.verdict == "no peers configured: add one with `outpost peer add`")
        #expect(report.node.identity.name == "east")
        #expect(!report.node.listening)
        #expect(report.node.localHead == 0)
    }

    @Test func aMissingNodeIsAnErrorNamingInit() throws {
        let nowhere = NodeDirectory(
            path: FileManager.default.temporaryDirectory.appendingPathComponent("none-\(UUID())").path)
        let error = try #require(throws: NodeError.self) { try StatusReport.load(nowhere) }
        #expect("\(error)".contains("outpost init"))
    }

    @Test func aStaleServeMarkerMeansNotListening() throws {
        let node = try NodeFixture()
        try addPeer(node, "hq", endpoint: "tcp://127.0.0.1:7701")
        try node.tamper { db in
            try db.execute(sql: "UPDATE outpost_peer_state SET state = 'connected' WHERE name = 'hq'")
        }
        try writeMarker(node, pid: try deadPid(), endpoint: "tcp://127.0.0.1:45555")
        let stale = try StatusReport.load(node.directory)
        #expect(!stale.node.listening)
        #expect(stale.node.servePid == nil)
        #expect(stale.node.endpoint == nil, "a dead serve's endpoint is not shown")
        // The recorded live state is shown as offline: no process holds that connection.
        #expect(stale.peers.first?.state == .offline)
        #expect(stale.peers.first?.record?.state == .connected)

        // A live process (this one) in the marker: listening, at the endpoint it wrote.
        try writeMarker(node, pid: getpid(), endpoint: "tcp://127.0.0.1:45555")
        let live = try StatusReport.load(node.directory)
        #expect(live.node.listening)
        #expect(live.node.servePid == getpid())
        #expect(live.node.endpoint == "tcp://127.0.0.1:45555")
        #expect(live.peers.first?.state == .connected)
    }

    @Test func standingFollowsTheRecordedVector() throws {
        let node = try NodeFixture()
        for name in ["synced", "behind", "never"] { try addPeer(node, name) }
        let replica = try node.directory.openReplica()
        try replica.write { writer in
            for id in ["C1", "C2", "C3"] {
                try writer.insert(.customers, key: [id], values: ["name": "x".databaseValue])
            }
        }
        let site = replica.identity.siteID.uuidString.lowercased()
        try node.tamper { db in
            try db.execute(
                sql:
                    "UPDATE outpost_peer_state SET peer_heads = ?, peer_heads_at = '2026-01-01T00:00:00Z' WHERE name = 'synced'",
                arguments: ["\(site):3"])
            try db.execute(
                sql:
                    "UPDATE outpost_peer_state SET peer_heads = ?, peer_heads_at = '2026-01-01T00:00:00Z' WHERE name = 'behind'",
                arguments: ["\(site):1"])
        }
        let report = try StatusReport.load(node.directory)
        let byName = Dictionary(uniqueKeysWithValues: report.peers.map { ($0.peer.name, $0) })
        #expect(byName["synced"]?.standing == .inSync)
        #expect(byName["synced"]?.lacksFromUs == 0)
        #expect(byName["behind"]?.standing == .behind)
        #expect(byName["behind"]?.lacksFromUs == 2)
        #expect(byName["behind"]?.weLack == 0)
        #expect(byName["never"]?.standing == .unreachable)
        #expect(byName["never"]?.lacksFromUs == nil)
        #expect(!report.allInSync)
        #expect(report.verdict.hasPrefix("in sync with 1/3 peers; behind offline"))
        #expect(report.verdict.contains("lacks 2 changes"))
        #expect(report.verdict.hasSuffix("; never never reached"))
        #expect(report.node.localHead == 3)
        #expect(report.node.rows.first { $0.table == "customers" }?.count == 3)
    }
}
