import Foundation
import Report
import Testing

/// The page of hand-made data: escaping of hostile text, the campaigns section when there are campaigns.
@Suite struct ReportPageTests {
    @Test func hostileTextPrintsAsWrittenAndNeverAsMarkup() throws {
        let page = ReportPage.render(ReportSamples.data())
        let xml = try ParsedXML(page)
        FixtureReportTests.expectSelfContained(page, xml)
        #expect(xml.tables["watchlist"]?.first?[1] == ReportSamples.hostile)
        #expect(xml.tables["watchlist"]?.first?[0] == "c<1>")
        #expect(xml.tables["sync"]?.first?.last == ReportSamples.hostile)
        #expect(xml.text.contains("Outpost report: " + ReportSamples.hostile))
        #expect(page.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39; 杨家超市"))
    }

    @Test func campaignsShowWhenLaunchedAndNotOtherwise() throws {
        let with = try ParsedXML(ReportPage.render(ReportSamples.data()))
        let ids = with.attributes.filter { $0.element == "section" && $0.name == "id" }.map(\.value)
        #expect(ids == ["pyramid", "rfm", "lifecycle", "watchlist", "cohorts", "clv", "campaigns", "sync"])
        #expect(with.tables["campaign-spring"]?.map { $0[6] } == ["[+1.0 pp, +7.0 pp]", "[-1.0 pp, +9.0 pp]"])
        #expect(with.tables["campaign-spring"]?.map { $0[8] } == ["works", "inconclusive"])
        let without = try ParsedXML(ReportPage.render(ReportSamples.data(campaigns: false)))
        #expect(!without.attributes.contains { $0.element == "section" && $0.value == "campaigns" })
    }
}
