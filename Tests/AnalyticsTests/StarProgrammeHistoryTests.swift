import Testing

@testable import Analytics

/// The programme's tiers, migrations and KPIs on a hand-made history whose every figure is worked out in the
/// comments, with thresholds value 100 / potential 50 and quarter-end boundaries every 90 days.
@Suite struct StarProgrammeHistoryTests {
    typealias Standing = StarProgramme.Standing
    static let thresholds = TierThresholds(value: 100, potential: 50)
    /// b0…b5; windows [b − 365, b). b0 and b1 … b3 are history (lookback 4); b4 and b5 are reported.
    static let ends = [400, 490, 580, 670, 760, 850].enumerated().map {
        StarProgramme.QuarterEnd(label: "q\($0.offset)", boundary: $0.element)
    }

    static func customer(_ orders: [(day: Int, spend: Double)]) -> StarProgramme.OrderDays {
        StarProgramme.OrderDays(
            days: orders.map(\.day), spend: orders.map(\.spend), purchased: orders.map { $0.spend > 0 })
    }

    static let history: [StarProgramme.OrderDays] = [
        // P: potential at b0…b3 (60, 60, 60, 50), value at b4 and b5 (110): converts within four quarters.
        customer([(300, 60), (600, 50), (700, 60)]),
        // V: value from b2 on (150), no purchase in the last 90 days of q4 or q5: churned both times.
        customer([(500, 150)]),
        // L: value at b1…b4 (120), potential at b5 (70 on day 800): a value customer lost, but not churned.
        customer([(450, 120), (800, 70)]),
        // G: basic at b1…b4, no purchase in b5's window: gone.
        customer([(420, 10)]),
        // N: new at b5, basic.
        customer([(820, 20)]),
        // B: new at b5 straight into value.
        customer([(780, 200)]),
        // R: only a return, never a purchase: in no quarter.
        customer([(700, -5)]),
    ]

    @Test func tiersMigrationsAndKPIsEqualTheHandComputedValues() {
        let programme = StarProgramme.compute(Self.history, at: Self.ends, thresholds: Self.thresholds)
        #expect(programme.quarters.map(\.end.label) == ["q4", "q5"])
        let q4 = programme.quarters[0]
        let q5 = programme.quarters[1]

        // q4: P 110, V 150, L 120 value; G 10 basic.
        #expect(q4.levels.map(\.customers) == [3, 0, 1])
        #expect(q4.level(.value).spend == 380)
        #expect(abs(q4.level(.value).spendShare - 380.0 / 390.0) < 1e-12)
        #expect(q4.migration.count(.potential, .value) == 1)
        #expect(q4.migration.count(.value, .value) == 2)
        #expect(q4.migration.count(.basic, .basic) == 1)
        #expect(Standing.allCases.map { q4.migration.rowTotal($0) } == [0, 1, 1, 2, 0])
        // Value at b3: V and L, both still value, neither bought in [670, 760). P is the new one; P was the
        // only potential customer at b0 and reached value by b4.
        #expect(
            q4.kpis
                == StarProgramme.KPIs(
                    potentialCohort: 1, potentialToValue: 1, valueAtStart: 2, valueRetention: 1, valueChurn: 1,
                    newValue: 1, lostValue: 0))

        // q5: P 110, V 150, B 200 value; L 70 potential; N 20 basic; G gone.
        #expect(q5.levels.map(\.customers) == [3, 1, 1])
        #expect(q5.levels.map(\.spend) == [460, 70, 20])
        #expect(q5.migration.count(.value, .value) == 2)
        #expect(q5.migration.count(.value, .potential) == 1)
        #expect(q5.migration.count(.basic, .gone) == 1)
        #expect(q5.migration.count(.new, .basic) == 1)
        #expect(q5.migration.count(.new, .value) == 1)
        #expect(q5.migration.share(.value, .value) == 2.0 / 3.0)
        #expect(q5.migration.share(.potential, .value) == nil)
        // Value at b4: P, V, L; L fell to potential; only L bought in [760, 850). Cohort: potential at b1 = P.
        #expect(
            q5.kpis
                == StarProgramme.KPIs(
                    potentialCohort: 1, potentialToValue: 1, valueAtStart: 3, valueRetention: 2.0 / 3.0,
                    valueChurn: 2.0 / 3.0, newValue: 1, lostValue: 1))
    }

    @Test func aWindowIncludesItsFirstDayAndExcludesTheBoundary() {
        // Spend exactly on b − 365 counts at b; spend on b itself counts only at the next quarter end.
        let edge = [Self.customer([(760 - 365, 100), (760, 100)])]
        let programme = StarProgramme.compute(edge, at: Self.ends, thresholds: Self.thresholds)
        #expect(programme.quarters[0].level(.value).customers == 1)
        #expect(programme.quarters[0].level(.value).spend == 100)
        // At b5 = 850 the window is [485, 850): day 395 left, day 760 in.
        #expect(programme.quarters[1].level(.value).spend == 100)
        #expect(programme.quarters[1].kpis.valueChurn == 0)
    }
}
