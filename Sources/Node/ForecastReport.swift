import Analytics
import CRM
import Foundation

/// `outpost analytics forecast`: per series, the weekly forecast with its 80% interval, the method chosen, its
/// backtest MASE and the seasonal-naive baseline's beside it.
public struct ForecastReport: Sendable {
    public struct Line: Sendable {
        public var key: [String]
        public var forecast: SeriesForecast
    }

    public var asOf: CalendarDay
    public var grouping: SalesHistory.Grouping
    public var horizon: Int
    public var weeks: Int
    public var lines: [Line]

    public init(_ history: SalesHistory, forecaster: SalesForecaster) {
        asOf = history.asOf
        grouping = history.grouping
        horizon = forecaster.horizon
        weeks = history.weeks
        lines = history.series.map { Line(key: $0.key, forecast: forecaster.forecast($0.weekly)) }
    }

    /// The first day of forecast week `h` (1-based).
    func weekStart(_ h: Int) -> CalendarDay { asOf.adding(days: 7 * (h - 1)) }

    static func mase(_ backtest: ForecastBacktest?) -> JSONValue { backtest?.mase.map { .number($0) } ?? .null }

    public var json: JSONValue {
        .object([
            "as_of": .string(asOf.description), "by": .string(grouping.rawValue),
            "horizon": .integer(Int64(horizon)), "weeks": .integer(Int64(weeks)),
            "series": .array(
                lines.map { line in
                    let f = line.forecast
                    return .object([
                        "key": .object(
                            Dictionary(uniqueKeysWithValues: zip(grouping.parts, line.key.map { .string($0) }))),
                        "method": .string(f.method.name), "weeks": .integer(Int64(f.weeks)),
                        "mase": Self.mase(f.backtest), "mae": f.backtest.map { .number($0.mae) } ?? .null,
                        "baseline": .object([
                            "method": .string(f.baseline.name), "mase": Self.mase(f.baselineBacktest),
                            "mae": f.baselineBacktest.map { .number($0.mae) } ?? .null,
                        ]),
                        "worse_than_baseline": .bool(f.isWorseThanBaseline),
                        "pattern": .object([
                            "kind": .string(f.pattern.kind.rawValue), "adi": .number(f.pattern.adi),
                            "cv2": .number(f.pattern.cv2),
                        ]),
                        "notes": .array(f.notes.map { .string($0) }),
                        "forecast": .array(
                            f.points.indices.map { h in
                                .object([
                                    "week_start": .string(weekStart(h + 1).description), "point": .number(f.points[h]),
                                    "lower_80": .number(f.lower[h]), "upper_80": .number(f.upper[h]),
                                ])
                            }),
                    ])
                }),
        ])
    }

    static func figure(_ value: Double) -> String { String(format: "%.1f", value) }
    static func ratio(_ backtest: ForecastBacktest?) -> String {
        backtest?.mase.map { String(format: "%.3f", $0) } ?? "–"
    }

    public var text: String {
        var summary = TextTable(
            header: ["series", "method", "MASE", "baseline", "baseline MASE", "weeks", "next \(horizon) wk", "note"],
            rightAligned: [2, 4, 5, 6])
        var detail = TextTable(header: ["series", "week of", "forecast", "80% interval"], rightAligned: [2, 3])
        for line in lines {
            let f = line.forecast
            let name = line.key.joined(separator: " / ")
            summary.add([
                name, f.method.name, Self.ratio(f.backtest), f.baseline.name, Self.ratio(f.baselineBacktest),
                String(f.weeks), Self.figure(f.points.reduce(0, +)), f.notes.joined(separator: "; "),
            ])
            for h in f.points.indices {
                detail.add([
                    name, weekStart(h + 1).description, Self.figure(f.points[h]),
                    "\(Self.figure(f.lower[h])) – \(Self.figure(f.upper[h]))",
                ])
            }
        }
        let head =
            "Forecast by \(grouping.rawValue) as of \(asOf): \(lines.count) series, \(weeks) weeks of history, "
            + "\(horizon) weeks ahead (net quantity per week)\n"
        return head + "\n" + summary.render() + "\n\n" + detail.render()
    }
}
