import CRM
import Foundation
import GRDB
import Replica
import TestSupport
import Testing

@testable import Sync

/// Headquarters (scope all) and three offices in a star, two sharing a scope (east-1 and east-2: `east`; west-1:
/// `west,south`), under a random workload with random partitions, synced through ``MemoryLink`` (the engine's
/// session drivers and replicas, no sockets). After the links heal and sync until quiet: every office's
/// checksum equals headquarters' `checksum --scope` for its scope, the east offices hold the same content, no
/// office holds a row of a region outside its scope, nothing legitimate was refused and no digest reported a
/// divergence. Customers are deleted and re-created, with their orders, interactions and tags, concurrently with
/// other nodes' edits (a deleted customer keeps its region for scope: ``DeletedCustomerScopeTests``). Region moves
/// are left out (a customer's region never changes here).
@Suite(.timeLimit(.minutes(5))) struct ScopedRandomConvergenceTests {
    static let scopes: [String: RegionScope] = [
        "east-1": .regions(["east"]), "east-2": .regions(["east"]), "west-1": .regions(["west", "south"]),
    ]
    static let offices = ["east-1", "east-2", "west-1"]
    static let regions = ["east", "west", "south", "north"]

    @Test(arguments: [3, 17, 29, 61] as [UInt64])
    func officesConvergeToTheirScopeUnderPartitions(seed: UInt64) throws {
        var star = try ScopedStar(seed: seed)
        try star.runWorkload(rounds: 14, rogue: nil)
        try star.healAndSync()
        try checkConverged(star, seed: seed, rogue: nil)
        for office in Self.offices {
            #expect(try star.refusedCount(at: "hq", from: office) == 0, "seed \(seed): \(office)")
            #expect(try star.refusedCount(at: office, from: "hq") == 0, "seed \(seed): \(office)")
            #expect(try star.journal(office, kind: "diverged").isEmpty, "seed \(seed): \(office)")
        }
        #expect(try star.journal("hq", kind: "diverged").isEmpty, "seed \(seed)")
        #expect(try star.journal("hq", kind: "refused").isEmpty, "seed \(seed)")
    }

    /// The same star over CURVE ZeroMQ on loopback: the engine's sockets, its loop and `sync --once`.
    @Test func officesConvergeToTheirScopeOverZeroMQ() throws {
        let harness = try SyncHarness()
        var star = try ScopedStar(seed: 7, overZeroMQ: harness)
        try star.runWorkload(rounds: 8, rogue: nil)
        try star.healAndSync()
        try checkConverged(star, seed: 7, rogue: nil)
        for office in Self.offices {
            #expect(try star.refusedCount(at: "hq", from: office) == 0, "\(office)")
            #expect(try star.journal(office, kind: "diverged").isEmpty, "\(office)")
        }
    }

    /// west-1 also writes past the command line's checks: customers of east, orders for headquarters' east and
    /// north customers, products. Headquarters refuses and counts exactly those; everyone else still converges.
    @Test(arguments: [5, 41] as [UInt64])
    func outOfScopeWritesAreRefusedWhileTheOthersConverge(seed: UInt64) throws {
        var star = try ScopedStar(seed: seed)
        try star.runWorkload(rounds: 12, rogue: "west-1")
        try star.healAndSync()
        #expect(star.rogueWrites > 0, "seed \(seed): the workload wrote nothing out of scope")
        try checkConverged(star, seed: seed, rogue: "west-1")
        #expect(try star.refusedCount(at: "hq", from: "west-1") == star.rogueWrites, "seed \(seed)")
        for office in ["east-1", "east-2"] {
            #expect(try star.refusedCount(at: "hq", from: office) == 0, "seed \(seed): \(office)")
        }
        let refused = try star.journal("hq", kind: "refused")
        #expect(!refused.isEmpty && refused.allSatisfy { $0.contains("from west-1") }, "seed \(seed)")
        for office in Self.offices { #expect(try star.refusedCount(at: office, from: "hq") == 0) }
        // Nothing west-1 wrote out of scope reached headquarters or another office.
        for name in ["hq", "east-1", "east-2"] {
            #expect(try star.count(name, "SELECT count(*) FROM customers WHERE id LIKE '%-rogue-%'") == 0)
            #expect(try star.count(name, "SELECT count(*) FROM orders WHERE id LIKE 'R-%'") == 0)
            #expect(try star.count(name, "SELECT count(*) FROM products WHERE sku LIKE 'P-rogue-%'") == 0)
        }
    }

    private func checkConverged(_ star: ScopedStar, seed: UInt64, rogue: String?) throws {
        let hq = star.replicas["hq"]!
        for office in Self.offices {
            let replica = star.replicas[office]!
            let scope = Self.scopes[office]!
            #expect(try replica.versionVector() == hq.versionVector(), "seed \(seed): \(office) vector")
            if office == rogue {
                // Its refused rows stay where it wrote them; all else it holds is headquarters' rows of its scope.
                let own = "region IN ('west', 'south')"
                let children = "customer_id IN (SELECT id FROM customers WHERE \(own))"
                #expect(
                    try star.dump(office, "customers", where: "id NOT LIKE '%-rogue-%'")
                        == star.dump("hq", "customers", where: own))
                #expect(
                    try star.dump(office, "orders", where: "id NOT LIKE 'R-%'")
                        == star.dump("hq", "orders", where: children))
                #expect(
                    try star.dump(office, "products", where: "sku NOT LIKE 'P-rogue-%'") == star.dump("hq", "products"))
                #expect(try replica.checksums() != hq.checksums(scope: scope), "seed \(seed): rogue rows are held")
                continue
            }
            #expect(try replica.checksums() == hq.checksums(scope: scope), "seed \(seed): \(office) checksum")
            try expectOnlyScope(star, office, scope: scope, seed: seed)
        }
        #expect(try star.replicas["east-1"]!.checksums() == star.replicas["east-2"]!.checksums(), "seed \(seed)")
        for table in ["customers", "orders", "interactions", "customer_tags", "products"] {
            #expect(try star.dump("east-1", table) == star.dump("east-2", table), "seed \(seed): \(table)")
        }
        // The workload really spread: headquarters holds every region, an east office east's and the catalogue.
        #expect(try star.count("hq", "SELECT count(DISTINCT region) FROM customers") == Self.regions.count)
        #expect(try star.count("east-1", "SELECT count(*) FROM orders") > 0)
        #expect(try star.count("east-1", "SELECT count(*) FROM products") > 0)
    }

    /// No row of a region outside `scope` in any scoped table of `office`: customers by region, children by their
    /// customer's id (every id starts with its region).
    private func expectOnlyScope(_ star: ScopedStar, _ office: String, scope: RegionScope, seed: UInt64) throws {
        guard case .regions(let names) = scope else { return }
        let list = names.sorted().map { "'\($0)'" }.joined(separator: ", ")
        let inScope = names.sorted().map { "customer_id LIKE '\($0)-%'" }.joined(separator: " OR ")
        #expect(try star.count(office, "SELECT count(*) FROM customers WHERE region NOT IN (\(list))") == 0)
        for table in ["orders", "interactions", "customer_tags"] {
            #expect(
                try star.count(office, "SELECT count(*) FROM \(table) WHERE NOT (\(inScope))") == 0,
                "seed \(seed): \(office) holds \(table) of another region")
        }
        // Not even a key of another region's customer or tag (a deletion's marker) is held.
        let ownKeys = inScope.replacingOccurrences(of: "customer_id", with: "pk")
        let foreignKeys = try star.replicas[office]!.reader.read {
            try String.fetchAll(
                $0, sql: "SELECT pk FROM outpost_cells WHERE tbl IN (1, 5) AND NOT (\(ownKeys))")
        }
        #expect(foreignKeys.isEmpty, "seed \(seed): \(office) holds keys of other regions: \(foreignKeys)")
        // Something of its scope did arrive.
        #expect(try star.count(office, "SELECT count(*) FROM customers") > 0, "seed \(seed): \(office)")
    }
}
