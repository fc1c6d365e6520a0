import Analytics
import Foundation
import Testing

@testable import CRM

/// The learned churn warning of a run as of D reads nothing after D: a replica holding the committed fixtures and
/// one holding only the orders up to D give the same model and the same probabilities.
@Suite struct LearnedChurnTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/small")
    static let day = CalendarDay("2026-07-31")!

    /// A replica with the committed customers and products and the orders of a fifth of them (ids ending in 0 or
    /// 1: a lighter test, the property holds on any data), cut to those before `ordersBefore` when given.
    private func node(ordersBefore: String? = nil) throws -> ImportFixture {
        let fixture = try ImportFixture()
        for kind in [ImportKind.products, .customers] {
            _ = try CSVImporter(kind: kind).run(
                file: Self.fixtures.appendingPathComponent("\(kind.rawValue).csv").path, into: fixture.replica)
        }
        let path = Self.fixtures.appendingPathComponent("orders.csv").path
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let header = try #require(lines.first?.split(separator: ","))
        let (customer, time) = try (
            #require(header.firstIndex(of: "customer_id")), #require(header.firstIndex(of: "ordered_at"))
        )
        let kept = lines.dropFirst().filter {
            let fields = $0.split(separator: ",")
            return "01".contains(fields[customer].last!) && fields[time] < ordersBefore ?? "9"
        }
        #expect(kept.count > 5_000)
        let orders = try fixture.file("orders.csv", ([lines[0]] + kept).joined(separator: "\n") + "\n")
        _ = try CSVImporter(kind: .orders).run(file: orders, into: fixture.replica)
        return fixture
    }

    @Test func trainingReadsNoOrderAfterTheRunsDay() throws {
        let whole = try node()
        // Cut where the back-test's period starts: the first day the run as of D must not see.
        let cut = try node(ordersBefore: AnalyticsRun.outcomePeriod(after: Self.day, days: 1).from.startTimestamp)
        let runs = try [whole, cut].map { try AnalyticsRun.extract(from: $0.replica, asOf: Self.day) }
        let learned = try zip(runs, [whole, cut]).map { try $0.learnedChurn(replica: $1.replica, horizonDays: 90) }
        #expect(learned[0].trainingDays.map(\.description) == ["2026-05-02", "2026-02-01", "2025-11-03", "2025-08-05"])
        let model = try #require(learned[0].model)
        #expect(model.regression.converged && model.trainingExamples > 1_000)
        #expect(learned[1].model?.regression == model.regression)
        #expect(learned[1].probabilities == learned[0].probabilities)
        // The back-test does read after D: only the whole history can say who stopped.
        let comparison = try ChurnComparison(run: runs[0], learned: learned[0], days: 90, replica: whole.replica)
        #expect(comparison.dataCoversPeriod && comparison.stopped > 0 && comparison.stopped < comparison.population)
        let blind = try ChurnComparison(run: runs[1], learned: learned[1], days: 90, replica: cut.replica)
        #expect(!blind.dataCoversPeriod && blind.stopped == blind.population)
    }

    /// P(alive) is an input fitted at every training snapshot; with `usesProbabilityAlive` off (`--skip-alive`) it
    /// is 1 everywhere and has no weight.
    @Test func pAliveIsAnInputOnlyWhenTheRunUsesIt() throws {
        let whole = try node()
        var run = try AnalyticsRun.extract(from: whole.replica, asOf: Self.day)
        let index = try #require(ChurnModel.inputNames.firstIndex(of: "p_alive"))
        let with = try run.learnedChurn(replica: whole.replica, horizonDays: 90)
        run.usesProbabilityAlive = false
        let without = try run.learnedChurn(replica: whole.replica, horizonDays: 90)
        #expect(with.probabilityAlive != nil && without.probabilityAlive == nil)
        #expect(try #require(with.model).regression.coefficients[index] != 0)
        #expect(try #require(without.model).regression.coefficients[index] == 0)
        #expect(with.probabilities != without.probabilities)
    }
}
