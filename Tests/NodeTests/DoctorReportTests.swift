import CRM
import Foundation
import GRDB
import Node
import Replica
import Testing
import ZeroMQ

/// Each `doctor` check on a healthy node, then on a node damaged the way that check is meant to notice.
@Suite struct DoctorReportTests {
    /// A node with two customers, a tag and an order, all written through Outpost.
    private func populated() throws -> NodeFixture {
        let node = try NodeFixture()
        let replica = try node.directory.openReplica()
        try replica.write { writer in
            for id in ["C1", "C2"] {
                try writer.insert(
                    .customers, key: [id], values: ["name": "shop \(id)".databaseValue, "region": "east".databaseValue])
            }
            try writer.insert(.customerTags, key: ["C2", "vip"], values: [:])
            _ = try writer.append(
                .orders, id: "O1",
                values: [
                    "C1".databaseValue, "2026-01-01T00:00:00Z".databaseValue, "S1".databaseValue, 1.databaseValue,
                    10.databaseValue, "chain".databaseValue,
                ])
        }
        return node
    }

    private func findings(_ node: NodeFixture, _ check: String, maxSkew: Double = 60) throws -> [DoctorFinding] {
        try DoctorReport.run(node.directory, maxSkew: maxSkew).findings.filter { $0.check == check }
    }

    @Test func aHealthyNodeHasNoFindings() throws {
        let node = try populated()
        let report = try DoctorReport.run(node.directory)
        #expect(report.findings.isEmpty, "\(report.findings)")
        #expect(report.healthy)
        #expect(report.text(style: .plain).hasSuffix("no problems found (\(DoctorReport.checks.count) checks)"))
    }

    @Test func integrityReportsACorruptPage() throws {
        let node = try populated()
        let queue = try DatabaseQueue(path: node.directory.databasePath)
        let (page, pageSize) = try queue.writeWithoutTransaction { db in
            // Everything into the main file, so the byte written below is what SQLite reads.
            _ = try db.checkpoint(.truncate)
            return (
                try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'customers_region'")!,
                try Int.fetchOne(db, sql: "PRAGMA page_size")!
            )
        }
        try queue.close()
        // One region inside the index page rewritten: the page stays well-formed, but the index no longer
        // matches its table, which is what integrity_check is for.
        let url = URL(fileURLWithPath: node.directory.databasePath)
        var bytes = try Data(contentsOf: url)
        let range = (page - 1) * pageSize..<page * pageSize
        let hit = try #require(bytes[range].lastRange(of: Data("east".utf8)))
        bytes.replaceSubrange(hit, with: Data("west".utf8))
        try bytes.write(to: url)
        let found = try findings(node, "integrity")
        #expect(found.count == 1)
        #expect(found.first?.severity == .error)
        #expect(found.first?.message.hasPrefix("SQLite integrity check failed: ") == true)
        #expect(found.first?.fix.contains("keep a copy of the node directory") == true)
    }

    @Test func changeCaptureReportsRowsWrittenOrDeletedOutsideOutpost() throws {
        let node = try populated()
        try node.tamper { db in
            try db.execute(sql: "DELETE FROM outpost_cells WHERE tbl = 1 AND pk = 'C1' AND col = -1")
            try db.execute(sql: "DELETE FROM customer_tags WHERE customer_id = 'C2'")
            try db.execute(sql: "UPDATE orders SET _site = 99 WHERE id = 'O1'")
        }
        let found = try findings(node, "change-capture")
        #expect(found.allSatisfy { $0.severity == .error })
        let messages = found.map(\.message)
        #expect(
            messages.contains(
                "customers: 1 row(s) without clock data: they were written outside Outpost and do not replicate (e.g. C1)"
            ))
        #expect(
            messages.contains {
                $0.hasPrefix("customer_tags: 1 live clock row(s) whose row is missing") && $0.contains("C2/vip")
            })
        #expect(messages.contains { $0.hasPrefix("orders: 1 row(s) whose origin (_site) is not a known site") })
        #expect(found.count == 3)
        #expect(try !DoctorReport.run(node.directory).healthy)
    }

    @Test func versionVectorReportsAHeadBelowWhatIsHeld() throws {
        let node = try populated()
        try node.tamper { db in try db.execute(sql: "UPDATE outpost_sites SET head_seq = 1 WHERE ordinal = 1") }
        let found = try findings(node, "version-vector")
        #expect(found.count == 1)
        #expect(found.first?.severity == .error)
        #expect(found.first?.message.hasPrefix("this node has head 1 but holds its change 4") == true)
        #expect(found.first?.message.hasSuffix("the next local write would reuse a sequence") == true)
        #expect(found.first?.fix.hasSuffix("\"UPDATE outpost_sites SET head_seq = 4 WHERE ordinal = 1\"") == true)
    }

    @Test func versionVectorReportsAMissingOwnSite() throws {
        let node = try NodeFixture()
        try node.tamper { db in try db.execute(sql: "DELETE FROM outpost_sites") }
        let found = try findings(node, "version-vector")
        #expect(found.map(\.severity) == [.error])
        #expect(found.first?.message.contains("own site") == true)
    }

    @Test func keyFilesErrorsAndWarnings() throws {
        let node = try NodeFixture()
        let secret = node.directory.secretKeyPath
        let manager = FileManager.default
        #expect(try findings(node, "key-files").isEmpty)
        #expect(try (manager.attributesOfItem(atPath: secret)[.posixPermissions] as? Int) == 0o600)

        // Warnings: a keys folder others can write, a public key file that does not match.
        try manager.setAttributes([.posixPermissions: 0o777], ofItemAtPath: node.directory.keysDirectory.path)
        try Data((try CurveKeyPair.generate().publicKey.z85 + "\n").utf8)
            .write(to: URL(fileURLWithPath: node.directory.publicKeyPath))
        var found = try findings(node, "key-files")
        #expect(found.map(\.severity) == [.warning, .warning])
        #expect(found.first?.message.contains("is writable by others (mode 777)") == true)
        #expect(found.last?.message.contains("does not match the secret key") == true)
        #expect(try DoctorReport.run(node.directory).healthy, "warnings alone leave the node healthy")

        // Errors: readable by others; then not a key; then missing.
        try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: node.directory.keysDirectory.path)
        try manager.setAttributes([.posixPermissions: 0o644], ofItemAtPath: secret)
        found = try findings(node, "key-files").filter { $0.severity == .error }
        #expect(found.count == 1)
        #expect(found.first?.message.contains("is readable by others (mode 644)") == true)
        #expect(found.first?.fix == "chmod 600 '\(secret)' (and replace the key pair if others may have read it)")

        try Data("not a key\n".utf8).write(to: URL(fileURLWithPath: secret))
        try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secret)
        found = try findings(node, "key-files")
        #expect(found.map(\.severity) == [.error])
        #expect(found.first?.message == "\(secret) does not hold a CURVE secret key")

        try manager.removeItem(atPath: secret)
        found = try findings(node, "key-files")
        #expect(found.map(\.severity) == [.error])
        #expect(found.first?.message == "no readable secret key at \(secret)")
    }

    @Test func peerKeysReportsAnInvalidKeyAndOurOwn() throws {
        let node = try NodeFixture()
        try PeerAdmin.add(
            node.directory, name: "good", endpoint: nil, key: try CurveKeyPair.generate().publicKey.z85, role: nil,
            region: nil)
        #expect(try findings(node, "peer-keys").isEmpty)
        try PeerAdmin.add(
            node.directory, name: "mirror", endpoint: nil, key: try node.ownPublicKey, role: nil, region: nil)
        try node.tamper { db in
            try db.execute(
                sql:
                    "INSERT INTO outpost_peers (name, public_key, added_at) VALUES ('broken', 'xyz', '2026-01-01T00:00:00Z')"
            )
        }
        let found = try findings(node, "peer-keys")
        #expect(found.map(\.severity) == [.error, .error])
        #expect(
            found.first?.message
                == "peer broken has no valid CURVE public key ('xyz'): it can neither connect nor be dialled")
        #expect(found.last?.message == "peer mirror has this node's own public key")
        #expect(found.last?.fix.hasPrefix("`outpost peer remove mirror`") == true)
    }

    @Test func clockSkewWarnsBeyondTheLimitOnly() throws {
        let node = try NodeFixture()
        for name in ["ahead", "behind", "close"] {
            try PeerAdmin.add(
                node.directory, name: name, endpoint: nil, key: try CurveKeyPair.generate().publicKey.z85, role: nil,
                region: nil)
        }
        try node.tamper { db in
            try db.execute(sql: "UPDATE outpost_peer_state SET clock_skew_ms = 120000 WHERE name = 'ahead'")
            try db.execute(sql: "UPDATE outpost_peer_state SET clock_skew_ms = -90000 WHERE name = 'behind'")
            try db.execute(sql: "UPDATE outpost_peer_state SET clock_skew_ms = 59000 WHERE name = 'close'")
        }
        let found = try findings(node, "clock-skew")
        #expect(found.map(\.severity) == [.warning, .warning])
        #expect(found.first?.message.hasPrefix("peer ahead's clock was 2m00s ahead of ours") == true)
        #expect(found.last?.message.hasPrefix("peer behind's clock was 1m30s behind ours") == true)
        #expect(try findings(node, "clock-skew", maxSkew: 100).map(\.message).count == 1)
        #expect(try findings(node, "clock-skew", maxSkew: 300).isEmpty)
        let report = try DoctorReport.run(node.directory)
        #expect(report.healthy)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(report.json.serialized().utf8)) as? [String: Any])
        let checks = try #require(json["checks"] as? [[String: Any]])
        #expect(checks.map { $0["name"] as? String } == DoctorReport.checks)
        #expect(checks.first { $0["name"] as? String == "clock-skew" }?["status"] as? String == "warning")
        #expect(checks.first { $0["name"] as? String == "integrity" }?["status"] as? String == "ok")
        #expect(json["ok"] as? Bool == true)
    }
}
