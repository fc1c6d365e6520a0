import Testing

@testable import Analytics

/// The festival table and the aligned lag: a peak that moves with the festival is met by the aligned seasonal
/// naive and missed by the 52-week one.
@Suite struct SpringFestivalTests {
    @Test func tableCoversTwentyOneYearsAndTheLagFollowsTheDate() {
        #expect(SpringFestival.days.count == 21)
        #expect(SpringFestival.daysSinceEpoch(year: 1970, month: 1, day: 1) == 0)
        #expect(SpringFestival.daysSinceEpoch(year: 2026, month: 10, day: 31) == 20_757)
        // 2026-02-17 is 384 days after 2025-01-29: 55 weeks; far from any festival, none.
        let festival2026 = SpringFestival.daysSinceEpoch(year: 2026, month: 2, day: 17)
        #expect(SpringFestival.lagWeeks(weekStarting: festival2026 - 14) == 55)
        #expect(SpringFestival.lagWeeks(weekStarting: festival2026 + 120) == nil)
        // 2025-01-29 is 354 days after 2024-02-10: 51 weeks.
        #expect(
            SpringFestival.lagWeeks(weekStarting: SpringFestival.daysSinceEpoch(year: 2025, month: 1, day: 20)) == 51)
    }

    @Test func alignedLagFindsAPeakThatMovedWithTheFestival() {
        // Weekly demand 10, with 50 in the week before each festival; the series ends 2026-03-15.
        let end = SpringFestival.daysSinceEpoch(year: 2026, month: 3, day: 15)
        let weeks = 120
        let values = (0..<weeks).map { t -> Double in
            let start = end - 7 * (weeks - t)
            return SpringFestival.days.contains { $0 - start > 0 && $0 - start <= 7 } ? 50 : 10
        }
        #expect(values.filter { $0 == 50 }.count == 3)
        // From the origin 8 weeks before the 2026 festival, the aligned forecast puts the peak in its week.
        let festivalWeek = values.lastIndex(of: 50)!
        let origin = festivalWeek - 5
        let aligned = ForecastMethod.festivalNaive(end: end, weeks: weeks).fitted(on: values)
            .predict(Array(values[..<origin]), 8)
        #expect(aligned[5] == 50 && aligned.filter { $0 == 50 }.count == 1)
        let plain = ForecastMethod.seasonalNaive(period: 52).fitted(on: values).predict(Array(values[..<origin]), 8)
        #expect(plain[5] == 10)
        var forecaster = SalesForecaster(horizon: 8)
        forecaster.festival = true
        forecaster.seriesEnd = end
        let candidates = forecaster.candidates(values, pattern: DemandPattern(values), baseline: .naive)
        #expect(candidates.first == .festivalNaive(end: end, weeks: weeks))
    }
}
