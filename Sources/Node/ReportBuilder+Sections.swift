import Analytics
import CRM
import Foundation
import GRDB
import Replica
import Report

extension ReportBuilder {
    func pyramid(_ run: AnalyticsRun, _ scope: Scope) -> PyramidSection {
        let suspended = Set(run.compliance.suspended.keys)
        func levels(_ region: String?) -> [PyramidSection.Level] {
            let outside = (0..<run.features.count).filter { i in
                !scope.contains[i] || (region != nil && run.features.regions[i] != region)
            }
            let pyramid = TierPyramid(run.features, thresholds: run.thresholds, excluding: suspended.union(outside))
            return pyramid.levels.map {
                PyramidSection.Level(
                    tier: $0.tier.rawValue, customers: $0.customers, customerShare: $0.customerShare,
                    spend365: $0.spend, spendShare: $0.spendShare)
            }
        }
        var regions = scope.regions.map { PyramidSection.Region(region: $0, levels: levels($0)) }
        if regions.count > 1 { regions.append(PyramidSection.Region(region: "all", levels: levels(nil))) }
        return PyramidSection(
            valueFrom: run.thresholds.value, potentialFrom: run.thresholds.potential,
            suspended: suspended.filter { scope.contains[$0] }.count, regions: regions)
    }

    func rfm(_ run: AnalyticsRun, _ scope: Scope) -> RFMSection {
        let result = run.rfm()
        let scores = result.scores.filter { scope.contains[$0.index] }
        var cells: [RFMSection.Cell] = []
        for recency in [5, 4, 3, 2, 1] {
            for frequency in 1...5 {
                let members = scores.filter { $0.recency == recency && $0.frequency == frequency }
                cells.append(
                    RFMSection.Cell(
                        recency: recency, frequency: frequency, customers: members.count,
                        meanSpend: members.isEmpty
                            ? nil : members.reduce(0) { $0 + $1.spend } / Double(members.count)))
            }
        }
        // Every segment of the table, in its order (as `analytics rfm`), counted over the report's customers.
        let segments = result.segmentCounts().map { name, _ in
            let members = scores.filter { $0.segment == name }
            let n = Double(max(members.count, 1))
            return RFMSection.Segment(
                segment: name, customers: members.count, meanRecencyDays: members.reduce(0) { $0 + $1.recencyDays } / n,
                meanFrequency: members.reduce(0) { $0 + $1.frequencyCount } / n,
                meanMonetary: members.reduce(0) { $0 + $1.spend } / n)
        }
        let ids = Set(scope.indices.map { run.features.ids[$0] })
        return RFMSection(
            scored: scores.count, withoutOrdersInWindow: result.withoutOrders.filter(ids.contains).count, cells: cells,
            segments: segments)
    }

    func lifecycle(_ run: AnalyticsRun, _ scope: Scope) -> LifecycleSection {
        let assessment = run.churnAssessment()
        let stages = run.lifecycle(warnings: assessment.warnings)
        var counts: [LifecycleStage: (customers: Int, spend: Double)] = [:]
        for i in scope.indices {
            counts[stages[i], default: (0, 0)].customers += 1
            counts[stages[i], default: (0, 0)].spend += run.features.spend365[i]
        }
        return LifecycleSection(
            customers: scope.indices.count, probabilityAliveUsed: assessment.probabilityAliveUsed,
            stages: LifecycleTally.order.map {
                LifecycleSection.Stage(
                    stage: $0.rawValue, customers: counts[$0]?.customers ?? 0, spend365: counts[$0]?.spend ?? 0)
            })
    }

    func watchlist(_ run: AnalyticsRun, _ scope: Scope, _ replica: Replica) throws -> WatchlistSection {
        let report = try LearnedChurnReport.run(
            run, replica: replica, horizonDays: 90, threshold: 0.5, limit: .max, backtest: false)
        let listed = report.listed.filter { region == nil || $0.region == region }
        let book = CustomerBook(replica: replica)
        let customers = try listed.prefix(max(watchlistLimit, 0)).map { line in
            let row = try book.show(id: line.id)
            return WatchlistSection.Customer(
                id: line.id, name: row?["name"].flatMap { String.fromDatabaseValue($0) } ?? "",
                region: line.region, phone: Self.maskedPhone(row?["phone"].flatMap { String.fromDatabaseValue($0) }),
                probability: line.probability, reasons: line.reasons.map(\.rawValue), spend365: line.spend365,
                recencyDays: line.recency)
        }
        return WatchlistSection(
            flagged: listed.count, horizonDays: report.learned.horizonDays, threshold: report.learned.threshold,
            customers: customers)
    }

    /// A phone masked as every other output masks it (`138****1234`).
    static func maskedPhone(_ phone: String?) -> String {
        guard let phone, !phone.isEmpty else { return "-" }
        return PersonalData.mask(phone, column: "phone")
    }

    func cohorts(_ run: AnalyticsRun, _ replica: Replica) throws -> CohortSection {
        let triangle = try run.cohortRetention(
            in: replica, regions: region.map { [$0] }, months: max(cohortMonths, 1))
        return CohortSection(
            cohorts: triangle.cohorts.map {
                CohortSection.Cohort(
                    month: CohortRetention.label($0.month), size: $0.size, retained: $0.retained,
                    matureMonths: $0.matureMonths)
            })
    }

    func clv(_ run: AnalyticsRun, _ scope: Scope) -> CLVSection {
        let horizon = CLVHorizon()
        let fit = run.lifetimeValues(unit: .days, horizon: horizon)
        let values = (fit?.values ?? []).filter { scope.contains[$0.index] && $0.value.isFinite }.map(\.value)
            .sorted()
        let total = values.reduce(0, +)
        var bands: [CLVSection.Band] = []
        for decile in 0..<10 {
            let slice = values[(decile * values.count / 10)..<((decile + 1) * values.count / 10)]
            guard let lowest = slice.first, let highest = slice.last else { continue }
            let sum = slice.reduce(0, +)
            bands.append(
                CLVSection.Band(
                    decile: decile + 1, customers: slice.count, lowest: lowest, highest: highest, total: sum,
                    share: total > 0 ? sum / total : 0))
        }
        return CLVSection(
            periods: horizon.periods, periodDays: horizon.periodDays, discountRate: horizon.discountRate,
            customers: values.count, totalValue: total, bands: bands,
            note: fit == nil ? "No customer with a repeat purchase: nothing to fit." : nil)
    }

    /// Launched campaigns, newest first; nil when none was launched.
    func campaigns(_ replica: Replica) throws -> CampaignSection? {
        var campaigns: [CampaignSection.Campaign] = []
        for item in try CampaignBook(replica: replica).list() where item.campaign.launchedOn != nil {
            let report = try CampaignReport(campaign: item.campaign.id, in: replica, asOf: asOf, byRegion: true)
            func line(_ name: String, _ a: UpliftAnalysis) -> CampaignSection.Line {
                CampaignSection.Line(
                    region: name, targets: a.targets, controls: a.controls, targetRate: a.targetRate,
                    controlRate: a.controlRate, lift: a.lift, liftLower: a.liftInterval?.lower,
                    liftUpper: a.liftInterval?.upper, pValue: a.pValue, verdict: a.verdict.rawValue)
            }
            let regions = report.regions.filter { region == nil || $0.region == region }
            campaigns.append(
                CampaignSection.Campaign(
                    id: item.campaign.id, name: item.campaign.name, segment: item.campaign.segment,
                    lines: regions.map { line($0.region, $0.analysis) } + [line("all", report.pooled)]))
        }
        return campaigns.isEmpty ? nil : CampaignSection(campaigns: campaigns)
    }

    func sync(_ status: StatusReport) -> SyncSection {
        SyncSection(
            verdict: status.verdict,
            peers: status.peers.map { p in
                SyncSection.Peer(
                    name: p.peer.name, role: p.peer.role ?? "-", regions: p.peer.region ?? "all",
                    state: p.standing == .diverged ? "diverged" : p.state.rawValue, standing: p.standing.rawValue,
                    lastSync: p.record?.lastSync,
                    lagSeconds: Readable.age(p.record?.lastSync, now: generatedAt).map { Int(max($0, 0)) },
                    peerLacks: p.lacksFromUs.map { Int(clamping: $0) }, weLack: p.weLack.map { Int(clamping: $0) },
                    lastError: p.record?.lastError)
            })
    }
}
