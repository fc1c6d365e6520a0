import Foundation
import Testing

/// The learned churn warning and the decision trees on the committed fixtures (`FixtureNode`).
///
/// An extension of `AnalyticsCLITests`, so these run in its one serialized lane: each CLI call blocks a thread
/// while the child runs, and a second lane of such tests starves the rest of the parallel suite.
extension AnalyticsCLITests {
    static let backtestDay = "2026-07-31"

    private func churnBacktest(_ days: Int) throws -> [String: Any] {
        let cli = try FixtureNode.shared.get().cli
        // Twelve training snapshots (30 days), each with an extraction and a BG/NBD fit: slow in a debug build on
        // a busy machine, so more time than the usual minute.
        let result = try cli.run(
            ["analytics", "churn", "--as-of", Self.backtestDay, "--backtest", String(days), "--json"],
            timeout: .seconds(300))
        #expect(result.status == 0, "\(result.stderr)")
        return try jsonObject(result.stdout)
    }

    /// The back-test compares the warning with recency and P(alive) at the warning's own count: at 30 and at 90
    /// days the warning is more precise than both (docs/analytics.md, "Learned churn warning", gives the table).
    /// The warning learns only from snapshots whose outcome ends by the as-of day; the outcome is the 30 or 90
    /// days after it.
    @Test(arguments: [30, 90]) func theWarningIsComparedWithBothBaselinesAtEqualCount(days: Int) throws {
        let object = try churnBacktest(days)
        #expect(object["uses_rules"] as? Bool == false)
        #expect((object["training_days"] as? [String])?.first == (days == 30 ? "2026-07-01" : "2026-05-02"))
        let b = try #require(object["backtest"] as? [String: Any])
        #expect(b["data_covers_period"] as? Bool == true)
        let rankings = try #require(b["rankings"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: rankings.map { ($0["name"] as? String ?? "", $0) })
        let flagged = try #require(byName["warning"]?["flagged"] as? Int)
        #expect(flagged > 0 && flagged == b["flagged"] as? Int)
        let precision = { (name: String) throws -> Double in try #require(byName[name]?["precision"] as? Double) }
        #expect(byName["recency"]?["flagged"] as? Int == flagged && byName["p_alive"]?["flagged"] as? Int == flagged)
        #expect(try precision("warning") > precision("recency"), "\(rankings)")
        #expect(try precision("warning") > precision("p_alive"), "\(rankings)")
        // The learned warning uses P(alive) as an input.
        let coefficients = try #require((object["model"] as? [String: Any])?["coefficients"] as? [String: Double])
        #expect(coefficients["p_alive"].map { $0 != 0 } == true)
        // Lift is precision over the base rate; the warning's counts are consistent.
        let baseRate = try #require(b["base_rate"] as? Double)
        #expect(abs((byName["warning"]?["lift"] as? Double ?? 0) - (try precision("warning")) / baseRate) < 1e-9)
        let tp = try #require(b["true_positives"] as? Int)
        #expect(abs(Double(tp) / Double(flagged) - (try precision("warning"))) < 1e-9)
        #expect(b["stopped"] as? Int == tp + (b["false_negatives"] as? Int ?? -1))
        // Reliability table: it covers the population, and those predicted ≥ 0.5 stopped more often than the rest.
        let bins = try #require(b["calibration"] as? [[String: Any]])
        let customers = bins.reduce(0) { $0 + ($1["customers"] as? Int ?? 0) }
        #expect(customers == b["population"] as? Int)
        let share = { (high: Bool) -> Double in
            let chosen = bins.filter { (($0["lower"] as? Double ?? 0) >= 0.5) == high }
            let n = chosen.reduce(0) { $0 + ($1["customers"] as? Int ?? 0) }
            let hits = chosen.reduce(0.0) {
                $0 + Double($1["customers"] as? Int ?? 0) * ($1["observed"] as? Double ?? 0)
            }
            return hits / Double(max(n, 1))
        }
        #expect(share(true) > share(false))
    }

    @Test func textShowsTheThreeRankingsAndRulesOnlyKeepsTheSeedWarning() throws {
        let cli = try FixtureNode.shared.get().cli
        let text = try cli.run(["analytics", "churn", "--as-of", Self.backtestDay, "--backtest", "30", "--limit", "3"])
        #expect(text.status == 0, "\(text.stderr)")
        for label in ["warning", "recency rank", "P(alive) rank", "lift", "calibration", "P(stop)"] {
            #expect(text.stdout.contains(label), "\(label)")
        }
        let rules = try jsonObject(
            try cli.run(["analytics", "churn", "--as-of", Self.backtestDay, "--rules-only", "--json"]).stdout)
        #expect(rules["uses_rules"] == nil && (rules["flagged"] as? Int ?? 0) > 0)
        let clash = try cli.run(["analytics", "churn", "--backtest", "30", "--horizon", "90"])
        #expect(clash.status == 2)
    }

    @Test func aChurnTreeLeafSavedAsASegmentSelectsTheLeafsCustomers() throws {
        let cli = try FixtureNode.shared.get().cli
        let result = try cli.run(["analytics", "tree", "--target", "churned:90", "--as-of", Self.backtestDay, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let tree = try jsonObject(result.stdout)
        #expect(tree["features_as_of"] as? String == "2026-05-02")
        let leaves = try #require(tree["leaves"] as? [[String: Any]])
        #expect(leaves.count > 2)
        #expect(leaves.reduce(0) { $0 + ($1["samples"] as? Int ?? 0) } == tree["population"] as? Int)
        #expect(leaves.allSatisfy { ($0["samples"] as? Int ?? 0) >= 50 })
        // Save the leaf with the highest churn rate; run as of the features' day, it selects the leaf's customers.
        let best = try #require(leaves.max { ($0["rate"] as? Double ?? 0) < ($1["rate"] as? Double ?? 0) })
        let number = try #require(best["leaf"] as? Int)
        let saved = try cli.run(
            [
                "analytics", "tree", "--target", "churned:90", "--as-of", Self.backtestDay, "--save-segment",
                "churn-leaf",
                "--leaf", String(number),
            ])
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(saved.stdout.contains("saved leaf \(number) as segment churn-leaf"))
        let run = try jsonObject(
            try cli.run(["segment", "run", "churn-leaf", "--as-of", "2026-05-02", "--json"]).stdout)
        let members = (run["runs"] as? [[String: Any]])?.first?["members"] as? Int
        #expect(members == best["samples"] as? Int)
        let text = try cli.run(["analytics", "tree", "--target", "churned:90", "--as-of", Self.backtestDay])
        #expect(text.stdout.contains("leaf") && text.stdout.contains(best["rule"] as? String ?? "?"))
    }

    @Test func aSegmentTargetLearnsTheSegmentsOwnRule() throws {
        let cli = try FixtureNode.shared.get().cli
        #expect(try cli.run(["segment", "define", "tree-frequent", "order_days_90 >= 6"]).status == 0)
        let result = try cli.run(
            ["analytics", "tree", "--target", "segment:tree-frequent", "--as-of", Self.backtestDay, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let tree = try jsonObject(result.stdout)
        let nodes = try #require(tree["nodes"] as? [[String: Any]])
        // A rule on one feature is learnt exactly by the root split: order_days_90 <= 5.5.
        #expect(nodes.first?["feature"] as? String == "order_days_90")
        #expect(nodes.first?["threshold"] as? Double == 5.5)
        #expect(tree["population"] as? Int == 2_000)
    }

    @Test func campaignsAndUnknownSegmentsAreRefusedClearly() throws {
        let cli = try FixtureNode.shared.get().cli
        let campaign = try cli.run(["analytics", "tree", "--target", "converted:spring"])
        #expect(campaign.status == 2)
        #expect(campaign.stderr.contains("campaigns are not available yet"), "\(campaign.stderr)")
        let segment = try cli.run(["analytics", "tree", "--target", "segment:nope"])
        #expect(segment.status == 1 && segment.stderr.contains("no segment named 'nope'"))
        #expect(try cli.run(["analytics", "tree", "--target", "churned:0"]).status == 2)
        let leafless = try cli.run(["analytics", "tree", "--target", "churned:90", "--leaf", "1"])
        #expect(leafless.status == 2)
        let missing = try cli.run(
            [
                "analytics", "tree", "--target", "churned:90", "--as-of", Self.backtestDay, "--save-segment", "x",
                "--leaf",
                "999",
            ])
        #expect(missing.status == 1 && missing.stderr.contains("there is no leaf 999"))
    }
}
