import Foundation
import GRDB
import Replica

/// The `stock` table as an office keeps it: counts and levels set one product at a time or imported, checked the
/// same way (``StockLevel/problem(onHand:min:max:leadDays:)``).
public struct StockBook {
    public let replica: Replica

    public init(replica: Replica) { self.replica = replica }

    /// Why a stock command was refused.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// Sets the given values of (region, sku), creating the row (lead time 14 days) if needed; a new on-hand
    /// count is stamped `counted_at` now. Refuses an unknown product, a region no customer has and outside this
    /// node's scope, negative values, a minimum above the maximum (also against the stored other level).
    @discardableResult
    public func set(
        region: String, sku: String, onHand: Int64? = nil, min: Int64? = nil, max: Int64? = nil,
        leadDays: Int64? = nil
    ) throws -> StockLevel {
        guard onHand != nil || min != nil || max != nil || leadDays != nil else {
            throw Refusal("nothing to set: give --on-hand, --min, --max or --lead-days")
        }
        let scope = replica.identity.scope
        guard scope.contains(region) else { throw Refusal("region '\(region)' is outside this node's scope \(scope)") }
        return try replica.write { writer in
            try writer.read { db in
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM products WHERE sku = ?", arguments: [sku]) ?? false
                else { throw Refusal("unknown sku '\(sku)' (import products first)") }
                if case .all = scope, !(try Self.knownRegions(db).contains(region)) {
                    throw Refusal("unknown region '\(region)': no customer has it")
                }
            }
            let stored = try writer.read { try Self.level($0, region: region, sku: sku) }
            if let problem = StockLevel.problem(
                onHand: onHand, min: min ?? stored?.minLevel, max: max ?? stored?.maxLevel, leadDays: leadDays)
            {
                throw Refusal(problem)
            }
            var values: [String: DatabaseValue] = [:]
            if let onHand {
                values["on_hand"] = onHand.databaseValue
                values["counted_at"] = writer.nowISO().databaseValue
            }
            if let min { values["min_level"] = min.databaseValue }
            if let max { values["max_level"] = max.databaseValue }
            if let leadDays { values["lead_time_days"] = leadDays.databaseValue }
            if stored == nil, values["lead_time_days"] == nil {
                values["lead_time_days"] = Int64(StockLevel.defaultLeadTimeDays).databaseValue
            }
            try writer.upsert(.stock, key: [region, sku], values: values)
            return try writer.read { try Self.level($0, region: region, sku: sku) }!
        }
    }

    /// Rows by region and sku, optionally of one region.
    public func list(region: String? = nil) throws -> [StockLevel] {
        try replica.reader.read { try Self.levels($0, region: region) }
    }

    static func levels(_ db: Database, region: String? = nil) throws -> [StockLevel] {
        let rows =
            region == nil
            ? try Row.fetchAll(db, sql: "SELECT * FROM stock ORDER BY region, sku")
            : try Row.fetchAll(
                db, sql: "SELECT * FROM stock WHERE region = ? ORDER BY region, sku", arguments: [region])
        return rows.map(StockLevel.init(row:))
    }

    static func level(_ db: Database, region: String, sku: String) throws -> StockLevel? {
        try Row.fetchOne(db, sql: "SELECT * FROM stock WHERE region = ? AND sku = ?", arguments: [region, sku])
            .map(StockLevel.init(row:))
    }

    /// Regions some customer has.
    static func knownRegions(_ db: Database) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT DISTINCT region FROM customers WHERE region IS NOT NULL"))
    }
}
