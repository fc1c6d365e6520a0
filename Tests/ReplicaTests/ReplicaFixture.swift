import Foundation
import GRDB
import Replica
import TestSupport

/// A temporary directory of real SQLite replicas (``ScratchDirectory``), removed when the fixture is released.
final class ReplicaFixture {
    let scratch: ScratchDirectory
    var directory: URL { scratch.url }

    init() throws { scratch = try ScratchDirectory("outpost-replica") }

    func path(_ name: String) -> String { scratch.path("\(name).sqlite") }

    func replica(
        _ name: String, region: String = "east", wallClock: @escaping @Sendable () -> UInt64 = Replica.defaultWallClock
    ) throws -> Replica {
        try TestReplicas.create(name, in: scratch, region: region, wallClock: wallClock)
    }
}

/// Ships everything `source` holds that `target` lacks, in batches, the way a session would.
@discardableResult
func ship(from source: Replica, to target: Replica, batchSize: Int = 7, reversed: Bool = false) throws -> Int {
    var shipped = 0
    while true {
        let batch = try source.outgoingBatch(after: try target.versionVector(), limit: batchSize)
        if batch.changes.isEmpty && batch.covers.isEmpty { break }
        let changes = reversed ? Array(batch.changes.reversed()) : batch.changes
        try target.apply(changes, covers: batch.covers, senderHeads: try source.versionVector())
        shipped += batch.changes.count
        if batch.isLast { break }
    }
    return shipped
}

func customer(_ name: String, region: String = "east", phone: String = "13800000000") -> [String: DatabaseValue] {
    [
        "name": name.databaseValue, "region": region.databaseValue, "phone": phone.databaseValue,
        "channel": "traditional".databaseValue, "status": "active".databaseValue,
    ]
}

extension Replica {
    func value(_ table: TableSchema, _ key: [String], _ column: String) throws -> DatabaseValue? {
        try reader.read { db in
            try Row.fetchOne(
                db,
                sql:
                    "SELECT \(column) FROM \(table.name) WHERE \(table.keyColumns.map { "\($0) = ?" }.joined(separator: " AND "))",
                arguments: StatementArguments(key))?[0]
        }
    }

    func count(_ table: String) throws -> Int {
        try reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }
}

func orderRow(_ customer: String, sku: String = "S1", quantity: Int = 1, amount: Double = 10.5) -> [DatabaseValue] {
    [
        customer.databaseValue, "2026-01-01T00:00:00Z".databaseValue, sku.databaseValue, quantity.databaseValue,
        amount.databaseValue, "chain".databaseValue,
    ]
}
