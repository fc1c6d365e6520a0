import Analytics
import Testing

@Suite struct RFMAnalysisTests {
    private func customer(_ id: String, recency: Double, frequency: Double, monetary: Double) -> CustomerFeatureRow {
        CustomerFeatureRow(id: id, hasOrders: true, recencyDays: recency, frequency: frequency, monetary: monetary)
    }

    // Expected scores below are worked by hand with rfm 0.3.0's rule (docs/analytics.md, "RFM"): cuts = type-7
    // quantiles at 0.2, 0.4, 0.6000000000000001, 0.8 plus 1; bins [min, cut1), [cut1, cut2), ..., [cut4, max + 1).

    @Test func fiveDistinctCustomersAreBinnedAtTheQuantilesPlusOne() {
        // Recency 1...5: quantiles 1.8, 2.6, 3.4, 4.2 → cuts 2.8, 3.6, 4.4, 5.2, so 1 and 2 share the first bin
        // (R 5) and nobody reaches the last (R 1): the "+ 1" shifts small integers up a bin.
        // Frequency 2...10: cuts 4.6, 6.2, 7.8, 9.4 → 1, 1, 2, 4, 5. Spend 5000...1000: cuts 1801, 2601, 3401, 4201.
        let rows: [CustomerFeatureRow] = (1...5).map { (k: Int) -> CustomerFeatureRow in
            let d = Double(k)
            return customer("c\(k)", recency: d, frequency: 2 * d, monetary: 1_000 * (6 - d))
        }
        let result = RFMAnalysis.run(CustomerFeatures(rows: rows))
        #expect(result.scores.map(\.recency) == [5, 5, 4, 3, 2])
        #expect(result.scores.map(\.frequency) == [1, 1, 2, 4, 5])
        #expect(result.scores.map(\.monetary) == [5, 4, 3, 2, 1])
        #expect(result.scores[0].score == 515)
        #expect(result.scores[3].recencyDays == 4 && result.scores[3].frequencyCount == 8)
        #expect(result.scores[3].spend == 2_000)
    }

    @Test func equalValuesShareAScoreWhateverTheirOrder() {
        // n = 4, frequency [2, 1, 3, 1], sorted 1, 1, 2, 3: quantiles 1, 1.2, 1.8, 2.4 → cuts 2, 2.2, 2.8, 3.4;
        // 1 → [1, 2) bin 1, 2 → [2, 2.2) bin 2, 3 → [2.8, 3.4) bin 4.
        let frequencies: [Double] = [2, 1, 3, 1]
        let rows = frequencies.indices.map { customer("c\($0)", recency: 10, frequency: frequencies[$0], monetary: 5) }
        let result = RFMAnalysis.run(CustomerFeatures(rows: rows))
        #expect(result.scores.map(\.frequency) == [2, 1, 4, 1])
        // Everyone ties on recency and monetary: every cut is the value + 1, so everyone is in the first bin, which
        // is R 5 (recency is reversed) and M 1.
        #expect(result.scores.allSatisfy { $0.recency == 5 && $0.monetary == 1 })
        let reversed = RFMAnalysis.run(CustomerFeatures(rows: rows.reversed()))
        #expect(reversed.scores.map(\.frequency) == [1, 4, 1, 2])
    }

    @Test func aValueOnACutGoesToTheUpperBin() {
        // 1...11: quantiles 3, 5, 7, 9 → cuts 4, 6, 8, 10; bins are [lower, upper), so 4, 6, 8 and 10 open bins
        // 2...5. (A closed upper end, or minimum-rank bins, would put them one lower.)
        let values = (1...11).map(Double.init)
        #expect(RFMAnalysis.scores(values, bins: 5, reversed: false) == [1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
        #expect(RFMAnalysis.scores(values, bins: 5, reversed: true) == [5, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1])
        // Other bin counts follow seq(0, 1, length.out = bins + 1): 4 bins cut at 3.5 + 1, 6 + 1, 8.5 + 1.
        #expect(RFMAnalysis.scores(values, bins: 4, reversed: false) == [1, 1, 1, 1, 2, 2, 3, 3, 3, 4, 4])
    }

    @Test func aSingleCustomerIsInTheFirstBinOfEachValue() {
        // One value: every cut is value + 1, so it is in [value, value + 1): R 5 (reversed), F 1, M 1.
        let result = RFMAnalysis.run(CustomerFeatures(rows: [customer("only", recency: 3, frequency: 9, monetary: 9)]))
        #expect(result.scores.count == 1)
        #expect(result.scores[0].score == 511)
        #expect(result.scores[0].segment == "New Customers")
    }

    @Test func customersWithoutOrdersInTheWindowAreReportedApart() {
        let rows = [
            customer("buyer", recency: 3, frequency: 2, monetary: 100),
            CustomerFeatureRow(id: "never"),
            CustomerFeatureRow(id: "lapsed", hasOrders: true, recencyDays: 500, frequency: 0, monetary: 0),
        ]
        let result = RFMAnalysis.run(CustomerFeatures(rows: rows))
        #expect(result.scores.map(\.id) == ["buyer"])
        #expect(result.withoutOrders == ["never", "lapsed"])
    }

    @Test func segmentsFollowTheRfm030TableFirstMatchWins() {
        let table = RFMSegmentTable.rfm030
        #expect(table.segment(recency: 5, frequency: 5, monetary: 5) == "Champions")
        // 4-4-4 also fits Loyal Customers, but Potential Loyalist comes first.
        #expect(table.segment(recency: 4, frequency: 4, monetary: 4) == "Potential Loyalist")
        #expect(table.segment(recency: 2, frequency: 2, monetary: 2) == "Loyal Customers")
        #expect(table.segment(recency: 4, frequency: 1, monetary: 5) == "Promising")
        #expect(table.segment(recency: 5, frequency: 1, monetary: 1) == "New Customers")
        #expect(table.segment(recency: 1, frequency: 3, monetary: 4) == "Can't Lose Them")
        #expect(table.segment(recency: 1, frequency: 2, monetary: 4) == "At Risk")
        #expect(table.segment(recency: 3, frequency: 1, monetary: 1) == "About To Sleep")
        #expect(table.segment(recency: 1, frequency: 5, monetary: 1) == "Lost")
        #expect(table.segment(recency: 2, frequency: 5, monetary: 1) == "Others")
    }

    @Test func segmentCountsListEverySegmentInTableOrder() {
        let rows: [CustomerFeatureRow] = (1...5).map { (k: Int) -> CustomerFeatureRow in
            let d = Double(k)
            return customer("c\(k)", recency: d, frequency: 6 - d, monetary: 6 - d)
        }
        // R 5, 5, 4, 3, 2; F and M 4, 3, 2, 1, 1 → 544 and 533 Potential Loyalist, 422 Loyal Customers,
        // 311 and 211 About To Sleep.
        let result = RFMAnalysis.run(CustomerFeatures(rows: rows))
        let counts = result.segmentCounts()
        #expect(counts.count == 11)
        #expect(counts[0].segment == "Champions" && counts[0].customers == 0)
        #expect(counts[1].segment == "Potential Loyalist" && counts[1].customers == 2)
        #expect(counts[2].segment == "Loyal Customers" && counts[2].customers == 1)
        #expect(counts.first { $0.segment == "About To Sleep" }?.customers == 2)
        #expect(counts.reduce(0) { $0 + $1.customers } == 5)
        // Ranked by score, then spend: 544 (c1) before 533 (c2) ... 211 (c5).
        #expect(result.ranked().map(\.id) == ["c1", "c2", "c3", "c4", "c5"])
        #expect(result.ranked(limit: 2).map(\.score) == [544, 533])
    }
}
