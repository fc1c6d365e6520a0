/// Derivative-free minimisation (Nelder & Mead 1965) with the standard coefficients: reflection 1, expansion 2,
/// contraction ½, shrink ½. Used to maximise the BG/NBD and Gamma-Gamma likelihoods over log-parameters.
struct NelderMead {
    /// Stop when the spread of function values over the simplex is below this (absolute + relative to |f|).
    var functionTolerance = 1e-10
    /// ... and the simplex is smaller than this in every coordinate.
    var pointTolerance = 1e-8
    var maxEvaluations = 4_000
    /// Side of the initial simplex around the start point.
    var initialStep = 0.5

    struct Result {
        var point: [Double]
        var value: Double
        var evaluations: Int
    }

    /// Minimises `f` from `start`. Non-finite values count as +∞, so the search steps away from them.
    func minimize(_ f: ([Double]) -> Double, from start: [Double]) -> Result {
        let n = start.count
        var evaluations = 0
        func evaluate(_ p: [Double]) -> Double {
            evaluations += 1
            let v = f(p)
            return v.isFinite ? v : .infinity
        }
        var simplex = [start]
        for i in 0..<n {
            var p = start
            p[i] += initialStep
            simplex.append(p)
        }
        var values = simplex.map(evaluate)
        while evaluations < maxEvaluations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            let spread = values[n] - values[0]
            let size = (0..<n).map { j in simplex.map { $0[j] }.max()! - simplex.map { $0[j] }.min()! }.max()!
            if spread <= functionTolerance * (1 + abs(values[0])) && size <= pointTolerance { break }
            if spread <= functionTolerance * 1e-3 * (1 + abs(values[0])) { break }
            var centroid = [Double](repeating: 0, count: n)
            for p in simplex.dropLast() { for j in 0..<n { centroid[j] += p[j] / Double(n) } }
            let worst = simplex[n]
            let along = { (t: Double) in (0..<n).map { centroid[$0] + t * (worst[$0] - centroid[$0]) } }
            let reflected = along(-1)
            let reflectedValue = evaluate(reflected)
            if reflectedValue < values[0] {
                let expanded = along(-2)
                let expandedValue = evaluate(expanded)
                if expandedValue < reflectedValue {
                    (simplex[n], values[n]) = (expanded, expandedValue)
                } else {
                    (simplex[n], values[n]) = (reflected, reflectedValue)
                }
            } else if reflectedValue < values[n - 1] {
                (simplex[n], values[n]) = (reflected, reflectedValue)
            } else {
                // Contract towards the better of the worst point and its reflection.
                let outside = reflectedValue < values[n]
                let contracted = along(outside ? -0.5 : 0.5)
                let contractedValue = evaluate(contracted)
                if contractedValue < min(reflectedValue, values[n]) {
                    (simplex[n], values[n]) = (contracted, contractedValue)
                } else {
                    for i in 1...n {
                        simplex[i] = (0..<n).map { simplex[0][$0] + 0.5 * (simplex[i][$0] - simplex[0][$0]) }
                        values[i] = evaluate(simplex[i])
                    }
                }
            }
        }
        let best = values.indices.min { values[$0] < values[$1] }!
        return Result(point: simplex[best], value: values[best], evaluations: evaluations)
    }

    /// Minimises, then restarts once from the best point with a fresh simplex: Nelder–Mead can stall on a
    /// degenerate simplex, and a restart costs little.
    func minimizeWithRestart(_ f: ([Double]) -> Double, from start: [Double]) -> Result {
        let first = minimize(f, from: start)
        var second = NelderMead(
            functionTolerance: functionTolerance, pointTolerance: pointTolerance, maxEvaluations: maxEvaluations,
            initialStep: initialStep / 5
        ).minimize(f, from: first.point)
        second.evaluations += first.evaluations
        return second.value <= first.value
            ? second
            : Result(
                point: first.point, value: first.value, evaluations: second.evaluations)
    }
}
