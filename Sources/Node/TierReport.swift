import Analytics
import CRM

/// `outpost analytics tiers`: the value pyramid (trailing-365-day spend tiers) with counts and spend shares.
public struct TierReport: Sendable {
    public var asOf: CalendarDay
    public var thresholds: TierThresholds
    public var pyramid: TierPyramid
    /// Highest spenders, at most the limit: (id, region, spend365).
    public var top: [(id: String, region: String, spend: Double)]
    /// Customers left out of the pyramid: suspended from the programme.
    public var suspended: SuspensionSummary

    public init(_ run: AnalyticsRun, limit: Int) {
        asOf = run.asOf
        thresholds = run.thresholds
        pyramid = run.pyramid()
        let f = run.features
        top = pyramid.ranking.prefix(max(limit, 0)).map { (f.ids[$0], f.regions[$0], f.spend365[$0]) }
        suspended = SuspensionSummary(run, limit: limit)
    }

    func range(_ tier: StarTier) -> String {
        switch tier {
        case .value: "≥ \(Readable.amount(thresholds.value))"
        case .potential: "\(Readable.amount(thresholds.potential)) – \(Readable.amount(thresholds.value))"
        case .basic: "< \(Readable.amount(thresholds.potential))"
        }
    }

    public var json: JSONValue {
        .object([
            "as_of": .string(asOf.description),
            "thresholds": .object(["value": .number(thresholds.value), "potential": .number(thresholds.potential)]),
            "tiers": .array(
                pyramid.levels.map { level in
                    .object([
                        "tier": .string(level.tier.rawValue), "customers": .integer(Int64(level.customers)),
                        "customer_share": .number(level.customerShare), "spend_365": .number(level.spend),
                        "spend_share": .number(level.spendShare),
                    ])
                }),
            "top": .array(
                top.map {
                    .object(["id": .string($0.id), "region": .string($0.region), "spend_365": .number($0.spend)])
                }),
            "suspended": suspended.json,
        ])
    }

    public var text: String {
        var table = TextTable(
            header: ["tier", "spend 365 d (CNY)", "customers", "share", "spend (CNY)", "spend share"],
            rightAligned: [2, 3, 4, 5])
        for level in pyramid.levels {
            table.add([
                level.tier.rawValue, range(level.tier), Readable.count(level.customers),
                Readable.percent(level.customerShare), Readable.amount(level.spend), Readable.percent(level.spendShare),
            ])
        }
        let total = pyramid.levels.reduce(0) { $0 + $1.customers }
        var out = "Value pyramid as of \(asOf): \(Readable.count(total)) customers, trailing-365-day spend\n\n"
        out += table.render()
        if suspended.count > 0 { out += "\n\n" + suspended.text }
        if !top.isEmpty {
            var best = TextTable(header: ["id", "region", "spend 365 d (CNY)"], rightAligned: [2])
            for row in top { best.add([row.id, row.region, Readable.amount(row.spend)]) }
            out += "\n\ntop \(top.count) by spend\n" + best.render()
        }
        return out
    }
}
