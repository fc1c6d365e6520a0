import GRDB
import Replica

/// `customer erase`: a customer's personal fields (``PersonalData/columns``) set to NULL with fresh clocks, so
/// the erasure wins over every older write on every node, and a `customer_erasures` row that tells each node to
/// purge what it still holds locally. The customer row, its orders and tags stay: they are the company's records,
/// linked to the id only.
public struct CustomerErasure {
    public let replica: Replica

    public init(replica: Replica) { self.replica = replica }

    /// Erases `id`'s personal fields in one transaction (audited as `erase`); returns the fields that held a value.
    @discardableResult
    public func erase(id: String) throws -> [String] {
        let book = CustomerBook(replica: replica)
        guard let existing = try book.show(id: id) else {
            throw ReplicaError.rowNotFound(table: "customers", key: [id])
        }
        try book.checkScope(id: id, region: String.fromDatabaseValue(existing["region"] ?? .null))
        return try replica.write(action: "erase") { writer in
            let held = PersonalData.columns.sorted().filter { !(existing[$0] ?? .null).isNull }
            try writer.update(
                .customers, key: [id],
                values: Dictionary(uniqueKeysWithValues: PersonalData.columns.map { ($0, DatabaseValue.null) }))
            let at = writer.nowISO()
            try writer.append(.customerErasures, id: "\(id)@\(at)", values: [id.databaseValue, at.databaseValue])
            return held
        }
    }

    /// Erasures (made here or received) whose local copies this node has not purged yet, once the NULLs they
    /// came with are in place (a customer deleted since counts as in place).
    public func pending() throws -> [(erasure: String, customer: String)] {
        let held = PersonalData.columns.sorted().map { "c.\($0) IS NOT NULL" }.joined(separator: " OR ")
        return try replica.reader.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT e.id, e.customer_id FROM customer_erasures e
                    LEFT JOIN outpost_erasures_settled s ON s.erasure_id = e.id
                    LEFT JOIN customers c ON c.id = e.customer_id
                    WHERE s.erasure_id IS NULL AND NOT coalesce(\(held), 0)
                    ORDER BY e.id
                    """
            ).map { ($0[0], $0[1]) }
        }
    }

    /// Marks erasures as purged on this node.
    public func settle(_ erasures: [String]) throws {
        try replica.writeLocal(as: CRMTables.owner) { db in
            for erasure in erasures {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO outpost_erasures_settled (erasure_id, settled_at) VALUES (?, ?)",
                    arguments: [erasure, Timestamps.iso(millis: Int64(replica.wallMillis()), fractional: false)])
            }
        }
    }
}
