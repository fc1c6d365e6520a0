import Foundation
import Testing

/// `checksum --json` is what an operator compares across nodes; its hashes are checked against
/// scripts/checksum-reference.sh, which reads the node's SQLite file with the sqlite3 shell and no Outpost code.
@Suite(.timeLimit(.minutes(5))) struct ChecksumCLITests {
    /// "table rows hash" lines of the reference script for `tables` of the node's replica.
    private func reference(_ cli: CLIRunner, _ tables: [String]) throws -> [String: (rows: Int, hash: String)] {
        let script = CLIRunner.repository.appendingPathComponent("scripts/checksum-reference.sh").path
        let result = try CLIRunner.execute(
            URL(fileURLWithPath: "/bin/bash"), [script, cli.path("node") + "/replica.sqlite"] + tables)
        try #require(result.status == 0, "\(result.stderr)")
        var tablesByName: [String: (rows: Int, hash: String)] = [:]
        for line in result.stdout.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            try #require(fields.count == 3)
            tablesByName[fields[0]] = (try #require(Int(fields[1])), fields[2])
        }
        return tablesByName
    }

    private func checksums(_ cli: CLIRunner) throws -> [String: [String: Any]] {
        let result = try cli.run(["checksum", "--json"])
        try #require(result.status == 0, "\(result.stderr)")
        return try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [String: Any]])
    }

    @Test func checksumJSONHashesMatchAnIndependentComputation() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try cli.run(["init", "--name", "east-1", "--role", "office", "--region", "east"])
        for (id, name) in [("310101000002", "李记"), ("310101000001", "张记便利店")] {
            let added = try cli.run(["customer", "add", id, "--name", name, "--region", "east", "--channel", "chain"])
            try #require(added.status == 0, "\(added.stderr)")
        }
        try cli.run(["tag", "add", "310101000001", "vip"])
        let tables = ["customers", "customer_tags", "segments"]
        let before = try checksums(cli)
        let expected = try reference(cli, tables)
        for table in tables {
            #expect(before[table]?["hash"] as? String == expected[table]?.hash, "\(table)")
            #expect(before[table]?["rows"] as? Int == expected[table]?.rows, "\(table)")
        }
        #expect(before["customers"]?["rows"] as? Int == 2)

        // One changed cell: the CLI's hash moves, and still agrees with the reference.
        #expect(try cli.run(["customer", "update", "310101000002", "--phone", "13800000000"]).status == 0)
        let after = try checksums(cli)
        #expect(after["customers"]?["hash"] as? String != before["customers"]?["hash"] as? String)
        #expect(after["customers"]?["hash"] as? String == (try reference(cli, ["customers"]))["customers"]?.hash)
        #expect(after["customer_tags"]?["hash"] as? String == before["customer_tags"]?["hash"] as? String)
    }
}
