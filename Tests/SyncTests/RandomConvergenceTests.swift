import Analytics
import CRM
import Foundation
import GRDB
import Replica
import Sync
import TestSupport
import Testing

/// Random writes on five nodes, random partial and full syncs between random pairs (over CURVE on loopback
/// and, for partial steps, batch by batch), then a full sync: every node must hold identical content.
@Suite(.timeLimit(.minutes(5))) struct RandomConvergenceTests {
    @Test(arguments: [11, 23, 47] as [UInt64])
    func randomWritesAndPartialSyncsConverge(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let harness = try SyncHarness()
        let names = ["hq", "east", "west", "north", "south"]
        for name in names { try harness.node(name, role: name == "hq" ? .hq : .office) }
        // Every node listens and admits every other; a sync step dials one peer.
        var endpoints: [String: String] = [:]
        for name in names {
            let others = names.filter { $0 != name }.map { harness.peer($0, endpoint: nil) }
            endpoints[name] = try harness.serve(name, peers: others).1
        }
        let customers = (0..<12).map { "C\($0)" }
        var orderNumber = 0
        for step in 0..<60 {
            let node = harness.nodes[names[random.below(names.count)]]!
            try randomWrites(on: node.replica, customers: customers, orders: &orderNumber, random: &random)
            if step % 4 == 3 {
                let from = names[random.below(names.count)]
                var to = names[random.below(names.count)]
                if to == from { to = names[(names.firstIndex(of: from)! + 1) % names.count] }
                if random.below(2) == 0 {
                    // A partial sync: a few batches, then the link "drops".
                    try shipSome(
                        from: harness.nodes[from]!.replica, to: harness.nodes[to]!.replica,
                        batches: 1 + random.below(3), random: &random)
                } else {
                    _ = try harness.engine(
                        from, peers: [harness.peer(to, endpoint: endpoints[to])], batchSize: 5 + random.below(20)
                    )
                    .syncOnce(timeout: .seconds(10))
                }
            }
        }
        // Full sync: everyone through hq, twice round.
        for _ in 0..<2 {
            for name in names where name != "hq" {
                let result = try harness.engine(name, peers: [harness.peer("hq", endpoint: endpoints["hq"])])
                    .syncOnce(timeout: .seconds(20))
                #expect(result.unreachable.isEmpty, "seed \(seed): \(result.unreachable)")
            }
        }
        let reference = try harness.nodes["hq"]!.replica.checksums()
        for name in names {
            #expect(try harness.nodes[name]!.replica.checksums() == reference, "seed \(seed): \(name) diverged")
            #expect(
                try harness.nodes[name]!.replica.versionVector() == harness.nodes["hq"]!.replica.versionVector(),
                "seed \(seed): \(name) vector differs")
        }
    }

    private func randomWrites(
        on replica: Replica, customers: [String], orders: inout Int, random: inout SeededGenerator
    )
        throws
    {
        let count = 1 + random.below(8)
        var ops: [(Int, String, Int)] = []
        for _ in 0..<count {
            ops.append((random.below(7), customers[random.below(customers.count)], random.below(1000)))
        }
        var next = orders
        try replica.write { writer in
            for (kind, id, number) in ops {
                let exists =
                    try writer.read {
                        try Bool.fetchOne($0, sql: "SELECT 1 FROM customers WHERE id = ?", arguments: [id])
                    } ?? false
                switch kind {
                case 0, 1:
                    if exists {
                        try writer.update(.customers, key: [id], values: ["phone": "\(number)".databaseValue])
                    } else {
                        try writer.insert(.customers, key: [id], values: customerValues("shop \(number)"))
                    }
                case 2:
                    if exists {
                        try writer.update(.customers, key: [id], values: ["name": "renamed \(number)".databaseValue])
                    }
                case 3:
                    if exists { try writer.delete(.customers, key: [id]) }
                case 4:
                    let tagged =
                        try writer.read {
                            try Bool.fetchOne(
                                $0, sql: "SELECT 1 FROM customer_tags WHERE customer_id = ? AND tag = 'vip'",
                                arguments: [id])
                        } ?? false
                    if tagged {
                        try writer.delete(.customerTags, key: [id, "vip"])
                    } else {
                        try writer.insert(.customerTags, key: [id, "vip"], values: [:])
                    }
                default:
                    next += 1
                    // Order ids are unique per writer; a few are deliberately re-sent (same id, same row).
                    try writer.append(
                        .orders, id: "O\(replica.identity.name)-\(next % 40)",
                        values: orderValues(id, amount: Double(next % 40)))
                }
            }
        }
        orders = next
    }

    private func shipSome(from source: Replica, to target: Replica, batches: Int, random: inout SeededGenerator) throws
    {
        for _ in 0..<batches {
            let batch = try source.outgoingBatch(after: try target.versionVector(), limit: 1 + random.below(10))
            if batch.changes.isEmpty && batch.covers.isEmpty { return }
            try target.apply(batch.changes, covers: batch.covers, senderHeads: try source.versionVector())
        }
    }
}
