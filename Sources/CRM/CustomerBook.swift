import Foundation
import GRDB
import Replica

/// Customer records and their tags, as office staff edit them one at a time. Validation is the import's,
/// so a customer typed in and one imported obey the same rules.
public struct CustomerBook {
    public let replica: Replica

    public init(replica: Replica) { self.replica = replica }

    /// Fields a customer may have, besides its id.
    public static let fields = [
        "licence_no", "name", "owner", "phone", "region", "district", "address", "channel", "business_type",
        "opened_on", "status", "marketing_consent",
    ]

    /// Adds a customer; fails if the id exists.
    public func add(id: String, fields: [String: String]) throws {
        let values = try validated(id: id, fields: fields, requireAll: true)
        try checkScope(id: id, region: fields["region"])
        try replica.write { try $0.insert(.customers, key: [id], values: values) }
    }

    /// Sets the given fields of an existing customer; returns the names of the fields whose value changed here.
    ///
    /// Every given field is written with a fresh clock, even when this node already holds that value: an edit is
    /// a decision made now, and must win over an older concurrent write from another node that has not arrived
    /// yet (which a skipped write would let through). Only the import compares values first, so re-importing an
    /// unchanged file writes nothing.
    @discardableResult
    public func update(id: String, fields: [String: String]) throws -> [String] {
        guard let existing = try show(id: id) else { throw ReplicaError.rowNotFound(table: "customers", key: [id]) }
        try checkScope(id: id, region: String.fromDatabaseValue(existing["region"] ?? .null))
        if let region = fields["region"] { try checkScope(id: id, region: region) }
        let values = try validated(id: id, fields: fields, requireAll: false)
        let wanted = values.filter { fields.keys.contains($0.key) }
        return try replica.write { writer in
            guard
                let current = try writer.read({
                    try Row.fetchOne($0, sql: "SELECT * FROM customers WHERE id = ?", arguments: [id])
                })
            else { throw ReplicaError.rowNotFound(table: "customers", key: [id]) }
            let changed = wanted.filter { current[$0.key] as DatabaseValue != $0.value }
            try writer.update(.customers, key: [id], values: wanted)
            return changed.keys.sorted()
        }
    }

    public func delete(id: String) throws {
        try replica.write(action: "delete") { try $0.delete(.customers, key: [id]) }
    }

    /// The customer's stored fields (with `updated_at`), or nil.
    public func show(id: String) throws -> [String: DatabaseValue]? {
        try replica.reader.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM customers WHERE id = ?", arguments: [id]) else {
                return nil
            }
            var fields: [String: DatabaseValue] = [:]
            for column in row.columnNames where !column.hasPrefix("_") { fields[column] = row[column] }
            return fields
        }
    }

    /// Customers in id order, optionally of one region, at most `limit`.
    public func list(region: String? = nil, limit: Int = 50) throws -> [[String: DatabaseValue]] {
        try replica.reader.read { db in
            let rows: [Row]
            if let region {
                rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM customers WHERE region = ? ORDER BY id LIMIT ?", arguments: [region, limit])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM customers ORDER BY id LIMIT ?", arguments: [limit])
            }
            return rows.map { row in
                var fields: [String: DatabaseValue] = [:]
                for column in row.columnNames where !column.hasPrefix("_") { fields[column] = row[column] }
                return fields
            }
        }
    }

    public func addTag(_ tag: String, to id: String) throws {
        let tag = try Self.checkedTag(tag)
        let scope = replica.identity.scope
        try replica.write { writer in
            let known = try writer.read { try ScopeError.heldCustomer(id, $0, scope: scope) }
            guard known else { throw ReplicaError.rowNotFound(table: "customers", key: [id]) }
            // Adding a tag the customer has is a no-op, not an error.
            let tagged = try writer.read {
                try Bool.fetchOne(
                    $0, sql: "SELECT 1 FROM customer_tags WHERE customer_id = ? AND tag = ?", arguments: [id, tag])
            }
            if tagged ?? false { return }
            try writer.insert(.customerTags, key: [id, tag], values: [:])
        }
    }

    public func removeTag(_ tag: String, from id: String) throws {
        let scope = replica.identity.scope
        try replica.write(action: "delete") { writer in
            _ = try writer.read { try ScopeError.heldCustomer(id, $0, scope: scope) }
            try writer.delete(.customerTags, key: [id, tag])
        }
    }

    public func tags(of id: String) throws -> [String] {
        try replica.reader.read { db in
            try String.fetchAll(
                db, sql: "SELECT tag FROM customer_tags WHERE customer_id = ? ORDER BY tag", arguments: [id])
        }
    }

    static func checkedTag(_ tag: String) throws -> String {
        let trimmed = tag.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 64 else {
            throw RowRejection("a tag is 1 to 64 characters, got '\(tag)'")
        }
        return trimmed
    }

    private func validated(id: String, fields: [String: String], requireAll: Bool) throws -> [String: DatabaseValue] {
        for name in fields.keys where !Self.fields.contains(name) {
            throw RowRejection("unknown customer field '\(name)' (fields: \(Self.fields.joined(separator: ", ")))")
        }
        var record = fields
        record["id"] = id
        if !requireAll {
            // Validation needs the required fields; borrow them from the stored row.
            let stored = try show(id: id) ?? [:]
            for name in ["name", "region"] where record[name] == nil {
                record[name] = String.fromDatabaseValue(stored[name] ?? .null)
            }
        }
        let names = Array(record.keys)
        let parsed = try ImportKind.customers.parse(
            ImportRecord(
                fields: names.map { record[$0]! },
                columns: Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })),
            references: ImportReferences())
        guard case .mutable(_, var values) = parsed else { return [:] }
        if !requireAll { values = values.filter { fields.keys.contains($0.key) } }
        return values
    }
}
