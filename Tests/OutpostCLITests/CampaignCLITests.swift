import Foundation
import Testing

/// The campaign loop through the built binary: headquarters launches, two offices record contacts offline, all
/// sync over real ZeroMQ (`serve` and `sync --once`), and every node prints the same report.
@Suite(.timeLimit(.minutes(5))) struct CampaignCLITests {
    /// 300 customers, half east and half west, all with consent; orders before launch and, for about a third of
    /// them, a brand-B order during the campaign.
    static func data(in directory: String) throws -> (customers: String, products: String, orders: String) {
        var customers = "id,name,region,channel,status,marketing_consent\n"
        var orders = "id,customer_id,ordered_at,sku,quantity,amount,channel\n"
        for number in 1...300 {
            let id = "K\(1000 + number)"
            customers += "\(id),Shop \(number),\(number % 2 == 0 ? "east" : "west"),chain,active,true\n"
            orders += "A\(number),\(id),2026-02-0\(1 + number % 9)T10:00:00Z,V1,1,\(50 + number),chain\n"
            if number % 3 == 0 || number % 7 == 0 {
                orders += "B\(number),\(id),2026-03-1\(number % 10)T10:00:00Z,G1,1,\(400 + number % 50),chain\n"
            }
        }
        let products =
            "sku,name,brand,price_tier,category,unit_price\nG1,Gold,B,premium,cigarette,500\n"
            + "V1,Plain,V,value,cigarette,100\n"
        let paths = ["customers.csv", "products.csv", "orders.csv"].map { directory + "/" + $0 }
        try customers.write(toFile: paths[0], atomically: true, encoding: .utf8)
        try products.write(toFile: paths[1], atomically: true, encoding: .utf8)
        try orders.write(toFile: paths[2], atomically: true, encoding: .utf8)
        return (paths[0], paths[1], paths[2])
    }

    @Test func headquartersLaunchesOfficesContactOfflineAndEveryNodeReportsTheSame() throws {
        let cluster = try AdminCluster()
        try cluster.initialize("hq", role: "hq")
        try cluster.initialize("east")
        try cluster.initialize("west")
        let files = try Self.data(in: cluster.cli.home.path)
        for (table, file) in [("products", files.products), ("customers", files.customers), ("orders", files.orders)] {
            #expect(try cluster.run("hq", ["import", table, file]).status == 0)
        }
        #expect(try cluster.run("hq", ["segment", "define", "active", #"status == "active""#]).status == 0)
        let created = try cluster.run(
            "hq",
            [
                "campaign", "create", "Gold push", "--segment", "active", "--holdout", "20", "--starts", "2026-03-01",
                "--ends", "2026-03-31", "--goal", "brand:B", "--channel", "visit",
            ])
        #expect(created.status == 0, "\(created.stderr)")
        let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let launched = try cluster.run("hq", ["campaign", "launch", id, "--as-of", "2026-03-01"])
        #expect(launched.status == 0, "\(launched.stderr)")
        #expect(launched.stdout.contains("0 of 300 matched customers left out"))
        let relaunch = try cluster.run("hq", ["campaign", "launch", id, "--as-of", "2026-03-01"])
        #expect(relaunch.status == 1 && relaunch.stderr.contains("launches once"))

        let endpoint = try cluster.serve("hq")
        for office in ["east", "west"] {
            try cluster.addPeer(on: "hq", office)
            try cluster.addPeer(on: office, "hq", endpoint: endpoint)
            #expect(try cluster.run(office, ["sync", "--once", "--timeout", "10"]).status == 0)
        }

        // Offline: each office works through its own call list, then one contact of a control is refused.
        for office in ["east", "west"] {
            let list = try cluster.run(office, ["campaign", "export", id])
            #expect(list.status == 0, "\(list.stderr)")
            let rows = list.stdout.split(separator: "\n").dropFirst().map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
            #expect(!rows.isEmpty && rows.allSatisfy { $0.count == 9 && $0[4] == office }, "\(list.stdout)")
            var sheet = "customer_id,outcome,note\n"
            for (index, row) in rows.enumerated() where index % 2 == 0 {
                sheet += "\(row[0]),\(index % 4 == 0 ? "reached" : "no_answer"),\(office) round 1\n"
            }
            let path = cluster.cli.home.path + "/\(office)-contacts.csv"
            try sheet.write(toFile: path, atomically: true, encoding: .utf8)
            let imported = try cluster.run(office, ["campaign", "contact", id, "--import", path])
            #expect(imported.status == 0, "\(imported.stdout) \(imported.stderr)")
            let control = try cluster.json(office, ["campaign", "members", id, "--group", "control"])
            let first = try #require((control.value as? [[String: Any]])?.first?["customer_id"] as? String)
            let refused = try cluster.run(office, ["campaign", "contact", id, first, "--outcome", "reached"])
            #expect(refused.status == 1 && refused.stderr.contains("contaminate the control"))
            // A bad sheet: its good row is kept, the others are named by line, and the exit status is 1.
            let bad = cluster.cli.home.path + "/\(office)-bad.csv"
            try "customer_id,outcome\n\(first),reached\nNOBODY,reached\n\(rows[1][0]),refused\n"
                .write(toFile: bad, atomically: true, encoding: .utf8)
            let partial = try cluster.run(office, ["campaign", "contact", id, "--import", bad])
            #expect(partial.status == 1)
            #expect(partial.stdout.contains("recorded 1 contacts, rejected 2 rows"), "\(partial.stdout)")
            #expect(partial.stdout.contains("line 2: customer \(first) is in the control group"))
            #expect(partial.stdout.contains("line 3: customer NOBODY is not a member"))
        }

        // Sync: each office pushes its contacts, then pulls the other's.
        for office in ["east", "west", "east"] {
            #expect(try cluster.run(office, ["sync", "--once", "--timeout", "10"]).status == 0)
        }
        var reports: [String: String] = [:]
        for node in ["hq", "east", "west"] {
            let result = try cluster.run(
                node, ["campaign", "report", id, "--by", "region", "--as-of", "2026-05-15", "--json"])
            #expect(result.status == 0, "\(node): \(result.stderr)")
            reports[node] = result.stdout
        }
        #expect(reports["east"] == reports["hq"] && reports["west"] == reports["hq"])
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(reports["hq"]!.utf8)) as? [String: Any])
        let pooled = try #require(report["pooled"] as? [String: Any])
        #expect((pooled["targets"] as? Int ?? 0) + (pooled["controls"] as? Int ?? 0) == 300)
        #expect((pooled["contacted_targets"] as? Int ?? 0) > 0)
        let regions = try #require(report["regions"] as? [[String: Any]])
        #expect(regions.compactMap { $0["region"] as? String } == ["east", "west"])
        // Contacts from both offices arrived everywhere.
        let contacted = regions.map { $0["contacted_targets"] as? Int ?? 0 }
        #expect(contacted.allSatisfy { $0 > 0 } && contacted.reduce(0, +) == pooled["contacted_targets"] as? Int)
        #expect(try cluster.run("west", ["campaign", "verify", id]).status == 0)
        let text = try cluster.run("west", ["campaign", "report", id, "--by", "region", "--as-of", "2026-05-15"])
        #expect(text.stdout.contains("all (pooled)") && text.stdout.contains("Verdict:"))
    }

    @Test func badInputIsRefusedWithAReason() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try cli.run(["init", "--name", "hq", "--role", "hq", "--region", "all"]).status == 0)
        #expect(try cli.run(["segment", "define", "all", "has_orders or not has_orders"]).status == 0)
        let base = ["campaign", "create", "X", "--starts", "2026-03-01"]
        let cases: [([String], String)] = [
            (base + ["--segment", "nope", "--holdout", "10", "--ends", "2026-03-31"], "no segment 'nope'"),
            (base + ["--segment", "all", "--holdout", "10", "--ends", "2026-02-01"], "before --starts"),
            (base + ["--segment", "all", "--holdout", "60", "--ends", "2026-03-31"], "1 to 50"),
            (base + ["--segment", "all", "--holdout", "10", "--ends", "2026-03-31", "--goal", "size:L"], "--goal"),
            (["campaign", "launch", "cmp-none"], "no campaign 'cmp-none'"),
        ]
        for (arguments, message) in cases {
            let result = try cli.run(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        let bad = try cli.run(base + ["--segment", "all", "--holdout", "10", "--ends", "31/03/2026"])
        #expect(bad.status == 2 && bad.stderr.contains("not a YYYY-MM-DD day"))
        let listed = try cli.run(["campaign", "list", "--json"])
        #expect(listed.status == 0 && listed.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }
}
