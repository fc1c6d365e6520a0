import Foundation
import Node
import Report
import Testing

/// The page is well-formed XHTML, self-contained, and prints in its tables exactly the figures of the JSON.
extension FixtureReportTests {
    static let sections = ["pyramid", "rfm", "lifecycle", "watchlist", "cohorts", "clv", "sync"]

    /// Nothing runs and nothing is fetched: no script or embedding element, no event handler, no reference
    /// to anything outside the file.
    static func expectSelfContained(_ page: String, _ xml: ParsedXML) {
        for element in ["script", "iframe", "img", "link", "object", "embed", "image", "use", "foreignObject"] {
            #expect(!xml.elements.contains(element), "<\(element)>")
        }
        for attribute in xml.attributes {
            #expect(!["href", "src", "xlink:href", "srcset", "action"].contains(attribute.name), "\(attribute)")
            #expect(!attribute.name.lowercased().hasPrefix("on"), "\(attribute)")
        }
        for reference in ["http:", "https:", "url(", "@import", "<script", "javascript:"] {
            #expect(!page.lowercased().contains(reference), "\(reference)")
        }
    }

    @Test func thePageOfTheFixturesParsesAndHoldsEverySection() throws {
        let fixture = try ReportFixture.shared.get()
        let page = ReportPage.render(fixture.data)
        let xml = try ParsedXML(page)
        Self.expectSelfContained(page, xml)
        let ids = xml.attributes.filter { $0.element == "section" && $0.name == "id" }.map(\.value)
        #expect(ids == Self.sections)
        #expect(xml.elements.contains("header"))
        #expect(xml.elements.filter { $0 == "svg" }.count == 6 + 4)  // five regions and all; no peer, no sync chart
        #expect(page.contains("size: A4"))
        #expect(page.contains("Noto Sans CJK SC"))
        #expect(xml.text.contains("generated at2026-11-01T00:00:00Z"))
    }

    @Test func theSamePageForTheSameDataAndClock() throws {
        let fixture = try ReportFixture.shared.get()
        let page = ReportPage.render(fixture.data)
        #expect(ReportPage.render(fixture.data) == page)
        let rebuilt = try ReportBuilder(asOf: ReportFixture.asOf, generatedAt: ReportFixture.generatedAt)
            .build(fixture.directory)
        #expect(ReportPage.render(rebuilt) == page)
        #expect(try ReportJSON.encode(rebuilt) == ReportJSON.encode(fixture.data))
    }

    /// Each table cell recomputed from the JSON text (not from the Swift values the page was rendered from).
    @Test func everyTableFigureIsTheJSONsFigure() throws {
        let fixture = try ReportFixture.shared.get()
        let xml = try ParsedXML(ReportPage.render(fixture.data))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(try ReportJSON.encode(fixture.data).utf8)) as? [String: Any])
        func object(_ value: Any?) throws -> [String: Any] { try #require(value as? [String: Any]) }
        func objects(_ value: Any?) throws -> [[String: Any]] { try #require(value as? [[String: Any]]) }
        func number(_ value: Any?) throws -> Double { try #require((value as? NSNumber)?.doubleValue) }
        func int(_ value: Any?) throws -> Int { try #require((value as? NSNumber)?.intValue) }

        var pyramid: [[String]] = []
        for region in try objects(try object(json["pyramid"])["regions"]) {
            for level in try objects(region["levels"]) {
                pyramid.append([
                    try #require(region["region"] as? String), try #require(level["tier"] as? String),
                    ReportFormat.count(try int(level["customers"])),
                    ReportFormat.percent(try number(level["customer_share"])),
                    ReportFormat.amount(try number(level["spend_365"])),
                    ReportFormat.percent(try number(level["spend_share"])),
                ])
            }
        }
        #expect(xml.tables["pyramid"] == pyramid)
        #expect(pyramid.count == 18)

        let lifecycle = try object(json["lifecycle"])
        let total = Double(try int(lifecycle["customers"]))
        let stages = try objects(lifecycle["stages"]).map { stage in
            [
                try #require(stage["stage"] as? String), ReportFormat.count(try int(stage["customers"])),
                ReportFormat.percent(Double(try int(stage["customers"])) / total),
                ReportFormat.amount(try number(stage["spend_365"])),
            ]
        }
        #expect(xml.tables["lifecycle"] == stages)

        let rfm = try object(json["rfm"])
        let segments = try objects(rfm["segments"])
        #expect(
            xml.tables["rfm-segments"]?.map { $0[1] }
                == (try segments.map { ReportFormat.count(try int($0["customers"])) }))
        #expect(
            xml.tables["rfm-segments"]?.map { $0[5] }
                == (try segments.map { ReportFormat.amount(try number($0["mean_monetary"])) }))
        let grid = try #require(xml.tables["rfm-grid"])
        for cell in try objects(rfm["cells"]) {
            let r = try int(cell["recency"])
            let f = try int(cell["frequency"])
            let count = try int(cell["customers"])
            let text =
                count == 0
                ? "0" : ReportFormat.count(count) + " · " + ReportFormat.amount(try number(cell["mean_spend"]))
            #expect(grid[5 - r][f] == text, "R\(r) F\(f)")
        }

        let watch = try objects(try object(json["watchlist"])["customers"])
        #expect(xml.tables["watchlist"]?.map { $0[0] } == watch.map { $0["id"] as? String ?? "" })
        #expect(xml.tables["watchlist"]?.map { $0[3] } == watch.map { $0["phone"] as? String ?? "" })
        #expect(
            xml.tables["watchlist"]?.map { $0[4] }
                == (try watch.map { ReportFormat.percent(try number($0["probability"])) }))

        let cohorts = try objects(try object(json["cohorts"])["cohorts"])
        #expect(xml.tables["cohorts"]?.map { $0[1] } == (try cohorts.map { ReportFormat.count(try int($0["size"])) }))
        for (row, cohort) in zip(xml.tables["cohorts"] ?? [], cohorts) {
            let size = Double(try int(cohort["size"]))
            let retained = try #require(cohort["retained"] as? [NSNumber])
            #expect(
                Array(row.dropFirst(2).prefix(retained.count))
                    == retained.map {
                        size > 0 ? ReportFormat.decimal($0.doubleValue / size * 100, places: 0) : ""
                    })
        }

        let bands = try objects(try object(json["clv"])["bands"]).reversed()
        #expect(xml.tables["clv"]?.map { $0[4] } == (try bands.map { ReportFormat.amount(try number($0["total"])) }))
        #expect(xml.tables["clv"]?.map { $0[5] } == (try bands.map { ReportFormat.percent(try number($0["share"])) }))
    }
}
