import Foundation
import Testing

/// `customer erase` through the built binary, across two nodes syncing over real ZeroMQ: the personal fields are
/// NULL on both, and neither node's database files (main, WAL, SHM: live rows, free pages, conflict log) hold any
/// byte sequence of the old values.
@Suite(.timeLimit(.minutes(5))) struct ErasureCLITests {
    static let owner = "欧阳娜娜"
    static let address = "浙江省杭州市西湖区文三路90号"
    static let licence = "LIC-330106-7788"
    /// The phone when added, east's and headquarters' concurrent edits (both end up in the conflict logs).
    static let phones = ["13911112222", "13933334444", "13955556666"]
    static var secrets: [String] { phones + [owner, address, licence] }

    /// The secrets found in a node's database files, as `file: secret`.
    static func traces(_ cluster: AdminCluster, _ node: String) -> [String] {
        var found: [String] = []
        for suffix in ["", "-wal", "-shm"] {
            let path = cluster.cli.path(node) + "/replica.sqlite" + suffix
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            for secret in secrets where data.range(of: Data(secret.utf8)) != nil {
                found.append("replica.sqlite\(suffix): \(secret)")
            }
        }
        return found
    }

    @Test func anErasedCustomerLeavesNoTraceInAnyNodesFiles() throws {
        let cluster = try AdminCluster()
        try cluster.initialize("hq", role: "hq")
        try cluster.initialize("east")
        let added = try cluster.run(
            "hq",
            [
                "customer", "add", "C1", "--name", "Shop one", "--region", "east", "--phone", Self.phones[0],
                "--owner", Self.owner, "--address", Self.address, "--licence-no", Self.licence,
            ])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(
            try cluster.run(
                "hq", ["customer", "add", "C2", "--name", "Shop two", "--region", "east", "--phone", "13800000000"]
            ).status == 0)
        let granted = try cluster.run(
            "hq",
            ["peer", "add", "east", "--key", try cluster.publicKey("east"), "--role", "office", "--region", "east"])
        #expect(granted.status == 0, "\(granted.stderr)")
        let endpoint = try cluster.serve("hq")
        try cluster.addPeer(on: "east", "hq", endpoint: endpoint)
        #expect(try cluster.run("east", ["sync", "--once", "--timeout", "10"]).status == 0)
        // Concurrent edits of the phone: both nodes' conflict logs now hold the two phones.
        #expect(try cluster.run("east", ["customer", "update", "C1", "--phone", Self.phones[1]]).status == 0)
        #expect(try cluster.run("hq", ["customer", "update", "C1", "--phone", Self.phones[2]]).status == 0)
        // Logs name tables, keys and counts, never values, even at trace level.
        let traced = try cluster.run("east", ["sync", "--once", "--timeout", "10", "--log-level", "trace"])
        #expect(traced.status == 0)
        #expect(!traced.stderr.isEmpty && Self.secrets.allSatisfy { !traced.stderr.contains($0) }, "\(traced.stderr)")
        let conflicts = try cluster.json("east", ["conflicts", "--unmask"]).value as? [[String: Any]]
        #expect(conflicts?.count == 1)
        // The search finds what is there: before the erasure, both nodes' files hold the values.
        for node in ["east", "hq"] { #expect(!Self.traces(cluster, node).isEmpty, "\(node)") }

        let erased = try cluster.run("east", ["customer", "erase", "C1"])
        #expect(erased.status == 0, "\(erased.stderr)")
        #expect(erased.stdout == "erased the personal fields of C1: address, licence_no, owner, phone\n")
        #expect(try cluster.run("east", ["sync", "--once", "--timeout", "10"]).status == 0)
        // Headquarters purges as it applies the erasure, in its serve process: wait for its audit entry.
        let deadline = Date().addingTimeInterval(20)
        var purged = false
        while !purged && Date() < deadline {
            let entries = try cluster.json("hq", ["audit", "--action", "purge"]).value as? [[String: Any]]
            purged = entries?.count == 1
            if !purged { Thread.sleep(forTimeInterval: 0.1) }
        }
        #expect(purged)
        for node in ["east", "hq"] {
            #expect(Self.traces(cluster, node) == [], "\(node)")
            // The rebuilt database and its emptied WAL stay owner-only.
            for suffix in ["", "-wal"] {
                let path = cluster.cli.path(node) + "/replica.sqlite" + suffix
                let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
                #expect(mode == 0o600 || (suffix == "-wal" && mode == nil), "\(path)")
            }
            let shown = try cluster.json(node, ["customer", "show", "C1", "--unmask"]).value as? [String: Any]
            #expect(shown?["name"] as? String == "Shop one", "\(node)")
            for field in ["phone", "owner", "address", "licence_no"] {
                #expect(shown?[field] is NSNull, "\(node) \(field)")
            }
            let other = try cluster.json(node, ["customer", "show", "C2", "--unmask"]).value as? [String: Any]
            #expect(other?["phone"] as? String == "13800000000", "\(node)")
            let conflicts = try cluster.json(node, ["conflicts", "--unmask"]).value as? [Any]
            #expect(conflicts?.isEmpty == true, "\(node)")
            #expect(try cluster.run(node, ["audit", "verify"]).status == 0, "\(node)")
        }
        let actions = try cluster.json("east", ["audit"]).value as? [[String: Any]]
        #expect(actions?.contains { $0["action"] as? String == "erase" } == true)
    }
}
