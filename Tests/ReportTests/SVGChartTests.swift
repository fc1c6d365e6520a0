import Foundation
import Report
import Testing

/// The chart functions on fixed data: each SVG parses as XML, its geometry follows the figures, and its bytes
/// equal the committed snapshot (Tests/ReportTests/Snapshots; `OUTPOST_RECORD_SNAPSHOTS=1` rewrites them after a
/// deliberate change, to be reviewed in the diff).
@Suite struct SVGChartTests {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Snapshots")

    func expectSnapshot(_ svg: String, _ name: String) throws {
        let file = Self.snapshots.appendingPathComponent(name + ".svg")
        if ProcessInfo.processInfo.environment["OUTPOST_RECORD_SNAPSHOTS"] == "1" {
            try (svg + "\n").write(to: file, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(svg + "\n" == expected, "\(name) differs from its snapshot")
    }

    /// The numeric attribute `name` of every `element`, in order.
    func values(_ xml: ParsedXML, _ element: String, _ name: String) -> [Double] {
        xml.attributes.filter { $0.element == element && $0.name == name }.compactMap { Double($0.value) }
    }

    @Test func barsAreProportionalAndLabelled() throws {
        let svg = SVGChart.bars(
            [
                SVGChart.Bar(label: "new", value: 50, text: "50"),
                SVGChart.Bar(label: "active", value: 200, text: "200"),
                SVGChart.Bar(label: "lost <&>", value: 0, text: "0"),
            ], title: "Stages")
        let xml = try ParsedXML(svg)
        let widths = values(xml, "rect", "width")
        #expect(widths.count == 3)
        #expect(widths[1] == 220)  // the longest: 420 wide less the label and text columns
        #expect(abs(widths[0] - widths[1] / 4) < 0.1)
        #expect(widths[2] == 0)
        #expect(xml.text.contains("lost <&>"))
        try expectSnapshot(svg, "bars")
    }

    @Test func butterflyDrawsBothSharesFromTheCentre() throws {
        let svg = SVGChart.butterfly(
            [
                SVGChart.Wing(label: "value", left: 0.1, right: 0.5),
                SVGChart.Wing(label: "basic", left: 0.9, right: 0.2),
            ], title: "Pyramid", leftTitle: "customers", rightTitle: "spend", width: 330)
        let xml = try ParsedXML(svg)
        let widths = values(xml, "rect", "width")
        #expect(widths.count == 4)
        #expect(abs(widths[2] / widths[0] - 9) < 0.05)
        #expect(abs(widths[1] / widths[3] - 2.5) < 0.05)
        #expect(xml.text.contains("90.0%") && xml.text.contains("50.0%"))
        try expectSnapshot(svg, "butterfly")
    }

    @Test func heatmapShadesFromTheSmallestToTheLargestValue() throws {
        let svg = SVGChart.heatmap(
            values: [[1, 2], [nil, 3]], labels: [[["1"], ["2"]], [[], ["3"]]], rowLabels: ["R 2", "R 1"],
            columnLabels: ["F 1", "F 2"], title: "Grid", rowTitle: "recency", columnTitle: "frequency")
        let xml = try ParsedXML(svg)
        let fills = xml.attributes.filter { $0.element == "rect" && $0.name == "fill" }.map(\.value)
        #expect(fills == ["#eef3fa", "#7d98ba", "#f7f7f7", "#0b3c7a"])
        // White text only on the darkest cell.
        #expect(xml.attributes.filter { $0.name == "class" && $0.value == "on-dark" }.count == 1)
        try expectSnapshot(svg, "heatmap")
    }

    @Test func triangleGreysImmatureCellsAndLeavesTheFutureBlank() throws {
        let svg = SVGChart.triangle(
            shares: [[1, 0.5, 0.25], [1, 0.4, nil], [1, nil, nil]],
            immature: [[false, false, true], [false, true, true], [true, false, false]],  // nil stays blank
            rowLabels: ["2026-08", "2026-09", "2026-10"], columnLabels: ["0", "1", "2"], title: "Triangle")
        let xml = try ParsedXML(svg)
        let fills = xml.attributes.filter { $0.element == "rect" && $0.name == "fill" }.map(\.value)
        #expect(fills.filter { $0 == "#e4e4e4" }.count == 3)
        #expect(fills.filter { $0 == "#f7f7f7" }.count == 3)
        #expect(xml.text.contains("25") && xml.text.contains("40"))
        try expectSnapshot(svg, "triangle")
    }

    @Test func whiskersSpanTheIntervalAndColourByZero() throws {
        let svg = SVGChart.whiskers(
            [
                SVGChart.Estimate(label: "east", value: 0.04, lower: 0.01, upper: 0.07),
                SVGChart.Estimate(label: "west", value: -0.02, lower: -0.05, upper: 0.01),
                SVGChart.Estimate(label: "north", value: nil, lower: nil, upper: nil),
            ], title: "Lift")
        let xml = try ParsedXML(svg)
        let dots = values(xml, "circle", "cx")
        #expect(dots.count == 2)
        let zero = try #require(values(xml, "line", "x1").first)
        #expect(dots[0] > zero && dots[1] < zero)
        let colours = xml.attributes.filter { $0.element == "circle" && $0.name == "fill" }.map(\.value)
        #expect(colours == ["#2e7d32", "#555555"])
        #expect(xml.text.contains("no data"))
        try expectSnapshot(svg, "whiskers")
    }

    @Test func escapingAndFiguresAreFixed() {
        #expect(HTML.escape(#"<a href="x">&'"#) == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
        #expect(HTML.escape("a\u{1}b\tc") == "ab\tc")
        #expect(ReportFormat.count(1_234_567) == "1,234,567")
        #expect(ReportFormat.count(-1000) == "-1,000")
        #expect(ReportFormat.decimal(2.345, places: 2) == "2.35")
        #expect(ReportFormat.decimal(-0.04, places: 1) == "0.0")
        #expect(ReportFormat.decimal(1234.5, places: 1) == "1,234.5")
        #expect(ReportFormat.percent(0.1234) == "12.3%")
        #expect(ReportFormat.points(-0.012) == "-1.2 pp")
        #expect(ReportFormat.pValue(0.00001) == "<0.0001")
    }
}
