import Analytics
import CRM

/// `outpost analytics rfm`: customers per RFM segment (scores and segment table of R package rfm 0.3.0) with their
/// mean recency, frequency and spend, and the best-scored customers.
public struct RFMReport: Sendable {
    public var asOf: CalendarDay
    public var customers: Int
    public var withoutOrders: Int
    public var segments: [Segment]
    /// Best-scored customers first (``RFMResult/ranked(limit:)``).
    public var top: [RFMScore]
    /// True when the inputs were `rfm_table_order`'s order lines rather than order days in the window.
    public var usesOrderLines: Bool

    /// One segment's line.
    public struct Segment: Sendable {
        public var name: String
        public var customers: Int
        public var meanRecency: Double
        public var meanFrequency: Double
        public var meanMonetary: Double
    }

    /// Scores `run`'s default inputs (order days and net spend in the window), or `orderLines` when given
    /// (``AnalyticsRun/orderLineInputs(from:)``).
    public init(_ run: AnalyticsRun, limit: Int, orderLines: RFMInputs? = nil) {
        let result = orderLines.map { RFMAnalysis.run(run.features, inputs: $0) } ?? run.rfm()
        asOf = run.asOf
        customers = run.features.count
        withoutOrders = result.withoutOrders.count
        usesOrderLines = orderLines != nil
        var sums: [String: (n: Int, r: Double, f: Double, m: Double)] = [:]
        for score in result.scores {
            var sum = sums[score.segment] ?? (0, 0, 0, 0)
            sum.n += 1
            sum.r += score.recencyDays
            sum.f += score.frequencyCount
            sum.m += score.spend
            sums[score.segment] = sum
        }
        segments = result.segmentCounts().map { name, count in
            let sum = sums[name] ?? (0, 0, 0, 0)
            let n = Double(max(sum.n, 1))
            return Segment(
                name: name, customers: count, meanRecency: sum.r / n, meanFrequency: sum.f / n, meanMonetary: sum.m / n)
        }
        top = result.ranked(limit: limit)
    }

    /// What was scored, in words.
    var inputs: String {
        usesOrderLines
            ? "order lines: every order row before the as-of day, all history (rfm_table_order)"
            : "order days and net spend in the 365 days before the as-of day (rfm_table_customer)"
    }

    var scored: Int { segments.reduce(0) { $0 + $1.customers } }

    public var json: JSONValue {
        .object([
            "as_of": .string(asOf.description), "customers": .integer(Int64(customers)),
            "scored": .integer(Int64(scored)), "without_orders_in_window": .integer(Int64(withoutOrders)),
            "inputs": .string(usesOrderLines ? "order_lines" : "order_days"),
            "segments": .array(
                segments.map { s in
                    .object([
                        "segment": .string(s.name), "customers": .integer(Int64(s.customers)),
                        "mean_recency_days": .number(s.meanRecency), "mean_frequency": .number(s.meanFrequency),
                        "mean_monetary": .number(s.meanMonetary),
                    ])
                }),
            "top": .array(
                top.map { s in
                    .object([
                        "id": .string(s.id), "r": .integer(Int64(s.recency)), "f": .integer(Int64(s.frequency)),
                        "m": .integer(Int64(s.monetary)), "score": .integer(Int64(s.score)),
                        "segment": .string(s.segment), "monetary": .number(s.spend),
                        "recency_days": .number(s.recencyDays), "frequency": .number(s.frequencyCount),
                    ])
                }),
        ])
    }

    public var text: String {
        var table = TextTable(
            header: [
                "segment", "customers", "share", "recency (d)", usesOrderLines ? "order lines" : "order days",
                "spend (CNY)",
            ],
            rightAligned: [1, 2, 3, 4, 5])
        let total = Double(max(scored, 1))
        for s in segments {
            table.add([
                s.name, Readable.count(s.customers), Readable.percent(Double(s.customers) / total),
                Readable.decimal(s.meanRecency, places: 0), Readable.decimal(s.meanFrequency, places: 1),
                Readable.amount(s.meanMonetary),
            ])
        }
        var out = "RFM as of \(asOf): \(Readable.count(scored)) customers scored, "
        out += "\(Readable.count(withoutOrders)) without "
        out += usesOrderLines ? "order rows (not scored)\n" : "orders in the window (not scored)\n"
        out += "inputs: \(inputs)\n"
        out += "means per segment; R, F, M quintiles 1-5 as rfm 0.3.0 cuts them, 5 best\n\n" + table.render()
        if !top.isEmpty {
            var best = TextTable(
                header: ["id", "R", "F", "M", "score", "segment", "spend (CNY)"], rightAligned: [1, 2, 3, 4, 6])
            for s in top {
                best.add([
                    s.id, "\(s.recency)", "\(s.frequency)", "\(s.monetary)", "\(s.score)", s.segment,
                    Readable.amount(s.spend),
                ])
            }
            out += "\n\ntop \(top.count) by RFM score\n" + best.render()
        }
        return out
    }
}
