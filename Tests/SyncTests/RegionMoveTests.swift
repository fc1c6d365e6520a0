import CRM
import Foundation
import GRDB
import Replica
import Sync
import Testing

/// A customer moving region over real CURVE ZeroMQ: the office of its old region purges it and everything that
/// follows it (nothing left in the file's bytes, nothing sent back), the office of its new region receives it
/// whole with its clocks (orders older than that office's cursor included), and per-scope checksums agree.
@Suite(.timeLimit(.minutes(5))) struct RegionMoveTests {
    static let movedPhone = "13955550001"
    static let movedNote = "prefers deliveries before 9"

    /// Headquarters' rows: the customer that will move (M1, east) with orders, an interaction, a tag and a campaign
    /// membership, plus one customer that stays in each region.
    static func seed(_ hq: Replica) throws {
        try hq.write { writer in
            try writer.insert(.campaigns, key: ["K1"], values: ["name": "spring".databaseValue])
            var moved = customerValues("moving shop", region: "east")
            moved["phone"] = movedPhone.databaseValue
            try writer.insert(.customers, key: ["M1"], values: moved)
            try writer.append(.orders, id: "O-M1-a", values: orderValues("M1", amount: 120))
            try writer.append(.orders, id: "O-M1-b", values: orderValues("M1", amount: 80))
            try writer.append(
                .interactions, id: "I-M1",
                values: [
                    "M1".databaseValue, "2026-03-01T09:00:00Z".databaseValue, "visit".databaseValue,
                    movedNote.databaseValue,
                ])
            try writer.insert(.customerTags, key: ["M1", "vip"], values: [:])
            try writer.insert(
                .campaignMembers, key: ["K1", "M1"], values: ["member_group": "target".databaseValue])
            try writer.insert(.customers, key: ["E1"], values: customerValues("east shop", region: "east"))
            try writer.append(.orders, id: "O-E1", values: orderValues("E1"))
            try writer.insert(.customers, key: ["W1"], values: customerValues("west shop", region: "west"))
            try writer.append(.orders, id: "O-W1", values: orderValues("W1"))
        }
        // A later edit, so M1's row carries a cell clock of its own besides its create.
        try hq.write { try $0.update(.customers, key: ["M1"], values: ["owner": "Wang".databaseValue]) }
    }

    struct Cluster {
        let harness: SyncHarness
        let hq: SyncHarness.Node
        let east: SyncHarness.Node
        let west: SyncHarness.Node
        let endpoint: String

        init() throws {
            harness = try SyncHarness()
            hq = try harness.node("hq", region: "all", role: .hq)
            east = try harness.node("east", region: "east")
            west = try harness.node("west", region: "west")
            try RegionMoveTests.seed(hq.replica)
            (_, endpoint) = try harness.serve(
                "hq",
                peers: [
                    RegionScopeSyncTests.peer(harness, "east", endpoint: nil, region: "east"),
                    RegionScopeSyncTests.peer(harness, "west", endpoint: nil, region: "west"),
                ])
        }

        func sync(_ office: String) throws {
            let result = try harness.engine(
                office, peers: [RegionScopeSyncTests.peer(harness, "hq", endpoint: endpoint, region: nil)]
            ).syncOnce(timeout: .seconds(20))
            #expect(result.caughtUp == ["hq"], "\(office): \(result.unreachable)")
        }
    }

    static func count(_ replica: Replica, _ sql: String) throws -> Int { try RegionScopeSyncTests.count(replica, sql) }

    /// Rows of M1 and of everything that follows it.
    static func movedRows(_ replica: Replica) throws -> Int {
        try count(
            replica,
            """
            SELECT (SELECT count(*) FROM customers WHERE id = 'M1') + (SELECT count(*) FROM orders WHERE customer_id = 'M1')
                + (SELECT count(*) FROM interactions WHERE customer_id = 'M1')
                + (SELECT count(*) FROM customer_tags WHERE customer_id = 'M1')
                + (SELECT count(*) FROM campaign_members WHERE customer_id = 'M1')
            """)
    }

    @Test func aMoveIsPurgedByTheOldOfficeAndBackfilledToTheNewOneWithOlderOrders() throws {
        let cluster = try Cluster()
        try cluster.sync("east")
        try cluster.sync("west")
        let (hq, east, west) = (cluster.hq.replica, east: cluster.east.replica, west: cluster.west.replica)
        #expect(try Self.movedRows(east) == 6)
        #expect(try Self.movedRows(west) == 0)
        // West's cursor is past M1's orders and interaction: they were covered, not sent.
        #expect(try west.versionVector() == hq.versionVector())
        #expect(RegionScopeSyncTests.fileBytes(east).range(of: Data(Self.movedPhone.utf8)) != nil)

        try hq.write { try $0.update(.customers, key: ["M1"], values: ["region": "west".databaseValue]) }
        try cluster.sync("east")
        try cluster.sync("west")

        // East purged M1 and its followers: no rows, no clocks, no log entries that would be sent.
        #expect(try Self.movedRows(east) == 0)
        #expect(try Self.count(east, "SELECT count(*) FROM outpost_cells WHERE pk LIKE '%M1%'") == 0)
        #expect(try Self.count(east, "SELECT count(*) FROM outpost_log WHERE pk LIKE '%M1%'") == 0)
        #expect(try Self.count(east, "SELECT count(*) FROM customers WHERE id = 'E1'") == 1)
        #expect(try RegionScopeSyncTests.journal(east).contains { $0.hasPrefix("purge: purged customers/M1") })
        // The moved customer's phone and note are gone from the file and its WAL (secure_delete, then a
        // truncating checkpoint).
        let eastBytes = RegionScopeSyncTests.fileBytes(east)
        #expect(eastBytes.range(of: Data(Self.movedPhone.utf8)) == nil)
        #expect(eastBytes.range(of: Data(Self.movedNote.utf8)) == nil)
        #expect(eastBytes.range(of: Data("east shop".utf8)) != nil)

        // West received M1 whole, with the orders older than its cursor and the rows that follow it.
        #expect(try Self.movedRows(west) == 6)
        #expect(
            try Self.count(west, "SELECT count(*) FROM customers WHERE id = 'M1' AND phone = '\(Self.movedPhone)'")
                == 1)
        #expect(try Self.count(west, "SELECT count(*) FROM customers WHERE id = 'M1' AND owner = 'Wang'") == 1)
        #expect(try Self.count(west, "SELECT count(*) FROM orders WHERE customer_id = 'M1'") == 2)

        // Per-scope convergence: each office equals headquarters' checksum of its scope, no vector gaps.
        #expect(try hq.checksums(scope: .regions(["east"])) == east.checksums())
        #expect(try hq.checksums(scope: .regions(["west"])) == west.checksums())
        #expect(try east.versionVector() == hq.versionVector())
        #expect(try west.versionVector() == hq.versionVector())
        for replica in [hq, east, west] { #expect(try replica.verify().isEmpty) }
        // Headquarters never saw the purge: nothing was replicated back.
        #expect(try Self.movedRows(hq) == 6)
        #expect(try RegionScopeSyncTests.journal(hq).allSatisfy { !$0.hasPrefix("diverged") })
    }

    @Test func anOfflineEditToAMovedCustomerIsMergedAtHeadquartersAndNotEchoedBack() throws {
        let cluster = try Cluster()
        try cluster.sync("east")
        try cluster.sync("west")
        let (hq, east, west) = (cluster.hq.replica, east: cluster.east.replica, west: cluster.west.replica)
        // East, offline, edits M1 and takes an order; meanwhile headquarters moves M1 to west.
        try east.write { writer in
            try writer.update(.customers, key: ["M1"], values: ["address": "12 Harbour Road".databaseValue])
            try writer.append(.orders, id: "O-M1-offline", values: orderValues("M1", amount: 33))
        }
        try hq.write { try $0.update(.customers, key: ["M1"], values: ["region": "west".databaseValue]) }
        try cluster.sync("east")

        // Written while M1 was east's: merged at headquarters, nothing refused.
        #expect(
            try Self.count(hq, "SELECT count(*) FROM customers WHERE id = 'M1' AND address = '12 Harbour Road'") == 1)
        #expect(try Self.count(hq, "SELECT count(*) FROM orders WHERE id = 'O-M1-offline'") == 1)
        #expect(try Self.count(hq, "SELECT changes_refused FROM outpost_peer_state WHERE name = 'east'") == 0)
        // Not echoed back: east purged M1 and holds none of it.
        #expect(try Self.movedRows(east) == 0)
        #expect(try east.versionVector() == hq.versionVector())
        #expect(try hq.checksums(scope: .regions(["east"])) == east.checksums())

        // West receives the offline edit and order with the rest of M1.
        try cluster.sync("west")
        #expect(try Self.movedRows(west) == 7)
        #expect(try Self.count(west, "SELECT count(*) FROM customers WHERE address = '12 Harbour Road'") == 1)
        #expect(try hq.checksums(scope: .regions(["west"])) == west.checksums())

        // An edit east writes after it learned of the move would be refused: east no longer holds M1, and a
        // write past the CLI's check is outside its scope now.
        try east.write { writer in
            try writer.append(.orders, id: "O-M1-late", values: orderValues("M1", amount: 5))
        }
        try cluster.sync("east")
        #expect(try Self.count(hq, "SELECT count(*) FROM orders WHERE id = 'O-M1-late'") == 0)
        #expect(try Self.count(hq, "SELECT changes_refused FROM outpost_peer_state WHERE name = 'east'") == 1)
    }

    @Test func aCustomerMovedBackIsBackfilledToTheOfficeThatPurgedIt() throws {
        let cluster = try Cluster()
        try cluster.sync("east")
        let (hq, east) = (cluster.hq.replica, cluster.east.replica)
        try hq.write { try $0.update(.customers, key: ["M1"], values: ["region": "west".databaseValue]) }
        try cluster.sync("east")
        #expect(try Self.movedRows(east) == 0)
        try hq.write { try $0.update(.customers, key: ["M1"], values: ["region": "east".databaseValue]) }
        try cluster.sync("east")
        #expect(try Self.movedRows(east) == 6)
        #expect(try hq.checksums(scope: .regions(["east"])) == east.checksums())
        #expect(try east.versionVector() == hq.versionVector())
        #expect(try east.verify().isEmpty)
    }
}
