import Analytics
import Foundation
import Testing

@Suite struct LogisticRegressionTests {
    /// Points from a known model: logit = −1 + 2 x₁ − 0.5 x₂, x uniform in [−2, 2]², labels drawn from it.
    private func sample(_ n: Int, seed: UInt64) -> (FeatureMatrix, [Bool]) {
        var generator = SeededGenerator(seed: seed)
        var values: [Double] = []
        var labels: [Bool] = []
        for _ in 0..<n {
            let x1 = Double.random(in: -2...2, using: &generator)
            let x2 = Double.random(in: -2...2, using: &generator)
            let p = 1 / (1 + exp(-(-1 + 2 * x1 - 0.5 * x2)))
            values += [x1, x2]
            labels.append(Double.random(in: 0..<1, using: &generator) < p)
        }
        return (FeatureMatrix(values: values, dimension: 2), labels)
    }

    @Test func theFitIsAStationaryPointOfThePenalisedLikelihood() {
        let (x, y) = sample(2_000, seed: 3)
        let model = LogisticRegression.fit(x, labels: y, penalty: 5)
        #expect(model.converged)
        // ∂/∂β₀ = Σ (p − y) and ∂/∂βⱼ = Σ (p − y) zⱼ + λ βⱼ must vanish at the optimum.
        var gradient = [0.0, 0.0, 0.0]
        for i in 0..<x.rows {
            let row = x.row(i)
            let residual = model.probability(row) - (y[i] ? 1 : 0)
            gradient[0] += residual
            for j in 0..<2 { gradient[j + 1] += residual * (row[j] - model.means[j]) / model.scales[j] }
        }
        for j in 0..<2 { gradient[j + 1] += 5 * model.coefficients[j] }
        #expect(gradient.allSatisfy { abs($0) < 1e-6 }, "\(gradient)")
    }

    @Test func aLargeSampleRecoversTheGeneratingCoefficients() {
        let (x, y) = sample(20_000, seed: 11)
        let model = LogisticRegression.fit(x, labels: y, penalty: 0.01)
        // Back to raw units: slope_j = β_j / sd_j, intercept = β₀ − Σ β_j mean_j / sd_j.
        let slopes = (0..<2).map { model.coefficients[$0] / model.scales[$0] }
        let intercept = model.intercept - (0..<2).reduce(0) { $0 + slopes[$1] * model.means[$1] }
        #expect(abs(slopes[0] - 2) < 0.12 && abs(slopes[1] + 0.5) < 0.08 && abs(intercept + 1) < 0.08)
    }

    @Test func aStrongerPenaltyShrinksTheCoefficients() {
        let (x, y) = sample(1_000, seed: 5)
        let weak = LogisticRegression.fit(x, labels: y, penalty: 0.1)
        let strong = LogisticRegression.fit(x, labels: y, penalty: 1_000)
        #expect(abs(strong.coefficients[0]) < abs(weak.coefficients[0]) / 2)
        #expect(LogisticRegression.fit(x, labels: y, penalty: 0.1) == weak)
    }

    @Test func separableDataStaysFiniteWithAPenalty() {
        let x = FeatureMatrix(values: [0, 1, 2, 3, 10, 11, 12, 13], dimension: 1)
        let y = [false, false, false, false, true, true, true, true]
        let model = LogisticRegression.fit(x, labels: y, penalty: 1)
        #expect(model.converged && model.coefficients[0].isFinite)
        #expect(model.probability([0]) < 0.2 && model.probability([13]) > 0.8)
    }
}
