import Analytics
import CRM

/// `outpost analytics lifecycle`: customers per lifecycle stage, with their trailing-365-day spend.
public struct LifecycleReport: Sendable {
    public var asOf: CalendarDay
    public var customers: Int
    public var stages: [(stage: LifecycleStage, customers: Int, spend: Double)]
    public var usesProbabilityAlive: Bool

    /// Stages in the order an analyst reads them: from new to lost, then customers without orders.
    static let order: [LifecycleStage] = [.new, .active, .wonBack, .atRisk, .dormant, .lost, .noOrders]

    public init(_ run: AnalyticsRun) {
        asOf = run.asOf
        customers = run.features.count
        usesProbabilityAlive = run.usesProbabilityAlive
        let stages = run.lifecycle(warnings: run.churnWarnings())
        var counts: [LifecycleStage: Int] = [:]
        var spend: [LifecycleStage: Double] = [:]
        for (i, stage) in stages.enumerated() {
            counts[stage, default: 0] += 1
            spend[stage, default: 0] += run.features.spend365[i]
        }
        self.stages = Self.order.map { ($0, counts[$0] ?? 0, spend[$0] ?? 0) }
    }

    public var json: JSONValue {
        .object([
            "as_of": .string(asOf.description), "customers": .integer(Int64(customers)),
            "probability_alive_used": .bool(usesProbabilityAlive),
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
        return "Lifecycle as of \(asOf): \(Readable.count(customers)) customers\n\n" + table.render()
    }
}
