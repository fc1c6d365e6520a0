import Analytics
import CRM
import Foundation
import Node
import Report
import Testing

/// The fixtures' report, one serialized suite (its tests are seconds of computation each; two such suites side by side
/// hold both pool threads of a two-core machine, starving the time-limited socket suites).
@Suite(.serialized, .timeLimit(.minutes(5))) struct FixtureReportTests {}

/// The report's figures are the analyses' own: each section equals what the matching `analytics` command
/// computes on the same node as of the same day.
extension FixtureReportTests {
    @Test func pyramidOfAllRegionsIsTheTierReportsAndRegionsAddUp() throws {
        let fixture = try ReportFixture.shared.get()
        let (run, _) = try fixture.run()
        let tiers = TierReport(run, limit: 0)
        let pyramid = fixture.data.pyramid
        let all = try #require(pyramid.regions.last)
        #expect(all.region == "all")
        #expect(all.levels.map(\.customers) == tiers.pyramid.levels.map(\.customers))
        #expect(all.levels.map(\.spend365) == tiers.pyramid.levels.map(\.spend))
        #expect(all.levels.map(\.spendShare) == tiers.pyramid.levels.map(\.spendShare))
        let regions = pyramid.regions.dropLast()
        #expect(regions.map(\.region) == ["central", "east", "north", "south", "west"])
        for (index, level) in all.levels.enumerated() {
            #expect(regions.reduce(0) { $0 + $1.levels[index].customers } == level.customers)
        }
        // Each region's figures from the features directly: its customers' trailing-year spend per tier.
        let f = run.features
        for region in regions {
            let spends = (0..<f.count).filter { f.regions[$0] == region.region }.map { f.spend365[$0] }
            #expect(region.levels[0].customers == spends.filter { $0 >= run.thresholds.value }.count)
            #expect(region.levels.reduce(0) { $0 + $1.customers } == spends.count)
        }
    }

    @Test func rfmGridAndSegmentsAreTheRFMReports() throws {
        let fixture = try ReportFixture.shared.get()
        let (run, _) = try fixture.run()
        let report = RFMReport(run, limit: 0)
        let rfm = fixture.data.rfm
        #expect(rfm.scored == report.segments.reduce(0) { $0 + $1.customers })
        #expect(rfm.withoutOrdersInWindow == report.withoutOrders)
        #expect(rfm.segments.map(\.segment) == report.segments.map(\.name))
        #expect(rfm.segments.map(\.customers) == report.segments.map(\.customers))
        for (mine, theirs) in zip(rfm.segments, report.segments) {
            #expect(abs(mine.meanMonetary - theirs.meanMonetary) <= 1e-9 * max(1, theirs.meanMonetary))
            #expect(abs(mine.meanRecencyDays - theirs.meanRecency) <= 1e-9 * max(1, theirs.meanRecency))
        }
        #expect(rfm.cells.count == 25)
        #expect(rfm.cells.reduce(0) { $0 + $1.customers } == rfm.scored)
        let scores = run.rfm().scores
        let champions = scores.filter { $0.recency == 5 && $0.frequency == 5 }
        let cell = try #require(rfm.cells.first { $0.recency == 5 && $0.frequency == 5 })
        #expect(cell.customers == champions.count)
        #expect(cell.customers > 0)
        let mean = champions.reduce(0) { $0 + $1.spend } / Double(champions.count)
        #expect(abs((cell.meanSpend ?? 0) - mean) < 1e-6)
    }

    @Test func lifecycleIsTheLifecycleReports() throws {
        let fixture = try ReportFixture.shared.get()
        let (run, _) = try fixture.run()
        let report = LifecycleReport(run)
        let lifecycle = fixture.data.lifecycle
        #expect(lifecycle.customers == report.customers)
        #expect(lifecycle.stages.map(\.stage) == report.stages.map(\.stage.rawValue))
        #expect(lifecycle.stages.map(\.customers) == report.stages.map(\.customers))
        #expect(lifecycle.probabilityAliveUsed == report.usesProbabilityAlive)
    }

    @Test func watchlistIsTheChurnReportsTopWithMaskedPhones() throws {
        let fixture = try ReportFixture.shared.get()
        let (run, replica) = try fixture.run()
        let report = try LearnedChurnReport.run(
            run, replica: replica, horizonDays: 90, threshold: 0.5, limit: 20, backtest: false)
        let watchlist = fixture.data.watchlist
        #expect(watchlist.flagged == report.flagged)
        #expect(watchlist.customers.map(\.id) == report.listed.map(\.id))
        #expect(watchlist.customers.map(\.probability) == report.listed.map(\.probability))
        #expect(!watchlist.customers.isEmpty)
        let customers = try String(
            contentsOf: ReportFixture.fixtures.appendingPathComponent("customers.csv"), encoding: .utf8)
        for customer in watchlist.customers {
            let row = try #require(customers.split(separator: "\n").first { $0.hasPrefix(customer.id + ",") })
            let phone = String(row.split(separator: ",", omittingEmptySubsequences: false)[4])
            #expect(customer.phone.hasSuffix(phone.suffix(4)))
            #expect(!customer.phone.contains(phone.prefix(7)))
            #expect(customer.phone.count == phone.count)
        }
    }

    @Test func clvIsTheLifetimeValueReportsSplitInDeciles() throws {
        let fixture = try ReportFixture.shared.get()
        let (run, _) = try fixture.run()
        let report = LifetimeValueReport(run, unit: .days, horizon: CLVHorizon(), limit: 0)
        guard case .object(let json) = report.json, case .number(let total) = json["total_clv"],
            case .integer(let customers) = json["customers"]
        else { Issue.record("no CLV total"); return }
        let clv = fixture.data.clv
        #expect(clv.customers == Int(customers))
        #expect(abs(clv.totalValue - total) <= 1e-6 * total)
        #expect(clv.bands.count == 10)
        #expect(clv.bands.reduce(0) { $0 + $1.customers } == clv.customers)
        #expect(abs(clv.bands.reduce(0) { $0 + $1.share } - 1) < 1e-9)
        for (lower, upper) in zip(clv.bands, clv.bands.dropFirst()) { #expect(lower.highest <= upper.lowest) }
    }

    /// The triangle recounted from the committed orders file, apart from the code under test.
    @Test func cohortsAreTheOrdersFirstPurchaseMonths() throws {
        let fixture = try ReportFixture.shared.get()
        let text = try String(contentsOf: ReportFixture.fixtures.appendingPathComponent("orders.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        let header = lines[0].split(separator: ",")
        let (customer, time, amount) = try (
            #require(header.firstIndex(of: "customer_id")), #require(header.firstIndex(of: "ordered_at")),
            #require(header.firstIndex(of: "amount"))
        )
        var months: [Substring: Set<Substring>] = [:]
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields[time] < "2026-10-31", (Double(fields[amount]) ?? 0) > 0 else { continue }
            months[fields[customer], default: []].insert(fields[time].prefix(7))
        }
        let cohorts = fixture.data.cohorts.cohorts
        #expect(cohorts.map(\.month).first == "2025-11")
        #expect(cohorts.map(\.month).last == "2026-10")
        for cohort in cohorts {
            let members = months.values.filter { $0.min().map(String.init) == cohort.month }
            #expect(cohort.size == members.count, "\(cohort.month)")
            #expect(cohort.retained.first == cohort.size)
            if let last = cohort.retained.indices.last {
                let month = try #require(CohortRetention.month(of: Substring(cohort.month)))
                let label = CohortRetention.label(month + last)
                #expect(cohort.retained[last] == members.filter { $0.contains(Substring(label)) }.count)
            }
            // Only October 2026, the as-of day's month, is partial.
            #expect(cohort.matureMonths == cohort.retained.count - 1)
        }
    }

    @Test func aRegionReportShowsThatRegionOfTheSameAnalyses() throws {
        let fixture = try ReportFixture.shared.get()
        let east = try ReportBuilder(asOf: ReportFixture.asOf, region: "east", generatedAt: ReportFixture.generatedAt)
            .build(fixture.directory)
        #expect(east.header.region == "east")
        #expect(east.pyramid.regions.map(\.region) == ["east"])
        #expect(east.pyramid.regions == fixture.data.pyramid.regions.filter { $0.region == "east" })
        let (run, _) = try fixture.run()
        #expect(east.header.customers == run.features.regions.filter { $0 == "east" }.count)
        #expect(east.watchlist.customers.allSatisfy { $0.region == "east" })
        #expect(east.rfm.cells.reduce(0) { $0 + $1.customers } < fixture.data.rfm.scored)
        #expect(
            east.cohorts.cohorts.reduce(0) { $0 + $1.size } < fixture.data.cohorts.cohorts.reduce(0) { $0 + $1.size })
        #expect(throws: (any Error).self) {
            try ReportBuilder(asOf: ReportFixture.asOf, region: "mars").build(fixture.directory)
        }
    }

    @Test func jsonRoundTripsAndIsDeterministic() throws {
        let fixture = try ReportFixture.shared.get()
        let text = try ReportJSON.encode(fixture.data)
        #expect(try ReportJSON.decode(text) == fixture.data)
        #expect(text.contains("\"generated_at\" : \"2026-11-01T00:00:00Z\""))
        #expect(fixture.data.campaigns == nil)
        #expect(fixture.data.sync.peers.isEmpty)
    }
}
