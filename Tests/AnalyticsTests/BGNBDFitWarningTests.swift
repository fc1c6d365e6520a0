import Analytics
import Testing

/// A BG/NBD fit to customers who never drop out runs a → 0, where P(alive) is 1 for everyone; the fit says so.
@Suite struct BGNBDFitWarningTests {
    /// Customers observed 20-60 weeks; with `a` near 0 (Beta(a, 1) dropout, mean a / (a + 1)) almost nobody leaves.
    static func histories(a: Double, b: Double, seed: UInt64) -> PurchaseHistories {
        var sim = Simulation(seed: seed)
        var x: [Double] = []
        var tx: [Double] = []
        var age: [Double] = []
        for _ in 0..<3_000 {
            let t = 20 + sim.unit() * 40
            let h = sim.bgnbdHistory(r: 0.6, alpha: 6, a: a, b: b, age: t)
            x.append(h.x)
            tx.append(h.recency)
            age.append(t)
        }
        return PurchaseHistories(x: x, recency: tx, age: age)
    }

    @Test func noDropoutDrivesATowardsZeroAndIsFlagged() throws {
        let histories = Self.histories(a: 1e-9, b: 1, seed: 7)
        let model = BGNBDModel.fit(histories, unit: .weeks)
        #expect(model.a < 1e-3, "a = \(model.a)")
        let warning = try #require(model.fitWarning)
        #expect(warning.parameters.contains("a"))
        #expect(warning.dropoutUndetermined)
        #expect(warning.message.contains("P(alive) carries no information"))
        // What the warning is about: P(alive) no longer tells anyone apart.
        let alive = (0..<histories.count).map {
            model.probabilityAlive(x: histories.x[$0], recency: histories.recency[$0], age: histories.age[$0])
        }
        #expect(alive.min()! > 0.99)
    }

    @Test func aHealthyFitCarriesNoWarning() {
        let model = BGNBDModel.fit(Self.histories(a: 0.9, b: 3, seed: 20_240_601), unit: .weeks)
        #expect(model.fitWarning == nil, "\(String(describing: model.fitWarning))")
        #expect(model.a > 0.3 && model.a < 3)
    }

    @Test func aModelBuiltByHandHasNoWarning() {
        #expect(BGNBDModel(r: 1, alpha: 1, a: 1e-12, b: 1).fitWarning == nil)
    }
}
