import Foundation
import GRDB
import Replica
import Sync
import Testing

@Suite struct ResumeAndPushTests {
    private func receivedCount(_ replica: Replica, peer: String) throws -> Int {
        try replica.pool.read {
            try Int.fetchOne(
                $0, sql: "SELECT changes_received FROM outpost_peer_state WHERE name = ?", arguments: [peer]) ?? 0
        }
    }

    @Test func interruptedSyncResumesWithoutResendingOrLosing() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        let east = try harness.node("east")
        try east.replica.write { writer in
            try writer.insert(.customers, key: ["C1"], values: customerValues("shop"))
            for index in 0..<6_000 { try writer.append(.orders, id: "O\(index)", values: orderValues("C1")) }
        }
        let (_, endpoint) = try harness.serve("hq", peers: [harness.peer("east", endpoint: nil)])
        // The link drops after a fraction of a second: some batches applied, most not.
        let cut = try harness.engine("east", peers: [harness.peer("hq", endpoint: endpoint)], batchSize: 5)
            .syncOnce(timeout: .milliseconds(300))
        #expect(cut.unreachable["hq"] != nil)
        // The vector claims exactly what was applied: read both in one snapshot, since hq may still be
        // applying batches that were in flight when the link dropped.
        let site = Data(east.replica.identity.siteID.bytes)
        let (rows, claimed) = try hq.replica.pool.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM customers)")!,
                try Int.fetchOne(db, sql: "SELECT head_seq FROM outpost_sites WHERE site_id = ?", arguments: [site])
                    ?? 0
            )
        }
        #expect(rows < 6_001)
        #expect(claimed == rows, "claims \(claimed) changes, holds \(rows)")

        let rest = try harness.engine("east", peers: [harness.peer("hq", endpoint: endpoint)], batchSize: 500)
            .syncOnce(timeout: .seconds(30))
        #expect(rest.caughtUp == ["hq"])
        #expect(try hq.replica.checksums() == east.replica.checksums())
        // Every change crossed exactly once across both sessions.
        #expect(try receivedCount(hq.replica, peer: "east") == 6_001)
    }

    @Test func localCommitIsPushedToAConnectedPeerWithoutARound() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        let east = try harness.node("east")
        let (_, endpoint) = try harness.serve("hq", peers: [harness.peer("east", endpoint: nil)])
        let office = harness.engine("east", peers: [harness.peer("hq", endpoint: endpoint)])
        let thread = Thread { try? office.run() }
        thread.start()
        defer { office.stop() }
        // Wait until the session is up, then write and time the arrival.
        try waitUntil {
            try hq.replica.pool.read {
                try String.fetchOne($0, sql: "SELECT state FROM outpost_peer_state WHERE name = 'east'")
            } == "connected"
        }
        let start = Date()
        try east.replica.write { try $0.insert(.customers, key: ["LIVE"], values: customerValues("pushed")) }
        try waitUntil { try hq.replica.text("SELECT name FROM customers WHERE id = 'LIVE'") == "pushed" }
        #expect(Date().timeIntervalSince(start) < 5)

        // A write by another process (a second connection, as the CLI makes) is found and pushed too.
        let other = try Replica.open(at: harness.directory.appendingPathComponent("east.sqlite").path)
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
