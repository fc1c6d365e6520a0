import Analytics
import GRDB
import Replica

/// Weekly net quantities sold per series (region, category, sku or region × sku) before an as-of day, the input of
/// `analytics forecast` and `stock warn`. Weeks end at the as-of day (``WeeklySeries``); the first is the first
/// whole week after the earliest order of the replica, so every series shares one calendar.
public struct SalesHistory: Sendable {
    /// How orders are grouped into series.
    public enum Grouping: String, Sendable, CaseIterable {
        case region, category, sku
        case regionSKU = "region,sku"

        /// The names of the key's parts.
        public var parts: [String] {
            switch self {
            case .region: return ["region"]
            case .category: return ["category"]
            case .sku: return ["sku"]
            case .regionSKU: return ["region", "sku"]
            }
        }
    }

    public struct Series: Sendable {
        /// One value per part of the grouping; "(none)" where the customer's region or the product's category
        /// is unknown.
        public var key: [String]
        public var weekly: WeeklySeries
    }

    public var asOf: CalendarDay
    public var grouping: Grouping
    public var weeks: Int
    /// Sorted by key.
    public var series: [Series]

    public static let unknown = "(none)"

    /// Reads the orders before `asOf` (returns count negative), grouped by `grouping`.
    public static func load(from replica: Replica, asOf: CalendarDay, grouping: Grouping) throws -> SalesHistory {
        var days: [[String]: (days: [Int], quantities: [Double])] = [:]
        var weeks = 0
        try replica.reader.read { db in
            let first = try String.fetchOne(
                db, sql: "SELECT MIN(ordered_at) FROM orders WHERE ordered_at < ?", arguments: [asOf.startTimestamp])
            guard let first, let firstDay = CalendarDay(String(first.prefix(10))) else { return }
            weeks = asOf.days(since: firstDay) / 7
            let columns: String
            switch grouping {
            case .region: columns = "c.region"
            case .category: columns = "p.category"
            case .sku: columns = "o.sku"
            case .regionSKU: columns = "c.region, o.sku"
            }
            let join =
                grouping == .category
                ? "LEFT JOIN products p ON p.sku = o.sku"
                : grouping == .sku ? "" : "LEFT JOIN customers c ON c.id = o.customer_id"
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT \(columns), substr(o.ordered_at, 1, 10) AS day, TOTAL(o.quantity) FROM orders o \(join)
                    WHERE o.ordered_at >= ? AND o.ordered_at < ? GROUP BY \(columns), day
                    """,
                arguments: [asOf.adding(days: -7 * weeks).startTimestamp, asOf.startTimestamp])
            let parts = grouping.parts.count
            while let row = try cursor.next() {
                let key = (0..<parts).map { (row[$0] as String?) ?? unknown }
                guard let dayText: String = row[parts], let day = CalendarDay(dayText) else { continue }
                days[key, default: ([], [])].days.append(asOf.days(since: day))
                days[key, default: ([], [])].quantities.append(row[parts + 1])
            }
        }
        let series = days.map { key, value in
            Series(key: key, weekly: WeeklySeries(weeks: weeks, daysBefore: value.days, quantities: value.quantities))
        }
        return SalesHistory(
            asOf: asOf, grouping: grouping, weeks: weeks,
            series: series.sorted { $0.key.lexicographicallyPrecedes($1.key) })
    }
}
