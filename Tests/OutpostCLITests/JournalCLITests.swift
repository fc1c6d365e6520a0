import Foundation
import Testing

/// `outpost log` and `outpost conflicts` on real nodes over loopback.
@Suite(.timeLimit(.minutes(5))) struct JournalCLITests {
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
        // The follower has printed what was there (serve's start) before the sync begins: read until that
        // whole line is in (a read may return part of it), or the follower's output ends.
        var before = ""
        while !(before.contains("node started") && before.hasSuffix("\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            before += String(decoding: chunk, as: UTF8.self)
        }
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

        // Both edit the same cell before they sync again. Which edit wins is decided by the clocks (ms apart at
        // best, in two processes), so the test reads the winner from the recorded versions instead of timing it.
        #expect(try cluster.run("east", ["customer", "update", "C1", "--phone", "111"]).status == 0)
        #expect(try cluster.run("hq", ["customer", "update", "C1", "--phone", "222"]).status == 0)
        #expect(try cluster.run("east", ["sync", "--once", "--timeout", "10"]).status == 0)

        var reported: [(winner: String, loser: String)] = []
        for node in ["east", "hq"] {
            let (status, value) = try cluster.json(node, ["conflicts", "--unmask"])
            #expect(status == 0)
            let conflicts = try #require(value as? [[String: Any]])
            #expect(conflicts.count == 1, "\(node)")
            let conflict = try #require(conflicts.first)
            #expect(conflict["table"] as? String == "customers")
            #expect(conflict["row"] as? String == "C1")
            #expect(conflict["column"] as? String == "phone")
            let winner = try #require(conflict["winner"] as? [String: Any])
            let loser = try #require(conflict["loser"] as? [String: Any])
            let values = [winner["value"] as? String, loser["value"] as? String]
            #expect(Set(values) == ["111", "222"])
            // Each value keeps its writer; the winner holds the higher clock (or the same clock and the
            // higher node id).
            for side in [winner, loser] {
                #expect((side["value"] as? String == "222") == (side["origin"] as? String == "hq"))
            }
            let winnerClock = try #require(winner["hlc"] as? Int)
            let loserClock = try #require(loser["hlc"] as? Int)
            #expect(winnerClock >= loserClock)
            reported.append((try #require(values[0]), try #require(values[1])))
            // The node's copy holds the winner.
            let shown = try cluster.json(node, ["customer", "show", "C1", "--unmask"])
            #expect((shown.value as? [String: Any])?["phone"] as? String == values[0])
        }
        // Both nodes name the same winner.
        #expect(reported.count == 2 && reported.first?.winner == reported.last?.winner)
        let winnerOrigin = reported.first?.winner == "222" ? "hq" : "east"
        let loserOrigin = winnerOrigin == "hq" ? "east" : "hq"
        let text = try cluster.run("hq", ["conflicts", "--unmask"])
        #expect(text.stdout.contains("\"\(reported.first?.winner ?? "")\" from \(winnerOrigin) at "))
        #expect(text.stdout.contains("\"\(reported.first?.loser ?? "")\" from \(loserOrigin) at "))
        #expect(text.stdout.contains("1 conflict, each resolved by last writer wins"))
        let (_, later) = try cluster.json("hq", ["conflicts", "--since", "2099-01-01"])
        #expect((later as? [Any])?.isEmpty == true)
    }
}
