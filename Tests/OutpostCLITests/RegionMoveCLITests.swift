import Foundation
import Testing

/// A customer moving region through the built binary: headquarters runs `customer update --region` while it serves,
/// the office it left purges it (and says so in `outpost log`), the office it joined receives it with its older
/// orders, and `checksum --scope R` on headquarters prints each office's `checksum` afterwards.
@Suite(.timeLimit(.minutes(5))) struct RegionMoveCLITests {
    @Test func checksumScopeMatchesEachOfficeAfterACustomerMoves() throws {
        let cluster = try AdminCluster()
        try cluster.initialize("hq", role: "hq")
        for office in ["east", "west"] { try cluster.initialize(office) }
        for (id, region) in [("M1", "east"), ("E1", "east"), ("W1", "west")] {
            let added = try cluster.run(
                "hq", ["customer", "add", id, "--name", "\(id) shop", "--region", region, "--phone", "1390000\(id)"])
            #expect(added.status == 0, "\(added.stderr)")
        }
        let products = cluster.cli.path("products.csv")
        try "sku,name\nS1,Zhonghua\n".write(toFile: products, atomically: true, encoding: .utf8)
        let orders = cluster.cli.path("orders.csv")
        try """
        id,customer_id,ordered_at,sku,quantity,amount
        O1,M1,2026-03-01T10:00:00Z,S1,1,10
        O2,M1,2026-03-02T10:00:00Z,S1,2,20
        O3,W1,2026-03-03T10:00:00Z,S1,3,30
        """.write(toFile: orders, atomically: true, encoding: .utf8)
        #expect(try cluster.run("hq", ["import", "products", products]).status == 0)
        #expect(try cluster.run("hq", ["import", "orders", orders]).status == 0)
        for office in ["east", "west"] {
            let key = try cluster.publicKey(office)
            let granted = try cluster.run(
                "hq", ["peer", "add", office, "--key", key, "--role", "office", "--region", office])
            #expect(granted.status == 0, "\(granted.stderr)")
        }
        let endpoint = try cluster.serve("hq")
        func syncOffices() throws {
            for office in ["east", "west"] {
                let synced = try cluster.run(office, ["sync", "--once", "--timeout", "10"])
                #expect(synced.status == 0, "\(synced.stdout) \(synced.stderr)")
            }
        }
        for office in ["east", "west"] { try cluster.addPeer(on: office, "hq", endpoint: endpoint) }
        try syncOffices()
        #expect(try cluster.run("east", ["customer", "show", "M1"]).status == 0)
        #expect(try cluster.run("west", ["customer", "show", "M1"]).status != 0)

        let moved = try cluster.run("hq", ["customer", "update", "M1", "--region", "west"])
        #expect(moved.status == 0, "\(moved.stderr)")
        try syncOffices()

        #expect(try cluster.run("east", ["customer", "show", "M1"]).status != 0)
        #expect(try cluster.run("east", ["log"]).stdout.contains("purged customers/M1"))
        let shown = try cluster.run("west", ["customer", "show", "M1", "--json"])
        #expect(shown.status == 0, "\(shown.stderr)")
        let exported = try cluster.run("west", ["export", "orders", "--format", "csv"])
        #expect(
            exported.stdout.contains("O1") && exported.stdout.contains("O2"), "\(exported.stdout) \(exported.stderr)")
        for office in ["east", "west"] {
            let expected = try cluster.run("hq", ["checksum", "--scope", office, "--json"])
            let actual = try cluster.run(office, ["checksum", "--json"])
            #expect(expected.status == 0 && actual.status == 0)
            #expect(expected.stdout == actual.stdout, "\(office)")
        }
    }
}
