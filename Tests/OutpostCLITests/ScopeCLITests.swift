import Foundation
import Testing

/// Region scope at the command line: what `init`, `peer add`, `customer add|update` and `checksum --scope` accept.
@Suite(.timeLimit(.minutes(5))) struct ScopeCLITests {
    @Test func anOfficeRefusesAnotherRegionsCustomerUpFront() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try cli.run(["init", "--name", "east-1", "--role", "office", "--region", "east,north"]).status == 0)
        #expect(try cli.run(["customer", "add", "E1", "--name", "e", "--region", "east"]).status == 0)
        #expect(try cli.run(["customer", "add", "N1", "--name", "n", "--region", "north"]).status == 0)
        let refused = try cli.run(["customer", "add", "W1", "--name", "w", "--region", "west"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("customer W1 is in region west, outside this node's regions (east,north)"))
        let moved = try cli.run(["customer", "update", "E1", "--region", "west"])
        #expect(moved.status != 0)
        #expect(moved.stderr.contains("outside this node's regions"))
        let shown = try cli.run(["customer", "show", "E1", "--json"])
        #expect(shown.stdout.contains("\"east\""))
        #expect(!(try cli.run(["customer", "show", "W1"]).status == 0))
    }

    @Test func anOfficeImportRejectsAnotherRegionsCustomers() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try cli.run(["init", "--name", "east-1", "--role", "office", "--region", "east"]).status == 0)
        let file = cli.path("customers.csv")
        try "id,name,region\nE1,east shop,east\nN1,north shop,north\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let imported = try cli.run(["import", "customers", file, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as? [String: Any]
        #expect(object?["imported"] as? Int == 1, "\(imported.stdout)")
        #expect(object?["rejected"] as? Int == 1)
        #expect(imported.stdout.contains("region 'north' is outside this node's regions (east)"))
        #expect(try cli.run(["customer", "show", "N1"]).status != 0)
    }

    @Test func initAndPeerAddCheckScopes() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let office = try cli.run(["init", "--name", "o", "--role", "office", "--region", "all"], node: "o")
        #expect(office.status != 0)
        #expect(office.stderr.contains("one or more region names"))
        #expect(try cli.run(["init", "--name", "hq", "--role", "hq", "--region", "all"]).status == 0)
        let key = String(repeating: "0", count: 40)
        let missing = try cli.run(["peer", "add", "east", "--key", key, "--role", "office"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("an office peer needs --region"))
        let bad = try cli.run(["peer", "add", "east", "--key", key, "--role", "office", "--region", "east,,x"])
        #expect(bad.status != 0)
        #expect(try cli.run(["peer", "add", "east", "--key", key, "--role", "office", "--region", "east"]).status == 0)
        #expect(try cli.run(["peer", "list", "--json"]).stdout.contains("\"east\""))
    }

    @Test func checksumScopeCountsOnlyThatRegionsRows() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try cli.run(["init", "--name", "hq", "--role", "hq", "--region", "all"]).status == 0)
        for (id, region) in [("E1", "east"), ("E2", "east"), ("N1", "north")] {
            #expect(try cli.run(["customer", "add", id, "--name", id, "--region", region]).status == 0)
        }
        let east = try cli.run(["checksum", "--scope", "east", "--json"])
        #expect(east.status == 0, "\(east.stderr)")
        let all = try cli.run(["checksum", "--json"])
        let eastRows = try Self.customerRows(east.stdout)
        #expect(eastRows == 2)
        #expect(try Self.customerRows(all.stdout) == 3)
        #expect(try Self.customerRows(cli.run(["checksum", "--scope", "east,north", "--json"]).stdout) == 3)
        #expect(try cli.run(["checksum", "--scope", ""]).status != 0)
    }

    static func customerRows(_ json: String) throws -> Int? {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return (object?["customers"] as? [String: Any])?["rows"] as? Int
    }
}
