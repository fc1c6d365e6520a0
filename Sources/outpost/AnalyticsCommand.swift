import Analytics
import ArgumentParser
import CRM
import Node

struct AnalyticsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analytics", abstract: "Customer analytics on this node's replica, as of the start of a day.",
        discussion: """
            Every analysis is a snapshot at the start of the --as-of day D (UTC): orders and interactions from D on \
            are ignored, and an N-day period is the N days before D, [D - N, D). Formulas: docs/analytics.md.
            """,
        subcommands: [
            RFM.self, Tiers.self, Stars.self, Programme.self, Lifecycle.self, Churn.self, KMeansCommand.self, CLV.self,
            Tree.self, Forecast.self,
        ])

    /// Options every analysis takes.
    struct Options: ParsableArguments {
        @OptionGroup var global: GlobalOptions
        @Option(help: "Analyse as of the start of this UTC day, YYYY-MM-DD (default: today); its orders are ignored.")
        var asOf: String?
        @Flag(help: "Print JSON.") var json = false
        @Option(help: "At most this many customers in lists.") var limit = 20

        func validate() throws {
            if let asOf, CalendarDay(asOf) == nil { throw ValidationError("--as-of '\(asOf)' is not a YYYY-MM-DD day") }
            if limit < 0 { throw ValidationError("--limit must be 0 or more") }
        }

        var day: CalendarDay { asOf.flatMap(CalendarDay.init) ?? .today() }

        func analytics() throws -> AnalyticsRun {
            try AnalyticsRun.extract(from: try global.directory.openReplicaForReading(), asOf: day)
        }

        func emit(json value: JSONValue, text: String) {
            print(json ? value.serialized(pretty: true) : text)
        }
    }

    struct RFM: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rfm", abstract: "RFM quintile scores and segments, as R package rfm 0.3.0 computes them.",
            discussion: """
                Inputs (default, as rfm_table_customer would be given them): customers with at least one order day \
                in the 365 days before the as-of day D; recency = days from the last order day to D; frequency = \
                distinct order days (days with a purchase) in those 365 days, not order lines; monetary = net spend \
                in those 365 days (returns subtracted). Customers without an order day in the window are counted \
                apart, not scored.

                --order-lines scores the inputs rfm_table_order computes from order rows instead: every order row \
                before D, all history, returns included; recency = days from the latest row's day to D, frequency = \
                number of rows, monetary = sum of their amounts.

                Scores 1-5 as rfm 0.3.0: cuts at the type-7 quantiles (20%, 40%, 60%, 80%) plus 1, half-open bins \
                [lower, upper); recency reversed (5 = most recent). Segments: the table of rfm 0.3.0's \
                documentation, first match wins, else Others.
                """)
        @OptionGroup var options: Options
        @Flag(help: "Score rfm_table_order's inputs: all order rows before the as-of day (see below).")
        var orderLines = false

        func run() throws {
            let replica = try options.global.directory.openReplicaForReading()
            let run = try AnalyticsRun.extract(from: replica, asOf: options.day)
            let lines = orderLines ? try run.orderLineInputs(from: replica) : nil
            let report = RFMReport(run, limit: options.limit, orderLines: lines)
            options.emit(json: report.json, text: report.text)
        }
    }

    struct Tiers: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The value pyramid: customers and spend per star tier (trailing-365-day spend).")
        @OptionGroup var options: Options
        @Option(help: "Spend from which a customer is `value` (CNY).") var value = 100_000.0
        @Option(help: "Spend from which a customer is `potential` (CNY).") var potential = 50_000.0
        @OptionGroup var gate: SuspensionOption

        func validate() throws {
            if !(potential >= 0 && value > potential) { throw ValidationError("need 0 <= --potential < --value") }
        }

        func run() throws {
            var run = try options.analytics()
            run.compliance.suspensionDays = gate.suspensionDays
            run.thresholds = TierThresholds(value: value, potential: potential)
            let report = TierReport(run, limit: options.limit)
            options.emit(json: report.json, text: report.text)
        }
    }

    struct Stars: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Star scores and growth levels, re-tiering since the previous run; records this run.")
        @OptionGroup var options: Options
        @OptionGroup var gate: SuspensionOption

        func run() throws {
            let replica = try options.global.directory.openReplica()
            var run = try AnalyticsRun.extract(from: replica, asOf: options.day)
            run.compliance.suspensionDays = gate.suspensionDays
            let report = try StarReport.run(run, replica: replica, limit: options.limit)
            options.emit(json: report.json, text: report.text)
        }
    }

    struct Lifecycle: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Customers per lifecycle stage: new, active, won back, at risk, dormant, lost.")
        @OptionGroup var options: Options
        @Flag(help: "Leave BG/NBD P(alive) out of the at-risk warning (skips a model fit).") var skipAlive = false

        func run() throws {
            var run = try options.analytics()
            run.usesProbabilityAlive = !skipAlive
            let report = LifecycleReport(run)
            options.emit(json: report.json, text: report.text)
        }
    }

    struct Churn: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Customers likely to stop buying: a warning learned from this node's history, with reasons.",
            discussion: """
                The probability of no purchase in the next N days (--horizon) comes from a logistic regression \
                trained on past snapshots of this replica (as-of − N, − 2N, … over the last year); customers at or \
                above --threshold are flagged. The seed rules (frequency drop, channel switching, rising \
                complaints, low P(alive)) are the stated reasons. --rules-only flags by the rules alone.
                """)
        @OptionGroup var options: Options
        @Flag(help: "Leave out the BG/NBD P(alive) reason, input and baseline (skips its model fits).")
        var skipAlive = false
        @Option(
            help: ArgumentHelp(
                "Also report precision, recall and lift against who stopped buying in the N days after --as-of "
                    + "(e.g. 30 or 90), beside the recency and P(alive) baselines; N is also the horizon.",
                valueName: "N"))
        var backtest: Int?
        @Option(help: ArgumentHelp("Days ahead the warning predicts (default 90).", valueName: "N"))
        var horizon: Int?
        @Option(help: "Flag customers whose probability of stopping is at least this.") var threshold = 0.5
        @Flag(help: "Flag by the seed rules alone (no model), as before the learned warning.") var rulesOnly = false

        func validate() throws {
            if let backtest, backtest < 1 { throw ValidationError("--backtest takes a number of days, e.g. 30 or 90") }
            if let horizon, horizon < 1 { throw ValidationError("--horizon takes a number of days, e.g. 30 or 90") }
            if let backtest, let horizon, backtest != horizon {
                throw ValidationError("--backtest \(backtest) sets the horizon; leave out --horizon or make it equal")
            }
            if !(threshold > 0 && threshold <= 1) { throw ValidationError("--threshold must be in (0, 1]") }
        }

        func run() throws {
            let replica = try options.global.directory.openReplicaForReading()
            var run = try AnalyticsRun.extract(from: replica, asOf: options.day)
            run.usesProbabilityAlive = !skipAlive
            if rulesOnly {
                let report = try ChurnReport.run(run, limit: options.limit, backtestDays: backtest, replica: replica)
                return options.emit(json: report.json, text: report.text)
            }
            let report = try LearnedChurnReport.run(
                run, replica: replica, horizonDays: backtest ?? horizon ?? 90, threshold: threshold,
                limit: options.limit, backtest: backtest != nil)
            options.emit(json: report.json, text: report.text)
        }
    }

    struct KMeansCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "kmeans", abstract: "k-means clusters of customers with orders, centroids in original units.")
        @OptionGroup var options: Options
        @Option(help: "Number of clusters, or `auto` to pick k in 2...10 by silhouette.") var k = "8"
        @Option(help: "Random seed: the same seed gives the same clusters.") var seed: UInt64 = 0
        @Option(help: .hidden) var writePoints: String?
        @Option(help: .hidden) var fitPoints: String?

        var count: ClusterCount? {
            if k == "auto" { return .auto(2...10) }
            return Int(k).flatMap { $0 >= 1 ? .fixed($0) : nil }
        }

        func validate() throws {
            if count == nil { throw ValidationError("--k takes a whole number of clusters (1 or more) or `auto`") }
        }

        func run() throws {
            // Benchmark hooks (scripts/bench/analytics.sh): the same points for scikit-learn, and a timed fit.
            if let fitPoints, case .fixed(let k) = count! {
                return print(try KMeansPoints.fit(path: fitPoints, k: k, seed: seed))
            }
            let run = try options.analytics()
            if let writePoints { try KMeansPoints.write(run, to: writePoints) }
            let report = ClusterReport(run, count: count!, seed: seed)
            options.emit(json: report.json, text: report.text)
        }
    }

    struct CLV: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "clv", abstract: "Customer lifetime value from BG/NBD and Gamma-Gamma fits.",
            discussion: """
                A period is --period-days days (default 30) in either --unit. Python lifetimes' \
                customer_lifetime_value takes a month as 30 days with freq "D" (the same) but as 4.345 weeks \
                (30.415 days) with freq "W": to compare with a weekly lifetimes fit, pass --period-days 30.415. \
                Customers whose order rows have no purchase (every amount 0 or less) are left out and counted.
                """)
        @OptionGroup var options: Options
        @Option(help: "Model time unit: days or weeks.") var unit: TimeUnit = .days
        @Option(help: "Number of periods summed.") var horizon = 12
        @Option(help: "Days per period (lifetimes: 30 with freq D, 4.345 weeks with freq W).") var periodDays = 30.0
        @Option(help: "Discount rate per period, e.g. 0.01.") var discount = 0.01

        func validate() throws {
            if horizon < 1 || periodDays <= 0 || discount <= -1 {
                throw ValidationError("need --horizon >= 1, --period-days > 0 and --discount > -1")
            }
        }

        func run() throws {
            let horizon = CLVHorizon(periods: horizon, periodDays: periodDays, discountRate: discount)
            let replica = try options.global.directory.openReplicaForReading()
            let run = try AnalyticsRun.extract(from: replica, asOf: options.day)
            let report = LifetimeValueReport(
                run, unit: unit, horizon: horizon, limit: options.limit,
                withoutPurchases: try run.customersWithoutPurchases(in: replica))
            options.emit(json: report.json, text: report.text)
        }
    }
}

extension TimeUnit: ExpressibleByArgument {}
