import Foundation
import GRDB
import Node
import Testing

/// `outpost doctor` on a healthy node, then on one with a damaged clock row, a lowered version vector,
/// a world-readable secret key and a skewed peer clock.
@Suite(.timeLimit(.minutes(5))) struct DoctorCLITests {
    @Test func doctorFindsACorruptedClockRowAndAWorldReadableKey() throws {
        let cluster = try AdminCluster()
        try cluster.initialize("east")
        try cluster.initialize("hq", role: "hq")
        try cluster.addPeer(on: "east", "hq")
        let csv = cluster.cli.path("two.csv")
        try "id,name,region,channel\nC1,Zhang,east,chain\nC2,Li,east,chain\n".write(
            toFile: csv, atomically: true, encoding: .utf8)
        #expect(try cluster.run("east", ["import", "customers", csv]).status == 0)
        #expect(try cluster.run("east", ["tag", "add", "C2", "vip"]).status == 0)

        let healthy = try cluster.run("east", ["doctor"])
        #expect(healthy.status == 0, "\(healthy.stdout)")
        #expect(healthy.stdout.hasSuffix("no problems found (\(DoctorReport.checks.count) checks)\n"))

        let directory = cluster.cli.path("east")
        let database = try DatabaseQueue(path: directory + "/replica.sqlite")
        try database.write { db in
            try db.execute(sql: "DELETE FROM outpost_cells WHERE tbl = 1 AND pk = 'C1' AND col = -1")
            try db.execute(sql: "UPDATE outpost_sites SET head_seq = 1 WHERE ordinal = 1")
            try db.execute(sql: "UPDATE outpost_peer_state SET clock_skew_ms = 120000 WHERE name = 'hq'")
        }
        try database.close()
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o644], ofItemAtPath: directory + "/keys/curve.secret")

        let (status, value) = try cluster.json("east", ["doctor"])
        #expect(status == 1)
        let report = try #require(value as? [String: Any])
        #expect(report["ok"] as? Bool == false)
        let findings = try #require(report["findings"] as? [[String: Any]])
        func finding(_ check: String) -> [String: Any]? { findings.first { $0["check"] as? String == check } }

        let capture = try #require(finding("change-capture"))
        #expect(capture["severity"] as? String == "error")
        #expect((capture["message"] as? String)?.contains("customers: 1 row(s) without clock data") == true)
        #expect((capture["message"] as? String)?.contains("e.g. C1") == true)
        let vector = try #require(finding("version-vector"))
        #expect((vector["fix"] as? String)?.contains("SET head_seq = 3 WHERE ordinal = 1") == true)
        let key = try #require(finding("key-files"))
        #expect(key["severity"] as? String == "error")
        #expect((key["fix"] as? String)?.hasPrefix("chmod 600 ") == true)
        let skew = try #require(finding("clock-skew"))
        #expect(skew["severity"] as? String == "warning")
        #expect((skew["message"] as? String)?.contains("peer hq's clock was 2m00s ahead of ours") == true)
        #expect(finding("integrity") == nil && finding("peer-keys") == nil)
        let checks = try #require(report["checks"] as? [[String: Any]])
        #expect(checks.first { $0["name"] as? String == "integrity" }?["status"] as? String == "ok")
        #expect(checks.first { $0["name"] as? String == "clock-skew" }?["status"] as? String == "warning")

        let text = try cluster.run("east", ["doctor", "--max-skew", "300"])
        #expect(text.status == 1)
        #expect(text.stdout.contains("ERROR    change-capture"))
        #expect(text.stdout.contains("fix: chmod 600 "))
        #expect(!text.stdout.contains("clock-skew      peer hq"))
        #expect(text.stdout.hasSuffix("3 errors, 0 warnings (\(DoctorReport.checks.count) checks)\n"))
    }

    @Test func sinceTakesDurationsAndDates() throws {
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        #expect(try TimeBound.parse("1h30m", now: now).millis == 1_780_000_000_000 - 5_400_000)
        #expect(try TimeBound.parse("2d", now: now).millis == 1_780_000_000_000 - 172_800_000)
        #expect(try TimeBound.parse("2026-03-01", now: now).millis == 1_772_323_200_000)
        #expect(try TimeBound.parse("2026-03-01T10:00:00Z", now: now).iso == "2026-03-01T10:00:00.000Z")
        #expect(throws: NodeError.self) { try TimeBound.parse("yesterday", now: now) }
        #expect(throws: NodeError.self) { try TimeBound.parse("5", now: now) }
        #expect(Readable.ago("2026-05-28T18:26:40Z", now: now) == "2h00m ago")
    }
}
