/// Customers per lifecycle stage, as `analytics lifecycle` counts them.
public struct LifecycleSection: Codable, Sendable, Equatable {
    /// One stage.
    public struct Stage: Codable, Sendable, Equatable {
        public var stage: String
        public var customers: Int
        public var spend365: Double

        public init(stage: String, customers: Int, spend365: Double) {
            self.stage = stage
            self.customers = customers
            self.spend365 = spend365
        }
    }

    public var customers: Int
    public var probabilityAliveUsed: Bool
    public var stages: [Stage]

    public init(customers: Int, probabilityAliveUsed: Bool, stages: [Stage]) {
        self.customers = customers
        self.probabilityAliveUsed = probabilityAliveUsed
        self.stages = stages
    }

    var html: String {
        let total = Double(max(customers, 1))
        let chart = SVGChart.bars(
            stages.map {
                SVGChart.Bar(
                    label: $0.stage, value: Double($0.customers),
                    text: ReportFormat.count($0.customers) + " (" + ReportFormat.percent(Double($0.customers) / total)
                        + ")")
            }, title: "Customers per lifecycle stage")
        let table = HTML.table(
            id: "lifecycle", header: ["stage", "customers", "share", "spend 365 d (CNY)"],
            rows: stages.map {
                [
                    HTML.Cell($0.stage), .figure(ReportFormat.count($0.customers)),
                    .figure(ReportFormat.percent(Double($0.customers) / total)),
                    .figure(ReportFormat.amount($0.spend365)),
                ]
            })
        var summary = "New: first order within 90 days; dormant: no order for 180 days or 3× the usual gap; "
        summary += "lost: 365 days; at risk: churn warning"
        summary += probabilityAliveUsed ? " (BG/NBD P(alive) included)." : " (without BG/NBD P(alive))."
        return HTML.section(id: "lifecycle", title: "Lifecycle stages", summary: summary, chart: chart, tables: [table])
    }
}
