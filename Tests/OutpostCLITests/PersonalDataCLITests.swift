import Foundation
import Testing

/// Every command the binary has either is run here and prints no personal value in the clear, or is listed as
/// one that prints no customer data (with why). The list of commands comes from the binary's own help dump, so a
/// new command fails this test until someone decides which it is.
@Suite(.timeLimit(.minutes(5))) struct PersonalDataCLITests {
    /// Parts of the stored personal values that a masked output never shows.
    static let secrets = ["1390000", "欧阳娜娜", "文三路", "LIC-SECRET"]

    /// Commands run against the seeded node, each with the argument lists tried (after the command path). Commands
    /// that print no customer field today are run once (JSON), to catch one that starts to.
    static let reads: [String: [[String]]] = [
        "customer show": [["C01"], ["C01", "--json"]],
        "customer list": [[], ["--json"]],
        "tag list": [["C01"]],
        "export": [
            ["customers"], ["customers", "--format", "json"], ["segment", "all"], ["orders"],
            ["campaign_members", "--format", "json"],
        ],
        "checksum": [["--json"]],
        "segment list": [[]],
        "segment run": [["all"]],
        "segment show": [["all"], ["all", "--json"]],
        "campaign verify": [["{campaign}"]],
        "campaign members": [["{campaign}"], ["{campaign}", "--json"]],
        "campaign report": [
            ["{campaign}", "--as-of", "2026-03-31"], ["{campaign}", "--as-of", "2026-03-31", "--json"],
        ],
        "campaign list": [[], ["--json"]],
        "campaign show": [["{campaign}"], ["{campaign}", "--json"]],
        "analytics rfm": [["--as-of", "2026-04-01", "--json"]],
        "analytics tiers": [["--as-of", "2026-04-01", "--json"]],
        "analytics stars": [["--as-of", "2026-04-01", "--json"]],
        "analytics programme": [["--as-of", "2026-04-01", "--json"]],
        "analytics lifecycle": [["--as-of", "2026-04-01", "--json"]],
        "analytics churn": [["--as-of", "2026-04-01", "--json"]],
        "analytics kmeans": [["--as-of", "2026-04-01", "--k", "2", "--json"]],
        "analytics clv": [["--as-of", "2026-04-01", "--json"]],
        "analytics tree": [["--as-of", "2026-04-01", "--target", "churned:30", "--json"]],
        "status": [[], ["--json"]],
        "log": [["--json"]],
        "conflicts": [[], ["--json"]],
        "doctor": [[]],
        "compliance list": [[], ["--json"]],
        "peer list": [[]],
        "keys show": [[]],
        "audit list": [[], ["--json"]],
        "audit verify": [[], ["--json"]],
        "report": [["--as-of", "2026-04-01", "--json"]],
    ]

    /// Commands that write, serve or administer and print only counts, ids or confirmations.
    static let printNoCustomerData: [String: String] = [
        "init": "creates the node", "peer add": "admin", "peer remove": "admin", "serve": "runs the sync server",
        "sync": "prints counts", "customer add": "prints the id", "customer update": "prints field names",
        "customer delete": "prints the id", "customer erase": "prints the id and the names of the erased fields",
        "tag add": "prints the id", "tag remove": "prints the id",
        "import": "prints counts and rejected line numbers; the rejects file holds the user's own input",
        "segment define": "prints the name", "campaign create": "prints the id", "campaign launch": "prints counts",
        "campaign contact": "prints the outcome", "compliance record": "prints the id",
        "compliance import": "prints counts", "help": "help text",
        "campaign export": "the call list: unmasked on purpose (checked at the end of readsAndExportsMask…)",
        "analytics forecast": "weekly quantities per region, category or product: no customer appears",
        "stock set": "prints the region and product", "stock import": "prints counts",
        "stock list": "stock per region and product: no customer appears",
        "stock warn": "stock per region and product: no customer appears",
    ]

    /// Every leaf command of the binary, as space-separated paths (`customer show`).
    static func commands() throws -> [String] {
        let dump = try CLIRunner.execute(CLIRunner.binary, ["--experimental-dump-help"])
        let root = try #require(
            try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var leaves: [String] = []
        func walk(_ command: [String: Any], _ path: [String]) {
            let children = command["subcommands"] as? [[String: Any]] ?? []
            if children.isEmpty { leaves.append(path.joined(separator: " ")) }
            for child in children { walk(child, path + [child["commandName"] as? String ?? "?"]) }
        }
        walk(try #require(root["command"] as? [String: Any]), [])
        return leaves
    }

    /// A node (headquarters, so it may create campaigns) holding 40 customers with personal fields and orders,
    /// a segment and a launched campaign; returns the campaign id.
    static func seed(_ cli: CLIRunner) throws -> String {
        #expect(try cli.run(["init", "--name", "hq", "--role", "hq", "--region", "east"]).status == 0)
        var customers = "id,name,owner,phone,licence_no,region,district,address,channel,status,marketing_consent\n"
        var orders = "id,customer_id,ordered_at,sku,quantity,amount,channel\n"
        for number in 1...40 {
            let id = String(format: "C%02d", number)
            customers += "\(id),Shop \(number),欧阳娜娜,1390000\(String(format: "%04d", number)),"
            customers += "LIC-SECRET-\(number),east,西湖区,浙江省杭州市西湖区文三路\(number)号,chain,active,true\n"
            for month in 1...(1 + number % 3) {
                orders +=
                    "O\(number)-\(month),\(id),2026-0\(month)-1\(number % 9)T10:00:00Z,V1,1,\(50 + number),chain\n"
            }
        }
        let files = [
            ("products", "sku,name,brand,price_tier,category,unit_price\nV1,Plain,V,value,cigarette,100\n"),
            ("customers", customers), ("orders", orders),
        ]
        for (table, text) in files {
            try text.write(toFile: cli.path("\(table).csv"), atomically: true, encoding: .utf8)
            let imported = try cli.run(["import", table, cli.path("\(table).csv")])
            #expect(imported.status == 0, "\(imported.stdout) \(imported.stderr)")
        }
        #expect(try cli.run(["tag", "add", "C01", "vip"]).status == 0)
        #expect(try cli.run(["segment", "define", "all", #"status == "active""#]).status == 0)
        #expect(try cli.run(["segment", "run", "all"]).status == 0)
        let created = try cli.run([
            "campaign", "create", "Spring", "--segment", "all", "--holdout", "20", "--starts", "2026-03-01",
            "--ends", "2026-03-31",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try cli.run(["campaign", "launch", id, "--as-of", "2026-03-01"]).status == 0)
        return id
    }

    @Test func everyCommandIsEitherCheckedForMaskingOrPrintsNoCustomerData() throws {
        let commands = try Self.commands()
        #expect(commands.contains("customer show") && commands.count > 30)
        for command in commands {
            let checked = Self.reads[command] != nil
            let exempt = Self.printNoCustomerData[command] != nil
            #expect(checked != exempt, "decide whether `\(command)` prints customer data (PersonalDataCLITests)")
        }
        for command in Self.reads.keys { #expect(commands.contains(command), "\(command) is gone") }
    }

    @Test func readsAndExportsMaskPersonalFieldsUnlessUnmasked() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let campaign = try Self.seed(cli)
        for (command, variants) in Self.reads.sorted(by: { $0.key < $1.key }) {
            for variant in variants {
                let arguments =
                    command.split(separator: " ").map(String.init)
                    + variant.map { $0 == "{campaign}" ? campaign : $0 }
                let result = try cli.run(arguments)
                #expect(result.status == 0, "\(arguments): \(result.stderr)")
                for secret in Self.secrets {
                    #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret), "\(arguments)")
                }
            }
        }
        // The masked forms are what a reader sees instead.
        let shown = try cli.run(["customer", "show", "C01", "--json"])
        let object = try jsonObject(shown.stdout)
        #expect(object["phone"] as? String == "139****0001")
        #expect(object["owner"] as? String == "欧***")
        #expect(object["address"] as? String == "浙江省杭州市西湖区***")
        #expect(object["licence_no"] as? String == "********ET-1")

        let unmasked = try jsonObject(try cli.run(["customer", "show", "C01", "--json", "--unmask"]).stdout)
        #expect(unmasked["phone"] as? String == "13900000001")
        #expect(unmasked["owner"] as? String == "欧阳娜娜")
        let export = try cli.run(["export", "customers", "--unmask"])
        #expect(export.stdout.contains("13900000040") && export.stdout.contains("浙江省杭州市西湖区文三路40号"))

        // The call list is what staff phone from: unmasked without asking, and recorded like an unmasking.
        let list = try cli.run(["campaign", "export", campaign])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains(",欧阳娜娜,1390000"))
        let audit = try cli.run(["audit", "--action", "unmask", "--json"])
        let objects = (try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]])?
            .compactMap { $0["object"] as? String }
        #expect(objects == ["customer C01", "customers", "call list of \(campaign)"])
    }
}
