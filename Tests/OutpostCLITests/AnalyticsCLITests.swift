import Foundation
import Testing

/// One node with the committed small fixtures (2,000 customers, ~50,000 orders), imported once for the suite.
final class FixtureNode: Sendable {
    static let shared = Result { try FixtureNode() }
    let cli: CLIRunner

    init() throws {
        cli = try CLIRunner()
        let created = try cli.run(["init", "--name", "hq", "--role", "hq", "--region", "east"])
        guard created.status == 0 else { throw FixtureError.failed("init: \(created.stderr)") }
        let folder = CLIRunner.repository.appendingPathComponent("fixtures/small")
        for kind in ["products", "customers", "orders", "interactions"] {
            let result = try cli.run(["import", kind, folder.appendingPathComponent("\(kind).csv").path])
            guard result.status == 0 else { throw FixtureError.failed("import \(kind): \(result.stderr)") }
        }
    }

    deinit { cli.cleanUp() }

    enum FixtureError: Error { case failed(String) }
}

func jsonObject(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

// Five minutes, not one: the first test imports the 50,000-order fixture and `kmeans --k auto` fits nine k,
// each well under a minute alone but not on a loaded two-core CI machine running the other suites too.
@Suite(.serialized, .timeLimit(.minutes(5))) struct AnalyticsCLITests {
    static let asOf = ["--as-of", "2026-10-31"]
    /// small-truth.csv's trailing year is [2025-10-31, 2026-10-31): the 365 days before a snapshot at the start of
    /// 2026-10-31, which is what `--as-of 2026-10-31` means (docs/analytics.md, "Windows and as-of").
    static let truthAsOf = ["--as-of", "2026-10-31"]

    @Test func segmentDefineRunShowAndExportAgree() throws {
        let cli = try FixtureNode.shared.get().cli
        let defined = try cli.run(["segment", "define", "east-value", #"tier == "value" and region == "east""#])
        #expect(defined.status == 0, "\(defined.stderr)")
        let run = try cli.run(["segment", "run", "east-value", "--json"] + Self.asOf)
        #expect(run.status == 0, "\(run.stderr)")
        let runs = try #require(try jsonObject(run.stdout)["runs"] as? [[String: Any]])
        let members = try #require(runs.first?["members"] as? Int)
        // fixtures/small-truth.csv: 40 east customers spent >= 100,000 in the trailing year.
        #expect(members == Truth.shared.customers.filter { $0.region == "east" && $0.tier == "value" }.count)
        #expect(members == 40)

        let shown = try cli.run(["segment", "show", "east-value", "--json", "--limit", "5"])
        let detail = try jsonObject(shown.stdout)
        #expect((detail["last_run"] as? [String: Any])?["members"] as? Int == members)
        #expect((detail["members"] as? [Any])?.count == min(5, members))
        let text = try cli.run(["segment", "show", "east-value"])
        #expect(text.status == 0 && text.stdout.contains("tier == \"value\" and region == \"east\""))

        let exported = try cli.run(["export", "segment", "east-value", "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(exported.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == members)
        #expect(rows.allSatisfy { $0["region"] as? String == "east" && $0["run_at"] is String })
        let csv = try cli.run(["export", "segment", "east-value", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("id,name,region,run_at\n"))
        #expect(csv.stdout.split(separator: "\n").count == members + 1)

        // The value tier is spend365 >= 100,000, the same in tiers' JSON: east members are a subset.
        let tiers = try jsonObject(try cli.run(["analytics", "tiers", "--json"] + Self.asOf).stdout)
        let value = (tiers["tiers"] as? [[String: Any]])?.first { $0["tier"] as? String == "value" }
        #expect(value?["customers"] as? Int == 154)
        let listed = try cli.run(["segment", "list"])
        #expect(listed.stdout.contains("east-value") && listed.stdout.contains(String(members)))
    }

    @Test func invalidRuleExitsOneWithACaretUnderTheColumn() throws {
        let cli = try FixtureNode.shared.get().cli
        let result = try cli.run(["segment", "define", "bad", #"monetary_365 >= and region == "east""#])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].contains("column 17"))
        #expect(lines[1] == #"  monetary_365 >= and region == "east""#)
        #expect(lines[2] == String(repeating: " ", count: 2 + 16) + "^")
        #expect(try cli.run(["segment", "show", "bad"]).status == 1)
    }

    @Test func everyAnalyticsCommandSucceedsInTextAndJSON() throws {
        let cli = try FixtureNode.shared.get().cli
        let commands: [[String]] = [
            ["rfm"], ["tiers"], ["stars"], ["lifecycle"], ["churn"], ["kmeans", "--k", "4", "--seed", "7"],
            ["clv", "--unit", "weeks"],
        ]
        var json: [String: [String: Any]] = [:]
        for command in commands {
            let text = try cli.run(["analytics"] + command + Self.asOf + ["--limit", "5"])
            #expect(text.status == 0, "\(command): \(text.stderr)")
            #expect(text.stdout.contains("2026-10-31"), "\(command)")
            let result = try cli.run(["analytics"] + command + Self.asOf + ["--json"])
            #expect(result.status == 0, "\(command): \(result.stderr)")
            json[command[0]] = try jsonObject(result.stdout)
        }
        let rfm = try #require(json["rfm"])
        let segments = try #require(rfm["segments"] as? [[String: Any]])
        let scored = segments.reduce(0) { $0 + ($1["customers"] as? Int ?? 0) }
        #expect(scored == rfm["scored"] as? Int)
        #expect(scored + (rfm["without_orders_in_window"] as? Int ?? -1) == 2_000)
        let tiers = try #require(json["tiers"]?["tiers"] as? [[String: Any]])
        #expect(tiers.map { $0["tier"] as? String } == ["value", "potential", "basic"])
        #expect(tiers.reduce(0) { $0 + ($1["customers"] as? Int ?? 0) } == 2_000)
        let stages = try #require(json["lifecycle"]?["stages"] as? [[String: Any]])
        #expect(stages.reduce(0) { $0 + ($1["customers"] as? Int ?? 0) } == 2_000)
        // The text run of `stars` recorded a run, so the JSON run compares with it: same day, nobody moved.
        let retiering = try #require(json["stars"]?["retiering"] as? [String: Any])
        #expect(retiering["moved_up"] as? Int == 0 && retiering["moved_down"] as? Int == 0)
        let withOrders = try #require(json["churn"]?["customers_with_orders"] as? Int)
        let sizes = (json["kmeans"]?["clusters"] as? [[String: Any]])?.compactMap { $0["customers"] as? Int }
        #expect(sizes?.count == 4 && sizes?.reduce(0, +) == withOrders)
        let bgnbd = try #require(json["clv"]?["bgnbd"] as? [String: Any])
        #expect((bgnbd["log_likelihood"] as? Double ?? 0) < 0)
        #expect((json["clv"]?["top"] as? [Any])?.isEmpty == false)
    }

    @Test func churnBacktestReportsPrecisionAndRecall() throws {
        let cli = try FixtureNode.shared.get().cli
        let result = try cli.run(["analytics", "churn", "--as-of", "2026-07-31", "--backtest", "90", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let backtest = try #require(try jsonObject(result.stdout)["backtest"] as? [String: Any])
        let tp = try #require(backtest["true_positives"] as? Int)
        let fp = try #require(backtest["false_positives"] as? Int)
        let fn = try #require(backtest["false_negatives"] as? Int)
        #expect(backtest["data_covers_period"] as? Bool == true)
        #expect(tp + fp == backtest["flagged"] as? Int && tp + fn == backtest["stopped"] as? Int)
        #expect(abs((backtest["precision"] as? Double ?? -1) - Double(tp) / Double(tp + fp)) < 1e-9)
        #expect(abs((backtest["recall"] as? Double ?? -1) - Double(tp) / Double(tp + fn)) < 1e-9)
        let text = try cli.run(["analytics", "churn", "--as-of", "2026-07-31", "--backtest", "30"])
        #expect(text.stdout.contains("precision") && text.stdout.contains("recall"))
        #expect(try cli.run(["analytics", "churn", "--as-of", "31/07/2026"]).status == 2)
    }
    @Test func tiersMatchTheGroundTruthExactly() throws {
        let cli = try FixtureNode.shared.get().cli
        let result = try cli.run(["analytics", "tiers", "--json"] + Self.truthAsOf)
        #expect(result.status == 0, "\(result.stderr)")
        let tiers = try #require(try jsonObject(result.stdout)["tiers"] as? [[String: Any]])
        let truth = Truth.shared.customers
        #expect(tiers.map { $0["customers"] as? Int } == [154, 315, 1_531])
        for tier in tiers {
            let name = try #require(tier["tier"] as? String)
            let members = truth.filter { $0.tier == name }
            #expect(tier["customers"] as? Int == members.count, "\(name)")
            let spend = members.reduce(0) { $0 + $1.spend }
            #expect(abs((tier["spend_365"] as? Double ?? -1) - spend) < 0.01, "\(name): spend \(spend)")
        }
    }

    @Test func tiersTakeOtherThresholds() throws {
        let cli = try FixtureNode.shared.get().cli
        let result = try cli.run(
            ["analytics", "tiers", "--value", "60000", "--potential", "20000", "--json"] + Self.truthAsOf)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try jsonObject(result.stdout)
        let thresholds = try #require(object["thresholds"] as? [String: Any])
        #expect(thresholds["value"] as? Double == 60_000 && thresholds["potential"] as? Double == 20_000)
        let tiers = try #require(object["tiers"] as? [[String: Any]])
        let spends = Truth.shared.customers.map(\.spend)
        let value = spends.filter { $0 >= 60_000 }.count
        let potential = spends.filter { $0 >= 20_000 && $0 < 60_000 }.count
        #expect(tiers.map { $0["customers"] as? Int } == [value, potential, spends.count - value - potential])
        #expect(value != 154, "the thresholds must matter for this test to mean anything")
        let text = try cli.run(["analytics", "tiers", "--value", "60000", "--potential", "20000"] + Self.truthAsOf)
        #expect(text.stdout.contains("≥ 60,000"), "\(text.stdout)")
    }

    @Test func kmeansAutoPicksTheKWithTheBestSilhouette() throws {
        let cli = try FixtureNode.shared.get().cli
        let result = try cli.run(["analytics", "kmeans", "--k", "auto", "--seed", "7", "--json"] + Self.asOf)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try jsonObject(result.stdout)
        let silhouettes = try #require(object["silhouettes"] as? [String: Double])
        #expect(Set(silhouettes.keys) == Set((2...10).map(String.init)))
        let best = try #require(silhouettes.max { $0.value < $1.value }?.key)
        #expect(object["k"] as? Int == Int(best))
        #expect((object["clusters"] as? [Any])?.count == Int(best))
        let text = try cli.run(["analytics", "kmeans", "--k", "auto", "--seed", "7"] + Self.asOf)
        #expect(text.stdout.contains("silhouette by k: "))
    }

    @Test func skipAliveLeavesProbabilityAliveOut() throws {
        let cli = try FixtureNode.shared.get().cli
        for command in ["lifecycle", "churn"] {
            let with = try jsonObject(try cli.run(["analytics", command, "--json"] + Self.asOf).stdout)
            let without = try cli.run(["analytics", command, "--skip-alive", "--json"] + Self.asOf)
            #expect(without.status == 0, "\(without.stderr)")
            #expect(with["probability_alive_used"] as? Bool == true, "\(command)")
            #expect(try jsonObject(without.stdout)["probability_alive_used"] as? Bool == false, "\(command)")
        }
        let text = try cli.run(["analytics", "churn", "--skip-alive"] + Self.asOf)
        #expect(text.stdout.contains("(BG/NBD P(alive) not used)"))
    }
}

/// fixtures/small-truth.csv: what the generator wrote for each customer, independent of the code under test.
struct Truth: Sendable {
    struct Customer: Sendable {
        var id: String
        var region: String
        var spend: Double
        var tier: String
    }

    static let shared = Truth()
    let customers: [Customer]

    init() {
        let path = CLIRunner.repository.appendingPathComponent("fixtures/small-truth.csv").path
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        guard let header = lines.first?.map(String.init) else {
            customers = []
            return
        }
        let column = { (name: String) in header.firstIndex(of: name)! }
        let (id, region, spend, tier) = (
            column("customer_id"), column("region"), column("spend_365"), column("tier_365")
        )
        customers = lines.dropFirst().map {
            Customer(
                id: String($0[id]), region: String($0[region]), spend: Double($0[spend]) ?? .nan, tier: String($0[tier])
            )
        }
    }
}
