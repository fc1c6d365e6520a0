import Analytics
import Testing

@Suite struct LifecycleAndChurnTests {
    /// A long-standing customer (tenure 400 days) with the given recency and history.
    private func regular(
        recency: Double, meanGap: Double = 0, returnGap: Double = 0, tenure: Double = 400
    ) -> CustomerFeatures {
        CustomerFeatures(rows: [
            CustomerFeatureRow(
                id: "c", hasOrders: true, recencyDays: recency, tenureDays: tenure, meanGapDays: meanGap,
                returnGapDays: returnGap)
        ])
    }

    private func stage(_ f: CustomerFeatures, flagged: Bool = false) -> LifecycleStage {
        LifecycleStage.classify(f, 0, flagged: flagged)
    }

    @Test func recencyBoundariesSeparateActiveDormantAndLost() {
        #expect(stage(regular(recency: 179)) == .active)
        #expect(stage(regular(recency: 180)) == .dormant)
        #expect(stage(regular(recency: 364)) == .dormant)
        #expect(stage(regular(recency: 365)) == .lost)
        #expect(stage(CustomerFeatures(rows: [CustomerFeatureRow(id: "never")])) == .noOrders)
    }

    @Test func threeUsualGapsMakeAFrequentBuyerDormantSooner() {
        // Mean gap 10 days → dormant from 30 days without an order.
        #expect(stage(regular(recency: 29, meanGap: 10)) == .active)
        #expect(stage(regular(recency: 30, meanGap: 10)) == .dormant)
        // A slow buyer is still capped at 180 days.
        #expect(stage(regular(recency: 180, meanGap: 100)) == .dormant)
    }

    @Test func newMeansFirstOrderFewerThanNinetyDaysAgo() {
        #expect(stage(regular(recency: 5, tenure: 89)) == .new)
        #expect(stage(regular(recency: 5, tenure: 90)) == .active)
        // New wins over a churn warning.
        #expect(stage(regular(recency: 5, tenure: 10), flagged: true) == .new)
        // ... and over dormant: two orders 5 days apart, the last 50 days ago, is not "3 usual gaps" dormant yet.
        #expect(stage(regular(recency: 50, meanGap: 5, tenure: 55)) == .new)
        #expect(stage(regular(recency: 50, meanGap: 5, tenure: 90)) == .dormant)
    }

    @Test func wonBackNeedsADormantGapThatEndedInTheLastNinetyDays() {
        // returnGapDays is the longest gap ending in the last 90 days, so orders after the return don't hide it.
        #expect(stage(regular(recency: 5, meanGap: 30, returnGap: 180)) == .wonBack)
        #expect(stage(regular(recency: 5, meanGap: 30, returnGap: 179)) == .active)
        // Three mean gaps (here 60 days) make a customer dormant while the pause lasts, not won back after it.
        #expect(stage(regular(recency: 5, meanGap: 20, returnGap: 100)) == .active)
        // Still dormant (no order for 3 × 40 days) is not won back.
        #expect(stage(regular(recency: 120, meanGap: 40, returnGap: 0)) == .dormant)
        // Won back wins over a churn warning; a flag alone makes an active customer at risk.
        #expect(stage(regular(recency: 20, meanGap: 100, returnGap: 200), flagged: true) == .wonBack)
        #expect(stage(regular(recency: 20), flagged: true) == .atRisk)
    }

    @Test func classifyingATableUsesTheWarnings() {
        let features = CustomerFeatures(rows: [
            CustomerFeatureRow(id: "calm", hasOrders: true, recencyDays: 3, tenureDays: 400),
            CustomerFeatureRow(id: "hopper", hasOrders: true, recencyDays: 3, tenureDays: 400, channelSwitches90: 3),
        ])
        let stages = LifecycleStage.classify(features, warnings: ChurnWarning.flag(features))
        #expect(stages == [.active, .atRisk])
    }

    @Test func frequencyDropOfExactlyThirtyPercentFlags() {
        let features = CustomerFeatures(
            ids: ["drop30", "drop20", "noHistory"], hasOrders: [true, true, true], orderDays90: [7, 8, 0],
            orderDaysPrev90: [10, 10, 0])
        let warnings = ChurnWarning.flag(features)
        #expect(warnings.map(\.id) == ["drop30"])
        #expect(warnings[0].reasons == [.frequencyDrop])
    }

    @Test func eachReasonIsReportedWithItsThreshold() {
        let f = CustomerFeatures(
            ids: ["switch2", "switch1", "complain", "sameComplaints", "never"],
            hasOrders: [true, true, true, true, false], channelSwitches90: [2, 1, 0, 0, 5],
            complaints90: [0, 0, 1, 2, 3], complaintsPrev90: [0, 0, 0, 2, 0])
        #expect(ChurnWarning.reasons(f, 0) == [.channelSwitching])
        #expect(ChurnWarning.reasons(f, 1).isEmpty)
        #expect(ChurnWarning.reasons(f, 2) == [.risingComplaints])
        #expect(ChurnWarning.reasons(f, 3).isEmpty)
        #expect(ChurnWarning.reasons(f, 4).isEmpty)
        #expect(ChurnWarning.reasons(f, 1, probabilityAlive: 0.49) == [.lowProbabilityAlive])
        #expect(ChurnWarning.reasons(f, 1, probabilityAlive: 0.5).isEmpty)
    }

    @Test func reasonsAccumulateInDeclarationOrder() {
        let f = CustomerFeatures(
            ids: ["all"], hasOrders: [true], channelSwitches90: [4], complaints90: [2], complaintsPrev90: [1],
            orderDays90: [1], orderDaysPrev90: [6])
        let warnings = ChurnWarning.flag(f, probabilityAlive: [0.1])
        #expect(warnings[0].reasons == ChurnReason.allCases)
    }

    @Test func backtestReportsPrecisionAndRecall() {
        let test = ChurnBacktest(flagged: ["a", "b", "c"], stopped: ["b", "c", "d", "e"])
        #expect(test.truePositives == 2)
        #expect(test.precision == 2.0 / 3.0)
        #expect(test.recall == 0.5)
        #expect(ChurnBacktest(flagged: [], stopped: ["x"]).precision == nil)
        #expect(ChurnBacktest(flagged: ["x"], stopped: []).recall == nil)
    }
}
