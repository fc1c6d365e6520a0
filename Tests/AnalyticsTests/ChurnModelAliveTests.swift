import Analytics
import Testing

/// BG/NBD P(alive) as an input of the learned churn warning: used where a snapshot's fit has it, constant 1 (so
/// without weight) where it has none.
@Suite struct ChurnModelAliveTests {
    /// `n` customers alike in every feature but P(alive) (i / n); those below `cut` stopped.
    private func snapshot(_ n: Int, cut: Double, alive: Bool = true) -> ChurnModel.Snapshot {
        let rows = (0..<n).map { i in
            CustomerFeatureRow(
                id: "c\(i)", hasOrders: true, recencyDays: 40, frequency: 5, tenureDays: 400, meanGapDays: 30)
        }
        let p = (0..<n).map { Double($0) / Double(n) }
        return ChurnModel.Snapshot(
            features: CustomerFeatures(rows: rows), population: Array(0..<n), stopped: p.map { $0 < cut },
            probabilityAlive: alive ? p : nil)
    }

    @Test func customersAlikeButForPAliveAreToldApartByIt() throws {
        let model = try #require(ChurnModel.fit([snapshot(200, cut: 0.3), snapshot(200, cut: 0.3, alive: false)]))
        let now = snapshot(10, cut: 0).features
        #expect(model.probability(now, 0, probabilityAlive: 0.05) > model.probability(now, 0, probabilityAlive: 0.9))
        #expect(model.probability(now, 0, probabilityAlive: 0.05) > 0.5)
        #expect(model.drivers(now, 0, probabilityAlive: 0.05).contains("p_alive"))
        let index = try #require(ChurnModel.inputNames.firstIndex(of: "p_alive"))
        #expect(ChurnModel.inputs(now, 0, probabilityAlive: 0.25)[index] == 0.25)
        #expect(ChurnModel.inputs(now, 0)[index] == 1)
    }

    @Test func withoutPAliveAnywhereTheInputHasNoWeight() throws {
        let index = try #require(ChurnModel.inputNames.firstIndex(of: "p_alive"))
        // Labels by position, P(alive) unknown in every snapshot: the constant input gets coefficient 0 exactly.
        var past = snapshot(200, cut: 0.3, alive: false)
        past.stopped = (0..<200).map { $0 % 3 == 0 }
        let model = try #require(ChurnModel.fit([past]))
        #expect(model.regression.coefficients[index] == 0)
    }
}
