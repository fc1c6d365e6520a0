import Foundation

/// Binary logistic regression with an L2 penalty, fitted by Newton's method (iteratively reweighted least squares).
///
/// Inputs are standardised first, z = (x − mean) / sd with the population sd (sd 0 → 1), so one penalty suits every
/// column. The fit minimises
///
///     −Σᵢ [yᵢ ln pᵢ + (1 − yᵢ) ln(1 − pᵢ)] + λ/2 · Σⱼ βⱼ²,   pᵢ = 1 / (1 + exp(−(β₀ + Σⱼ βⱼ zᵢⱼ)))
///
/// (the intercept β₀ is not penalised). The objective is strictly convex for λ > 0, so Newton's method from β = 0
/// converges to the one minimum; sums run in row order, so the same data gives the same bits on every node.
public struct LogisticRegression: Sendable, Equatable {
    /// Column means of the training inputs.
    public var means: [Double]
    /// Column standard deviations (1 where a column is constant).
    public var scales: [Double]
    /// β₀, on the standardised scale.
    public var intercept: Double
    /// β₁…β_d, one per column, on the standardised scale.
    public var coefficients: [Double]
    /// The penalty λ the model was fitted with.
    public var penalty: Double
    /// Newton steps taken.
    public var iterations: Int
    /// Whether the largest coefficient change of the last step was below the tolerance.
    public var converged: Bool

    /// Fits the model to `inputs` (one row per example) and `labels` (true = the event happened).
    ///
    /// - Parameters:
    ///   - penalty: λ ≥ 0; 0 is plain maximum likelihood (which diverges on separable data).
    ///   - maxIterations: Newton steps at most.
    ///   - tolerance: stop when no coefficient moves by more than this.
    public static func fit(
        _ inputs: FeatureMatrix, labels: [Bool], penalty: Double = 1, maxIterations: Int = 100,
        tolerance: Double = 1e-10
    ) -> LogisticRegression {
        precondition(inputs.rows == labels.count && penalty >= 0)
        let n = inputs.rows
        let d = inputs.dimension
        var means = [Double](repeating: 0, count: d)
        var scales = [Double](repeating: 1, count: d)
        if n > 0 {
            for i in 0..<n { for j in 0..<d { means[j] += inputs.values[i * d + j] } }
            for j in 0..<d { means[j] /= Double(n) }
            var squares = [Double](repeating: 0, count: d)
            for i in 0..<n {
                for j in 0..<d {
                    let c = inputs.values[i * d + j] - means[j]
                    squares[j] += c * c
                }
            }
            for j in 0..<d {
                let sd = (squares[j] / Double(n)).squareRoot()
                scales[j] = sd > 0 ? sd : 1
            }
        }
        var model = LogisticRegression(
            means: means, scales: scales, intercept: 0, coefficients: [Double](repeating: 0, count: d),
            penalty: penalty, iterations: 0, converged: false)
        guard n > 0 else { return model }
        // z with a leading 1 for the intercept.
        let width = d + 1
        var z = [Double](repeating: 1, count: n * width)
        for i in 0..<n {
            for j in 0..<d { z[i * width + j + 1] = (inputs.values[i * d + j] - means[j]) / scales[j] }
        }
        var beta = [Double](repeating: 0, count: width)
        for step in 1...maxIterations {
            var gradient = [Double](repeating: 0, count: width)
            var hessian = [Double](repeating: 0, count: width * width)
            for i in 0..<n {
                let row = i * width
                var eta = 0.0
                for j in 0..<width { eta += beta[j] * z[row + j] }
                let p = Self.sigmoid(eta)
                let residual = p - (labels[i] ? 1 : 0)
                let w = max(p * (1 - p), 1e-12)
                for j in 0..<width {
                    let zj = z[row + j]
                    gradient[j] += residual * zj
                    let wz = w * zj
                    for k in 0...j { hessian[j * width + k] += wz * z[row + k] }
                }
            }
            for j in 1..<width {
                gradient[j] += penalty * beta[j]
                hessian[j * width + j] += penalty
            }
            for j in 0..<width { for k in (j + 1)..<width { hessian[j * width + k] = hessian[k * width + j] } }
            guard let delta = Self.solve(hessian, gradient, width) else { break }
            var largest = 0.0
            for j in 0..<width {
                beta[j] -= delta[j]
                largest = max(largest, abs(delta[j]))
            }
            model.iterations = step
            if largest <= tolerance {
                model.converged = true
                break
            }
        }
        model.intercept = beta[0]
        model.coefficients = Array(beta[1...])
        return model
    }

    /// The linear predictor β₀ + Σ βⱼ zⱼ for one row of raw (unstandardised) inputs.
    public func logit(_ row: [Double]) -> Double {
        precondition(row.count == coefficients.count)
        var eta = intercept
        for j in 0..<row.count { eta += coefficients[j] * (row[j] - means[j]) / scales[j] }
        return eta
    }

    /// P(event) for one row of raw inputs.
    public func probability(_ row: [Double]) -> Double { Self.sigmoid(logit(row)) }

    /// Each column's share of the logit for one row: βⱼ zⱼ (the intercept excluded).
    public func contributions(_ row: [Double]) -> [Double] {
        (0..<row.count).map { coefficients[$0] * (row[$0] - means[$0]) / scales[$0] }
    }

    static func sigmoid(_ eta: Double) -> Double {
        eta >= 0 ? 1 / (1 + exp(-eta)) : exp(eta) / (1 + exp(eta))
    }

    /// Solves the symmetric positive-definite system A x = b by Cholesky; nil when A is not positive definite.
    static func solve(_ a: [Double], _ b: [Double], _ n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = a[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = b[i]
            for k in 0..<i { sum -= l[i * n + k] * y[k] }
            y[i] = sum / l[i * n + i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<n { sum -= l[k * n + i] * x[k] }
            x[i] = sum / l[i * n + i]
        }
        return x
    }
}
