import Analytics
import ArgumentParser
import CRM
import Node

extension SalesHistory.Grouping: ExpressibleByArgument {}
extension SalesForecaster.Choice: ExpressibleByArgument {}

extension AnalyticsCommand {
    struct Forecast: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Weekly demand forecast per region, category or product, with 80% intervals.",
            discussion: """
                Series are net quantities (returns subtracted) per week ending at the --as-of day, from the \
                first week with demand. Per series, auto backtests from 13 rolling origins: the baseline \
                (seasonal naive with a 52-week season when two years of history exist, else naive), exponential \
                smoothing (simple, Holt, damped; additive seasonality with two years) and, for intermittent \
                demand (average interval between demands > 1.32 weeks), Croston's method or its SBA variant; \
                it keeps the lowest MASE. The baseline's MASE is always shown beside the chosen method's. \
                Series with fewer than 12 weeks of history are forecast naively and say so. \
                Formulas: docs/analytics.md.
                """)
        @OptionGroup var options: Options
        @Option(help: "Series per region, category, sku or region,sku.") var by: SalesHistory.Grouping = .region
        @Option(help: "Weeks ahead (1-104).") var horizon = 8
        @Option(help: "auto, snaive, ets or croston.") var method: SalesForecaster.Choice = .auto
        @Flag(help: "auto also tries a seasonal naive whose lag lines up last year's Spring Festival.")
        var festival = false

        func validate() throws {
            if !(1...104).contains(horizon) { throw ValidationError("--horizon takes 1 to 104 weeks") }
        }

        func run() throws {
            let history = try SalesHistory.load(
                from: try options.global.directory.openReplicaForReading(), asOf: options.day, grouping: by)
            var forecaster = SalesForecaster(horizon: horizon, choice: method)
            forecaster.festival = festival
            forecaster.seriesEnd = options.day.daysSinceEpoch
            let report = ForecastReport(history, forecaster: forecaster)
            options.emit(json: report.json, text: report.text)
        }
    }
}
