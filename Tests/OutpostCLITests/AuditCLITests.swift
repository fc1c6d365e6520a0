import Foundation
import GRDB
import Testing

/// `outpost audit` and `audit verify` through the built binary: what the commands record, and a chain edited or
/// cut behind the node's back (as with the sqlite3 shell) fails `verify`, naming the entry.
@Suite(.timeLimit(.minutes(5))) struct AuditCLITests {
    static func node(_ cli: CLIRunner) throws {
        #expect(try cli.run(["init", "--name", "east-1", "--role", "office", "--region", "east"]).status == 0)
        let added = try cli.run([
            "customer", "add", "C1", "--name", "Shop", "--region", "east", "--phone", "13912345678",
        ])
        #expect(added.status == 0)
        #expect(try cli.run(["tag", "add", "C1", "vip"]).status == 0)
        #expect(try cli.run(["export", "customers"]).status == 0)
        #expect(try cli.run(["customer", "show", "C1", "--unmask"]).status == 0)
        #expect(try cli.run(["customer", "delete", "C1"]).status == 0)
    }

    static func tamper(_ cli: CLIRunner, _ sql: String) throws {
        let queue = try DatabaseQueue(path: cli.path("node/replica.sqlite"))
        try queue.write { try $0.execute(sql: sql) }
    }

    @Test func commandsAreRecordedWithoutPersonalValues() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try Self.node(cli)
        let listed = try cli.run(["audit", "--json"])
        #expect(listed.status == 0)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(entries.map { $0["action"] as? String } == ["init", "write", "write", "export", "unmask", "delete"])
        #expect(entries.map { $0["seq"] as? Int } == [1, 2, 3, 4, 5, 6])
        #expect(entries.allSatisfy { $0["node"] as? String == "east-1" })
        #expect(entries[3]["detail"] as? String == "1 rows, masked, to standard output")
        #expect(entries[4]["object"] as? String == "customer C1")
        #expect(!listed.stdout.contains("13912345678") && !listed.stdout.contains("1391"))
        let only = try cli.run(["audit", "--action", "unmask", "--json"])
        #expect((try JSONSerialization.jsonObject(with: Data(only.stdout.utf8)) as? [Any])?.count == 1)
        let verified = try cli.run(["audit", "verify"])
        #expect(verified.status == 0)
        #expect(verified.stdout.hasPrefix("audit chain of east-1: 6 entries, intact"))
    }

    @Test func verifyNamesTheEditedEntry() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try Self.node(cli)
        try Self.tamper(cli, "UPDATE outpost_audit SET detail = '0 rows, masked, to standard output' WHERE seq = 4")
        let verified = try cli.run(["audit", "verify"])
        #expect(verified.status == 1)
        #expect(verified.stdout.contains("entry 4 was changed"), "\(verified.stdout)")
    }

    @Test func verifyNamesTheDeletedEntry() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try Self.node(cli)
        try Self.tamper(cli, "DELETE FROM outpost_audit WHERE action = 'unmask'")
        let verified = try cli.run(["audit", "verify", "--json"])
        #expect(verified.status == 1)
        let result = try #require(try JSONSerialization.jsonObject(with: Data(verified.stdout.utf8)) as? [String: Any])
        #expect(result["intact"] as? Bool == false && result["broken_at"] as? Int == 5)
    }
}
