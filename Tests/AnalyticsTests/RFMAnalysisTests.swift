import Analytics
import Testing

@Suite struct RFMAnalysisTests {
    private func customer(_ id: String, recency: Double, frequency: Double, monetary: Double) -> CustomerFeatureRow {
        CustomerFeatureRow(id: id, hasOrders: true, recencyDays: recency, frequency: frequency, monetary: monetary)
    }

    @Test func fiveDistinctCustomersGetOneScoreEach() {
        // Recency 1 day is the best, so it gets 5; frequency and monetary rank upwards.
        let rows: [CustomerFeatureRow] = (1...5).map { (k: Int) -> CustomerFeatureRow in
            let d = Double(k)
            return customer("c\(k)", recency: d, frequency: 2 * d, monetary: 1_000 * (6 - d))
        }
        let result = RFMAnalysis.run(CustomerFeatures(rows: rows))
        #expect(result.scores.map(\.recency) == [5, 4, 3, 2, 1])
        #expect(result.scores.map(\.frequency) == [1, 2, 3, 4, 5])
        #expect(result.scores.map(\.monetary) == [5, 4, 3, 2, 1])
        #expect(result.scores[0].score == 515)
    }

    @Test func equalValuesShareTheLowerScoreWhateverTheirOrder() {
        // n = 4, frequency [2, 1, 3, 1]: strictly-below counts [2, 0, 3, 0] → 1 + 5·below/4 = [3, 1, 4, 1].
        let frequencies: [Double] = [2, 1, 3, 1]
        let rows = frequencies.indices.map { customer("c\($0)", recency: 10, frequency: frequencies[$0], monetary: 5) }
        let result = RFMAnalysis.run(CustomerFeatures(rows: rows))
        #expect(result.scores.map(\.frequency) == [3, 1, 4, 1])
        // Everyone ties on recency and monetary, so everyone shares the first bin.
        #expect(result.scores.allSatisfy { $0.recency == 1 && $0.monetary == 1 })
        let reversed = RFMAnalysis.run(CustomerFeatures(rows: rows.reversed()))
        #expect(reversed.scores.map(\.frequency) == [1, 4, 1, 3])
    }

    @Test func aSingleCustomerScoresOneOneOneAndIsLost() {
        let result = RFMAnalysis.run(CustomerFeatures(rows: [customer("only", recency: 3, frequency: 9, monetary: 9)]))
        #expect(result.scores.count == 1)
        #expect(result.scores[0].score == 111)
        #expect(result.scores[0].segment == "Lost")
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
        let counts = RFMAnalysis.run(CustomerFeatures(rows: rows)).segmentCounts()
        #expect(counts.count == 11)
        #expect(counts[0].segment == "Champions" && counts[0].customers == 1)
        #expect(counts.reduce(0) { $0 + $1.customers } == 5)
    }
}
