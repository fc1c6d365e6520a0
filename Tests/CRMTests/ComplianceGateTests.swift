import Analytics
import Foundation
import GRDB
import Replica
import Testing

@testable import CRM

/// Six customers as of 2026-06-01 (D), all active with consent, and violations on each side of the 365-day
/// window [D − 365, D): C1 the day before D, C3 on D − 365 exactly (and once long before), C4 on D − 366, C5 on D
/// itself, C6 (no orders) five months before. Suspended: C1, C3, C6.
final class ComplianceShop {
    // Headquarters: the violations recorded by hand span east and west.
    let fixture = try! ImportFixture(role: .hq, region: "all")
    var replica: Replica { fixture.replica }
    static let asOf = CalendarDay("2026-06-01")!
    static let suspended: Set<String> = ["C1", "C3", "C6"]

    init() throws {
        let customers = """
            id,name,region,channel,status,marketing_consent
            C1,One,east,chain,active,true
            C2,Two,east,chain,active,true
            C3,Three,west,chain,active,true
            C4,Four,west,chain,active,true
            C5,Five,east,chain,active,true
            C6,Six,east,chain,active,true

            """
        // Spend in the 365 days before D: C1 150,000 and C2 120,000 (value), C3 60,000 (potential), C4 10,000 and
        // C5 20,000 (basic); C6 has no orders.
        let orders = """
            id,customer_id,ordered_at,sku,quantity,amount,channel
            O1,C1,2026-01-10T10:00:00Z,V1,1500,150000,chain
            O2,C2,2026-02-10T10:00:00Z,V1,1200,120000,chain
            O3,C3,2026-03-10T10:00:00Z,V1,600,60000,chain
            O4,C4,2026-04-10T10:00:00Z,V1,100,10000,chain
            O5,C5,2026-05-10T10:00:00Z,V1,200,20000,chain

            """
        let products = "sku,name,brand,price_tier,category,unit_price\nV1,Plain,V,value,cigarette,100\n"
        _ = try fixture.run(.products, try fixture.file("p.csv", products))
        _ = try fixture.run(.customers, try fixture.file("c.csv", customers))
        _ = try fixture.run(.orders, try fixture.file("o.csv", orders))
        let book = ComplianceBook(replica: replica)
        for (customer, kind, at) in [
            ("C1", "minor_sale", "2026-05-31"), ("C3", "counterfeit", "2025-06-01"), ("C3", "other", "2024-01-01"),
            ("C4", "price_violation", "2025-05-31"), ("C5", "other", "2026-06-01"),
            ("C6", "licence_expired", "2026-01-01"),
        ] {
            #expect(try book.record(customer: customer, kind: kind, at: at, note: nil).added)
        }
    }

    func run(suspensionDays: Int = 365) throws -> AnalyticsRun {
        var run = try AnalyticsRun.extract(from: replica, asOf: Self.asOf)
        run.compliance.suspensionDays = suspensionDays
        return run
    }

    func ids(_ run: AnalyticsRun, _ positions: some Sequence<Int>) -> Set<String> {
        Set(positions.map { run.features.ids[$0] })
    }
}

@Suite struct ComplianceGateTests {
    @Test func theWindowIsTheSuspensionDaysBeforeTheAsOfDay() throws {
        let shop = try ComplianceShop()
        let run = try shop.run()
        #expect(shop.ids(run, run.compliance.suspended.keys) == ComplianceShop.suspended)
        let c1 = try #require(run.features.ids.firstIndex(of: "C1"))
        #expect(run.compliance.suspension(of: c1)?.kind == "minor_sale")
        // A shorter window keeps only C1's violation of the day before.
        #expect(shop.ids(run, try shop.run(suspensionDays: 30).compliance.suspended.keys) == ["C1"])
        // 366 days reaches C4's violation.
        #expect(shop.ids(run, try shop.run(suspensionDays: 366).compliance.suspended.keys) == ["C1", "C3", "C4", "C6"])
    }

    @Test func tiersLeaveSuspendedCustomersOut() throws {
        let shop = try ComplianceShop()
        let run = try shop.run()
        let levels = Dictionary(uniqueKeysWithValues: run.pyramid().levels.map { ($0.tier, $0) })
        // C2 alone is value; C4 and C5 basic; C1, C3 and C6 are out.
        #expect(levels[.value]?.customers == 1 && levels[.potential]?.customers == 0 && levels[.basic]?.customers == 2)
        #expect(levels[.value]?.customerShare == 1.0 / 3.0)
        #expect(levels[.value]?.spend == 120_000)
        #expect(levels[.value]?.spendShare == 120_000.0 / 150_000.0)
        #expect(shop.ids(run, run.pyramid().ranking) == ["C2", "C4", "C5"])
        // The same customers without the gate: C1 is value, C3 potential.
        var open = run
        open.compliance = ComplianceGate(asOf: ComplianceShop.asOf)
        let all = Dictionary(uniqueKeysWithValues: open.pyramid().levels.map { ($0.tier, $0.customers) })
        #expect(all[.value] == 2 && all[.potential] == 1 && all[.basic] == 3)
    }

    @Test func suspendedCustomersAreAwardedNoStarsAndLeaveTheStandings() throws {
        let shop = try ComplianceShop()
        let run = try shop.run()
        #expect(shop.ids(run, run.starScores().map(\.index)) == ["C2", "C4", "C5"])
        var open = run
        open.compliance = ComplianceGate(asOf: ComplianceShop.asOf)
        #expect(shop.ids(run, open.starScores().map(\.index)) == ["C1", "C2", "C3", "C4", "C5"])
        // Scores of the others do not move: percentiles still rank everyone with orders.
        let gated = Dictionary(uniqueKeysWithValues: run.starScores().map { ($0.index, $0.score) })
        for score in open.starScores() where gated[score.index] != nil { #expect(gated[score.index] == score.score) }
        let standings = run.standings()
        #expect(Set(standings.keys) == ["C2", "C4", "C5"])
    }

    @Test func rulesTestSuspendedAndViolationsIn365Days() throws {
        let shop = try ComplianceShop()
        let run = try shop.run()
        func matching(_ expression: String) throws -> Set<String> {
            let rule = try SegmentBook.rule(expression)
            return Set(try rule.matchingIDs(run.features, context: run.ruleContext(for: [rule])))
        }
        #expect(try matching("suspended") == ComplianceShop.suspended)
        #expect(try matching("not suspended") == ["C2", "C4", "C5"])
        #expect(try matching("suspended == false and monetary_365 >= 100000") == ["C2"])
        // C3's violation of 2024 and C4's of D − 366 are outside; C5's on D is not before D.
        #expect(try matching("violations_365 == 1") == ["C1", "C3", "C6"])
        #expect(try matching("violations_365 == 0") == ["C2", "C4", "C5"])
        #expect(try matching("stars >= 1") == ["C2", "C4", "C5"])
        #expect(throws: SegmentError.self) { try SegmentBook.rule("suspended > 1") }
        // A saved segment runs through the same gate.
        let segments = SegmentBook(replica: shop.replica)
        try segments.define(name: "gated", expression: "suspended")
        let runs = try segments.run(["gated"], asOf: ComplianceShop.asOf)
        #expect(runs.first?.members == 3)
    }

    @Test func campaignLaunchLeavesSuspendedCustomersOutAndCountsThem() throws {
        let shop = try ComplianceShop()
        try SegmentBook(replica: shop.replica).define(name: "active", expression: #"status == "active""#)
        let book = CampaignBook(replica: shop.replica)
        try book.create(
            name: "Summer", segment: "active", holdoutPercent: 10, startsOn: ComplianceShop.asOf,
            endsOn: ComplianceShop.asOf.adding(days: 30), id: "summer")
        let launch = try book.launch("summer", asOf: ComplianceShop.asOf)
        #expect(launch.matched == 6 && launch.suspended == 3 && launch.withoutConsent == 0)
        #expect(launch.targets + launch.controls == 3)
        #expect(Set(try book.members("summer").map(\.customerID)) == ["C2", "C4", "C5"])
        // With a 30-day window only C1 is left out.
        try book.create(
            name: "Short", segment: "active", holdoutPercent: 10, startsOn: ComplianceShop.asOf,
            endsOn: ComplianceShop.asOf.adding(days: 30), id: "short")
        let short = try book.launch("short", asOf: ComplianceShop.asOf, suspensionDays: 30)
        #expect(short.suspended == 1 && short.targets + short.controls == 5)
    }

    @Test func theProgrammeCountsSuspendedCustomersPerQuarterEndApart() throws {
        let shop = try ComplianceShop()
        // Quarter ends 2025Q4 (boundary 2026-01-01) and 2026Q1 (2026-04-01). At the first, [2025-01-01, 2026-01-01)
        // holds C3's and C4's violations (C6's is on the boundary itself); at the second also C6's.
        let run = try ProgrammeRun.compute(from: shop.replica, asOf: ComplianceShop.asOf, quarters: 2, byRegion: true)
        #expect(run.whole.quarters.map(\.end.label) == ["2025Q4", "2026Q1"])
        #expect(run.suspended == [2, 3])
        #expect(run.regionSuspended == ["east": [0, 1], "west": [2, 2]])
        // Tiers still count them: C1, C2 and C3 bought before 2026-04-01 and are in the programme there.
        #expect(run.whole.quarters[1].customers == 3)
        let short = try ProgrammeRun.compute(
            from: shop.replica, asOf: ComplianceShop.asOf, quarters: 2, suspensionDays: 100)
        // 100 days before 2026-04-01 reaches back to 2025-12-22: C6 only.
        #expect(short.suspended == [0, 1] && short.regionSuspended.isEmpty)
    }
}
