import CRM
import Foundation
import GRDB
import Replica
import TestSupport
import Testing

/// `segment define` refuses a rule too deep to parse, and `segment run` skips such a rule received from another
/// node, runs the others and exits 1 naming it.
@Suite(.timeLimit(.minutes(5))) struct SegmentBoundsCLITests {
    static let deep = String(repeating: "(", count: 30_000) + "has_orders" + String(repeating: ")", count: 30_000)

    @Test func aDeepRuleIsRefusedAtDefineAndSkippedAtRun() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try cli.run(["init", "--name", "east-1", "--role", "office", "--region", "east"])
        try cli.run(["customer", "add", "C1", "--name", "Zhang", "--region", "east"])
        #expect(try cli.run(["segment", "define", "everyone", "not has_orders"]).status == 0)
        let refused = try cli.run(["segment", "define", "deep", Self.deep])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("the limit is 4096 bytes"))

        // As a peer's change would arrive: written into the replicated table, past `define`'s check.
        do {
            let replica = try Replica.open(at: cli.path("node/replica.sqlite"), declaring: TestReplicas.declarations)
            try replica.write { writer in
                _ = try writer.upsert(
                    .segments, key: ["deep"],
                    values: ["expression": Self.deep.databaseValue, "description": "".databaseValue])
            }
        }
        let run = try cli.run(["segment", "run", "--json"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("skipped segment deep"))
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let runs = object?["runs"] as? [[String: Any]]
        #expect(runs?.count == 1 && runs?.first?["members"] as? Int == 1)
        #expect((object?["skipped"] as? [[String: Any]])?.first?["name"] as? String == "deep")
        #expect(try cli.run(["segment", "show", "everyone"]).stdout.contains("C1"))
    }
}
