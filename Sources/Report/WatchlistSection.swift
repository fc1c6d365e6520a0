/// The churn watchlist: the customers most likely to stop buying, with the rules that fired, phones masked.
public struct WatchlistSection: Codable, Sendable, Equatable {
    /// One flagged customer.
    public struct Customer: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var region: String
        /// Masked: only the last four digits are shown.
        public var phone: String
        /// The learned probability of no purchase in the horizon; nil when the rules alone decided.
        public var probability: Double?
        public var reasons: [String]
        public var spend365: Double
        public var recencyDays: Double

        public init(
            id: String, name: String, region: String, phone: String, probability: Double?, reasons: [String],
            spend365: Double, recencyDays: Double
        ) {
            self.id = id
            self.name = name
            self.region = region
            self.phone = phone
            self.probability = probability
            self.reasons = reasons
            self.spend365 = spend365
            self.recencyDays = recencyDays
        }
    }

    public var flagged: Int
    public var horizonDays: Int
    public var threshold: Double
    public var customers: [Customer]

    public init(flagged: Int, horizonDays: Int, threshold: Double, customers: [Customer]) {
        self.flagged = flagged
        self.horizonDays = horizonDays
        self.threshold = threshold
        self.customers = customers
    }

    var html: String {
        var summary = "\(ReportFormat.count(flagged)) customers have a probability of at least "
        summary += "\(ReportFormat.percent(threshold)) of no purchase in the next \(horizonDays) days "
        summary += "(learned from this node's history); the \(customers.count) most at risk are listed. "
        summary += "Reasons are the seed rules that fired. Phones are masked."
        let table = HTML.table(
            id: "watchlist",
            header: ["id", "name", "region", "phone", "P(stop)", "reasons", "spend 365 d (CNY)", "days since order"],
            rows: customers.map { c in
                [
                    HTML.Cell(c.id), HTML.Cell(c.name), HTML.Cell(c.region), HTML.Cell(c.phone),
                    .figure(ReportFormat.percent(c.probability)),
                    HTML.Cell(c.reasons.isEmpty ? "-" : c.reasons.joined(separator: ", ")),
                    .figure(ReportFormat.amount(c.spend365)), .figure(ReportFormat.decimal(c.recencyDays, places: 0)),
                ]
            })
        return HTML.section(
            id: "watchlist", title: "Churn watchlist", summary: summary, chart: nil,
            tables: [customers.isEmpty ? HTML.note("Nobody is flagged.") : table])
    }
}
