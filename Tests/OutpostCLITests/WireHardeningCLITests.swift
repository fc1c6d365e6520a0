import CRM
import Foundation
import GRDB
import Replica
import SyncProtocol
import TestSupport
import Testing

/// What an admin sees of the wire hardening: divergence and unverified claims in `status`, the clock and
/// divergence findings of `doctor`, and a damaged database that refuses to sync.
@Suite(.timeLimit(.minutes(5))) struct WireHardeningCLITests {
    static func database(_ cluster: AdminCluster, _ name: String) -> String {
        cluster.cli.path(name) + "/replica.sqlite"
    }

    /// Customer X1 as an equivocating origin wrote it: change 1 of `origin`, with `name`.
    static func equivocate(_ path: String, origin: SiteID, name: String) throws {
        var values = [DatabaseValue](repeating: .null, count: TableSchema.customers.columns.count)
        values[TableSchema.customers.columnNumber("name")!] = name.databaseValue
        let change = ReplicaChange(
            table: TableSchema.customers.id, key: ["X1"], column: ReplicaChange.rowEvent, causalLength: 1,
            version: RowVersion(
                hlc: HybridLogicalClock.timestamp(millis: Replica.defaultWallClock()), site: origin, seq: 1),
            values: values)
        try Replica.open(at: path, declaring: TestReplicas.declarations).apply([change])
    }

    @Test func divergedPeerMakesStatusExit3AndDoctorSayWhatToDo() throws {
        let cluster = try AdminCluster()
        try cluster.initialize("east")
        try cluster.initialize("hq", role: "hq")
        try cluster.addPeer(on: "hq", "east")
        let origin = SiteID.random()
        try Self.equivocate(Self.database(cluster, "east"), origin: origin, name: "told east")
        try Self.equivocate(Self.database(cluster, "hq"), origin: origin, name: "told hq")
        let endpoint = try cluster.serve("hq")
        try cluster.addPeer(on: "east", "hq", endpoint: endpoint)
        #expect(try cluster.run("east", ["sync", "--once", "--timeout", "10"]).status == 0)

        let status = try cluster.run("east", ["status"])
        #expect(status.status == 3, "\(status.stdout)")
        #expect(status.stdout.contains("hq diverged (customers differ"), "\(status.stdout)")
        let (_, value) = try cluster.json("east", ["status"])
        let hq = try #require(((value as? [String: Any])?["peers"] as? [[String: Any]])?.named("hq"))
        #expect(hq["standing"] as? String == "diverged")

        let doctor = try cluster.run("east", ["doctor"])
        #expect(doctor.status == 1)
        #expect(doctor.stdout.contains("divergence"), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("content differs from peer hq in customers"))
        #expect(doctor.stdout.contains("`outpost checksum`"))
    }

    @Test func aPeersUnconfirmedClaimIsShownAsAClaim() throws {
        let cluster = try AdminCluster()
        try cluster.initialize("east")
        try cluster.initialize("hq", role: "hq")
        try cluster.addPeer(on: "east", "hq")
        // What a peer's Hello claimed before its session broke off: not backed by any change it sent.
        let claim = "\(SiteID.random().uuidString):999997960"
        let queue = try DatabaseQueue(path: Self.database(cluster, "east"))
        try queue.write {
            try $0.execute(
                sql: "UPDATE outpost_peer_state SET peer_heads = ?, peer_heads_at = ?, peer_heads_verified = 0",
                arguments: [claim, Timestamps.iso(Date())])
        }
        try queue.close()
        let status = try cluster.run("east", ["status"])
        #expect(status.status == 3)
        #expect(status.stdout.contains("claims 999,997,960 we lack (unverified)"), "\(status.stdout)")
        #expect(!status.stdout.contains("has 999,997,960 we lack"))
        let (_, value) = try cluster.json("east", ["status"])
        let hq = try #require(((value as? [String: Any])?["peers"] as? [[String: Any]])?.named("hq"))
        #expect(hq["we_lack_unverified"] as? Bool == true)
    }

    @Test func doctorFlagsANodeClockAheadOfTheWallClock() throws {
        let cluster = try AdminCluster()
        try cluster.initialize("east")
        let healthy = try cluster.run("east", ["doctor"])
        #expect(healthy.stdout.contains("ok       node-clock"), "\(healthy.stdout)")
        // A write made while the machine's clock was set ten years ahead leaves the logical clock there.
        let replica = try Replica.open(at: Self.database(cluster, "east"), declaring: TestReplicas.declarations) {
            Replica.defaultWallClock() + 3_653 * 86_400_000
        }
        try replica.write { try $0.insert(.customers, key: ["F1"], values: ["name": "future".databaseValue]) }
        let doctor = try cluster.run("east", ["doctor"])
        #expect(doctor.status == 1)
        #expect(doctor.stdout.contains("this node's logical clock is 3653d"), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("ahead of its wall clock"))
        #expect(doctor.stdout.contains("timedatectl"))
    }

    @Test func damagedDatabaseRefusesToServeOrSync() throws {
        let cluster = try AdminCluster()
        try cluster.initialize("east")
        try cluster.initialize("hq", role: "hq")
        var csv = "id,name,region,channel\n"
        for index in 0..<400 { csv += "C\(index),Shop number \(index) with a longish name,east,chain\n" }
        let file = cluster.cli.path("customers.csv")
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try cluster.run("east", ["import", "customers", file]).status == 0)
        try cluster.addPeer(on: "east", "hq", endpoint: "tcp://127.0.0.1:9")

        // Scribble over a leaf page of the customers table (its cells), leaving the schema page intact.
        let path = Self.database(cluster, "east")
        let (pageSize, page) = try DatabaseQueue(path: path).read { db -> (Int, Int) in
            let size = try Int.fetchOne(db, sql: "PRAGMA page_size")!
            let root = try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'customers'")!
            let leaf =
                try Int.fetchOne(
                    db, sql: "SELECT max(pageno) FROM dbstat WHERE name = 'customers' AND pagetype = 'leaf'") ?? root
            return (size, leaf)
        }
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64((page - 1) * pageSize + 8))
        try handle.write(contentsOf: Data(repeating: 0xA5, count: pageSize / 2))
        try handle.close()

        let sync = try cluster.run("east", ["sync", "--once", "--timeout", "2"])
        #expect(sync.status != 0)
        #expect(sync.stderr.contains("quick_check"), "\(sync.stderr)")
        let serve = try cluster.run("east", ["serve"])
        #expect(serve.status != 0)
        #expect(serve.stderr.contains("refusing to sync"), "\(serve.stderr)")
        let doctor = try cluster.run("east", ["doctor"])
        #expect(doctor.status == 1)
        #expect(doctor.stdout.contains("refuse to run on a damaged database"), "\(doctor.stdout)\(doctor.stderr)")
    }
}
