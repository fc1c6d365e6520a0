import Foundation
import Testing

/// `outpost compliance record|import|list` as docs/cli.md describes them, and the gate in `analytics tiers`,
/// `analytics stars` and `campaign launch`.
@Suite(.timeLimit(.minutes(5))) struct ComplianceCLITests {
    static func node(_ cli: CLIRunner) throws {
        #expect(try cli.run(["init", "--name", "hq", "--role", "hq", "--region", "all"]).status == 0)
        let customers = cli.path("c.csv")
        try "id,name,region,channel,marketing_consent\nE1,East shop,east,chain,true\nE2,Other shop,east,chain,true\n"
            .write(toFile: customers, atomically: true, encoding: .utf8)
        let products = cli.path("p.csv")
        try "sku,name,brand,price_tier,category,unit_price\nS1,Brand,B,premium,cigarette,100.00\n"
            .write(toFile: products, atomically: true, encoding: .utf8)
        let orders = cli.path("o.csv")
        try """
        id,customer_id,ordered_at,sku,quantity,amount,channel
        O1,E1,2026-05-10T09:00:00Z,S1,1200,120000.00,online
        O2,E2,2026-05-11T09:00:00Z,S1,1100,110000.00,online

        """.write(toFile: orders, atomically: true, encoding: .utf8)
        for (kind, file) in [("products", products), ("customers", customers), ("orders", orders)] {
            let imported = try cli.run(["import", kind, file])
            #expect(imported.stdout.contains("rejected 0"), "\(imported.stdout)\(imported.stderr)")
        }
    }

    @Test func recordListAndImportThroughTheCLI() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try Self.node(cli)
        let recorded = try cli.run([
            "compliance", "record", "E1", "--kind", "minor_sale", "--at", "2026-06-01", "--note", "inspection",
        ])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stdout.contains("recorded minor_sale of E1 on 2026-06-01"))
        let again = try cli.run([
            "compliance", "record", "E1", "--kind", "minor_sale", "--at", "2026-06-01", "--note", "inspection",
            "--json",
        ])
        #expect(try jsonObject(again.stdout)["added"] as? Bool == false)

        let unknown = try cli.run(["compliance", "record", "X9", "--kind", "other", "--at", "2026-06-01"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no customer 'X9'"), "\(unknown.stderr)")
        let badKind = try cli.run(["compliance", "record", "E1", "--kind", "theft", "--at", "2026-06-01"])
        #expect(badKind.status == 2 && badKind.stderr.contains("minor_sale"), "\(badKind.stderr)")
        let badDay = try cli.run(["compliance", "record", "E1", "--kind", "other", "--at", "2026-6-1"])
        #expect(badDay.status == 2 && badDay.stderr.contains("YYYY-MM-DD"), "\(badDay.stderr)")

        let file = cli.path("v.csv")
        try "customer_id,kind,at,note\nE2,counterfeit,2026-02-01,\nX9,other,2026-02-02,\nE2,other,2025-01-01,old\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let imported = try cli.run(["compliance", "import", file, "--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let summary = try jsonObject(imported.stdout)
        #expect(summary["imported"] as? Int == 2 && summary["rejected"] as? Int == 1)
        let rejections = summary["rejections"] as? [[String: Any]]
        #expect(rejections?.first?["line"] as? Int == 3)

        let listed = try cli.run(["compliance", "list", "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["at"] as? String } == ["2025-01-01", "2026-02-01", "2026-06-01"])
        #expect(rows.last?["note"] as? String == "inspection")
        let since = try cli.run(["compliance", "list", "--customer", "E2", "--since", "2026-01-01"])
        #expect(since.stdout.contains("counterfeit") && !since.stdout.contains("2025-01-01"), "\(since.stdout)")
    }

    @Test func tiersStarsAndLaunchShowSuspendedCustomersApart() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try Self.node(cli)
        #expect(try cli.run(["compliance", "record", "E1", "--kind", "counterfeit", "--at", "2026-06-15"]).status == 0)

        let tiers = try jsonObject(try cli.run(["analytics", "tiers", "--as-of", "2026-07-01", "--json"]).stdout)
        let value = (tiers["tiers"] as? [[String: Any]])?.first { $0["tier"] as? String == "value" }
        #expect(value?["customers"] as? Int == 1)
        let suspended = try #require(tiers["suspended"] as? [String: Any])
        #expect(suspended["customers"] as? Int == 1)
        let listed = (suspended["listed"] as? [[String: Any]])?.first
        #expect(listed?["id"] as? String == "E1")
        #expect((listed?["violation"] as? [String: Any])?["kind"] as? String == "counterfeit")
        // Before the violation nobody is suspended; with a 10-day window, two weeks later, neither.
        let before = try jsonObject(try cli.run(["analytics", "tiers", "--as-of", "2026-06-15", "--json"]).stdout)
        #expect((before["suspended"] as? [String: Any])?["customers"] as? Int == 0)
        let short = try jsonObject(
            try cli.run(["analytics", "tiers", "--as-of", "2026-07-01", "--suspension-days", "10", "--json"]).stdout)
        #expect((short["suspended"] as? [String: Any])?["customers"] as? Int == 0)
        let text = try cli.run(["analytics", "tiers", "--as-of", "2026-07-01"]).stdout
        #expect(text.contains("suspended") && text.contains("E1"), "\(text)")
        #expect(try cli.run(["analytics", "tiers", "--suspension-days", "0"]).status == 2)

        let stars = try jsonObject(try cli.run(["analytics", "stars", "--as-of", "2026-07-01", "--json"]).stdout)
        #expect(stars["scored"] as? Int == 1 && stars["unscored"] as? Int == 0)
        #expect((stars["suspended"] as? [String: Any])?["customers"] as? Int == 1)

        #expect(try cli.run(["segment", "define", "all", #"status == "active""#]).status == 0)
        let created = try cli.run([
            "campaign", "create", "July", "--segment", "all", "--holdout", "10", "--starts", "2026-07-01",
            "--ends", "2026-07-31", "--id", "july",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        let launch = try jsonObject(
            try cli.run(["campaign", "launch", "july", "--as-of", "2026-07-01", "--json"]).stdout)
        #expect(launch["matched"] as? Int == 2 && launch["suspended"] as? Int == 1)
        #expect((launch["targets"] as? Int ?? 0) + (launch["controls"] as? Int ?? 0) == 1)
    }
}
