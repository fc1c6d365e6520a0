import Analytics
import Testing

@testable import CRM

/// When the BG/NBD fit is degenerate, the churn warning leaves P(alive) out and says why, instead of silently never
/// flagging `lowProbabilityAlive`.
@Suite struct DegenerateFitChurnTests {
    /// Weekly buyers who never stop: every customer bought on each of the last `weeks` weeks, so the data show no
    /// dropout at all.
    private func loyalBuyers() -> CustomerFeatures {
        var rows: [CustomerFeatureRow] = []
        for k in 0..<400 {
            let weeks = Double(10 + k % 40)
            let spacing = 7.0 + Double(k % 5)
            let span = (weeks - 1) * spacing
            rows.append(
                CustomerFeatureRow(
                    id: "c\(k)", hasOrders: true, recencyDays: Double(1 + k % 3), frequency: weeks,
                    tenureDays: span + Double(1 + k % 3), repeatCount: weeks - 1, recencyT: span,
                    ageT: span + Double(1 + k % 3)))
        }
        return CustomerFeatures(rows: rows)
    }

    @Test func aDegenerateFitLeavesProbabilityAliveOutAndSaysSo() throws {
        let run = AnalyticsRun(asOf: CalendarDay("2026-10-31")!, features: loyalBuyers())
        let model = try #require(run.purchaseModel())
        let warning = try #require(model.fitWarning, "a = \(model.a), b = \(model.b)")
        #expect(warning.dropoutUndetermined)
        let assessment = run.churnAssessment()
        #expect(!assessment.probabilityAliveUsed)
        #expect(assessment.fitWarning == warning)
        #expect(assessment.probabilityAliveNote?.contains("not used") == true)
        #expect(assessment.warnings.allSatisfy { !$0.reasons.contains(.lowProbabilityAlive) })
    }
}
