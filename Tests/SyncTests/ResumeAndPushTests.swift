import CRM
import Foundation
import GRDB
import Replica
import Sync
import TestSupport
import Testing

@Suite(.timeLimit(.minutes(5))) struct ResumeAndPushTests {
    private func counter(_ replica: Replica, _ column: String, peer: String) throws -> Int {
        try replica.reader.read {
            try Int.fetchOne(
                $0, sql: "SELECT \(column) FROM outpost_peer_state WHERE name = ?", arguments: [peer]) ?? 0
        }
    }

    private func state(_ replica: Replica, peer: String) throws -> String? {
        try replica.reader.read {
            try String.fetchOne($0, sql: "SELECT state FROM outpost_peer_state WHERE name = ?", arguments: [peer])
        }
    }

    @Test func interruptedSyncResumesWithoutResendingOrLosing() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        let east = try harness.node("east")
        let total = 6_001
        try east.replica.write { writer in
            try writer.insert(.customers, key: ["C1"], values: customerValues("shop"))
            for index in 0..<(total - 1) { try writer.append(.orders, id: "O\(index)", values: orderValues("C1")) }
        }
        let (_, endpoint) = try harness.serve("hq", peers: [harness.peer("east", endpoint: nil)])
        let site = Data(east.replica.identity.siteID.bytes)
        func applied() throws -> (rows: Int, claimed: Int) {
            try hq.replica.reader.read { db in
                (
                    try Int.fetchOne(
                        db, sql: "SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM customers)")!,
                    try Int.fetchOne(
                        db, sql: "SELECT head_seq FROM outpost_sites WHERE site_id = ?", arguments: [site]) ?? 0
                )
            }
        }

        // The link drops as soon as the first batches have landed: east's engine stops mid-stream.
        let cut = harness.engine("east", peers: [harness.peer("hq", endpoint: endpoint)], batchSize: 5)
        let stopped = harness.start(cut)
        try waitUntil { try applied().claimed > 0 }
        cut.stop()
        #expect(stopped.wait(timeout: .now() + 10) == .success)
        stopped.signal()
        // hq handles what was in flight, then the goodbye (or its silence timeout) ends its session.
        try waitUntil(timeout: 15) { try state(hq.replica, peer: "east") == "offline" }

        // The vector claims exactly what was applied (read in one snapshot), and that is part of the whole.
        let (rows, claimed) = try applied()
        #expect(claimed == rows, "claims \(claimed) changes, holds \(rows)")
        #expect(rows > 0 && rows < total, "\(rows) of \(total) before the cut")
        let sentBefore = try counter(east.replica, "changes_sent", peer: "hq")

        let rest = try harness.engine("east", peers: [harness.peer("hq", endpoint: endpoint)], batchSize: 500)
            .syncOnce(timeout: .seconds(30))
        #expect(rest.caughtUp == ["hq"])
        #expect(try hq.replica.checksums() == east.replica.checksums())
        // The resumed session sent the remainder and nothing hq already held.
        #expect(try counter(east.replica, "changes_sent", peer: "hq") - sentBefore == total - claimed)
        try waitUntil { try counter(hq.replica, "changes_received", peer: "east") == total }
    }

    @Test func localCommitIsPushedToAConnectedPeerWithoutARound() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        _ = try harness.node("east")
        let (_, endpoint) = try harness.serve("hq", peers: [harness.peer("east", endpoint: nil)])
        // The foreign-write poll would also find the commit, so it is pushed out of reach: only the commit
        // observer can deliver within the deadline below.
        let office = harness.engine("east", peers: [harness.peer("hq", endpoint: endpoint)]) {
            $0.foreignWritePoll = .seconds(60)
        }
        harness.start(office)
        // Wait until the first round is over on east (a write before that would ride the initial sync).
        try waitUntil {
            try harness.nodes["east"]!.replica.text(
                "SELECT last_sync FROM outpost_peer_state WHERE name = 'hq' AND state = 'connected'") != nil
        }

        try harness.nodes["east"]!.replica.write {
            try $0.insert(.customers, key: ["LIVE"], values: customerValues("pushed"))
        }
        try waitUntil(timeout: 3) { try hq.replica.text("SELECT name FROM customers WHERE id = 'LIVE'") == "pushed" }
    }

    @Test func aCommitByAnotherProcessIsFoundAndPushed() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        _ = try harness.node("east")
        let (_, endpoint) = try harness.serve("hq", peers: [harness.peer("east", endpoint: nil)])
        harness.start(harness.engine("east", peers: [harness.peer("hq", endpoint: endpoint)]))
        try waitUntil { try state(hq.replica, peer: "east") == "connected" }
        // A second connection, as the CLI makes while `serve` runs: no commit observer sees it.
        let other = try Replica.open(
            at: harness.directory.appendingPathComponent("east.sqlite").path, declaring: TestReplicas.declarations)
        try other.write { try $0.insert(.customers, key: ["CLI"], values: customerValues("from cli")) }
        try waitUntil { try hq.replica.text("SELECT name FROM customers WHERE id = 'CLI'") == "from cli" }
    }

    private func waitUntil(timeout: TimeInterval = 10, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return }
            Thread.sleep(forTimeInterval: 0.01)
        }
        Issue.record("condition not met within \(timeout) s")
    }
}
