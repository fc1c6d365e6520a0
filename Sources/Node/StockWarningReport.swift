import Analytics
import CRM
import Foundation
import Replica

/// `outpost stock warn`: per stock row, on hand against the forecast demand over its lead time, the projected
/// stock-out day, below min, above max and the order that brings the shelf back to its maximum.
public struct StockWarningReport: Sendable {
    public struct Line: Sendable {
        public var level: StockLevel
        public var projection: StockProjection
        /// The forecast method of the row's region × sku series (nil without sales history).
        public var method: String?
        public var notes: [String]
    }

    public var asOf: CalendarDay
    public var lines: [Line]

    /// Rows of stock (optionally of one region) with the auto forecast of their region × sku series.
    public init(replica: Replica, asOf: CalendarDay, region: String?) throws {
        self.asOf = asOf
        let levels = try StockBook(replica: replica).list(region: region)
        let history = try SalesHistory.load(from: replica, asOf: asOf, grouping: .regionSKU)
        var series: [[String]: WeeklySeries] = [:]
        for item in history.series { series[item.key] = item.weekly }
        let longest = levels.map(\.leadTimeDays).max() ?? StockLevel.defaultLeadTimeDays
        // A quarter ahead, or the longest lead time and a week.
        let forecaster = SalesForecaster(horizon: min(104, max(13, (longest + 6) / 7 + 1)))
        lines = levels.map { level in
            let forecast = series[[level.region, level.sku]].map(forecaster.forecast)
            let projection = StockProjection(
                onHand: Double(level.onHand ?? 0), weeklyDemand: forecast?.points ?? [],
                leadTimeDays: level.leadTimeDays, minLevel: level.minLevel.map(Double.init),
                maxLevel: level.maxLevel.map(Double.init))
            var notes = forecast?.notes ?? ["no sales history: demand 0"]
            if level.onHand == nil { notes.append("never counted: on hand taken as 0") }
            return Line(level: level, projection: projection, method: forecast?.method.name, notes: notes)
        }
    }

    /// Whether any shelf runs empty within its lead time (the command exits 3).
    public var hasStockOutWithinLeadTime: Bool { lines.contains { $0.projection.stockOutWithinLeadTime } }

    func stockOutDate(_ line: Line) -> CalendarDay? { line.projection.stockOutDay.map { asOf.adding(days: $0) } }

    public var json: JSONValue {
        .object([
            "as_of": .string(asOf.description),
            "stock_out_within_lead_time": .bool(hasStockOutWithinLeadTime),
            "rows": .array(
                lines.map { line in
                    let p = line.projection
                    return .object([
                        "region": .string(line.level.region), "sku": .string(line.level.sku),
                        "on_hand": line.level.onHand.map { .integer($0) } ?? .null,
                        "min_level": line.level.minLevel.map { .integer($0) } ?? .null,
                        "max_level": line.level.maxLevel.map { .integer($0) } ?? .null,
                        "lead_time_days": .integer(Int64(line.level.leadTimeDays)),
                        "lead_time_demand": .number(p.leadTimeDemand),
                        "stock_out_on": stockOutDate(line).map { .string($0.description) } ?? .null,
                        "stock_out_within_lead_time": .bool(p.stockOutWithinLeadTime),
                        "below_min": .bool(p.belowMin), "above_max": .bool(p.aboveMax),
                        "projected_at_arrival": .number(p.atArrival), "suggested_order": .number(p.suggestedOrder),
                        "method": line.method.map { .string($0) } ?? .null,
                        "notes": .array(line.notes.map { .string($0) }),
                    ])
                }),
        ])
    }

    public var text: String {
        var table = TextTable(
            header: [
                "region", "sku", "on hand", "min", "max", "lead d", "demand in lead", "stock-out", "warning", "order",
            ],
            rightAligned: [2, 3, 4, 5, 6, 9])
        for line in lines {
            let p = line.projection
            var warnings: [String] = []
            if p.stockOutWithinLeadTime { warnings.append("STOCK-OUT") }
            if p.belowMin { warnings.append("below min") }
            if p.aboveMax { warnings.append("overstock") }
            table.add([
                line.level.region, line.level.sku, line.level.onHand.map(String.init) ?? "–",
                line.level.minLevel.map(String.init) ?? "–", line.level.maxLevel.map(String.init) ?? "–",
                String(line.level.leadTimeDays), String(format: "%.1f", p.leadTimeDemand),
                stockOutDate(line)?.description ?? "–", warnings.joined(separator: ", "),
                p.suggestedOrder > 0 ? String(format: "%.0f", p.suggestedOrder) : "",
            ])
        }
        let outs = lines.filter { $0.projection.stockOutWithinLeadTime }.count
        return "Stock as of \(asOf): \(lines.count) shelves, \(outs) run out within their lead time\n\n"
            + (lines.isEmpty ? "no stock rows" : table.render())
    }
}
