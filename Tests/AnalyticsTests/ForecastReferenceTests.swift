import Foundation
import Testing

@testable import Analytics

/// The forecast methods against values statsmodels computed once (scripts/forecast-reference.py wrote
/// fixtures/forecast-reference.json; its header records the versions).
@Suite struct ForecastReferenceTests {
    /// Read on each use: `[String: Any]` is not Sendable, so it cannot be a stored static.
    static var reference: [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fixtures/forecast-reference.json")
        let data = try! Data(contentsOf: url)
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    static func cases(_ name: String) -> [[String: Any]] { reference[name] as! [[String: Any]] }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(b))
    }

    static func shape(_ name: String) -> ExponentialSmoothing.Trend {
        name.hasPrefix("AAd") ? .damped : name.hasPrefix("AA") ? .additive : .none
    }

    /// The model a reference case describes: its shape, parameters and known initial states.
    static func model(_ item: [String: Any]) -> ExponentialSmoothing {
        let params = item["params"] as! [String: Double]
        return ExponentialSmoothing(
            trend: shape(item["shape"] as! String), period: item["period"] as? Int, alpha: params["alpha"]!,
            beta: params["beta"] ?? 0, phi: params["phi"] ?? 1, gamma: params["gamma"] ?? 0,
            initialLevel: item["initial_level"] as! Double, initialTrend: item["initial_trend"] as! Double,
            initialSeasons: item["initial_seasons"] as! [Double])
    }

    @Test func holtWintersWithGivenParametersEqualsStatsmodels() {
        let cases = Self.cases("ets")
        #expect(cases.count >= 6)
        let horizon = Self.reference["horizon"] as! Int
        for item in cases {
            let model = Self.model(item)
            let y = item["series"] as! [Double]
            let state = model.filter(y)
            let sse = item["sse"] as! Double
            #expect(Self.close(state.sse, sse, 1e-9), "\(item["shape"]!): SSE \(state.sse) vs \(sse)")
            let forecast = model.forecast(y, horizon: horizon)
            for (ours, theirs) in zip(forecast, item["forecast"] as! [Double]) {
                #expect(Self.close(ours, theirs, 1e-9), "\(item["shape"]!): forecast \(ours) vs \(theirs)")
            }
        }
    }

    @Test func ourFitReachesStatsmodelsSSE() {
        for item in Self.cases("fits") {
            let y = item["series"] as! [Double]
            let name = item["shape"] as! String
            let fitted = ExponentialSmoothing.fit(y, trend: Self.shape(name), period: item["period"] as? Int)
            let ours = fitted.filter(y).sse
            let theirs = item["sse"] as! Double
            // A hair of slack: both searches stop at a tolerance.
            #expect(ours <= theirs * (1 + 1e-4), "\(name): our SSE \(ours), statsmodels \(theirs)")
        }
    }

    @Test func intervalsEqualStatsmodelsETSModel() {
        let cases = Self.cases("intervals")
        #expect(cases.count >= 6)
        let z = SalesForecaster.z80
        for item in cases {
            let model = Self.model(item)
            let y = item["series"] as! [Double]
            let mean = item["mean"] as! [Double]
            let state = model.filter(y)
            #expect(Self.close(state.sse, item["sse"] as! Double, 1e-9))
            let variance = state.sse / Double(y.count)
            #expect(Self.close(variance, item["mse"] as! Double, 1e-9))
            let multipliers = model.varianceMultipliers(horizon: mean.count)
            let upper = item["upper"] as! [Double]
            for h in mean.indices {
                let point = model.forecast(y, horizon: mean.count)[h]
                #expect(Self.close(point, mean[h], 1e-9), "\(item["shape"]!) h=\(h + 1): mean")
                let half = z * (variance * multipliers[h]).squareRoot()
                #expect(
                    Self.close(point + half, upper[h], 1e-7),
                    "\(item["shape"]!) h=\(h + 1): upper \(point + half) vs \(upper[h])")
            }
        }
    }

    @Test func crostonAndSBAEqualTheReference() {
        let cases = Self.cases("croston")
        #expect(cases.count >= 4)
        for item in cases {
            let y = item["series"] as! [Double]
            let classic = Croston(variant: .classic).rate(y)
            let sba = Croston(variant: .sba).rate(y)
            #expect(Self.close(classic, item["classic"] as! Double, 1e-12), "Croston \(classic)")
            #expect(Self.close(sba, item["sba"] as! Double, 1e-12), "SBA \(sba)")
            if let other = item["statsforecast"] as? [String: Double] {
                #expect(Self.close(classic, other["classic"]!, 1e-6), "statsforecast Croston")
                #expect(Self.close(sba, other["sba"]!, 1e-6), "statsforecast SBA")
            }
        }
    }

    /// Worked by hand: demands 5 (after 3 weeks), 3 (after 4), 4 (after 2); α = 0.1.
    /// ẑ = 5 → 4.8 → 4.72, p̂ = 3 → 3.1 → 2.99; Croston 4.72 / 2.99, SBA 0.95 of it.
    @Test func crostonByHand() {
        let y: [Double] = [0, 0, 5, 0, 0, 0, 3, 0, 4]
        #expect(Self.close(Croston(variant: .classic).rate(y), 4.72 / 2.99, 1e-12))
        #expect(Self.close(Croston(variant: .sba).rate(y), 0.95 * 4.72 / 2.99, 1e-12))
        let rates = Croston(variant: .classic).rates(y)
        #expect(rates.count == 10)
        #expect(rates[2] == 0)
        #expect(rates[3] == 5.0 / 3.0)
    }
}
