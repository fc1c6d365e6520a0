import CRM
import Foundation
import Replica
import TestSupport
import Testing

/// Rows that follow a customer (orders, interactions, compliance records, tags) on an office: one referring to a
/// customer of another region, or to no customer here, is refused at the command line, as the office's peers
/// would refuse it; the good rows of the same file are kept.
@Suite(.timeLimit(.minutes(5))) struct ScopedChildrenCLITests {
    /// An east office holding E1 (east) and, written past its checks as a release without scopes would have,
    /// N1 (north); a product for orders.
    static func office() throws -> CLIRunner {
        let cli = try CLIRunner()
        #expect(try cli.run(["init", "--name", "east-1", "--role", "office", "--region", "east"]).status == 0)
        #expect(try cli.run(["customer", "add", "E1", "--name", "east shop", "--region", "east"]).status == 0)
        let replica = try Replica.open(at: cli.path("node/replica.sqlite"), declaring: TestReplicas.declarations)
        try replica.write { writer in
            try writer.insert(
                .customers, key: ["N1"], values: ["name": "north shop".databaseValue, "region": "north".databaseValue])
            try writer.insert(.products, key: ["S1"], values: ["name": "Zhonghua".databaseValue])
        }
        return cli
    }

    /// `import KIND FILE --json` (`compliance import FILE --json` for compliance) as an object.
    static func importJSON(_ cli: CLIRunner, _ kind: String, _ csv: String) throws -> [String: Any] {
        let file = cli.path("\(kind).csv")
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        let command = kind == "compliance" ? ["compliance", "import"] : ["import", kind]
        let result = try cli.run(command + [file, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return try #require(object, "\(result.stdout) \(result.stderr)")
    }

    static func rejections(_ object: [String: Any]) -> [Int: String] {
        var byLine: [Int: String] = [:]
        for item in object["rejections"] as? [[String: Any]] ?? [] {
            if let line = item["line"] as? Int, let reason = item["reason"] as? String { byLine[line] = reason }
        }
        return byLine
    }

    @Test func ordersAndInteractionsForAnotherRegionOrAnUnknownCustomerAreRejectedPerRow() throws {
        let cli = try Self.office()
        defer { cli.cleanUp() }
        let orders = try Self.importJSON(
            cli, "orders",
            """
            id,customer_id,ordered_at,sku,quantity,amount
            O1,E1,2026-03-01T10:00:00Z,S1,2,40
            O2,N1,2026-03-01T10:00:00Z,S1,1,20
            O3,X9,2026-03-01T10:00:00Z,S1,1,20
            O4,E1,2026-03-02T10:00:00Z,S1,1,20

            """)
        #expect(orders["imported"] as? Int == 2)
        #expect(orders["rejected"] as? Int == 2)
        let rejected = Self.rejections(orders)
        #expect(rejected[3] == "customer_id 'N1' is in region north, outside this node's regions (east)")
        #expect(rejected[4] == "unknown customer_id 'X9' (import customers first)")
        #expect(rejected.count == 2)

        let interactions = try Self.importJSON(
            cli, "interactions",
            """
            id,customer_id,at,kind,note
            I1,N1,2026-03-01T10:00:00Z,visit,north
            I2,E1,2026-03-01T10:00:00Z,call,east

            """)
        #expect(interactions["imported"] as? Int == 1)
        #expect(
            Self.rejections(interactions) == [
                2: "customer_id 'N1' is in region north, outside this node's regions (east)"
            ])

        // What was kept is east's alone.
        let checksum = try JSONSerialization.jsonObject(with: Data(cli.run(["checksum", "--json"]).stdout.utf8))
        let tables = try #require(checksum as? [String: [String: Any]])
        #expect(tables["orders"]?["rows"] as? Int == 2)
        #expect(tables["interactions"]?["rows"] as? Int == 1)
    }

    @Test func tagsAndComplianceRecordsOfAnotherRegionsCustomerAreRefused() throws {
        let cli = try Self.office()
        defer { cli.cleanUp() }
        #expect(try cli.run(["tag", "add", "E1", "vip"]).status == 0)
        let tagged = try cli.run(["tag", "add", "N1", "vip"])
        #expect(tagged.status != 0)
        #expect(tagged.stderr.contains("customer N1 is in region north, outside this node's regions (east)"))
        #expect(try cli.run(["tag", "remove", "N1", "vip"]).status != 0)
        #expect(try cli.run(["tag", "list", "N1"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        #expect(try cli.run(["tag", "list", "E1"]).stdout.contains("vip"))

        let compliance = try Self.importJSON(
            cli, "compliance",
            """
            customer_id,kind,at,note
            N1,minor_sale,2026-03-01,north
            E1,minor_sale,2026-03-01,east

            """)
        #expect(compliance["imported"] as? Int == 1, "\(compliance)")
        #expect(Self.rejections(compliance)[2]?.contains("outside this node's regions (east)") == true)
        let recorded = try cli.run(["compliance", "record", "N1", "--kind", "other", "--at", "2026-06-01"])
        #expect(recorded.status != 0)
        #expect(recorded.stderr.contains("customer N1 is in region north, outside this node's regions (east)"))
        #expect(try cli.run(["compliance", "record", "E1", "--kind", "other", "--at", "2026-06-01"]).status == 0)
    }
}
