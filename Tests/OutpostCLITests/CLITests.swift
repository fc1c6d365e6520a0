import Foundation
import Testing

/// End-to-end: the built binary, real node directories, real files.
@Suite(.timeLimit(.minutes(5))) struct CLITests {
    @Test func initThenCustomerLifecycleWithExitCodes() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try cli.run(["init", "--name", "east-1", "--role", "office", "--region", "east"]).status == 0)
        let again = try cli.run(["init", "--name", "east-1", "--role", "office", "--region", "east"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already holds an Outpost node"))
        #expect(try cli.run(["init", "--name", "x", "--role", "boss", "--region", "east"], node: "other").status == 2)

        let added = try cli.run([
            "customer", "add", "310101000001", "--name", "张记便利店", "--region", "east", "--channel", "chain",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        let bad = try cli.run([
            "customer", "add", "310101000002", "--name", "X", "--region", "east", "--channel", "mars",
        ])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("channel 'mars' is not one of"))
        #expect(try cli.run(["customer", "update", "310101000001", "--phone", "13800000000"]).status == 0)
        #expect(try cli.run(["tag", "add", "310101000001", "vip"]).status == 0)

        let shown = try cli.run(["customer", "show", "310101000001", "--json", "--unmask"])
        #expect(shown.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
        #expect(object?["phone"] as? String == "13800000000")
        #expect(object?["name"] as? String == "张记便利店")
        #expect(object?["tags"] as? [String] == ["vip"])

        #expect(try cli.run(["customer", "delete", "310101000001"]).status == 0)
        let missing = try cli.run(["customer", "show", "310101000001"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no customer 310101000001"))
    }

    @Test func aPeerKeyThatStartsWithADashIsAKeyNotAnOption() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try cli.run(["init", "--name", "hq", "--role", "hq", "--region", "all"])
        // Z85 uses "-" among its 85 characters, so about one key in 85 starts with it.
        let key = "-" + String(repeating: "0", count: 39)
        let added = try cli.run(["peer", "add", "east", "--key", key])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try cli.run(["peer", "list"]).stdout.contains(key))
    }

    @Test func commandsOnAMissingNodeSayHowToCreateOne() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let result = try cli.run(["customer", "list"], node: "nowhere")
        #expect(result.status == 1)
        #expect(result.stderr.contains("outpost init"))
    }

    @Test func importReportsCountsAndExportRoundTrips() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try cli.run(["init", "--name", "east-1", "--role", "office", "--region", "east"])
        // All east: an office rejects other regions' customers (ScopeCLITests).
        let csv = "id,name,region,channel\nC1,Zhang,east,chain\nC2,,east,chain\nC3,Li,east,online\n"
        try csv.write(toFile: cli.path("c.csv"), atomically: true, encoding: .utf8)
        let imported = try cli.run(["import", "customers", cli.path("c.csv"), "--rejects", cli.path("rejects.csv")])
        #expect(imported.status == 0)
        #expect(imported.stdout.contains("line 3: name is required"))
        #expect(imported.stdout.contains("read 3, imported 2, updated 0, unchanged 0, skipped 0, rejected 1"))
        let exported = try cli.run(["export", "customers", "--format", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(exported.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.compactMap { $0["id"] as? String } == ["C1", "C3"])
        let checksum = try cli.run(["checksum", "--json"])
        let tables = try JSONSerialization.jsonObject(with: Data(checksum.stdout.utf8)) as? [String: [String: Any]]
        #expect(tables?["customers"]?["rows"] as? Int == 2)
    }
}
