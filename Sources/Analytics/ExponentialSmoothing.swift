import Foundation

/// Exponential smoothing with additive errors (ETS A,N,N / A,A,N / A,Ad,N / A,N,A / A,Ad,A) in the Holt–Winters
/// form statsmodels' `ExponentialSmoothing` uses, so forecasts with given parameters and initial states equal
/// theirs (`scripts/forecast-reference.py`):
///
///     ŷₜ  = ℓₜ₋₁ + φ bₜ₋₁ + sₜ₋ₘ
///     ℓₜ  = α (yₜ − sₜ₋ₘ) + (1 − α)(ℓₜ₋₁ + φ bₜ₋₁)
///     bₜ  = β (ℓₜ − ℓₜ₋₁) + (1 − β) φ bₜ₋₁
///     sₜ  = γ (yₜ − ℓₜ₋₁ − φ bₜ₋₁) + (1 − γ) sₜ₋ₘ
///     ŷₜ₊ₕ = ℓₜ + (φ + … + φʰ) bₜ + sₜ₊ₕ₋ₘ₍ₖ₊₁₎
///
/// Without trend b ≡ 0; without damping φ = 1; without seasonality s ≡ 0. Formulas and the interval in
/// docs/analytics.md ("Sales forecast").
public struct ExponentialSmoothing: Sendable, Equatable {
    public enum Trend: String, Sendable, CaseIterable {
        case none, additive, damped
    }

    public var trend: Trend
    /// Season length m, or nil without seasonality.
    public var period: Int?
    public var alpha: Double
    /// Holt–Winters β (statsmodels' `smoothing_trend`); the ETS state-space β is α·β.
    public var beta = 0.0
    public var phi = 1.0
    public var gamma = 0.0
    public var initialLevel: Double
    public var initialTrend = 0.0
    /// s₁₋ₘ … s₀, oldest first.
    public var initialSeasons: [Double] = []

    public init(
        trend: Trend, period: Int? = nil, alpha: Double, beta: Double = 0, phi: Double = 1, gamma: Double = 0,
        initialLevel: Double, initialTrend: Double = 0, initialSeasons: [Double] = []
    ) {
        self.trend = trend
        self.period = period
        self.alpha = alpha
        self.beta = beta
        self.phi = phi
        self.gamma = gamma
        self.initialLevel = initialLevel
        self.initialTrend = initialTrend
        self.initialSeasons = initialSeasons
    }

    /// The state after the last observation and the sum of squared one-step errors.
    public struct Filtered: Sendable {
        public var level: Double
        public var slope: Double
        /// The last m seasonal states, oldest first (s₍ₙ₋ₘ₊₁₎ … sₙ).
        public var seasons: [Double]
        public var sse: Double
        public var count: Int
    }

    var dampingFactor: Double { trend == .damped ? phi : 1 }

    /// Runs the recursions over `y`.
    public func filter(_ y: [Double]) -> Filtered {
        var level = initialLevel
        var slope = trend == .none ? 0 : initialTrend
        var seasons = period == nil ? [] : initialSeasons
        let m = seasons.count
        let phi = dampingFactor
        var sse = 0.0
        var cursor = 0  // index in `seasons` of sₜ₋ₘ
        for value in y {
            let season = m > 0 ? seasons[cursor] : 0
            let base = level + phi * slope
            let error = value - base - season
            sse += error * error
            let newLevel = alpha * (value - season) + (1 - alpha) * base
            if trend != .none { slope = beta * (newLevel - level) + (1 - beta) * phi * slope }
            if m > 0 {
                seasons[cursor] = gamma * (value - base) + (1 - gamma) * season
                cursor = (cursor + 1) % m
            }
            level = newLevel
        }
        if m > 0 { seasons = Array(seasons[cursor...] + seasons[..<cursor]) }
        return Filtered(level: level, slope: slope, seasons: seasons, sse: sse, count: y.count)
    }

    /// Point forecasts 1…`horizon` steps after `y`.
    public func forecast(_ y: [Double], horizon: Int) -> [Double] {
        forecast(from: filter(y), horizon: horizon)
    }

    func forecast(from state: Filtered, horizon: Int) -> [Double] {
        let phi = dampingFactor
        let m = state.seasons.count
        var damped = 0.0
        var power = 1.0
        return (1...max(1, horizon)).prefix(horizon).map { h in
            power *= phi
            damped += power
            let season = m > 0 ? state.seasons[(h - 1) % m] : 0
            return state.level + damped * state.slope + season
        }
    }

    /// Coefficients cⱼ of the h-step error variance σ²(1 + Σⱼ₌₁ʰ⁻¹ cⱼ²) of the linear innovations model
    /// (Hyndman et al. 2008, ch. 6): cⱼ = α + αβ(φ + … + φʲ) + γ·[j mod m = 0].
    public func varianceMultipliers(horizon: Int) -> [Double] {
        let phi = dampingFactor
        var multipliers: [Double] = []
        var sum = 0.0
        var damped = 0.0
        var power = 1.0
        for h in 1...max(1, horizon) where h <= horizon {
            multipliers.append(1 + sum)
            power *= phi
            damped += power
            var c = alpha
            if trend != .none { c += alpha * beta * damped }
            if let m = period, h % m == 0 { c += gamma }
            sum += c * c
        }
        return multipliers
    }

    /// The simple initial states (statsmodels' "simple" initialisation): without seasonality ℓ₀ = y₁ and
    /// b₀ = y₂ − y₁; with season m, ℓ₀ = mean of the first m values, b₀ = (mean of the next m − ℓ₀) / m when two
    /// seasons exist (else 0), sᵢ = yᵢ − ℓ₀ for the first m.
    public static func initialStates(_ y: [Double], trend: Trend, period: Int?) -> (
        level: Double, trend: Double, seasons: [Double]
    ) {
        guard let first = y.first else { return (0, 0, []) }
        guard let m = period, y.count >= m else {
            let slope = trend == .none || y.count < 2 ? 0 : y[1] - y[0]
            return (first, slope, [])
        }
        let level = y[0..<m].reduce(0, +) / Double(m)
        var slope = 0.0
        if trend != .none, y.count >= 2 * m {
            slope = (y[m..<(2 * m)].reduce(0, +) / Double(m) - level) / Double(m)
        }
        return (level, slope, y[0..<m].map { $0 - level })
    }
}
