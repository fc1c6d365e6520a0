import Analytics
import CRM

/// `outpost analytics lifecycle`: customers per lifecycle stage, with their trailing-365-day spend.
public struct LifecycleReport: Sendable {
    public var asOf: CalendarDay
    public var customers: Int
    /// Customers and spend per stage, in reading order (``LifecycleTally/order``).
    public var stages: [LifecycleTally.Line]
    /// Whether BG/NBD P(alive) took part in the at-risk warning.
    public var usesProbabilityAlive: Bool
    /// The BG/NBD fit's warning when it is at a boundary (P(alive) left out when it shows no dropout).
    public var fitWarning: BGNBDFitWarning?

    public init(_ run: AnalyticsRun) {
        asOf = run.asOf
        customers = run.features.count
        let assessment = run.churnAssessment()
        usesProbabilityAlive = assessment.probabilityAliveUsed
        fitWarning = assessment.fitWarning
        stages = LifecycleTally(run.lifecycle(warnings: assessment.warnings), run.features).lines
    }

    public var json: JSONValue {
        .object([
            "as_of": .string(asOf.description), "customers": .integer(Int64(customers)),
            "probability_alive_used": .bool(usesProbabilityAlive),
            "fit_warning": fitWarning.map { .string($0.message) } ?? .null,
            "stages": .array(
                stages.map {
                    .object([
                        "stage": .string($0.stage.rawValue), "customers": .integer(Int64($0.customers)),
                        "spend_365": .number($0.spend),
                    ])
                }),
        ])
    }

    public var text: String {
        var table = TextTable(header: ["stage", "customers", "share", "spend 365 d (CNY)"], rightAligned: [1, 2, 3])
        for row in stages {
            table.add([
                row.stage.rawValue, Readable.count(row.customers),
                Readable.percent(Double(row.customers) / Double(max(customers, 1))), Readable.amount(row.spend),
            ])
        }
        var out = "Lifecycle as of \(asOf): \(Readable.count(customers)) customers\n"
        if let fitWarning {
            out +=
                usesProbabilityAlive
                ? "\(fitWarning.message)\n" : "at risk without BG/NBD P(alive): \(fitWarning.message)\n"
        }
        return out + "\n" + table.render()
    }
}
