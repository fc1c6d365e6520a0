import CRM
import Foundation
import Node
import Replica
import Report

/// An HQ node holding the committed small fixtures (2,000 customers in five regions), imported once for the
/// report suites, and its report as of 2026-10-31 at a fixed generation time.
final class ReportFixture: Sendable {
    static let shared = Result { try ReportFixture() }
    static let asOf = CalendarDay("2026-10-31")!
    static let generatedAt = Date(timeIntervalSince1970: 1_793_491_200)  // 2026-11-01T00:00:00Z
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/small")

    let directory: NodeDirectory
    let data: ReportData

    init() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("outpost-report-\(UUID())")
        directory = NodeDirectory(path: root.path)
        _ = try NodeSetup.initialize(directory, name: "hq", role: .hq, region: "all", listen: nil)
        let replica = try directory.openReplica()
        for kind in [ImportKind.products, .customers, .orders, .interactions] {
            _ = try CSVImporter(kind: kind).run(
                file: Self.fixtures.appendingPathComponent("\(kind.rawValue).csv").path, into: replica)
        }
        data = try ReportBuilder(asOf: Self.asOf, generatedAt: Self.generatedAt).build(directory)
    }

    deinit { try? FileManager.default.removeItem(at: directory.root) }

    /// The analyses' run the report was built from, for the tests' own comparisons.
    func run() throws -> (AnalyticsRun, Replica) {
        let replica = try directory.openReplicaForReading()
        return (try AnalyticsRun.extract(from: replica, asOf: Self.asOf), replica)
    }
}
