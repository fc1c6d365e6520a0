import Foundation
import Testing

/// `outpost log` and `outpost conflicts` on real nodes over loopback.
@Suite struct JournalCLITests {
    @Test func logFollowSeesASyncHappen() throws {
        let cluster = try AdminCluster()
        try cluster.initialize("hq", role: "hq")
        try cluster.initialize("east")
        try cluster.addPeer(on: "hq", "east")
        try cluster.addPeer(on: "east", "hq", endpoint: try cluster.serve("hq"))
        #expect(
            try cluster.run(
                "east", ["customer", "add", "C1", "--name", "Zhang", "--region", "east", "--channel", "chain"]
            ).status == 0)

        let follower = Process()
        follower.executableURL = CLIRunner.binary
        follower.arguments = ["log", "--dir", cluster.cli.path("hq"), "--follow", "--for", "3", "--json"]
        let out = Pipe()
        follower.standardOutput = out
        follower.standardError = FileHandle.nullDevice
        try follower.run()
        // The follower has printed what was there (serve's start) before the sync begins.
        let before = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        #expect(before.contains("node started"))
        #expect(!before.contains("batch-in"))
        #expect(try cluster.run("east", ["sync", "--once", "--timeout", "10"]).status == 0)
        let rest = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        follower.waitUntilExit()
        #expect(follower.terminationStatus == 0)

        let events = try (before + rest).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let fromEast = events.filter { $0["peer"] as? String == "east" }
        #expect(fromEast.contains { $0["kind"] as? String == "session" })
        let batch = try #require(fromEast.first { $0["kind"] as? String == "batch-in" })
        #expect((batch["detail"] as? String)?.contains("1 changes, 1 applied") == true)
        let ids = events.compactMap { $0["id"] as? Int }
        #expect(ids == ids.sorted() && Set(ids).count == ids.count, "each event once, in order")

        let (status, filtered) = try cluster.json("hq", ["log", "--peer", "east"])
        #expect(status == 0)
        let onlyEast = try #require(filtered as? [[String: Any]])
        #expect(!onlyEast.isEmpty && onlyEast.allSatisfy { $0["peer"] as? String == "east" })
        let (_, future) = try cluster.json("hq", ["log", "--since", "2099-01-01"])
        #expect((future as? [Any])?.isEmpty == true)
        let (_, recent) = try cluster.json("hq", ["log", "--since", "10m"])
        #expect((recent as? [Any])?.count == events.count)
        let text = try cluster.run("hq", ["log"])
        #expect(text.stdout.contains("  east  batch-in  batch 1: 1 changes"))
        #expect(try cluster.run("hq", ["log", "--peer", "nobody"]).status == 1)
        #expect(try cluster.run("hq", ["log", "--since", "soon"]).status == 1)
    }

    @Test func conflictsRecordAConcurrentEditOnBothSides() throws {
        let cluster = try AdminCluster()
        try cluster.initialize("hq", role: "hq")
        try cluster.initialize("east")
        try cluster.addPeer(on: "hq", "east")
        try cluster.addPeer(on: "east", "hq", endpoint: try cluster.serve("hq"))
        #expect(
            try cluster.run(
                "east", ["customer", "add", "C1", "--name", "Zhang", "--region", "east", "--channel", "chain"]
            ).status == 0)
        #expect(try cluster.run("east", ["sync", "--once", "--timeout", "10"]).status == 0)
        #expect(try cluster.run("east", ["conflicts"]).stdout.contains("no conflicts recorded"))

        // Both edit the same cell before they sync again; hq's edit is later, so its clock is higher.
        #expect(try cluster.run("east", ["customer", "update", "C1", "--phone", "111"]).status == 0)
        Thread.sleep(forTimeInterval: 0.01)
        #expect(try cluster.run("hq", ["customer", "update", "C1", "--phone", "222"]).status == 0)
        #expect(try cluster.run("east", ["sync", "--once", "--timeout", "10"]).status == 0)

        for node in ["east", "hq"] {
            let (status, value) = try cluster.json(node, ["conflicts"])
            #expect(status == 0)
            let conflicts = try #require(value as? [[String: Any]])
            #expect(conflicts.count == 1, "\(node)")
            let conflict = try #require(conflicts.first)
            #expect(conflict["table"] as? String == "customers")
            #expect(conflict["row"] as? String == "C1")
            #expect(conflict["column"] as? String == "phone")
            let winner = try #require(conflict["winner"] as? [String: Any])
            let loser = try #require(conflict["loser"] as? [String: Any])
            #expect(winner["value"] as? String == "222")
            #expect(winner["origin"] as? String == "hq")
            #expect(loser["value"] as? String == "111")
            #expect(loser["origin"] as? String == "east")
            #expect((winner["hlc"] as? Int ?? 0) > (loser["hlc"] as? Int ?? 0))
            #expect((winner["clock"] as? String ?? "") >= (loser["clock"] as? String ?? "~"))
        }
        let text = try cluster.run("hq", ["conflicts"])
        #expect(text.stdout.contains("\"222\" from hq at "))
        #expect(text.stdout.contains("\"111\" from east at "))
        #expect(text.stdout.contains("1 conflict, each resolved by last writer wins"))
        let (_, later) = try cluster.json("hq", ["conflicts", "--since", "2099-01-01"])
        #expect((later as? [Any])?.isEmpty == true)
    }
}
