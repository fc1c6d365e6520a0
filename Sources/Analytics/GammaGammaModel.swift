import Foundation

/// The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value curves
/// for customer base analysis"; Fader & Hardie 2013 note "The Gamma-Gamma model of monetary value").
///
/// A customer's transactions are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers; only customers with x ≥ 1
/// repeat transactions and their mean spend m̄ enter the fit.
public struct GammaGammaModel: Sendable, Equatable {
    public var p: Double
    public var q: Double
    public var gamma: Double
    /// Log-likelihood of the fitted data (0 for a model built by hand).
    public var logLikelihood: Double
    /// Likelihood evaluations the fit used.
    public var evaluations: Int

    public init(p: Double, q: Double, gamma: Double, logLikelihood: Double = 0) {
        self.p = p
        self.q = q
        self.gamma = gamma
        self.logLikelihood = logLikelihood
        evaluations = 0
    }

    /// One customer's log-likelihood of mean spend `m` over `x` transactions:
    /// ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(γ + m x).
    public static func logLikelihood(p: Double, q: Double, gamma: Double, x: Double, meanSpend m: Double) -> Double {
        let px = p * x
        return lgamma(px + q) - lgamma(px) - lgamma(q) + q * log(gamma) + (px - 1) * log(m) + px * log(x)
            - (px + q) * log(gamma + m * x)
    }

    /// E[M | p, q, γ, m̄, x] = p(γ + x m̄) / (px + q − 1); the population mean pγ/(q − 1) when x = 0.
    /// Both need q > 1 (a finite mean); NaN otherwise.
    public func expectedSpend(x: Double, meanSpend m: Double) -> Double {
        guard q > 1 else { return .nan }
        guard x > 0 else { return p * gamma / (q - 1) }
        return p * (gamma + x * m) / (p * x + q - 1)
    }

    /// Maximum-likelihood fit over customers with x ≥ 1 and m̄ > 0 (others carry no spend information).
    public static func fit(x: [Double], meanSpend: [Double]) -> GammaGammaModel {
        precondition(x.count == meanSpend.count)
        let rows = x.indices.filter { x[$0] >= 1 && meanSpend[$0] > 0 }
        precondition(!rows.isEmpty, "Gamma-Gamma needs customers with repeat purchases")
        let data = SpendData(x: rows.map { x[$0] }, m: rows.map { meanSpend[$0] })
        let meanM = rows.reduce(0) { $0 + meanSpend[$1] } / Double(rows.count)
        // With p = q = 2, E[M] = pγ/(q−1) = 2γ, so γ = m̄/2 starts at the observed mean.
        let start = [log(2), log(2), log(max(meanM / 2, 1e-6))]
        let result = NelderMead().minimizeWithRestart({ -data.logLikelihood($0) }, from: start)
        let v = result.point.map(exp)
        var model = GammaGammaModel(p: v[0], q: v[1], gamma: v[2], logLikelihood: -result.value)
        model.evaluations = result.evaluations
        return model
    }

    /// Fits the customers of a table (`repeatCount`, `meanRepeatSpend`).
    public static func fit(_ features: CustomerFeatures) -> GammaGammaModel {
        fit(x: features.repeatCount, meanSpend: features.meanRepeatSpend)
    }
}

/// Spend data with the parameter-free parts of the likelihood summed once.
private struct SpendData {
    var xs: [Double] = []
    var weightByX: [Double] = []
    var xIndex: [Int32] = []
    var xm: [Double] = []
    /// Σ x ln m̄ and Σ ln m̄ and Σ x ln x, which enter the likelihood linearly in p.
    var sumXLogM = 0.0
    var sumLogM = 0.0
    var sumXLogX = 0.0
    var n = 0.0

    init(x: [Double], m: [Double]) {
        var slot: [Double: Int32] = [:]
        for i in x.indices {
            let s: Int32
            if let existing = slot[x[i]] {
                s = existing
            } else {
                s = Int32(xs.count)
                slot[x[i]] = s
                xs.append(x[i])
                weightByX.append(0)
            }
            weightByX[Int(s)] += 1
            xIndex.append(s)
            xm.append(x[i] * m[i])
            sumXLogM += x[i] * log(m[i])
            sumLogM += log(m[i])
            sumXLogX += x[i] * log(x[i])
        }
        n = Double(x.count)
    }

    /// Total log-likelihood at θ = (ln p, ln q, ln γ).
    func logLikelihood(_ theta: [Double]) -> Double {
        let (p, q, gamma) = (exp(theta[0]), exp(theta[1]), exp(theta[2]))
        var total = n * (q * log(gamma) - lgamma(q)) + p * sumXLogM - sumLogM + p * sumXLogX
        for (k, x) in xs.enumerated() { total += weightByX[k] * (lgamma(p * x + q) - lgamma(p * x)) }
        for i in 0..<xm.count {
            let x = xs[Int(xIndex[i])]
            total -= (p * x + q) * log(gamma + xm[i])
        }
        return total
    }
}
