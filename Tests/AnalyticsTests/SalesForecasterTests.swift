import Foundation
import Testing

@testable import Analytics

/// How the forecaster chooses and reports per series: the baseline beside the choice, short series, intermittent
/// demand, intervals.
@Suite struct SalesForecasterTests {
    static func noisy(_ weeks: Int, seed: UInt64, level: Double = 40, amplitude: Double = 0) -> WeeklySeries {
        var generator = SeededGenerator(seed: seed)
        return WeeklySeries(
            values: (0..<weeks).map { t in
                let wave = amplitude * sin(2 * Double.pi * Double(t) / 52)
                return (level + wave + Double.random(in: -8...8, using: &generator)).rounded()
            })
    }

    @Test func weeksEndAtTheAsOfDayAndNetReturns() {
        // Day 1 is the day before D: week 3 (the last) holds days 1–7, week 2 days 8–14.
        let series = WeeklySeries(
            weeks: 4, daysBefore: [1, 7, 8, 14, 15, 28, 29, 0], quantities: [5, 2, 3, -1, 4, 6, 9, 100])
        #expect(series.values == [6, 4, 2, 7])
        #expect(WeeklySeries(values: [0, 0, 3, 0, 1]).trimmed.values == [3, 0, 1])
    }

    @Test func syntetosBoylanClassesByTheCutoffs() {
        let smooth = DemandPattern([5, 6, 5, 6, 5, 6])
        #expect(smooth.kind == .smooth && smooth.crostonVariant == .classic)
        let intermittent = DemandPattern([0, 5, 0, 0, 6, 0, 5, 0])
        #expect(intermittent.adi == 8.0 / 3.0 && intermittent.kind == .intermittent)
        let lumpy = DemandPattern([0, 1, 0, 0, 20, 0, 0, 2])
        #expect(lumpy.cv2 > 0.49 && lumpy.kind == .lumpy && lumpy.crostonVariant == .sba)
        let erratic = DemandPattern([1, 30, 2, 40, 1, 25])
        #expect(erratic.kind == .erratic)
    }

    @Test func autoNeverDoesWorseThanTheBaselineInTheBacktest() {
        for seed in 0..<12 as Range<UInt64> {
            let series = Self.noisy(60 + Int(seed) * 8, seed: seed, amplitude: seed % 2 == 0 ? 20 : 0)
            let result = SalesForecaster(horizon: 8).forecast(series)
            let mine = try! #require(result.backtest)
            let baseline = try! #require(result.baselineBacktest)
            #expect(mine.mae <= baseline.mae, "seed \(seed): \(result.method.name)")
            #expect(!result.isWorseThanBaseline && result.notes.isEmpty)
        }
    }

    @Test func aNamedMethodWorseThanTheBaselineSaysSo() {
        // A clean 52-week season: seasonal naive is near perfect, simple exponential smoothing is not.
        let values = (0..<120).map { t in 50 + 30 * sin(2 * Double.pi * Double(t) / 52) }
        let result = SalesForecaster(horizon: 4, choice: .croston).forecast(WeeklySeries(values: values))
        #expect(result.baseline == .seasonalNaive(period: 52))
        #expect(result.isWorseThanBaseline)
        #expect(result.notes.contains { $0.contains("worse than snaive") })
        let auto = SalesForecaster(horizon: 4).forecast(WeeklySeries(values: values))
        #expect(!auto.isWorseThanBaseline)
        #expect(try! #require(auto.backtest).mae < 1)
    }

    @Test func seasonalNaiveNeedsTwoYears() {
        let short = SalesForecaster(horizon: 3, choice: .snaive).forecast(Self.noisy(103, seed: 7))
        #expect(short.method == .naive && short.baseline == .naive)
        let series = Self.noisy(104, seed: 7)
        let long = SalesForecaster(horizon: 3, choice: .snaive).forecast(series)
        #expect(long.method == .seasonalNaive(period: 52))
        #expect(long.points == Array(series.values[52..<55]))
    }

    @Test func aShortSeriesIsForecastNaivelyAndSaysWhy() {
        let result = SalesForecaster(horizon: 5).forecast(WeeklySeries(values: [0, 0, 4, 6, 5]))
        #expect(result.method == .naive && result.weeks == 3 && result.backtest == nil)
        #expect(result.points == [5, 5, 5, 5, 5])
        #expect(result.notes.first?.contains("too short") == true)
        let empty = SalesForecaster(horizon: 2).forecast(WeeklySeries(values: [0, 0]))
        #expect(empty.points == [0, 0] && empty.notes.first?.contains("no demand") == true)
    }

    @Test func intermittentSeriesLetCrostonCompete() {
        var generator = SeededGenerator(seed: 11)
        let values = (0..<80).map { _ in Double.random(in: 0..<1, using: &generator) < 0.25 ? 6.0 : 0 }
        let forecaster = SalesForecaster(horizon: 4)
        let pattern = DemandPattern(values)
        #expect(pattern.isIntermittent)
        let candidates = forecaster.candidates(values, pattern: pattern, baseline: .naive)
        #expect(candidates.contains(.croston(.sba)))
        let named = SalesForecaster(horizon: 4, choice: .croston).forecast(WeeklySeries(values: values))
        #expect(named.method == .croston(.sba))
        #expect(Set(named.points).count == 1 && named.points[0] > 0)
    }

    @Test func intervalsHoldThePointAndWidenForNaive() {
        let result = SalesForecaster(horizon: 6, choice: .ets).forecast(Self.noisy(80, seed: 3))
        for h in 0..<6 {
            #expect(result.lower[h] <= result.points[h] && result.points[h] <= result.upper[h])
            #expect(result.lower[h] >= 0)
        }
        let naive = ForecastMethod.naive.fitted(on: []).spread([1, 3, 2, 4], 4)
        #expect(naive[3] == 2 * naive[0] && naive[0] > 0)
    }

    @Test func backtestScalesByTrainingNaiveErrors() {
        // Training [1, 2, 3, 4, 5, 6, 7, 8] (scale 1); naive from each origin is off by the steps ahead.
        let y = (1...12).map(Double.init)
        let result = ForecastBacktest.evaluate(.naive, on: y, window: 4, horizon: 2)
        // origins 8, 9, 10 forecast 2 steps (errors 1, 2), origin 11 one step (1): 7 errors summing 10.
        #expect(result.forecasts == 7)
        #expect(abs(result.mae - 10.0 / 7) < 1e-12)
        #expect(result.mase == result.mae)
    }
}
