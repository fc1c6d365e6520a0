/// The value pyramid per region: customers and trailing-365-day spend per star tier, as `analytics tiers`.
public struct PyramidSection: Codable, Sendable, Equatable {
    /// One tier of one region.
    public struct Level: Codable, Sendable, Equatable {
        public var tier: String
        public var customers: Int
        public var customerShare: Double
        public var spend365: Double
        public var spendShare: Double

        public init(tier: String, customers: Int, customerShare: Double, spend365: Double, spendShare: Double) {
            self.tier = tier
            self.customers = customers
            self.customerShare = customerShare
            self.spend365 = spend365
            self.spendShare = spendShare
        }
    }

    /// One region's pyramid, levels from `value` down; region `all` is the whole report's.
    public struct Region: Codable, Sendable, Equatable {
        public var region: String
        public var levels: [Level]

        public init(region: String, levels: [Level]) {
            self.region = region
            self.levels = levels
        }
    }

    public var valueFrom: Double
    public var potentialFrom: Double
    /// Customers suspended from the programme, in no level.
    public var suspended: Int
    public var regions: [Region]

    public init(valueFrom: Double, potentialFrom: Double, suspended: Int, regions: [Region]) {
        self.valueFrom = valueFrom
        self.potentialFrom = potentialFrom
        self.suspended = suspended
        self.regions = regions
    }

    var html: String {
        let charts = regions.map { region in
            SVGChart.butterfly(
                region.levels.map { SVGChart.Wing(label: $0.tier, left: $0.customerShare, right: $0.spendShare) },
                title: "Value pyramid, \(region.region)", leftTitle: "\(region.region): customers",
                rightTitle: "spend", width: 330)
        }
        var rows: [[HTML.Cell]] = []
        for region in regions {
            for level in region.levels {
                rows.append([
                    HTML.Cell(region.region), HTML.Cell(level.tier), .figure(ReportFormat.count(level.customers)),
                    .figure(ReportFormat.percent(level.customerShare)), .figure(ReportFormat.amount(level.spend365)),
                    .figure(ReportFormat.percent(level.spendShare)),
                ])
            }
        }
        var summary = "Star tiers by trailing-365-day spend: value from \(ReportFormat.amount(valueFrom)) CNY, "
        summary += "potential from \(ReportFormat.amount(potentialFrom)) CNY, basic below."
        if suspended > 0 { summary += " \(ReportFormat.count(suspended)) suspended customers are in no tier." }
        return HTML.section(
            id: "pyramid", title: "Value pyramid per region", summary: summary,
            chart: "<div class=\"small-multiples\">" + charts.joined() + "</div>",
            tables: [
                HTML.table(
                    id: "pyramid",
                    header: ["region", "tier", "customers", "share", "spend 365 d (CNY)", "spend share"], rows: rows)
            ])
    }
}
