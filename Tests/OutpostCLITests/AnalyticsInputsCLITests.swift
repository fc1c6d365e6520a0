import Foundation
import Testing

/// What `analytics` tells users about its inputs: help texts, the rfm_table_order option, fit warnings in JSON.
@Suite(.serialized, .timeLimit(.minutes(5))) struct AnalyticsInputsCLITests {
    static let asOf = ["--as-of", "2026-10-31"]

    @Test func helpStatesTheSnapshotAndTheRFMInputsWithoutCitingTheSpec() throws {
        let cli = try FixtureNode.shared.get().cli
        let analytics = try cli.run(["analytics", "--help"])
        #expect(analytics.status == 0)
        #expect(!analytics.stdout.contains("SPEC"), "\(analytics.stdout)")
        #expect(analytics.stdout.contains("[D - N, D)"))
        let rfm = try cli.run(["analytics", "rfm", "--help"])
        for phrase in ["distinct order days", "365 days", "--order-lines", "rfm_table_order", "all history"] {
            #expect(rfm.stdout.contains(phrase), "\(phrase)")
        }
        #expect(!rfm.stdout.contains("SPEC"))
        let clv = try cli.run(["analytics", "clv", "--help"])
        #expect(clv.stdout.contains("4.345") && clv.stdout.contains("--period-days"))
    }

    @Test func orderLinesScoreEveryCustomerWithRowsOnTheirRowCounts() throws {
        let cli = try FixtureNode.shared.get().cli
        let days = try jsonObject(try cli.run(["analytics", "rfm", "--json", "--limit", "3"] + Self.asOf).stdout)
        let result = try cli.run(["analytics", "rfm", "--order-lines", "--json", "--limit", "3"] + Self.asOf)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try jsonObject(result.stdout)
        #expect(days["inputs"] as? String == "order_days" && lines["inputs"] as? String == "order_lines")
        // fixtures/README: 64 customers have no orders at all; everyone else has rows and an order day in the year.
        #expect(lines["scored"] as? Int == 1_936 && lines["without_orders_in_window"] as? Int == 64)
        let top = try #require(lines["top"] as? [[String: Any]])
        #expect(top.count == 3)
        let text = try cli.run(["analytics", "rfm", "--order-lines"] + Self.asOf)
        #expect(text.stdout.contains("order lines") && text.stdout.contains("rfm_table_order"))
    }

    @Test func fitWarningIsReportedWhereBGNBDIsUsed() throws {
        let cli = try FixtureNode.shared.get().cli
        for command in ["clv", "churn", "lifecycle"] {
            let object = try jsonObject(try cli.run(["analytics", command, "--json"] + Self.asOf).stdout)
            let container = command == "clv" ? object["bgnbd"] as? [String: Any] : object
            // The fixtures' fit runs b to the bound with dropout still identified: warned, P(alive) kept.
            let warning = try #require(container?["fit_warning"] as? String, "\(command)")
            #expect(warning.contains("P(alive) is still used"), "\(command)")
        }
        let clv = try jsonObject(try cli.run(["analytics", "clv", "--json"] + Self.asOf).stdout)
        #expect(clv["left_out_without_purchases"] as? Int == 0)
    }
}
