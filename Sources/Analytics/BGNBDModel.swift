import Foundation

/// The time unit of the purchase models. Feature inputs are in days; `weeks` divides t_x and T by 7.
public enum TimeUnit: String, Sendable, CaseIterable, Codable {
    case days
    case weeks

    /// Days in one unit.
    public var days: Double { self == .days ? 1 : 7 }
}

/// Repeat-purchase histories (x, t_x, T) in model units, for the BG/NBD model.
public struct PurchaseHistories: Sendable, Equatable {
    /// Repeat purchases (distinct order days − 1).
    public var x: [Double]
    /// Time of the last purchase since the first.
    public var recency: [Double]
    /// Time from the first purchase to the as-of date.
    public var age: [Double]

    public init(x: [Double], recency: [Double], age: [Double]) {
        precondition(x.count == recency.count && x.count == age.count)
        self.x = x
        self.recency = recency
        self.age = age
    }

    /// The histories of the customers with orders, in `unit`, plus their table positions.
    public init(_ features: CustomerFeatures, unit: TimeUnit) {
        let members = (0..<features.count).filter { features.hasOrders[$0] }
        self.init(
            x: members.map { features.repeatCount[$0] }, recency: members.map { features.recencyT[$0] / unit.days },
            age: members.map { features.ageT[$0] / unit.days })
        customerIndices = members
    }

    /// Table positions of the histories when built from ``CustomerFeatures``; nil otherwise.
    public var customerIndices: [Int]?

    public var count: Int { x.count }
}

/// The BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): while alive a customer buys
/// at Poisson rate λ ~ Gamma(r, α); after each purchase they drop out with probability p ~ Beta(a, b).
public struct BGNBDModel: Sendable, Equatable {
    public var r: Double
    public var alpha: Double
    public var a: Double
    public var b: Double
    /// Time unit of `alpha` and of every time argument.
    public var unit: TimeUnit
    /// Log-likelihood of the fitted data at these parameters (0 for a model built by hand).
    public var logLikelihood: Double
    /// Likelihood evaluations the fit used.
    public var evaluations: Int
    /// Set by `fit` when the fit is degenerate (parameters at a bound, flat likelihood); nil for a healthy fit or
    /// a model built by hand.
    public var fitWarning: BGNBDFitWarning?

    public init(r: Double, alpha: Double, a: Double, b: Double, unit: TimeUnit = .days, logLikelihood: Double = 0) {
        self.r = r
        self.alpha = alpha
        self.a = a
        self.b = b
        self.unit = unit
        self.logLikelihood = logLikelihood
        evaluations = 0
    }

    /// One customer's log-likelihood, FHL 2005 eq. (6):
    /// L = B(a, b+x)/B(a, b) · Γ(r+x) α^r / Γ(r) · [ (α+T)^−(r+x) + 1{x>0} · a/(b+x−1) · (α+t_x)^−(r+x) ].
    public static func logLikelihood(
        r: Double, alpha: Double, a: Double, b: Double, x: Double, recency tx: Double, age bigT: Double
    ) -> Double {
        let poissonGamma: Double = lgamma(r + x) - lgamma(r) + r * log(alpha)
        let betaRatio: Double = lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x)
        let common = poissonGamma + betaRatio
        let stays = -(r + x) * log(alpha + bigT)
        guard x > 0 else { return common + stays }
        let dropped = log(a) - log(b + x - 1) - (r + x) * log(alpha + tx)
        return common + logAddExp(stays, dropped)
    }

    /// P(alive | x, t_x, T) = 1 / (1 + 1{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)), FHL 2005 eq. (11).
    /// A customer without repeat purchases is alive with probability 1 (they cannot have dropped out yet).
    public func probabilityAlive(x: Double, recency tx: Double, age bigT: Double) -> Double {
        guard x > 0 else { return 1 }
        let logOdds = log(a) - log(b + x - 1) + (r + x) * (log(alpha + bigT) - log(alpha + tx))
        return 1 / (1 + exp(logOdds))
    }

    /// Expected purchases in the next `t` units, FHL 2005 eq. (10):
    /// E[Y(t)] = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))]
    /// / (1 + 1{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)). NaN if the series does not converge.
    public func expectedPurchases(inNext t: Double, x: Double, recency tx: Double, age bigT: Double) -> Double {
        guard t > 0 else { return 0 }
        // a = 1 is a removable singularity of the closed form; nudge it rather than divide by zero.
        let a = abs(self.a - 1) < 1e-9 ? self.a + 1e-9 : self.a
        let z = t / (alpha + bigT + t)
        guard let f = Hypergeometric.f21(r + x, b + x, a + b + x - 1, z) else { return .nan }
        let head = (a + b + x - 1) / (a - 1) * (1 - exp((r + x) * log((alpha + bigT) / (alpha + bigT + t))) * f)
        guard x > 0 else { return head }
        let odds = exp(log(a) - log(b + x - 1) + (r + x) * (log(alpha + bigT) - log(alpha + tx)))
        return head / (1 + odds)
    }

    /// Probability alive of every customer of a table (0 for customers without orders, who were never active).
    public func probabilityAlive(_ features: CustomerFeatures) -> [Double] {
        (0..<features.count).map { i in
            guard features.hasOrders[i] else { return 0 }
            return probabilityAlive(
                x: features.repeatCount[i], recency: features.recencyT[i] / unit.days,
                age: features.ageT[i] / unit.days)
        }
    }
}

/// ln(e^u + e^v) without overflow.
func logAddExp(_ u: Double, _ v: Double) -> Double {
    u > v ? u + log1p(exp(v - u)) : v + log1p(exp(u - v))
}
