import CRM
import Foundation
import Node
import Report
import Testing

/// A node with no customers yet still gets a whole page: every section, each saying it has nothing to show.
@Suite struct EmptyNodeReportTests {
    @Test func anEmptyOfficeGetsEverySectionWithNotes() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("outpost-report-empty-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = NodeDirectory(path: root.path)
        _ = try NodeSetup.initialize(directory, name: "east", role: .office, region: "east", listen: nil)
        let data = try ReportBuilder(asOf: CalendarDay("2026-10-31")!, generatedAt: Date(timeIntervalSince1970: 0))
            .build(directory)
        #expect(data.header.customers == 0)
        #expect(data.rfm.scored == 0)
        #expect(data.watchlist.customers.isEmpty)
        #expect(data.clv.note != nil)
        #expect(data.cohorts.cohorts.allSatisfy { $0.size == 0 })
        let page = ReportPage.render(data)
        let xml = try ParsedXML(page)
        let ids = xml.attributes.filter { $0.element == "section" && $0.name == "id" }.map(\.value)
        #expect(ids == FixtureReportTests.sections)
        #expect(xml.text.contains("No first purchase in the months shown."))
        #expect(xml.text.contains("Nobody is flagged."))
        #expect(xml.text.contains("generated at1970-01-01T00:00:00Z"))
    }
}
