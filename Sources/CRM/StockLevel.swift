import GRDB

/// One row of `stock`: what a region holds of a product and the levels it keeps between.
public struct StockLevel: Sendable, Equatable {
    public var region: String
    public var sku: String
    public var onHand: Int64?
    public var minLevel: Int64?
    public var maxLevel: Int64?
    /// Days from ordering to delivery (14 unless set).
    public var leadTimeDays: Int
    /// When `onHand` was counted (ISO timestamp).
    public var countedAt: String?

    public static let defaultLeadTimeDays = 14
    /// The longest lead time accepted (a year).
    public static let maxLeadTimeDays = 365

    public init(
        region: String, sku: String, onHand: Int64? = nil, minLevel: Int64? = nil, maxLevel: Int64? = nil,
        leadTimeDays: Int = StockLevel.defaultLeadTimeDays, countedAt: String? = nil
    ) {
        self.region = region
        self.sku = sku
        self.onHand = onHand
        self.minLevel = minLevel
        self.maxLevel = maxLevel
        self.leadTimeDays = leadTimeDays
        self.countedAt = countedAt
    }

    init(row: Row) {
        region = row["region"]
        sku = row["sku"]
        onHand = row["on_hand"]
        minLevel = row["min_level"]
        maxLevel = row["max_level"]
        leadTimeDays = (row["lead_time_days"] as Int?) ?? Self.defaultLeadTimeDays
        countedAt = row["counted_at"]
    }

    /// Why these values may not be stored together, or nil: negative counts or levels, a minimum above the
    /// maximum, a lead time outside 1…365 days.
    static func problem(onHand: Int64?, min: Int64?, max: Int64?, leadDays: Int64?) -> String? {
        for (name, value) in [("on_hand", onHand), ("min_level", min), ("max_level", max)] {
            if let value, value < 0 { return "\(name) must not be negative, got \(value)" }
        }
        if let min, let max, min > max { return "min_level \(min) is above max_level \(max)" }
        if let leadDays, !(1...Int64(maxLeadTimeDays)).contains(leadDays) {
            return "lead_time_days is 1 to \(maxLeadTimeDays), got \(leadDays)"
        }
        return nil
    }
}
