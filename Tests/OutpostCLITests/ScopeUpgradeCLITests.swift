import Foundation
import GRDB
import Testing

/// A node holding other regions' rows when it becomes an office (made before it had a scope, as a release
/// without scopes left every office) purges them the first time it is opened for writing, says how many on
/// standard error and in the journal, and does so once.
@Suite(.timeLimit(.minutes(5))) struct ScopeUpgradeCLITests {
    static let westPhone = "13977770001"

    @Test func anOfficeHoldingOtherRegionsRowsPurgesThemOnceAndSaysHowMany() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        // Filled without a scope: every region's customers, orders and tags.
        #expect(try cli.run(["init", "--name", "east-1", "--role", "hq", "--region", "all"]).status == 0)
        for (id, region, phone) in [
            ("E1", "east", "13900000001"), ("W1", "west", Self.westPhone), ("N1", "north", "13800000001"),
        ] {
            #expect(
                try cli.run(["customer", "add", id, "--name", "\(id) shop", "--region", region, "--phone", phone])
                    .status == 0)
        }
        #expect(try cli.run(["tag", "add", "W1", "vip"]).status == 0)
        #expect(try cli.run(["tag", "add", "E1", "vip"]).status == 0)
        let products = cli.path("products.csv")
        try "sku,name\nS1,Zhonghua\n".write(toFile: products, atomically: true, encoding: .utf8)
        #expect(try cli.run(["import", "products", products]).status == 0)
        let orders = cli.path("orders.csv")
        try """
        id,customer_id,ordered_at,sku,quantity,amount
        O1,E1,2026-03-01T10:00:00Z,S1,1,10
        O2,W1,2026-03-02T10:00:00Z,S1,2,20
        O3,W1,2026-03-03T10:00:00Z,S1,3,30
        O4,N1,2026-03-04T10:00:00Z,S1,4,40
        """.write(toFile: orders, atomically: true, encoding: .utf8)
        #expect(try cli.run(["import", "orders", orders]).status == 0)

        // The node becomes the east office (as a node of the release before scopes was: role office, region east).
        let database = cli.path("node/replica.sqlite")
        try DatabaseQueue(path: database).write { db in
            try db.execute(sql: "UPDATE outpost_node SET role = 'office', region = 'east'")
        }

        // The first command that opens it for writing purges: customers W1 and N1, their three orders, W1's tag.
        let first = try cli.run(["customer", "add", "E2", "--name", "E2 shop", "--region", "east"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(
            first.stderr.contains(
                "purged 6 rows outside this node's scope east (customer_tags 1, customers 2, orders 3)"),
            "\(first.stderr)")
        let log = try cli.run(["log"])
        #expect(log.stdout.contains("purged 6 rows outside this node's scope east"), "\(log.stdout)")

        let counts = try DatabaseQueue(path: database).read { db in
            (
                customers: try String.fetchAll(db, sql: "SELECT id FROM customers ORDER BY id"),
                orders: try String.fetchAll(db, sql: "SELECT id FROM orders ORDER BY id"),
                tags: try Int.fetchOne(db, sql: "SELECT count(*) FROM customer_tags") ?? -1,
                clocks: try Int.fetchOne(db, sql: "SELECT count(*) FROM outpost_cells WHERE pk IN ('W1', 'N1')") ?? -1
            )
        }
        #expect(counts.customers == ["E1", "E2"])
        #expect(counts.orders == ["O1"])
        #expect(counts.tags == 1)
        #expect(counts.clocks == 0)
        // Vacuumed and checkpointed: the purged phone is in neither the file nor its WAL.
        var bytes = Data()
        for suffix in ["", "-wal"] { bytes += FileManager.default.contents(atPath: database + suffix) ?? Data() }
        #expect(!bytes.isEmpty)
        #expect(bytes.range(of: Data(Self.westPhone.utf8)) == nil)
        #expect(bytes.range(of: Data("13900000001".utf8)) != nil)
        #expect(try cli.run(["doctor"]).status == 0)

        // Once: the next command says nothing of a purge.
        let second = try cli.run(["tag", "add", "E2", "new"])
        #expect(second.status == 0)
        #expect(!second.stderr.contains("purged"))
        #expect(try cli.run(["log"]).stdout.components(separatedBy: "purged 6 rows").count == 2)
    }
}
