import Foundation

extension BGNBDModel {
    /// Maximum-likelihood fit of r, α, a, b to the histories (Nelder–Mead over log-parameters).
    ///
    /// Identical (x, t_x, T) triples are counted once with a weight, and everything that depends on x alone (the
    /// gamma functions) or on one time value alone (ln(α + t)) is computed once per distinct value, so an evaluation
    /// costs about one `exp` and one `log1p` per distinct history. A fit at a boundary or on a flat likelihood
    /// carries a ``BGNBDModel/fitWarning``.
    public static func fit(_ histories: PurchaseHistories, unit: TimeUnit = .days) -> BGNBDModel {
        precondition(histories.count > 0, "BG/NBD needs at least one customer")
        let data = AggregatedHistories(histories)
        let meanAge = histories.age.reduce(0, +) / Double(histories.count)
        let meanPurchases = histories.x.reduce(0, +) / Double(histories.count) + 1
        // λ ≈ purchases per unit time, so α = r / λ with r = 1 starts in the right order of magnitude.
        let start = [0, log(max(meanAge / meanPurchases, 1e-3)), 0, 0]
        let result = NelderMead().minimizeWithRestart({ -data.logLikelihood($0) }, from: start)
        let p = result.point.map(exp)
        var model = BGNBDModel(r: p[0], alpha: p[1], a: p[2], b: p[3], unit: unit, logLikelihood: -result.value)
        model.evaluations = result.evaluations
        model.fitWarning = BGNBDFitWarning.diagnose(result.point) { data.logLikelihood($0) }
        return model
    }

    /// Fits the customers with orders of a feature table; t_x and T are converted from days to `unit`.
    public static func fit(_ features: CustomerFeatures, unit: TimeUnit = .days) -> BGNBDModel {
        fit(PurchaseHistories(features, unit: unit), unit: unit)
    }

    /// Total log-likelihood of histories at these parameters (sum of the per-customer closed form).
    public func logLikelihood(of histories: PurchaseHistories) -> Double {
        AggregatedHistories(histories).logLikelihood([log(r), log(alpha), log(a), log(b)])
    }
}

/// Histories grouped for fast likelihood evaluation.
struct AggregatedHistories {
    /// Distinct x values.
    var xs: [Double] = []
    /// Distinct time values (t_x and T together).
    var times: [Double] = []
    /// Per distinct triple: index into `xs`, into `times` for t_x and for T, and its weight.
    var xIndex: [Int32] = []
    var recencyIndex: [Int32] = []
    var ageIndex: [Int32] = []
    var weights: [Double] = []

    init(_ h: PurchaseHistories) {
        struct Triple: Hashable {
            var x: Double
            var tx: Double
            var age: Double
        }
        var tripleSlot: [Triple: Int] = [:]
        var xSlot: [Double: Int32] = [:]
        var timeSlot: [Double: Int32] = [:]
        func slot(_ v: Double, _ table: inout [Double: Int32], _ values: inout [Double]) -> Int32 {
            if let s = table[v] { return s }
            let s = Int32(values.count)
            table[v] = s
            values.append(v)
            return s
        }
        for i in 0..<h.count {
            let triple = Triple(x: h.x[i], tx: h.recency[i], age: h.age[i])
            if let s = tripleSlot[triple] {
                weights[s] += 1
                continue
            }
            tripleSlot[triple] = weights.count
            weights.append(1)
            xIndex.append(slot(triple.x, &xSlot, &xs))
            recencyIndex.append(slot(triple.tx, &timeSlot, &times))
            ageIndex.append(slot(triple.age, &timeSlot, &times))
        }
    }

    /// Sum of weighted log-likelihoods at θ = (ln r, ln α, ln a, ln b).
    func logLikelihood(_ theta: [Double]) -> Double {
        let (r, alpha, a, b) = (exp(theta[0]), exp(theta[1]), exp(theta[2]), exp(theta[3]))
        let base = -lgamma(r) + r * log(alpha) + lgamma(a + b) - lgamma(b)
        let common = xs.map { x in lgamma(r + x) + lgamma(b + x) - lgamma(a + b + x) + base }
        let dropOdds = xs.map { x in x > 0 ? log(a) - log(b + x - 1) : -Double.infinity }
        let logTimes = times.map { log(alpha + $0) }
        var total = 0.0
        for s in 0..<weights.count {
            let xi = Int(xIndex[s])
            let rx = r + xs[xi]
            let stays = -rx * logTimes[Int(ageIndex[s])]
            var ll = common[xi] + stays
            if xs[xi] > 0 {
                let dropped = dropOdds[xi] - rx * logTimes[Int(recencyIndex[s])]
                ll = common[xi] + logAddExp(stays, dropped)
            }
            total += weights[s] * ll
        }
        return total
    }
}
