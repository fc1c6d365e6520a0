import Analytics
import CRM

/// `outpost analytics rfm`: customers per RFM segment (rfm 0.3.0 table) with their mean recency, frequency and
/// spend, and the best-scored customers.
public struct RFMReport: Sendable {
    public var asOf: CalendarDay
    public var customers: Int
    public var withoutOrders: Int
    public var segments: [Segment]
    public var top: [RFMScore]
    public var monetary: [String: Double]

    /// One segment's line.
    public struct Segment: Sendable {
        public var name: String
        public var customers: Int
        public var meanRecency: Double
        public var meanFrequency: Double
        public var meanMonetary: Double
    }

    public init(_ run: AnalyticsRun, limit: Int) {
        let result = run.rfm()
        let f = run.features
        asOf = run.asOf
        customers = f.count
        withoutOrders = result.withoutOrders.count
        var sums: [String: (n: Int, r: Double, f: Double, m: Double)] = [:]
        for score in result.scores {
            let i = score.index
            var sum = sums[score.segment] ?? (0, 0, 0, 0)
            sum.n += 1
            sum.r += f.recencyDays[i]
            sum.f += f.frequency[i]
            sum.m += f.monetary[i]
            sums[score.segment] = sum
        }
        segments = result.segmentCounts().map { name, count in
            let sum = sums[name] ?? (0, 0, 0, 0)
            let n = Double(max(sum.n, 1))
            return Segment(
                name: name, customers: count, meanRecency: sum.r / n, meanFrequency: sum.f / n, meanMonetary: sum.m / n)
        }
        top = Array(
            result.scores.sorted {
                ($0.score, f.monetary[$0.index], $1.id) > ($1.score, f.monetary[$1.index], $0.id)
            }.prefix(max(limit, 0)))
        monetary = Dictionary(uniqueKeysWithValues: top.map { ($0.id, f.monetary[$0.index]) })
    }

    var scored: Int { segments.reduce(0) { $0 + $1.customers } }

    public var json: JSONValue {
        .object([
            "as_of": .string(asOf.description), "customers": .integer(Int64(customers)),
            "scored": .integer(Int64(scored)), "without_orders_in_window": .integer(Int64(withoutOrders)),
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
                        "segment": .string(s.segment), "monetary": .number(monetary[s.id] ?? 0),
                    ])
                }),
        ])
    }

    public var text: String {
        var table = TextTable(
            header: ["segment", "customers", "share", "recency (d)", "order days", "spend (CNY)"],
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
        out += "\(Readable.count(withoutOrders)) without orders in the window (not scored)\n"
        out += "means per segment; R, F, M quintiles 1-5, 5 best\n\n" + table.render()
        if !top.isEmpty {
            var best = TextTable(
                header: ["id", "R", "F", "M", "score", "segment", "spend (CNY)"], rightAligned: [1, 2, 3, 4, 6])
            for s in top {
                best.add([
                    s.id, "\(s.recency)", "\(s.frequency)", "\(s.monetary)", "\(s.score)", s.segment,
                    Readable.amount(monetary[s.id] ?? 0),
                ])
            }
            out += "\n\ntop \(top.count) by RFM score\n" + best.render()
        }
        return out
    }
}
