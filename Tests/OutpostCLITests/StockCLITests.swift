import Foundation
import Testing

/// `stock set|import|list|warn` end to end: a shop selling 10 units a day for 20 weeks before 2026-03-01, whose
/// shelf runs out within its lead time (exit 3) until it is restocked (exit 0).
@Suite(.serialized, .timeLimit(.minutes(5))) struct StockCLITests {
    static let asOf = ["--as-of", "2026-03-01"]

    static func shop() throws -> CLIRunner {
        let cli = try CLIRunner()
        #expect(try cli.run(["init", "--name", "hq", "--role", "hq", "--region", "east"]).status == 0)
        func write(_ name: String, _ text: String) throws -> String {
            let path = cli.path(name)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let start = 20_513  // 2026-03-01 is day 20,513 since 1970; 140 days of orders before it.
        var orders = "id,customer_id,ordered_at,sku,quantity,amount\n"
        for day in (start - 140)..<start {
            let date = Date(timeIntervalSince1970: Double(day) * 86_400 + 36_000)
            orders += "O\(day),C1,\(ISO8601DateFormatter().string(from: date)),P1,10,100\n"
        }
        for (kind, text) in [
            ("products", "sku,name\nP1,One\nP2,Two\n"), ("customers", "id,name,region\nC1,One,east\nC2,Two,west\n"),
            ("orders", orders),
        ] {
            let result = try cli.run(["import", kind, try write("\(kind).csv", text)])
            #expect(result.status == 0, "\(result.stderr)")
        }
        return cli
    }

    @Test func warnExitsThreeWhileAShelfRunsOutWithinItsLeadTime() throws {
        let cli = try Self.shop()
        defer { cli.cleanUp() }
        // 50 units at 10 a day run out on day 4 (2026-03-05), within 14 days.
        #expect(
            try cli.run(["stock", "set", "east", "P1", "--on-hand", "50", "--min", "100", "--max", "400"]).status == 0)
        let warned = try cli.run(["stock", "warn", "--json"] + Self.asOf)
        #expect(warned.status == 3, "\(warned.stderr)")
        let rows = try #require(try jsonObject(warned.stdout)["rows"] as? [[String: Any]])
        #expect(rows.count == 1)
        let row = rows[0]
        #expect(row["stock_out_on"] as? String == "2026-03-05")
        #expect(row["stock_out_within_lead_time"] as? Bool == true)
        #expect(row["below_min"] as? Bool == true && row["above_max"] as? Bool == false)
        let demand = try #require(row["lead_time_demand"] as? Double)
        #expect(abs(demand - 140) < 1, "\(demand)")
        #expect(row["suggested_order"] as? Double == 400)
        let text = try cli.run(["stock", "warn"] + Self.asOf)
        #expect(text.status == 3 && text.stdout.contains("STOCK-OUT"))

        // Restocked above max: no stock-out, overstock flagged, nothing to order, exit 0.
        #expect(try cli.run(["stock", "set", "east", "P1", "--on-hand", "1000"]).status == 0)
        let calm = try cli.run(["stock", "warn", "--json"] + Self.asOf)
        #expect(calm.status == 0, "\(calm.stdout)")
        let after = try #require((try jsonObject(calm.stdout)["rows"] as? [[String: Any]])?.first)
        // 100 days of stock: beyond the 13 weeks forecast, so no stock-out day.
        #expect(after["stock_out_on"] is NSNull)
        #expect(after["above_max"] as? Bool == true && after["suggested_order"] as? Double == 0)
        // Another region has no sales: no demand, never runs out.
        let other = try cli.run(["stock", "set", "west", "P2", "--on-hand", "3", "--lead-days", "30"])
        #expect(other.status == 0, "\(other.stderr)")
        let west = try cli.run(["stock", "warn", "--region", "west", "--json"] + Self.asOf)
        #expect(west.status == 0)
        let westRow = try #require((try jsonObject(west.stdout)["rows"] as? [[String: Any]])?.first)
        #expect(westRow["stock_out_on"] is NSNull && westRow["lead_time_days"] as? Int == 30)
    }

    @Test func setImportAndListRefuseBadInputAndKeepGoodRows() throws {
        let cli = try Self.shop()
        defer { cli.cleanUp() }
        let refused = [
            ["stock", "set", "east", "P1", "--on-hand=-1"], ["stock", "set", "east", "P9", "--on-hand", "1"],
            ["stock", "set", "mars", "P1", "--on-hand", "1"],
            ["stock", "set", "east", "P1", "--min", "9", "--max", "3"],
        ]
        for arguments in refused {
            let result = try cli.run(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.hasPrefix("error: "))
        }
        let file = cli.path("stock.csv")
        try "region,sku,on_hand,min_level,max_level\neast,P1,5,1,9\neast,P1,-5,,\nwest,P2,2,3,1\nwest,P2,2,,\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let imported = try cli.run(["stock", "import", file, "--json"])
        #expect(imported.status == 0)
        let summary = try jsonObject(imported.stdout)
        #expect(summary["imported"] as? Int == 2 && summary["rejected"] as? Int == 2)
        let lines = (summary["rejections"] as? [[String: Any]])?.compactMap { $0["line"] as? Int }
        #expect(lines == [3, 4])
        let list = try cli.run(["stock", "list", "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { "\($0["region"]!)/\($0["sku"]!)/\($0["lead_time_days"]!)" } == ["east/P1/14", "west/P2/14"])
        let east = try cli.run(["stock", "list", "--region", "east"])
        #expect(east.stdout.contains("P1") && !east.stdout.contains("P2"))
    }
}
