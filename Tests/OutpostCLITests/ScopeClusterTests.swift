import Foundation
import Testing

/// Region scope through the built binary: headquarters grants two offices their regions with `peer add --region`,
/// each office syncs once, and `checksum --scope R` on headquarters prints exactly the office's `checksum`.
@Suite(.timeLimit(.minutes(5))) struct ScopeClusterTests {
    @Test func checksumScopeOnHeadquartersEqualsEachOfficesChecksumAfterSync() throws {
        let cluster = try AdminCluster()
        try cluster.initialize("hq", role: "hq")
        for office in ["east", "north"] { try cluster.initialize(office) }
        for (id, region, phone) in [("E1", "east", "13911110001"), ("N1", "north", "13822220001")] {
            let added = try cluster.run(
                "hq", ["customer", "add", id, "--name", "\(region) shop", "--region", region, "--phone", phone])
            #expect(added.status == 0, "\(added.stderr)")
            #expect(try cluster.run("hq", ["tag", "add", id, "vip"]).status == 0)
        }
        for office in ["east", "north"] {
            let granted = try cluster.run(
                "hq",
                [
                    "peer", "add", office, "--key", try cluster.publicKey(office), "--role", "office", "--region",
                    office,
                ])
            #expect(granted.status == 0, "\(granted.stderr)")
        }
        let endpoint = try cluster.serve("hq")
        for office in ["east", "north"] {
            try cluster.addPeer(on: office, "hq", endpoint: endpoint)
            let synced = try cluster.run(office, ["sync", "--once", "--timeout", "10"])
            #expect(synced.status == 0, "\(synced.stdout) \(synced.stderr)")
        }
        for office in ["east", "north"] {
            let expected = try cluster.run("hq", ["checksum", "--scope", office, "--json"])
            let actual = try cluster.run(office, ["checksum", "--json"])
            #expect(expected.status == 0 && actual.status == 0)
            #expect(expected.stdout == actual.stdout)
            let (_, list) = try cluster.json(office, ["customer", "list"])
            let regions = (list as? [[String: Any]])?.compactMap { $0["region"] as? String }
            #expect(regions == [office])
        }
        #expect(
            try cluster.run("hq", ["checksum", "--scope", "east", "--json"]).stdout
                != cluster.run("hq", ["checksum", "--json"]).stdout)
    }
}
