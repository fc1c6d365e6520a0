import Foundation
import Testing

/// `outpost status` on real nodes over loopback: an in-sync, a behind, an offline and a refused peer.
@Suite(.timeLimit(.minutes(5))) struct StatusCLITests {
    @Test func statusTellsInSyncBehindOfflineAndRefusedPeersApart() throws {
        let cluster = try AdminCluster()
        for name in ["east", "hq", "south", "west", "north"] { try cluster.initialize(name) }
        // Every peer but north admits east's key.
        for name in ["hq", "south", "west"] { try cluster.addPeer(on: name, "east") }
        try cluster.addPeer(on: "north", "hq")
        var endpoints: [String: String] = [:]
        for name in ["hq", "south", "west", "north"] { endpoints[name] = try cluster.serve(name) }

        let csv = cluster.cli.path("three.csv")
        try "id,name,region,channel\nC1,Zhang,east,chain\nC2,Li,east,chain\nC3,Wang,east,online\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try cluster.run("east", ["import", "customers", csv]).status == 0)
        try cluster.addPeer(on: "east", "hq", endpoint: endpoints["hq"])
        #expect(try cluster.run("east", ["sync", "--once", "--timeout", "10"]).status == 0)

        let allGood = try cluster.run("east", ["status"])
        #expect(allGood.status == 0, "\(allGood.stdout)")
        #expect(allGood.stdout.hasPrefix("in sync with 1/1 peers\n"))

        // hq answers while its serve runs; east's one-shot session said goodbye when it finished.
        let (hqStatus, hqValue) = try cluster.json("hq", ["status"])
        let hqReport = try #require(hqValue as? [String: Any])
        let hqNode = try #require(hqReport["node"] as? [String: Any])
        #expect(hqStatus == 0)
        #expect(hqNode["listening"] as? Bool == true)
        #expect(hqNode["endpoint"] as? String == endpoints["hq"])
        #expect((hqNode["rows"] as? [String: Any])?["customers"] as? Int == 3)
        let eastSeenByHQ = try #require((hqReport["peers"] as? [[String: Any]])?.named("east"))
        #expect(eastSeenByHQ["state"] as? String == "offline")
        #expect(eastSeenByHQ["last_error"] == nil || eastSeenByHQ["last_error"] is NSNull)
        #expect(eastSeenByHQ["changes_received"] as? Int == 3)
        #expect(eastSeenByHQ["lacks_from_us"] as? Int == 0)

        for name in ["south", "west", "north"] { try cluster.addPeer(on: "east", name, endpoint: endpoints[name]) }
        #expect(try cluster.run("east", ["sync", "--once", "--timeout", "2"]).status == 1)  // north refuses
        cluster.stop("west")
        // Two changes after south's and west's last sync: one new row, one changed cell.
        #expect(
            try cluster.run(
                "east", ["customer", "add", "C4", "--name", "Zhao", "--region", "east", "--channel", "chain"]
            ).status == 0)
        #expect(try cluster.run("east", ["customer", "update", "C1", "--phone", "13800000000"]).status == 0)
        #expect(try cluster.run("east", ["sync", "--once", "--peer", "hq", "--timeout", "10"]).status == 0)
        #expect(try cluster.run("east", ["sync", "--once", "--peer", "west", "--timeout", "1"]).status == 1)

        let (status, value) = try cluster.json("east", ["status"])
        #expect(status == 3)
        let report = try #require(value as? [String: Any])
        let node = try #require(report["node"] as? [String: Any])
        #expect(node["local_head"] as? Int == 5)
        #expect((node["rows"] as? [String: Any])?["customers"] as? Int == 4)
        #expect(node["listening"] as? Bool == false)
        #expect(report["in_sync"] as? Bool == false)
        let peers = try #require(report["peers"] as? [[String: Any]])
        #expect(peers.compactMap { $0["name"] as? String } == ["hq", "north", "south", "west"])

        let hq = try #require(peers.named("hq"))
        #expect(hq["standing"] as? String == "in-sync")
        #expect(hq["lacks_from_us"] as? Int == 0 && hq["we_lack"] as? Int == 0)
        #expect(hq["last_sync"] is String)
        #expect(hq["changes_sent"] as? Int == 5)

        let south = try #require(peers.named("south"))
        #expect(south["standing"] as? String == "behind")
        #expect(south["lacks_from_us"] as? Int == 2)
        #expect(south["we_lack"] as? Int == 0)
        #expect(south["last_error"] is NSNull)

        let west = try #require(peers.named("west"))
        #expect(west["standing"] as? String == "unreachable")
        #expect(west["state"] as? String == "offline")
        #expect(west["lacks_from_us"] as? Int == 2)
        #expect((west["last_error"] as? String)?.contains("peer unreachable") == true)

        let north = try #require(peers.named("north"))
        #expect(north["standing"] as? String == "unreachable")
        #expect(north["state"] as? String == "refused")
        #expect(north["lacks_from_us"] is NSNull)
        #expect((north["last_error"] as? String)?.contains("refused our key") == true)

        let verdict = try #require(report["verdict"] as? String)
        #expect(verdict.hasPrefix("in sync with 1/4 peers; north refused; south offline for "))
        #expect(verdict.contains(", lacks 2 changes; west offline for "))
        #expect(verdict.hasSuffix(", lacks 2 changes"))

        let text = try cluster.run("east", ["status"])
        #expect(text.status == 3)
        // The same verdict on the first line (durations may have ticked since the JSON call).
        let firstLine = String(text.stdout.prefix { $0 != "\n" })
        #expect(firstLine.hasPrefix("in sync with 1/4 peers; north refused; south offline for "))
        #expect(firstLine.hasSuffix(", lacks 2 changes") && firstLine.contains("; west offline for "))
        #expect(!text.stdout.contains("\u{1B}["), "no colour in a pipe")
        let southLine = try #require(text.stdout.split(separator: "\n").first { $0.hasPrefix("south ") })
        #expect(southLine.split(separator: " ", omittingEmptySubsequences: true).contains("2"))
        #expect(text.stdout.contains("it lacks"))

        cluster.stop("hq")
        let (_, stopped) = try cluster.json("hq", ["status"])
        #expect(((stopped as? [String: Any])?["node"] as? [String: Any])?["listening"] as? Bool == false)
        #expect(!FileManager.default.fileExists(atPath: cluster.cli.path("hq") + "/serve.pid"))
    }
}
