import Foundation
import Testing

/// `analytics forecast` on the committed fixtures: every series shows the baseline beside the method, auto
/// never does worse than it, a named method that does says so, bad horizons are usage errors.
@Suite(.serialized, .timeLimit(.minutes(5))) struct ForecastCLITests {
    static let asOf = ["--as-of", "2026-10-31"]

    @Test func autoPerRegionShowsTheBaselineAndNeverDoesWorse() throws {
        let cli = try FixtureNode.shared.get().cli
        let result = try cli.run(["analytics", "forecast", "--by", "region", "--horizon", "6", "--json"] + Self.asOf)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try jsonObject(result.stdout)
        #expect(object["weeks"] as? Int == 104)
        let series = try #require(object["series"] as? [[String: Any]])
        #expect(
            series.compactMap { ($0["key"] as? [String: String])?["region"] } == [
                "central", "east", "north", "south", "west",
            ])
        for item in series {
            let mase = try #require(item["mase"] as? Double)
            let baseline = try #require(item["baseline"] as? [String: Any])
            #expect(baseline["method"] as? String == "snaive")
            #expect(mase <= (try #require(baseline["mase"] as? Double)))
            #expect(item["worse_than_baseline"] as? Bool == false)
            let weeks = try #require(item["forecast"] as? [[String: Any]])
            #expect(weeks.count == 6)
            #expect(weeks.first?["week_start"] as? String == "2026-10-31")
            #expect(weeks.last?["week_start"] as? String == "2026-12-05")
            for week in weeks {
                let point = try #require(week["point"] as? Double)
                let lower = try #require(week["lower_80"] as? Double)
                let upper = try #require(week["upper_80"] as? Double)
                #expect(0 <= lower && lower <= point && point <= upper && point > 0)
            }
        }
    }

    @Test func aNamedMethodWorseThanTheBaselineIsFlaggedInText() throws {
        let cli = try FixtureNode.shared.get().cli
        let json = try cli.run(
            ["analytics", "forecast", "--by", "category", "--method", "croston", "--json"] + Self.asOf)
        let series = try #require(try jsonObject(json.stdout)["series"] as? [[String: Any]])
        #expect(series.count == 4)
        let worse = series.filter { $0["worse_than_baseline"] as? Bool == true }
        for item in series {
            #expect(item["method"] as? String == "croston" || item["method"] as? String == "sba")
            let mase = try #require(item["mase"] as? Double)
            let baseline = try #require((item["baseline"] as? [String: Any])?["mase"] as? Double)
            #expect((mase > baseline) == (item["worse_than_baseline"] as? Bool))
            #expect(
                ((item["notes"] as? [String]) ?? []).contains { $0.contains("worse than snaive") } == (mase > baseline))
        }
        let text = try cli.run(["analytics", "forecast", "--by", "category", "--method", "croston"] + Self.asOf)
        #expect(text.status == 0)
        #expect(text.stdout.contains("baseline MASE"))
        #expect(text.stdout.components(separatedBy: "did worse than snaive").count - 1 == worse.count)
    }

    @Test func horizonOutsideOneTo104IsAUsageError() throws {
        let cli = try FixtureNode.shared.get().cli
        for horizon in ["0", "105", "-3"] {
            let result = try cli.run(["analytics", "forecast", "--horizon", horizon] + Self.asOf)
            #expect(result.status == 2, "--horizon \(horizon)")
            #expect(result.stderr.contains("--horizon takes 1 to 104 weeks") || horizon == "-3")
        }
        let method = try cli.run(["analytics", "forecast", "--method", "prophet"] + Self.asOf)
        #expect(method.status == 2)
    }
}
