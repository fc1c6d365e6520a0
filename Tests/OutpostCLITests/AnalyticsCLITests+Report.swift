import Foundation
import Testing

/// `outpost report` end to end: the page written where asked (and not over a file without --force), the JSON
/// beside it, usage errors as exit 2. In the serialized fixture suite's lane (docs/testing.md).
extension AnalyticsCLITests {
    static let reportClock = ["--as-of", "2026-10-31", "--generated-at", "2026-11-01T00:00:00Z"]

    @Test func reportWritesThePageAndPrintsItsJSON() throws {
        let cli = try FixtureNode.shared.get().cli
        let page = cli.path("report-\(UUID()).html")
        let result = try cli.run(
            ["report", "--html", page, "--json", "--limit", "5"] + Self.reportClock, timeout: .seconds(120))
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"))
        let json = try jsonObject(result.stdout)
        let header = try #require(json["header"] as? [String: Any])
        #expect(header["as_of"] as? String == "2026-10-31")
        #expect(header["generated_at"] as? String == "2026-11-01T00:00:00Z")
        #expect(header["node"] as? String == "hq")
        let watch = try #require((json["watchlist"] as? [String: Any])?["customers"] as? [[String: Any]])
        #expect(watch.count == 5)
        for customer in watch {
            let id = try #require(customer["id"] as? String)
            #expect(html.contains("<td>\(id)</td>"))
        }
        // Not over an existing file unless asked.
        let again = try cli.run(["report", "--html", page] + Self.reportClock, timeout: .seconds(120))
        #expect(again.status == 1)
        #expect(again.stderr.contains(page))
        let forced = try cli.run(
            ["report", "--html", page, "--force", "--limit", "5"] + Self.reportClock, timeout: .seconds(120))
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOfFile: page, encoding: .utf8) == html)
    }

    @Test func reportSaysWhereItGoes() throws {
        let cli = try FixtureNode.shared.get().cli
        let bare = try cli.run(["report"])
        #expect(bare.status == 2)
        #expect(bare.stderr.contains("--html FILE, --json, or both"))
        let badDay = try cli.run(["report", "--json", "--as-of", "31/10/2026"])
        #expect(badDay.status == 2)
        let unknown = try cli.run(["report", "--json", "--region", "mars"] + Self.reportClock, timeout: .seconds(120))
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("mars"))
    }
}
