/// The RFM grid (recency score × frequency score, shaded by mean spend) and the named segments, as
/// `analytics rfm` scores them.
public struct RFMSection: Codable, Sendable, Equatable {
    /// Customers with recency score `recency` and frequency score `frequency`.
    public struct Cell: Codable, Sendable, Equatable {
        public var recency: Int
        public var frequency: Int
        public var customers: Int
        /// Mean 365-day net spend of the cell's customers; nil for an empty cell.
        public var meanSpend: Double?

        public init(recency: Int, frequency: Int, customers: Int, meanSpend: Double?) {
            self.recency = recency
            self.frequency = frequency
            self.customers = customers
            self.meanSpend = meanSpend
        }
    }

    /// One named segment with its means.
    public struct Segment: Codable, Sendable, Equatable {
        public var segment: String
        public var customers: Int
        public var meanRecencyDays: Double
        public var meanFrequency: Double
        public var meanMonetary: Double

        public init(
            segment: String, customers: Int, meanRecencyDays: Double, meanFrequency: Double, meanMonetary: Double
        ) {
            self.segment = segment
            self.customers = customers
            self.meanRecencyDays = meanRecencyDays
            self.meanFrequency = meanFrequency
            self.meanMonetary = meanMonetary
        }
    }

    public var scored: Int
    public var withoutOrdersInWindow: Int
    /// 25 cells, recency 5 (most recent) first, then frequency 1 to 5.
    public var cells: [Cell]
    public var segments: [Segment]

    public init(scored: Int, withoutOrdersInWindow: Int, cells: [Cell], segments: [Segment]) {
        self.scored = scored
        self.withoutOrdersInWindow = withoutOrdersInWindow
        self.cells = cells
        self.segments = segments
    }

    func cell(_ recency: Int, _ frequency: Int) -> Cell? {
        cells.first { $0.recency == recency && $0.frequency == frequency }
    }

    /// A grid cell's text: `12 · 34,567`.
    static func text(_ cell: Cell?) -> String {
        guard let cell, cell.customers > 0 else { return "0" }
        return ReportFormat.count(cell.customers) + " · " + ReportFormat.amount(cell.meanSpend ?? 0)
    }

    var html: String {
        let recencies = [5, 4, 3, 2, 1]
        let frequencies = [1, 2, 3, 4, 5]
        let values = recencies.map { r in frequencies.map { f in cell(r, f).flatMap(\.meanSpend) } }
        let labels = recencies.map { r in
            frequencies.map { f -> [String] in
                guard let c = cell(r, f), c.customers > 0 else { return ["0", ""] }
                return [ReportFormat.count(c.customers), ReportFormat.amount(c.meanSpend ?? 0)]
            }
        }
        let chart = SVGChart.heatmap(
            values: values, labels: labels, rowLabels: recencies.map { "R \($0)" },
            columnLabels: frequencies.map { "F \($0)" }, title: "RFM grid: customers and mean spend",
            rowTitle: "recency", columnTitle: "frequency score (5 = most order days)")
        let grid = HTML.table(
            id: "rfm-grid", caption: "customers · mean spend 365 d (CNY)",
            header: ["recency \\ frequency"] + frequencies.map { "F \($0)" },
            rows: recencies.map { r in [HTML.Cell("R \(r)")] + frequencies.map { .figure(Self.text(cell(r, $0))) } })
        let total = Double(max(scored, 1))
        let table = HTML.table(
            id: "rfm-segments", header: ["segment", "customers", "share", "recency (d)", "order days", "spend (CNY)"],
            rows: segments.map { s in
                [
                    HTML.Cell(s.segment), .figure(ReportFormat.count(s.customers)),
                    .figure(ReportFormat.percent(Double(s.customers) / total)),
                    .figure(ReportFormat.decimal(s.meanRecencyDays, places: 0)),
                    .figure(ReportFormat.decimal(s.meanFrequency, places: 1)),
                    .figure(ReportFormat.amount(s.meanMonetary)),
                ]
            })
        var summary = "\(ReportFormat.count(scored)) customers scored on order days and net spend in the 365 days "
        summary += "before the as-of day (quintiles 1-5, 5 best; R 5 = most recent); "
        summary += "\(ReportFormat.count(withoutOrdersInWindow)) without orders in the window are not scored. "
        summary += "Cells: customers and mean spend, darker = higher mean spend."
        return HTML.section(
            id: "rfm", title: "RFM grid and segments", summary: summary, chart: chart, tables: [grid, table])
    }
}
