import CRM
import Foundation
import GRDB
import Replica
import Sync
import Testing

/// Region scope over real CURVE ZeroMQ: headquarters grants each office its region (`peer add --region`), sends
/// it only that region's customers and their children (company-wide tables to all), refuses what an office
/// writes outside its region, and refuses a Hello that claims another scope.
@Suite(.timeLimit(.minutes(5))) struct RegionScopeSyncTests {
    static let eastPhones = (1...4).map { "1391111000\($0)" }
    static let northPhones = (1...4).map { "1382222000\($0)" }

    /// A peer recorded with the scope this node grants it.
    static func peer(_ harness: SyncHarness, _ name: String, endpoint: String?, region: String?) -> Peer {
        var peer = harness.peer(name, endpoint: endpoint)
        peer.region = region
        return peer
    }

    static func seedHeadquarters(_ hq: Replica) throws {
        try hq.write { writer in
            try writer.insert(.products, key: ["S1"], values: ["name": "Zhonghua".databaseValue])
            try writer.insert(
                .segments, key: ["big"], values: ["expression": #"status == "active""#.databaseValue])
            for (region, phones) in [("east", eastPhones), ("north", northPhones)] {
                for (index, phone) in phones.enumerated() {
                    let id = "\(region)-\(index)"
                    var values = customerValues("\(region) shop \(index)", region: region)
                    values["phone"] = phone.databaseValue
                    try writer.insert(.customers, key: [id], values: values)
                    try writer.append(.orders, id: "O-\(id)", values: orderValues(id))
                    try writer.insert(.customerTags, key: [id, "vip"], values: [:])
                }
            }
        }
    }

    static func count(_ replica: Replica, _ sql: String) throws -> Int {
        try replica.reader.read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    static func journal(_ replica: Replica) throws -> [String] {
        try replica.reader.read { try String.fetchAll($0, sql: "SELECT kind || ': ' || detail FROM outpost_events") }
    }

    /// The database file and its WAL, as raw bytes.
    static func fileBytes(_ replica: Replica) -> Data {
        var bytes = Data()
        for suffix in ["", "-wal"] {
            if let data = FileManager.default.contents(atPath: replica.path + suffix) { bytes += data }
        }
        return bytes
    }

    @Test func eachOfficeHoldsOnlyItsRegionAndMatchesTheScopedChecksum() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", region: "all", role: .hq)
        let east = try harness.node("east", region: "east")
        let north = try harness.node("north", region: "north")
        try Self.seedHeadquarters(hq.replica)
        let (_, endpoint) = try harness.serve(
            "hq",
            peers: [
                Self.peer(harness, "east", endpoint: nil, region: "east"),
                Self.peer(harness, "north", endpoint: nil, region: "north"),
            ])
        for office in ["east", "north"] {
            let result = try harness.engine(office, peers: [Self.peer(harness, "hq", endpoint: endpoint, region: nil)])
                .syncOnce(timeout: .seconds(20))
            #expect(result.caughtUp == ["hq"], "\(result.unreachable)")
        }
        for (office, region) in [(east, "east"), (north, "north")] {
            let replica = office.replica
            #expect(try Self.count(replica, "SELECT count(*) FROM customers") == 4)
            #expect(try Self.count(replica, "SELECT count(*) FROM customers WHERE region <> '\(region)'") == 0)
            #expect(try Self.count(replica, "SELECT count(*) FROM orders") == 4)
            #expect(try Self.count(replica, "SELECT count(*) FROM customer_tags") == 4)
            #expect(
                try Self.count(replica, "SELECT count(*) FROM orders WHERE customer_id NOT LIKE '\(region)-%'") == 0)
            #expect(try Self.count(replica, "SELECT count(*) FROM products") == 1)
            #expect(try Self.count(replica, "SELECT count(*) FROM segments") == 1)
            // Filtered changes are covered: the office's vector has no gap, and matches headquarters'.
            #expect(try replica.versionVector() == hq.replica.versionVector())
            #expect(try hq.replica.checksums(scope: .regions([region])) == replica.checksums())
            // The digest compares scoped content: neither side flags the other as diverged.
            #expect(try Self.journal(replica).allSatisfy { !$0.hasPrefix("diverged") })
        }
        #expect(try Self.journal(hq.replica).allSatisfy { !$0.hasPrefix("diverged") })
        #expect(try Self.count(hq.replica, "SELECT count(*) FROM customers") == 8)
        #expect(try hq.replica.checksums(scope: .regions(["east"])) != hq.replica.checksums(scope: .regions(["north"])))
        // No byte of another region's phone numbers reached an office's database file or WAL.
        let eastBytes = Self.fileBytes(east.replica)
        let northBytes = Self.fileBytes(north.replica)
        #expect(!eastBytes.isEmpty && !northBytes.isEmpty)
        for phone in Self.northPhones { #expect(eastBytes.range(of: Data(phone.utf8)) == nil) }
        for phone in Self.eastPhones { #expect(northBytes.range(of: Data(phone.utf8)) == nil) }
        // The search can find a phone where one is held.
        #expect(eastBytes.range(of: Data(Self.eastPhones[0].utf8)) != nil)
    }

    @Test func twoOfficesOfOneRegionSeeEachOthersEditsThroughHeadquartersAndNoOtherOfficeDoes() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", region: "all", role: .hq)
        let east1 = try harness.node("east-1", region: "east")
        let east2 = try harness.node("east-2", region: "east")
        let north = try harness.node("north", region: "north")
        try east1.replica.write { writer in
            var values = customerValues("east shop")
            values["phone"] = Self.eastPhones[0].databaseValue
            try writer.insert(.customers, key: ["E1"], values: values)
            try writer.append(.orders, id: "O-E1", values: orderValues("E1"))
        }
        let (_, endpoint) = try harness.serve(
            "hq",
            peers: [
                Self.peer(harness, "east-1", endpoint: nil, region: "east"),
                Self.peer(harness, "east-2", endpoint: nil, region: "east"),
                Self.peer(harness, "north", endpoint: nil, region: "north"),
            ])
        for office in ["east-1", "east-2", "north"] {
            let result = try harness.engine(office, peers: [Self.peer(harness, "hq", endpoint: endpoint, region: nil)])
                .syncOnce(timeout: .seconds(20))
            #expect(result.caughtUp == ["hq"], "\(office): \(result.unreachable)")
        }
        #expect(try east2.replica.checksums() == east1.replica.checksums())
        #expect(try Self.count(east2.replica, "SELECT count(*) FROM orders WHERE id = 'O-E1'") == 1)
        #expect(try Self.count(north.replica, "SELECT count(*) FROM customers") == 0)
        #expect(try Self.count(north.replica, "SELECT count(*) FROM orders") == 0)
        #expect(try north.replica.versionVector() == hq.replica.versionVector())
        #expect(Self.fileBytes(north.replica).range(of: Data(Self.eastPhones[0].utf8)) == nil)
        // Relayed with its origin: east-2 holds east-1's change as east-1's.
        let site = east1.replica.identity.siteID
        #expect(try east2.replica.versionVector()[site] == east1.replica.versionVector()[site])
    }

    @Test func outOfScopeWritesAreRefusedJournalledAndTheSessionGoesOn() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", region: "all", role: .hq)
        let east = try harness.node("east", region: "east")
        try hq.replica.write { writer in
            try writer.insert(.customers, key: ["N1"], values: customerValues("north shop", region: "north"))
        }
        // Written past the CLI's own check, as a misbehaving office would.
        try east.replica.write { writer in
            try writer.insert(.customers, key: ["E1"], values: customerValues("east shop"))
            try writer.append(.orders, id: "O-E1", values: orderValues("E1"))
            try writer.insert(.customers, key: ["N9"], values: customerValues("north?", region: "north"))
            try writer.append(.orders, id: "O-N1", values: orderValues("N1"))
            try writer.insert(.products, key: ["P9"], values: ["name": "rogue".databaseValue])
        }
        let (_, endpoint) = try harness.serve(
            "hq", peers: [Self.peer(harness, "east", endpoint: nil, region: "east")])
        let result = try harness.engine("east", peers: [Self.peer(harness, "hq", endpoint: endpoint, region: nil)])
            .syncOnce(timeout: .seconds(20))
        #expect(result.caughtUp == ["hq"], "\(result.unreachable)")
        #expect(try Self.count(hq.replica, "SELECT count(*) FROM customers WHERE id = 'E1'") == 1)
        #expect(try Self.count(hq.replica, "SELECT count(*) FROM orders WHERE id = 'O-E1'") == 1)
        #expect(try Self.count(hq.replica, "SELECT count(*) FROM customers WHERE id = 'N9'") == 0)
        #expect(try Self.count(hq.replica, "SELECT count(*) FROM orders WHERE id = 'O-N1'") == 0)
        #expect(try Self.count(hq.replica, "SELECT count(*) FROM products") == 0)
        // The refused sequences still count as received: no gap in headquarters' vector.
        let eastSite = east.replica.identity.siteID
        #expect(try hq.replica.versionVector()[eastSite] == east.replica.versionVector()[eastSite])
        let refused = try Self.journal(hq.replica).filter { $0.hasPrefix("refused: refused change") }
        #expect(refused.count == 3, "\(refused)")
        #expect(refused.contains { $0.contains("customers/N9") && $0.contains("from east") })
        #expect(refused.contains { $0.contains("orders/O-N1") })
        #expect(refused.contains { $0.contains("products/P9") && $0.contains("company-wide") })
        // Counted for `status` (flushed when the session ended).
        #expect(
            try Self.count(hq.replica, "SELECT changes_refused FROM outpost_peer_state WHERE name = 'east'") == 3)
        // Headquarters' north customer never went to east.
        #expect(try Self.count(east.replica, "SELECT count(*) FROM customers WHERE id = 'N1'") == 0)
    }

    @Test func aHelloClaimingAnotherScopeIsRefusedOnBothSides() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", region: "all", role: .hq)
        let east = try harness.node("east", region: "east")
        try hq.replica.write { try $0.insert(.customers, key: ["N1"], values: customerValues("n", region: "north")) }
        let (_, endpoint) = try harness.serve(
            "hq", peers: [Self.peer(harness, "east", endpoint: nil, region: "north")])
        let result = try harness.engine("east", peers: [Self.peer(harness, "hq", endpoint: endpoint, region: nil)])
            .syncOnce(timeout: .seconds(3))
        #expect(result.caughtUp.isEmpty)
        #expect(result.unreachable["hq"] != nil)
        #expect(try Self.count(east.replica, "SELECT count(*) FROM customers") == 0)
        let reason = "claims region scope east but was granted north"
        #expect(try Self.journal(hq.replica).contains { $0.contains(reason) })
        #expect(try Self.journal(east.replica).contains { $0.contains(reason) && $0.contains("scope mismatch") })
    }
}
