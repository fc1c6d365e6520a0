import Analytics
import CRM
import Foundation
import GRDB
import Replica
import TestSupport

/// Headquarters and three scoped offices (``ScopedRandomConvergenceTests``) with a seeded random workload and
/// random partitions over ``MemoryLink``s.
///
/// Customer ids start with their region (`east-2`); shared customers (`REGION-0` … `REGION-4`) are written,
/// deleted and re-created by headquarters and by every office holding their region, and get orders, interactions
/// and tags; private customers (`REGION-OFFICE-N`) are created, edited, deleted and re-created by one office
/// alone, often between two syncs (headquarters then sees only the deletion).
struct ScopedStar {
    let scratch: ScratchDirectory
    private(set) var replicas: [String: Replica] = [:]
    private var random: SeededGenerator
    /// Rounds each office's link to headquarters stays down.
    private var down: [String: Int] = [:]
    private var orderNumber = 0
    /// Changes the rogue office wrote outside its scope (each one change: an insert or an append).
    private(set) var rogueWrites = 0

    /// With a harness, the nodes are its nodes and every sync runs over CURVE ZeroMQ on loopback (headquarters
    /// serving, granting each office its scope); a cut sync is then a link down for that round.
    private let harness: SyncHarness?
    private var endpoint: String?

    init(seed: UInt64, overZeroMQ harness: SyncHarness? = nil) throws {
        random = SeededGenerator(seed: seed)
        scratch = try ScratchDirectory("outpost-star")
        self.harness = harness
        if let harness {
            replicas["hq"] = try harness.node("hq", region: "all", role: .hq).replica
            for office in ScopedRandomConvergenceTests.offices {
                let scope = ScopedRandomConvergenceTests.scopes[office]!
                replicas[office] = try harness.node(office, region: scope.description).replica
            }
            let peers = ScopedRandomConvergenceTests.offices.map { office in
                var peer = harness.peer(office, endpoint: nil)
                peer.region = ScopedRandomConvergenceTests.scopes[office]!.description
                return peer
            }
            endpoint = try harness.serve("hq", peers: peers).1
        } else {
            replicas["hq"] = try TestReplicas.create("hq", in: scratch, role: .hq, region: "all")
            for office in ScopedRandomConvergenceTests.offices {
                let scope = ScopedRandomConvergenceTests.scopes[office]!
                replicas[office] = try TestReplicas.create(office, in: scratch, region: scope.description)
            }
        }
        try replicas["hq"]!.write { writer in
            for sku in ["P0", "P1"] {
                try writer.insert(.products, key: [sku], values: ["name": "brand \(sku)".databaseValue])
            }
            for region in ScopedRandomConvergenceTests.regions {
                try writer.insert(.customers, key: ["\(region)-0"], values: Self.customer("hq \(region)", region))
            }
        }
    }

    static func customer(_ name: String, _ region: String) -> [String: DatabaseValue] {
        ["name": name.databaseValue, "region": region.databaseValue, "status": "active".databaseValue]
    }

    // MARK: Workload

    /// `rounds` of random writes on every node, each followed by a full sync, a cut sync or nothing per link
    /// (a link that goes down stays down for one to four rounds). With `rogue`, that office also writes outside
    /// its scope now and then.
    mutating func runWorkload(rounds: Int, rogue: String?) throws {
        for _ in 0..<rounds {
            try writes(on: "hq", regions: ScopedRandomConvergenceTests.regions)
            for office in ScopedRandomConvergenceTests.offices {
                guard case .regions(let names) = ScopedRandomConvergenceTests.scopes[office]! else { continue }
                try writes(on: office, regions: names.sorted())
                if office == rogue && random.below(2) == 0 { try rogueWrite(on: office) }
            }
            for office in ScopedRandomConvergenceTests.offices {
                if let left = down[office], left > 0 {
                    down[office] = left - 1
                    continue
                }
                switch random.below(8) {
                case 0: down[office] = 1 + random.below(4)
                case 1, 2: try sync(office, cutAfter: 1 + random.below(12))
                default: try sync(office, cutAfter: nil)
                }
            }
        }
    }

    /// Every link up, then full syncs in turn until each office holds what headquarters holds of its scope.
    mutating func healAndSync() throws {
        down = [:]
        for _ in 0..<3 {
            for office in ScopedRandomConvergenceTests.offices { try sync(office, cutAfter: nil) }
        }
    }

    /// One session between `office` and headquarters, cut after `cutAfter` messages when given.
    mutating func sync(_ office: String, cutAfter: Int?) throws {
        if let harness {
            guard cutAfter == nil else { return }
            let result = try harness.engine(
                office, peers: [harness.peer("hq", endpoint: endpoint)], batchSize: 2 + random.below(19)
            )
            .syncOnce(timeout: .seconds(20))
            if result.caughtUp != ["hq"] { throw StarError.notCaughtUp("\(office): \(result.unreachable)") }
            return
        }
        let link = MemoryLink(
            office: replicas[office]!, named: office, headquarters: replicas["hq"]!,
            granting: ScopedRandomConvergenceTests.scopes[office]!, batchSize: 2 + random.below(19))
        defer { link.drop() }
        try link.run(limit: cutAfter ?? .max)
        if cutAfter == nil, !link.isCaughtUp { throw StarError.notCaughtUp(office) }
    }

    private mutating func writes(on name: String, regions: [String]) throws {
        let replica = replicas[name]!
        for _ in 0..<(1 + random.below(5)) {
            let region = regions[random.below(regions.count)]
            let shared = "\(region)-\(random.below(5))"
            let kind = random.below(name == "hq" ? 8 : 7)
            let number = random.below(1_000)
            orderNumber += 1
            let order = orderNumber
            try replica.write { writer in
                let exists = try Self.exists(shared, writer)
                switch kind {
                case 0:
                    if exists {
                        try writer.update(.customers, key: [shared], values: ["phone": "139\(number)".databaseValue])
                    } else {
                        try writer.insert(.customers, key: [shared], values: Self.customer("\(name) \(number)", region))
                    }
                case 1 where exists:
                    try writer.update(.customers, key: [shared], values: ["name": "\(name) \(number)".databaseValue])
                case 2 where exists:
                    let tag = number % 2 == 0 ? "vip" : "late"
                    let tagged =
                        try writer.read {
                            try Bool.fetchOne(
                                $0, sql: "SELECT 1 FROM customer_tags WHERE customer_id = ? AND tag = ?",
                                arguments: [shared, tag])
                        } ?? false
                    if tagged {
                        try writer.delete(.customerTags, key: [shared, tag])
                    } else {
                        try writer.insert(.customerTags, key: [shared, tag], values: [:])
                    }
                case 3 where exists:
                    try writer.append(.orders, id: "O-\(name)-\(order)", values: orderValues(shared, amount: 1))
                case 4 where exists:
                    try writer.append(
                        .interactions, id: "I-\(name)-\(order)",
                        values: [
                            shared.databaseValue, "2026-03-01T10:00:00Z".databaseValue, "visit".databaseValue,
                            "note \(number)".databaseValue,
                        ])
                case 5 where name != "hq":
                    let own = "\(region)-\(name)-\(random.below(3))"
                    if !(try Self.exists(own, writer)) {
                        try writer.insert(.customers, key: [own], values: Self.customer("own \(number)", region))
                    } else if number % 2 == 0 {
                        try writer.delete(.customers, key: [own])
                    } else {
                        try writer.update(.customers, key: [own], values: ["phone": "138\(number)".databaseValue])
                    }
                case 6 where exists:
                    try writer.delete(.customers, key: [shared])
                case 7:
                    let sku = "P\(number % 4)"
                    if try writer.read({
                        try Bool.fetchOne($0, sql: "SELECT 1 FROM products WHERE sku = ?", arguments: [sku])
                    }) ?? false {
                        try writer.update(.products, key: [sku], values: ["name": "brand \(number)".databaseValue])
                    } else {
                        try writer.insert(.products, key: [sku], values: ["name": "brand \(number)".databaseValue])
                    }
                default:
                    break
                }
            }
        }
    }

    /// Written past the command line's checks: a customer of east, an order for headquarters' east or north
    /// customer, or a product, each one change.
    private mutating func rogueWrite(on name: String) throws {
        let kind = random.below(3)
        rogueWrites += 1
        let number = rogueWrites
        try replicas[name]!.write { writer in
            switch kind {
            case 0:
                try writer.insert(.customers, key: ["east-rogue-\(number)"], values: Self.customer("rogue", "east"))
            case 1:
                let customer = number % 2 == 0 ? "east-0" : "north-0"
                try writer.append(.orders, id: "R-\(number)", values: orderValues(customer, amount: 9))
            default:
                try writer.insert(.products, key: ["P-rogue-\(number)"], values: ["name": "rogue".databaseValue])
            }
        }
    }

    private static func exists(_ id: String, _ writer: LocalWriter) throws -> Bool {
        try writer.read { try Bool.fetchOne($0, sql: "SELECT 1 FROM customers WHERE id = ?", arguments: [id]) }
            ?? false
    }

    // MARK: Reading

    func count(_ name: String, _ sql: String) throws -> Int {
        try replicas[name]!.reader.read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    /// `table`'s rows (its own columns, no bookkeeping), in key order, as text.
    func dump(_ name: String, _ table: String, where filter: String = "") throws -> [String] {
        let schema = CRMTables.table(named: table)!
        var columns = schema.allColumns
        if schema.kind == .mutable { columns.append("updated_at") }
        let order = schema.keyColumns.joined(separator: ", ")
        let sql =
            "SELECT \(columns.joined(separator: ", ")) FROM \(table) "
            + (filter.isEmpty ? "" : "WHERE \(filter) ") + "ORDER BY \(order)"
        return try replicas[name]!.reader.read { db in
            try Row.fetchAll(db, sql: sql).map { "\($0)" }
        }
    }

    /// Changes `node` refused from `peer` (its `status` count).
    func refusedCount(at node: String, from peer: String) throws -> Int {
        try replicas[node]!.reader.read {
            try Int.fetchOne(
                $0, sql: "SELECT changes_refused FROM outpost_peer_state WHERE name = ?", arguments: [peer]) ?? 0
        }
    }

    /// The journal entries of `kind` on `node`.
    func journal(_ node: String, kind: String) throws -> [String] {
        try replicas[node]!.reader.read {
            try String.fetchAll($0, sql: "SELECT detail FROM outpost_events WHERE kind = ?", arguments: [kind])
        }
    }

    enum StarError: Error {
        case notCaughtUp(String)
    }
}
