import Foundation

extension ExponentialSmoothing {
    /// The model of this shape with the smallest in-sample SSE, from the simple initial states
    /// (``initialStates(_:trend:period:)``, kept fixed). Nelder–Mead over the transform p = (1 + sin u) / 2,
    /// which reaches the ends of its range at finite u, keeps 0 ≤ α ≤ 1, 0 ≤ β ≤ 1, 0.8 ≤ φ ≤ 0.98 and
    /// 0 ≤ γ ≤ 1 − α (the usual ranges; statsmodels' optimum often sits on an end, β = 0 or φ = 0.8).
    public static func fit(_ y: [Double], trend: Trend, period: Int? = nil) -> ExponentialSmoothing {
        let start = initialStates(y, trend: trend, period: period)
        let template = ExponentialSmoothing(
            trend: trend, period: period, alpha: 0.5, beta: 0.1, phi: trend == .damped ? 0.95 : 1, gamma: 0,
            initialLevel: start.level, initialTrend: start.trend, initialSeasons: start.seasons)
        let seasonal = period != nil && !start.seasons.isEmpty
        func model(_ u: [Double]) -> ExponentialSmoothing {
            var candidate = template
            candidate.alpha = unit(u[0])
            var next = 1
            if trend != .none {
                candidate.beta = unit(u[next])
                next += 1
            }
            if trend == .damped {
                candidate.phi = 0.8 + 0.18 * unit(u[next])
                next += 1
            }
            if seasonal { candidate.gamma = (1 - candidate.alpha) * unit(u[next]) }
            return candidate
        }
        // Two starts, a slow and a fast one: the SSE surface has local minima (seasonal fits especially), and
        // statsmodels' optimum often sits on an end of a range.
        func startPoint(_ alpha: Double, _ beta: Double, _ phi: Double, _ gamma: Double) -> [Double] {
            var point = [angle(alpha)]
            if trend != .none { point.append(angle(beta)) }
            if trend == .damped { point.append(angle(phi)) }
            if seasonal { point.append(angle(gamma)) }
            return point
        }
        let search = NelderMead(functionTolerance: 1e-12, pointTolerance: 1e-7, maxEvaluations: 600, initialStep: 0.5)
        let best = [startPoint(0.3, 0.1, 0.8, 0.1), startPoint(0.6, 0.01, 0.99, 0.5)]
            .map { search.minimizeWithRestart({ model($0).filter(y).sse }, from: $0) }
            .min { $0.value < $1.value }!
        return model(best.point)
    }

    /// [0, 1] from any real; ``angle(_:)`` is its inverse on (−π/2, π/2).
    static func unit(_ u: Double) -> Double { (1 + sin(u)) / 2 }
    static func angle(_ p: Double) -> Double { asin(2 * p - 1) }
}
