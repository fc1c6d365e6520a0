import Foundation
import Testing

/// `outpost analytics programme` as docs/cli.md describes it: quarters, per-region figures, JSON keys and the
/// errors for bad options.
@Suite(.timeLimit(.minutes(5))) struct ProgrammeCLITests {
    @Test func programmeReportsQuartersRegionsAndMigrations() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try cli.run(["init", "--name", "hq", "--role", "hq", "--region", "all"]).status == 0)
        let customers = cli.path("c.csv")
        try "id,name,region,channel\nE1,East shop,east,chain\nN1,North shop,north,chain\n"
            .write(toFile: customers, atomically: true, encoding: .utf8)
        let products = cli.path("p.csv")
        try "sku,name,brand,price_tier,category,unit_price\nS1,Brand,B,premium,cigarette,100.00\n"
            .write(toFile: products, atomically: true, encoding: .utf8)
        // E1 buys 120,000 in 2026Q2: value at the 2026Q2 end. N1 buys 60,000 in 2025Q3 and 20,000 in 2026Q3.
        let orders = cli.path("o.csv")
        try """
        id,customer_id,ordered_at,sku,quantity,amount,channel
        O1,N1,2025-08-10T09:00:00Z,S1,600,60000.00,online
        O2,E1,2026-05-10T09:00:00Z,S1,1200,120000.00,online
        O3,N1,2026-08-10T09:00:00Z,S1,200,20000.00,online

        """.write(toFile: orders, atomically: true, encoding: .utf8)
        for (kind, file) in [("products", products), ("customers", customers), ("orders", orders)] {
            let imported = try cli.run(["import", kind, file])
            #expect(imported.stdout.contains("rejected 0"), "\(imported.stdout)\(imported.stderr)")
        }

        let result = try cli.run([
            "analytics", "programme", "--as-of", "2026-10-01", "--quarters", "3", "--by", "region", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try jsonObject(result.stdout)
        let quarters = try #require(object["quarters"] as? [[String: Any]])
        #expect(quarters.map { $0["quarter"] as? String } == ["2026Q1", "2026Q2", "2026Q3"])
        #expect(quarters.map { $0["boundary"] as? String } == ["2026-04-01", "2026-07-01", "2026-10-01"])
        func tier(_ quarter: [String: Any], _ name: String) -> Int? {
            ((quarter["tiers"] as? [String: Any])?[name] as? [String: Any])?["customers"] as? Int
        }
        #expect(quarters.map { tier($0, "value") } == [0, 1, 1])
        #expect(quarters.map { tier($0, "potential") } == [1, 1, 0])
        #expect(quarters.map { tier($0, "basic") } == [0, 0, 1])
        // Into 2026Q3: E1 stays value, N1 falls from potential to basic.
        let counts = (quarters[2]["migration"] as? [String: Any])?["counts"] as? [String: [String: Int]]
        #expect(counts?["value"]?["value"] == 1)
        #expect(counts?["potential"]?["basic"] == 1)
        let kpis = try #require(quarters[2]["kpis"] as? [String: Any])
        #expect(kpis["value_at_start"] as? Int == 1)
        #expect(kpis["value_retention"] as? Double == 1)
        // E1 bought nothing in the last 90 days of 2026Q3.
        #expect(kpis["value_churn"] as? Double == 1)
        let regions = try #require(object["regions"] as? [String: [[String: Any]]])
        #expect(Set(regions.keys) == ["east", "north"])
        #expect(regions["north"]?.map { tier($0, "value") } == [0, 0, 0])

        let text = try cli.run(["analytics", "programme", "--as-of", "2026-10-01", "--quarters", "3"])
        #expect(text.stdout.contains("2026Q2 → 2026Q3"), "\(text.stdout)")
        #expect(text.stdout.contains("potential→value 4q"))

        let bad = try cli.run(["analytics", "programme", "--by", "district"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--by takes `region`"), "\(bad.stderr)")
    }
}
