import Report

/// Small hand-made reports: a hostile customer and node name, a campaign, a peer.
enum ReportSamples {
    static let hostile = #"<script>alert("x")</script> & 'Co' 杨家超市"#

    static func data(campaigns: Bool = true) -> ReportData {
        let levels = [
            PyramidSection.Level(tier: "value", customers: 1, customerShare: 0.25, spend365: 120_000, spendShare: 0.6),
            PyramidSection.Level(
                tier: "potential", customers: 1, customerShare: 0.25, spend365: 60_000, spendShare: 0.3),
            PyramidSection.Level(tier: "basic", customers: 2, customerShare: 0.5, spend365: 20_000, spendShare: 0.1),
        ]
        var cells: [RFMSection.Cell] = []
        for r in [5, 4, 3, 2, 1] {
            for f in 1...5 {
                cells.append(
                    RFMSection.Cell(
                        recency: r, frequency: f, customers: r == f ? 1 : 0, meanSpend: r == f ? Double(r) * 1000 : nil)
                )
            }
        }
        return ReportData(
            header: ReportHeader(
                node: hostile, role: "hq", scope: "all", region: nil, asOf: "2026-10-31",
                generatedAt: "2026-11-01T00:00:00Z", customers: 4,
                offices: [ReportHeader.OfficeSync(name: "east", role: "office", regions: "east", lastSync: nil)]),
            pyramid: PyramidSection(
                valueFrom: 100_000, potentialFrom: 50_000, suspended: 0,
                regions: [PyramidSection.Region(region: "east", levels: levels)]),
            rfm: RFMSection(
                scored: 5, withoutOrdersInWindow: 0, cells: cells,
                segments: [
                    RFMSection.Segment(
                        segment: "Champions", customers: 5, meanRecencyDays: 3, meanFrequency: 12, meanMonetary: 3000)
                ]),
            lifecycle: LifecycleSection(
                customers: 4, probabilityAliveUsed: true,
                stages: [LifecycleSection.Stage(stage: "active", customers: 4, spend365: 200_000)]),
            watchlist: WatchlistSection(
                flagged: 1, horizonDays: 90, threshold: 0.5,
                customers: [
                    WatchlistSection.Customer(
                        id: "c<1>", name: hostile, region: "east", phone: "*******0590", probability: 0.91,
                        reasons: ["frequencyDrop"], spend365: 20_000, recencyDays: 120)
                ]),
            cohorts: CohortSection(cohorts: [
                CohortSection.Cohort(month: "2026-09", size: 4, retained: [4, 2, 1], matureMonths: 2),
                CohortSection.Cohort(month: "2026-10", size: 2, retained: [2, 1], matureMonths: 1),
            ]),
            clv: CLVSection(
                periods: 12, periodDays: 30, discountRate: 0.01, customers: 2, totalValue: 3000,
                bands: [
                    CLVSection.Band(decile: 1, customers: 1, lowest: 1000, highest: 1000, total: 1000, share: 1 / 3.0),
                    CLVSection.Band(decile: 2, customers: 1, lowest: 2000, highest: 2000, total: 2000, share: 2 / 3.0),
                ], note: nil),
            campaigns: campaigns
                ? CampaignSection(campaigns: [
                    CampaignSection.Campaign(
                        id: "spring", name: hostile, segment: "east-value",
                        lines: [
                            CampaignSection.Line(
                                region: "east", targets: 900, controls: 100, targetRate: 0.12, controlRate: 0.08,
                                lift: 0.04, liftLower: 0.01, liftUpper: 0.07, pValue: 0.003, verdict: "works"),
                            CampaignSection.Line(
                                region: "all", targets: 900, controls: 100, targetRate: 0.12, controlRate: 0.08,
                                lift: 0.04, liftLower: -0.01, liftUpper: 0.09, pValue: 0.2, verdict: "inconclusive"),
                        ])
                ]) : nil,
            sync: SyncSection(
                verdict: "in sync with 0/1 peers; east never reached",
                peers: [
                    SyncSection.Peer(
                        name: "east", role: "office", regions: "east", state: "offline", standing: "unreachable",
                        lastSync: nil, lagSeconds: nil, peerLacks: nil, weLack: nil, lastError: hostile)
                ]))
    }
}
