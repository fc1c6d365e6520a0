import Analytics
import Testing

@Suite struct RankedFlaggingTests {
    @Test func precisionRecallAndLiftAtTheTopK() {
        // 10 customers, 4 stopped; the top 3 scores hold 2 of them.
        let scores: [Double] = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]
        let stopped = [true, false, true, false, false, true, false, false, true, false]
        let r = RankedFlagging(name: "s", scores: scores, stopped: stopped, count: 3)
        #expect(r.flagged == 3 && r.truePositives == 2 && r.stopped == 4 && r.population == 10)
        #expect(r.precision == 2.0 / 3 && r.recall == 0.5)
        #expect(abs(r.lift! - (2.0 / 3) / 0.4) < 1e-12)
    }

    @Test func tiesAtTheCutAreSharedNotBrokenByPosition() {
        // Flag 2: one clear top, then three tied of which one stopped → 1 + 1 × 1/3 expected hits.
        let scores: [Double] = [5, 1, 1, 1, 0]
        let stopped = [true, true, false, false, true]
        let r = RankedFlagging(name: "s", scores: scores, stopped: stopped, count: 2)
        #expect(abs(r.truePositives - (1 + 1.0 / 3)) < 1e-12)
        // The same data listed in another order gives the same result.
        let shuffled = RankedFlagging(
            name: "s", scores: [1, 0, 1, 5, 1], stopped: [false, true, false, true, true], count: 2)
        #expect(abs(shuffled.truePositives - r.truePositives) < 1e-12)
    }

    @Test func nobodyFlaggedHasNoPrecision() {
        let r = RankedFlagging(name: "s", scores: [1, 2], stopped: [true, false], count: 0)
        #expect(r.precision == nil && r.lift == nil && r.recall == 0)
    }

    @Test func calibrationBinsCountMeanAndObservedShare() {
        let bins = CalibrationBin.table(
            probabilities: [0.05, 0.15, 0.12, 0.95, 1.0], outcomes: [false, true, false, true, true])
        #expect(bins.count == 10 && bins[0].customers == 1 && bins[1].customers == 2 && bins[9].customers == 2)
        #expect(bins[1].observed == 0.5 && abs(bins[1].meanPredicted! - 0.135) < 1e-12)
        #expect(bins[5].meanPredicted == nil)
        let brier = CalibrationBin.brierScore(probabilities: [0.5, 1], outcomes: [true, true])
        #expect(brier == 0.125)
    }
}
