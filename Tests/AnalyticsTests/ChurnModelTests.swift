import Analytics
import Testing

@Suite struct ChurnModelTests {
    /// A snapshot of `n` customers with recency 0…n−1 days where exactly those with recency in `stopping`
    /// stopped.
    private func snapshot(_ n: Int, stopping: (Double) -> Bool) -> ChurnModel.Snapshot {
        let rows = (0..<n).map { i in
            CustomerFeatureRow(
                id: "c\(i)", hasOrders: true, recencyDays: Double(i), frequency: 5, tenureDays: 400, meanGapDays: 30)
        }
        let features = CustomerFeatures(rows: rows)
        return ChurnModel.Snapshot(
            features: features, population: Array(0..<n), stopped: (0..<n).map { stopping(Double($0)) })
    }

    @Test func theModelLearnsWhoStoppedFromPastSnapshots() throws {
        let past = [snapshot(300) { $0 >= 150 }, snapshot(300) { $0 >= 150 || $0 < 5 }]
        let model = try #require(ChurnModel.fit(past))
        #expect(model.trainingExamples == 600 && model.trainingStopped == 150 + 155)
        #expect(model.regression.coefficients.count == ChurnModel.inputNames.count)
        let now = snapshot(300) { _ in false }.features
        #expect(model.probability(now, 200) > 0.9)
        #expect(model.probability(now, 60) < 0.1)
        // Recency steps let the risk fall and rise again: just-ordered customers sometimes stopped, 60 days never.
        #expect(model.probability(now, 2) > model.probability(now, 60))
        #expect(model.drivers(now, 200).contains { $0.hasPrefix("recency_ge_") || $0.contains("recency") })
    }

    @Test func nothingToLearnGivesNoModel() {
        #expect(ChurnModel.fit([]) == nil)
        #expect(ChurnModel.fit([snapshot(10) { _ in true }]) == nil)
        #expect(ChurnModel.fit([snapshot(10) { _ in false }]) == nil)
    }

    @Test func theSeedRulesAreInputsAndStayTheReasons() {
        let features = CustomerFeatures(rows: [
            CustomerFeatureRow(
                id: "hopper", hasOrders: true, recencyDays: 3, frequency: 9, tenureDays: 400, channelSwitches90: 3)
        ])
        let inputs = ChurnModel.inputs(features, 0)
        #expect(inputs.count == ChurnModel.inputNames.count)
        let switching = ChurnModel.inputNames.firstIndex(of: "rule_channel_switching")!
        #expect(inputs[switching] == 1)
        #expect(ChurnWarning.reasons(features, 0) == [.channelSwitching])
    }
}
