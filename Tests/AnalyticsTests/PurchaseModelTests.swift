import Analytics
import Foundation
import Testing

@Suite struct PurchaseModelTests {
    @Test func logLikelihoodMatchesTheClosedFormByHand() {
        // r = α = a = b = 1. x = 0, T = 1: L = Γ(1)·1/Γ(1) · (1+1)^−1 = 1/2.
        let none = BGNBDModel.logLikelihood(r: 1, alpha: 1, a: 1, b: 1, x: 0, recency: 0, age: 1)
        #expect(abs(none - log(0.5)) < 1e-12)
        // x = 1, t_x = 1, T = 2: B(1,2)/B(1,1) = 1/2; Γ(2)/Γ(1) = 1; bracket 3^−2 + (1/1)·2^−2 = 13/36.
        let one = BGNBDModel.logLikelihood(r: 1, alpha: 1, a: 1, b: 1, x: 1, recency: 1, age: 2)
        #expect(abs(one - log(13.0 / 72.0)) < 1e-12)
    }

    @Test func aggregatedLikelihoodEqualsTheSumOfCustomerTerms() {
        var sim = Simulation(seed: 2)
        var x: [Double] = []
        var tx: [Double] = []
        var age: [Double] = []
        for _ in 0..<300 {
            let t = Double(Int(sim.unit() * 40) + 1)
            let h = sim.bgnbdHistory(r: 0.8, alpha: 3, a: 1.2, b: 3, age: t)
            x.append(h.x)
            tx.append(h.recency.rounded())
            age.append(t)
        }
        let model = BGNBDModel(r: 0.7, alpha: 2.5, a: 0.9, b: 2.2)
        let direct = x.indices.reduce(0.0) {
            $0 + BGNBDModel.logLikelihood(r: 0.7, alpha: 2.5, a: 0.9, b: 2.2, x: x[$1], recency: tx[$1], age: age[$1])
        }
        let aggregated = model.logLikelihood(of: PurchaseHistories(x: x, recency: tx, age: age))
        #expect(abs(aggregated - direct) < 1e-8 * abs(direct))
    }

    @Test func aCustomerWithoutRepeatPurchasesIsCertainlyAlive() {
        let model = BGNBDModel(r: 0.24, alpha: 4.41, a: 0.79, b: 2.43)
        #expect(model.probabilityAlive(x: 0, recency: 0, age: 52) == 1)
        // A frequent buyer silent for a long time is probably gone; one who just bought is likely alive.
        #expect(model.probabilityAlive(x: 10, recency: 5, age: 52) < 0.2)
        #expect(model.probabilityAlive(x: 10, recency: 51, age: 52) > 0.9)
    }

    @Test func expectedPurchasesStartAtThePosteriorRate() {
        // For x = 0 (alive for sure), E[Y(t)] / t → E[λ | x, T] = (r + x) / (α + T) as t → 0.
        let model = BGNBDModel(r: 0.5, alpha: 8, a: 0.8, b: 2.5)
        let t = 1e-4
        let rate = model.expectedPurchases(inNext: t, x: 0, recency: 0, age: 12) / t
        #expect(abs(rate - 0.5 / 20) < 1e-5)
        let longer = model.expectedPurchases(inNext: 30, x: 3, recency: 10, age: 12)
        let shorter = model.expectedPurchases(inNext: 10, x: 3, recency: 10, age: 12)
        #expect(longer > shorter && shorter > 0)
    }

    @Test func hypergeometricSeriesMatchesAKnownClosedForm() {
        // ₂F₁(1, 1; 2; z) = −ln(1 − z) / z.
        for z in [0.1, 0.5, 0.9, 0.99] {
            let value = Hypergeometric.f21(1, 1, 2, z)!
            #expect(abs(value - (-log(1 - z) / z)) < 1e-10)
        }
        #expect(Hypergeometric.f21(1, 1, 2, 1) == nil)
    }

    @Test func bgnbdRecoversSimulatedParameters() {
        let truth = (r: 0.6, alpha: 6.0, a: 0.9, b: 3.0)
        var sim = Simulation(seed: 20_240_601)
        var x: [Double] = []
        var tx: [Double] = []
        var age: [Double] = []
        for _ in 0..<6_000 {
            let t = 20 + sim.unit() * 40
            let h = sim.bgnbdHistory(r: truth.r, alpha: truth.alpha, a: truth.a, b: truth.b, age: t)
            x.append(h.x)
            tx.append(h.recency)
            age.append(t)
        }
        let histories = PurchaseHistories(x: x, recency: tx, age: age)
        let model = BGNBDModel.fit(histories, unit: .weeks)
        let atTruth = BGNBDModel(r: truth.r, alpha: truth.alpha, a: truth.a, b: truth.b).logLikelihood(of: histories)
        // The maximum is at least as high as the likelihood at the true parameters.
        #expect(model.logLikelihood >= atTruth - 1e-6)
        #expect(abs(model.r / truth.r - 1) < 0.15)
        #expect(abs(model.alpha / truth.alpha - 1) < 0.2)
        #expect(abs(model.a / truth.a - 1) < 0.35)
        #expect(abs(model.b / truth.b - 1) < 0.35)
    }

    @Test func gammaGammaRecoversSimulatedParameters() {
        let truth = (p: 6.0, q: 4.0, gamma: 15.0)
        var sim = Simulation(seed: 99)
        var x: [Double] = []
        var spend: [Double] = []
        for _ in 0..<5_000 {
            let n = 1 + Int(sim.unit() * 8)
            let nu = sim.gamma(shape: truth.q, rate: truth.gamma)
            let total = (0..<n).reduce(0.0) { sum, _ in sum + sim.gamma(shape: truth.p, rate: nu) }
            x.append(Double(n))
            spend.append(total / Double(n))
        }
        let model = GammaGammaModel.fit(x: x, meanSpend: spend)
        let direct = x.indices.reduce(0.0) {
            $0
                + GammaGammaModel.logLikelihood(
                    p: model.p, q: model.q, gamma: model.gamma, x: x[$1], meanSpend: spend[$1])
        }
        #expect(abs(direct - model.logLikelihood) < 1e-8 * abs(direct))
        #expect(abs(model.p / truth.p - 1) < 0.15)
        #expect(abs(model.q / truth.q - 1) < 0.2)
        #expect(abs(model.gamma / truth.gamma - 1) < 0.3)
    }

    @Test func expectedSpendShrinksTowardsThePopulationMean() {
        let model = GammaGammaModel(p: 6, q: 4, gamma: 15)
        let population = 6.0 * 15 / 3
        #expect(model.expectedSpend(x: 0, meanSpend: 0) == population)
        // p(γ + x m) / (p x + q − 1) with x = 2, m = 100: 6 · 215 / 15 = 86.
        #expect(abs(model.expectedSpend(x: 2, meanSpend: 100) - 86) < 1e-12)
    }

    @Test func undiscountedValueTelescopesToSpendTimesPurchases() {
        let features = CustomerFeatures(rows: [
            CustomerFeatureRow(id: "a", hasOrders: true, repeatCount: 4, recencyT: 200, ageT: 250, meanRepeatSpend: 80),
            CustomerFeatureRow(id: "never"),
        ])
        let purchases = BGNBDModel(r: 0.5, alpha: 20, a: 0.8, b: 2.5)
        let spend = GammaGammaModel(p: 6, q: 4, gamma: 15)
        let values = CustomerLifetimeValue.estimate(
            features, purchases: purchases, spend: spend, horizon: CLVHorizon(periods: 6, discountRate: 0))
        #expect(values.map(\.id) == ["a"])
        let expected = purchases.expectedPurchases(inNext: 180, x: 4, recency: 200, age: 250)
        #expect(abs(values[0].expectedPurchases - expected) < 1e-9)
        #expect(abs(values[0].value - expected * spend.expectedSpend(x: 4, meanSpend: 80)) < 1e-6)
        let discounted = CustomerLifetimeValue.estimate(
            features, purchases: purchases, spend: spend, horizon: CLVHorizon(periods: 6, discountRate: 0.05))
        #expect(discounted[0].value < values[0].value)
    }
}
