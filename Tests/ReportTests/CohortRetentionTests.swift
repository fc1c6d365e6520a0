import Analytics
import Testing

/// The cohort triangle on hand-made purchase months.
@Suite struct CohortRetentionTests {
    @Test func countsEachCohortsBuyersPerMonthAndMarksThePartialMonth() {
        // Month 100: three first buyers, one back in 101, two in 102; month 101: one first buyer; 102 partial.
        let triangle = CohortRetention(
            purchaseMonths: [[100, 101, 102], [102, 100], [100], [101], []], lastMonth: 102, completeThrough: 101)
        #expect(triangle.cohorts.map(\.month) == [100, 101, 102])
        #expect(triangle.cohorts.map(\.size) == [3, 1, 0])
        #expect(triangle.cohorts[0].retained == [3, 1, 2])
        #expect(triangle.cohorts[1].retained == [1, 0])
        #expect(triangle.cohorts.map(\.matureMonths) == [2, 1, 0])
    }

    @Test func cohortsBeforeTheFirstKeptAreLeftOutWithTheirCustomers() {
        let triangle = CohortRetention(
            purchaseMonths: [[98, 100], [100, 101]], lastMonth: 101, completeThrough: 101, firstCohort: 99)
        #expect(triangle.cohorts.map(\.month) == [99, 100, 101])
        #expect(triangle.cohorts.map(\.size) == [0, 1, 0])
        #expect(triangle.cohorts[1].retained == [1, 1])
        #expect(triangle.cohorts.allSatisfy { $0.matureMonths == $0.retained.count })
    }

    @Test func monthsReadAndPrintAsYearAndMonth() {
        #expect(CohortRetention.month(of: "2026-03-15T10:00:00Z") == 2026 * 12 + 2)
        #expect(CohortRetention.label(2026 * 12 + 2) == "2026-03")
        #expect(CohortRetention.label(2025 * 12 + 11) == "2025-12")
        #expect(CohortRetention.month(of: "2026-13") == nil)
        #expect(CohortRetention.month(of: "2026") == nil)
    }
}
