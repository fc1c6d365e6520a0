/// The monthly cohort retention triangle: customers by the month of their first purchase, and the share of
/// them buying in each month after. The as-of day's own month is not over: its cells are immature (greyed).
public struct CohortSection: Codable, Sendable, Equatable {
    /// One cohort: `retained[k]` customers of it bought in month k after its first (k = 0 is every one of them).
    public struct Cohort: Codable, Sendable, Equatable {
        /// `2026-03`.
        public var month: String
        public var size: Int
        public var retained: [Int]
        /// How many leading entries of `retained` are complete months; the rest (at most one) is partial.
        public var matureMonths: Int

        public init(month: String, size: Int, retained: [Int], matureMonths: Int) {
            self.month = month
            self.size = size
            self.retained = retained
            self.matureMonths = matureMonths
        }

        /// `retained[k] / size`.
        public func share(_ k: Int) -> Double? {
            k < retained.count && size > 0 ? Double(retained[k]) / Double(size) : nil
        }
    }

    /// Oldest cohort first.
    public var cohorts: [Cohort]

    public init(cohorts: [Cohort]) { self.cohorts = cohorts }

    var columns: Int { cohorts.map(\.retained.count).max() ?? 0 }

    var html: String {
        guard cohorts.contains(where: { $0.size > 0 }) else {
            return HTML.section(
                id: "cohorts", title: "Monthly cohort retention", summary: nil, chart: nil,
                tables: [HTML.note("No first purchase in the months shown.")])
        }
        let shares = cohorts.map { c in (0..<columns).map { c.share($0) } }
        let immature = cohorts.map { c in (0..<columns).map { c.share($0) != nil && $0 >= c.matureMonths } }
        let chart = SVGChart.triangle(
            shares: shares, immature: immature, rowLabels: cohorts.map(\.month),
            columnLabels: (0..<columns).map(String.init), title: "Cohort retention triangle")
        let rows = cohorts.map { c in
            [HTML.Cell(c.month), .figure(ReportFormat.count(c.size))]
                + (0..<columns).map { k -> HTML.Cell in
                    guard let share = c.share(k) else { return HTML.Cell("") }
                    return .figure(
                        ReportFormat.decimal(share * 100, places: 0), style: k >= c.matureMonths ? "muted" : nil)
                }
        }
        let table = HTML.table(
            id: "cohorts", caption: "% of the cohort buying in month k after its first purchase",
            header: ["cohort", "size"] + (0..<columns).map { "m\($0)" }, rows: rows)
        var summary = "A cohort is the customers whose first purchase fell in that month (UTC); month 0 is 100%. "
        summary += "Grey: the as-of day's month, not over yet."
        return HTML.section(
            id: "cohorts", title: "Monthly cohort retention", summary: summary, chart: chart, tables: [table])
    }
}
