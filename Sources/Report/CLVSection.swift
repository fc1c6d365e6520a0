/// The distribution of customer lifetime value (BG/NBD and Gamma-Gamma, as `analytics clv`): customers in
/// deciles of CLV, with each decile's range, mean and share of the total.
public struct CLVSection: Codable, Sendable, Equatable {
    /// One decile, 1 = lowest CLV.
    public struct Band: Codable, Sendable, Equatable {
        public var decile: Int
        public var customers: Int
        public var lowest: Double
        public var highest: Double
        public var total: Double
        public var share: Double

        public init(decile: Int, customers: Int, lowest: Double, highest: Double, total: Double, share: Double) {
            self.decile = decile
            self.customers = customers
            self.lowest = lowest
            self.highest = highest
            self.total = total
            self.share = share
        }
    }

    /// Number of periods summed, each `periodDays` long, discounted at `discountRate` per period.
    public var periods: Int
    public var periodDays: Double
    public var discountRate: Double
    public var customers: Int
    public var totalValue: Double
    public var bands: [Band]
    /// Why there is no distribution (no customer with a repeat purchase), else nil.
    public var note: String?

    public init(
        periods: Int, periodDays: Double, discountRate: Double, customers: Int, totalValue: Double, bands: [Band],
        note: String?
    ) {
        self.periods = periods
        self.periodDays = periodDays
        self.discountRate = discountRate
        self.customers = customers
        self.totalValue = totalValue
        self.bands = bands
        self.note = note
    }

    var html: String {
        var summary = "Expected value over \(periods) periods of \(ReportFormat.decimal(periodDays, places: 0)) days, "
        summary += "discounted \(ReportFormat.percent(discountRate)) per period: "
        summary += "\(ReportFormat.count(customers)) customers, total \(ReportFormat.amount(totalValue)) CNY. "
        summary += "Bars: each decile's share of the total."
        guard note == nil else {
            return HTML.section(
                id: "clv", title: "Customer lifetime value", summary: nil, chart: nil, tables: [HTML.note(note!)])
        }
        let chart = SVGChart.bars(
            bands.reversed().map {
                SVGChart.Bar(label: "decile \($0.decile)", value: $0.share, text: ReportFormat.percent($0.share))
            }, title: "Share of total CLV per decile")
        let table = HTML.table(
            id: "clv", header: ["decile", "customers", "from (CNY)", "to (CNY)", "total (CNY)", "share"],
            rows: bands.reversed().map {
                [
                    HTML.Cell("\($0.decile)"), .figure(ReportFormat.count($0.customers)),
                    .figure(ReportFormat.amount($0.lowest)), .figure(ReportFormat.amount($0.highest)),
                    .figure(ReportFormat.amount($0.total)), .figure(ReportFormat.percent($0.share)),
                ]
            })
        return HTML.section(
            id: "clv", title: "Customer lifetime value", summary: summary, chart: chart, tables: [table])
    }
}
