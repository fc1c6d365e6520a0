/// Launched campaigns: the conversion-rate lift of targets over the holdout per region and pooled, with 95%
/// intervals and verdicts, as `campaign report --by-region`.
public struct CampaignSection: Codable, Sendable, Equatable {
    /// One region's (or the pooled) uplift.
    public struct Line: Codable, Sendable, Equatable {
        /// A region, or `all` for the pooled line.
        public var region: String
        public var targets: Int
        public var controls: Int
        public var targetRate: Double?
        public var controlRate: Double?
        public var lift: Double?
        public var liftLower: Double?
        public var liftUpper: Double?
        public var pValue: Double?
        public var verdict: String

        public init(
            region: String, targets: Int, controls: Int, targetRate: Double?, controlRate: Double?, lift: Double?,
            liftLower: Double?, liftUpper: Double?, pValue: Double?, verdict: String
        ) {
            self.region = region
            self.targets = targets
            self.controls = controls
            self.targetRate = targetRate
            self.controlRate = controlRate
            self.lift = lift
            self.liftLower = liftLower
            self.liftUpper = liftUpper
            self.pValue = pValue
            self.verdict = verdict
        }
    }

    /// One campaign: regions in name order, then the pooled line.
    public struct Campaign: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var segment: String
        public var lines: [Line]

        public init(id: String, name: String, segment: String, lines: [Line]) {
            self.id = id
            self.name = name
            self.segment = segment
            self.lines = lines
        }
    }

    public var campaigns: [Campaign]

    public init(campaigns: [Campaign]) { self.campaigns = campaigns }

    var html: String {
        var parts: [String] = []
        for campaign in campaigns {
            let chart = SVGChart.whiskers(
                campaign.lines.map {
                    SVGChart.Estimate(label: $0.region, value: $0.lift, lower: $0.liftLower, upper: $0.liftUpper)
                }, title: "Lift of \(campaign.id) per region, 95% CI")
            let table = HTML.table(
                id: "campaign-\(campaign.id)",
                caption: "\(campaign.id) \"\(campaign.name)\", segment \(campaign.segment)",
                header: [
                    "region", "targets", "controls", "conv target", "conv control", "lift", "95% CI", "p", "verdict",
                ],
                rows: campaign.lines.map { line in
                    [
                        HTML.Cell(line.region), .figure(ReportFormat.count(line.targets)),
                        .figure(ReportFormat.count(line.controls)), .figure(ReportFormat.percent(line.targetRate)),
                        .figure(ReportFormat.percent(line.controlRate)), .figure(ReportFormat.points(line.lift)),
                        .figure(
                            line.liftLower == nil
                                ? "-"
                                : "[\(ReportFormat.points(line.liftLower)), \(ReportFormat.points(line.liftUpper))]"),
                        .figure(ReportFormat.pValue(line.pValue)), HTML.Cell(line.verdict),
                    ]
                })
            parts.append("<div class=\"campaign\"><div class=\"pair\"><div class=\"chart\">\(chart)</div>")
            parts.append("<div class=\"numbers\">\(table)</div></div></div>")
        }
        var out = "<section id=\"campaigns\"><h2>Campaigns</h2><p class=\"summary\">"
        out += "Lift: conversion rate of targets minus that of the holdout, in percentage points; whiskers are the "
        out += "95% interval (green above zero, red below, grey across it).</p>"
        return out + parts.joined() + "</section>"
    }
}
