import Analytics
import CRM
import Replica

/// `outpost analytics churn`: flagged customers with their reasons (most reasons, then highest spend first), counts
/// per reason, and optionally a back-test against who actually stopped buying after the as-of day.
public struct ChurnReport: Sendable {
    public var asOf: CalendarDay
    public var withOrders: Int
    public var flagged: Int
    public var reasonCounts: [ChurnReason: Int]
    public var listed: [Line]
    public var backtest: ChurnBacktestReport?
    /// Whether BG/NBD P(alive) was one of the reasons checked.
    public var usesProbabilityAlive: Bool
    /// The BG/NBD fit's warning when it is at a boundary (P(alive) left out when it shows no dropout).
    public var fitWarning: BGNBDFitWarning?

    /// One flagged customer.
    public struct Line: Sendable {
        public var id: String
        public var region: String
        public var reasons: [ChurnReason]
        public var spend365: Double
        public var recency: Double
        public var orderDays90: Double
        public var orderDaysPrev90: Double
        public var channelSwitches90: Double
        public var complaints90: Double
    }

    public static func run(_ run: AnalyticsRun, limit: Int, backtestDays: Int?, replica: Replica) throws -> ChurnReport
    {
        let assessment = run.churnAssessment()
        let warnings = assessment.warnings
        let f = run.features
        var counts: [ChurnReason: Int] = [:]
        for warning in warnings { for reason in warning.reasons { counts[reason, default: 0] += 1 } }
        let listed = ChurnWarning.ranked(warnings, f).prefix(max(limit, 0)).map { w in
            let i = w.index
            return Line(
                id: w.id, region: f.regions[i], reasons: w.reasons, spend365: f.spend365[i], recency: f.recencyDays[i],
                orderDays90: f.orderDays90[i], orderDaysPrev90: f.orderDaysPrev90[i],
                channelSwitches90: f.channelSwitches90[i], complaints90: f.complaints90[i])
        }
        return ChurnReport(
            asOf: run.asOf, withOrders: run.customersWithOrders, flagged: warnings.count, reasonCounts: counts,
            listed: listed,
            backtest: try backtestDays.map {
                try run.churnBacktest(flagged: warnings.map(\.id), days: $0, replica: replica)
            },
            usesProbabilityAlive: assessment.probabilityAliveUsed, fitWarning: assessment.fitWarning)
    }

    static func optional(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "as_of": .string(asOf.description), "customers_with_orders": .integer(Int64(withOrders)),
            "flagged": .integer(Int64(flagged)), "probability_alive_used": .bool(usesProbabilityAlive),
            "fit_warning": fitWarning.map { .string($0.message) } ?? .null,
            "reasons": .object(
                Dictionary(
                    uniqueKeysWithValues: ChurnReason.allCases.map {
                        ($0.rawValue, JSONValue.integer(Int64(reasonCounts[$0] ?? 0)))
                    })),
            "customers": .array(
                listed.map { line in
                    .object([
                        "id": .string(line.id), "region": .string(line.region),
                        "reasons": .array(line.reasons.map { .string($0.rawValue) }),
                        "spend_365": .number(line.spend365), "recency_days": .number(line.recency),
                        "order_days_90": .number(line.orderDays90), "order_days_prev_90": .number(line.orderDaysPrev90),
                        "channel_switches_90": .number(line.channelSwitches90),
                        "complaints_90": .number(line.complaints90),
                    ])
                }),
        ]
        if let b = backtest {
            object["backtest"] = .object([
                "days": .integer(Int64(b.days)), "population": .integer(Int64(b.population)),
                "flagged": .integer(Int64(b.flagged)), "stopped": .integer(Int64(b.stopped)),
                "true_positives": .integer(Int64(b.outcome.truePositives)),
                "false_positives": .integer(Int64(b.outcome.falsePositives)),
                "false_negatives": .integer(Int64(b.outcome.falseNegatives)),
                "precision": Self.optional(b.outcome.precision), "recall": Self.optional(b.outcome.recall),
                "data_covers_period": .bool(b.dataCoversPeriod),
            ])
        }
        return .object(object)
    }

    public var text: String {
        var out = "Churn warning as of \(asOf): \(Readable.count(flagged)) of \(Readable.count(withOrders)) "
        out += "customers with orders flagged"
        if let fitWarning {
            out +=
                usesProbabilityAlive ? "\n\(fitWarning.message)" : "\nBG/NBD P(alive) not used: \(fitWarning.message)"
        } else if !usesProbabilityAlive {
            out += " (BG/NBD P(alive) not used)"
        }
        var reasons = TextTable(header: ["reason", "customers"], rightAligned: [1])
        for reason in ChurnReason.allCases {
            reasons.add([reason.rawValue, Readable.count(reasonCounts[reason] ?? 0)])
        }
        out += "\n\n" + reasons.render()
        if let b = backtest {
            let percent = { (v: Double?) in v.map(Readable.percent) ?? "n/a" }
            out +=
                "\n\nback-test, next \(b.days) days: \(Readable.count(b.stopped)) of \(Readable.count(b.population)) "
            out += "active customers stopped buying; flagged \(Readable.count(b.flagged)), "
            out += "caught \(Readable.count(b.outcome.truePositives)); precision \(percent(b.outcome.precision)), "
            out += "recall \(percent(b.outcome.recall))"
            if !b.dataCoversPeriod { out += "\nwarning: the replica has no orders through the end of that period" }
        }
        if !listed.isEmpty {
            var table = TextTable(
                header: [
                    "id", "region", "spend 365 d", "recency", "days 90", "prev 90", "switches", "complaints", "reasons",
                ],
                rightAligned: [2, 3, 4, 5, 6, 7])
            for line in listed {
                table.add([
                    line.id, line.region, Readable.amount(line.spend365), Readable.decimal(line.recency, places: 0),
                    Readable.decimal(line.orderDays90, places: 0), Readable.decimal(line.orderDaysPrev90, places: 0),
                    Readable.decimal(line.channelSwitches90, places: 0), Readable.decimal(line.complaints90, places: 0),
                    line.reasons.map(\.rawValue).joined(separator: ", "),
                ])
            }
            out += "\n\n\(listed.count) of \(Readable.count(flagged)) flagged, most reasons and highest spend first\n"
            out += table.render()
        }
        return out
    }
}
