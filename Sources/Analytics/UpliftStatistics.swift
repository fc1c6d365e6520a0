import Foundation

/// The tests and intervals behind a campaign report, each a pure function of counts or values. Formulas and
/// sources are in docs/analytics.md ("Campaign uplift"); the reference values of the tests come from statsmodels
/// and scipy (`scripts/uplift-reference.py`).
public enum UpliftStatistics {
    /// A two-sided interval.
    public struct Interval: Sendable, Equatable {
        public var lower: Double
        public var upper: Double

        public init(lower: Double, upper: Double) {
            self.lower = lower
            self.upper = upper
        }

        public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }
    }

    /// The z of a two-sided interval at `confidence` (1.959964… at 0.95).
    public static func z(confidence: Double) -> Double { Distributions.normalQuantile(1 - (1 - confidence) / 2) }

    /// Wilson's score interval for a proportion `successes / trials` (Wilson 1927), without continuity correction.
    public static func wilson(successes: Int, trials: Int, confidence: Double = 0.95) -> Interval {
        precondition(trials > 0 && (0...trials).contains(successes))
        let n = Double(trials)
        let p = Double(successes) / n
        let z = z(confidence: confidence)
        let z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return Interval(lower: max(0, centre - half), upper: min(1, centre + half))
    }

    /// Newcombe's hybrid score interval for p₁ − p₂ (Newcombe 1998, method 10): the Wilson limits (l, u) of each
    /// proportion combined as d − √((p₁−l₁)² + (u₂−p₂)²) … d + √((u₁−p₁)² + (p₂−l₂)²).
    public static func newcombe(
        successes1: Int, trials1: Int, successes2: Int, trials2: Int, confidence: Double = 0.95
    ) -> Interval {
        let p1 = Double(successes1) / Double(trials1)
        let p2 = Double(successes2) / Double(trials2)
        let w1 = wilson(successes: successes1, trials: trials1, confidence: confidence)
        let w2 = wilson(successes: successes2, trials: trials2, confidence: confidence)
        let d = p1 - p2
        let below = ((p1 - w1.lower) * (p1 - w1.lower) + (w2.upper - p2) * (w2.upper - p2)).squareRoot()
        let above = ((w1.upper - p1) * (w1.upper - p1) + (p2 - w2.lower) * (p2 - w2.lower)).squareRoot()
        return Interval(lower: d - below, upper: d + above)
    }

    /// The pooled two-proportion z-test of p₁ = p₂: z and its two-sided p-value (nil z when both groups are all
    /// successes or all failures, where the test is undefined; the p-value is then 1).
    public static func twoProportionZTest(successes1: Int, trials1: Int, successes2: Int, trials2: Int)
        -> (z: Double?, p: Double)
    {
        let n1 = Double(trials1)
        let n2 = Double(trials2)
        let pooled = Double(successes1 + successes2) / (n1 + n2)
        let se = (pooled * (1 - pooled) * (1 / n1 + 1 / n2)).squareRoot()
        guard se > 0 else { return (nil, 1) }
        let z = (Double(successes1) / n1 - Double(successes2) / n2) / se
        return (z, Distributions.normalTwoSided(z))
    }

    /// Welch's interval for mean(x) − mean(y) with unequal variances: the difference ± t(df)·√(s²ₓ/nₓ + s²ᵧ/nᵧ),
    /// df by Welch–Satterthwaite (Welch 1947). Nil when a group has fewer than two values. When both variances are
    /// zero the interval is the point itself.
    public static func welch(_ x: [Double], _ y: [Double], confidence: Double = 0.95) -> (
        difference: Double, interval: Interval, degreesOfFreedom: Double
    )? {
        guard x.count >= 2, y.count >= 2 else { return nil }
        let (mx, vx) = meanAndVariance(x)
        let (my, vy) = meanAndVariance(y)
        let nx = Double(x.count)
        let ny = Double(y.count)
        let ax = vx / nx
        let ay = vy / ny
        let d = mx - my
        let se2 = ax + ay
        guard se2 > 0 else { return (d, Interval(lower: d, upper: d), nx + ny - 2) }
        let df = se2 * se2 / (ax * ax / (nx - 1) + ay * ay / (ny - 1))
        let t = Distributions.studentTQuantile(1 - (1 - confidence) / 2, df: df)
        let half = t * se2.squareRoot()
        return (d, Interval(lower: d - half, upper: d + half), df)
    }

    /// Mean and sample variance (n − 1 denominator), by Welford's update.
    public static func meanAndVariance(_ values: [Double]) -> (mean: Double, variance: Double) {
        var mean = 0.0
        var m2 = 0.0
        for (index, value) in values.enumerated() {
            let delta = value - mean
            mean += delta / Double(index + 1)
            m2 += delta * (value - mean)
        }
        return (mean, values.count > 1 ? m2 / Double(values.count - 1) : 0)
    }

    /// CUPED (Deng, Xu, Kohavi & Walker 2013): each outcome y minus θ(x − x̄), with θ = cov(x, y)/var(x) over both
    /// groups together and x̄ their pooled mean. Returns the adjusted outcomes of each group and θ (0 when x does
    /// not vary, which leaves y unchanged).
    public static func cuped(
        treatment: [(outcome: Double, covariate: Double)], control: [(outcome: Double, covariate: Double)]
    ) -> (treatment: [Double], control: [Double], theta: Double) {
        let all = treatment + control
        guard all.count >= 2 else { return (treatment.map(\.outcome), control.map(\.outcome), 0) }
        let n = Double(all.count)
        let meanX = all.reduce(0) { $0 + $1.covariate } / n
        let meanY = all.reduce(0) { $0 + $1.outcome } / n
        var covariance = 0.0
        var variance = 0.0
        for pair in all {
            covariance += (pair.covariate - meanX) * (pair.outcome - meanY)
            variance += (pair.covariate - meanX) * (pair.covariate - meanX)
        }
        let theta = variance > 0 ? covariance / variance : 0
        let adjust = { (pair: (outcome: Double, covariate: Double)) in pair.outcome - theta * (pair.covariate - meanX) }
        return (treatment.map(adjust), control.map(adjust), theta)
    }

    /// The sample-ratio-mismatch check: Pearson's chi-square of the observed control/target split against the
    /// configured control share (one degree of freedom). Returns the statistic and its p-value.
    public static func sampleRatioMismatch(control: Int, target: Int, controlShare: Double) -> (
        chiSquare: Double, p: Double
    ) {
        let n = Double(control + target)
        guard n > 0, controlShare > 0, controlShare < 1 else { return (0, 1) }
        let expectedControl = n * controlShare
        let expectedTarget = n - expectedControl
        let chi =
            (Double(control) - expectedControl) * (Double(control) - expectedControl) / expectedControl
            + (Double(target) - expectedTarget) * (Double(target) - expectedTarget) / expectedTarget
        // With one degree of freedom, P(χ² > c) = P(|Z| > √c).
        return (chi, Distributions.normalTwoSided(chi.squareRoot()))
    }

    /// The minimum detectable absolute difference of two proportions around `baseRate`, two-sided at level
    /// `alpha` with power `power`: (z₁₋α/₂ + z_power)·√(p(1 − p)(1/n₁ + 1/n₂)). Nil when a group is empty.
    public static func minimumDetectableEffect(
        baseRate: Double, trials1: Int, trials2: Int, alpha: Double = 0.05, power: Double = 0.8
    ) -> Double? {
        guard trials1 > 0, trials2 > 0 else { return nil }
        let p = min(max(baseRate, 0), 1)
        let spread = (p * (1 - p) * (1 / Double(trials1) + 1 / Double(trials2))).squareRoot()
        return (Distributions.normalQuantile(1 - alpha / 2) + Distributions.normalQuantile(power)) * spread
    }
}
