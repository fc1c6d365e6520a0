import Analytics
import CRM
import Foundation
import Replica

/// `outpost analytics stars`: the star distribution and growth levels, mean dimension percentiles, and re-tiering
/// against the previous recorded run. Producing the report records this run's standings.
public struct StarReport: Sendable {
    public var asOf: CalendarDay
    public var customers: Int
    /// Customers per star count 1...5 (index 0 = 1★).
    public var starCounts: [Int]
    /// Mean percentile of each dimension per star count 1...5 (index 0 = 1★): what lifts a customer's stars.
    public var meanPercentiles: [[StarDimension: Double]]
    /// Nil on the first run.
    public var previous: TierHistory.Run?
    public var retiering: Retiering?
    public var recorded: TierHistory.Run
    public var limit: Int
    /// Customers not awarded a score: suspended from the programme.
    public var suspended: SuspensionSummary

    /// Scores the customers, compares with the newest recorded run and records this one.
    public static func run(_ run: AnalyticsRun, replica: Replica, limit: Int, now: Date = Date()) throws -> StarReport {
        let scores = run.starScores()
        var counts = [Int](repeating: 0, count: 5)
        var sums = [[StarDimension: Double]](repeating: [:], count: 5)
        for score in scores {
            let level = min(max(score.stars, 1), 5) - 1
            counts[level] += 1
            for (dimension, value) in score.dimensions { sums[level][dimension, default: 0] += value }
        }
        let means = sums.indices.map { level in sums[level].mapValues { $0 / Double(max(counts[level], 1)) } }
        let history = TierHistory(replica: replica)
        let current = run.standings()
        let previous = try history.latest()
        let recorded = try history.record(current, asOf: run.asOf, at: now)
        return StarReport(
            asOf: run.asOf, customers: run.features.count, starCounts: counts, meanPercentiles: means,
            previous: previous?.run, retiering: previous.map { Retiering(previous: $0.standings, current: current) },
            recorded: recorded, limit: limit, suspended: SuspensionSummary(run, limit: limit))
    }

    var scored: Int { starCounts.reduce(0, +) }
    /// Customers without orders, not suspended.
    var unscored: Int { customers - scored - suspended.count }

    static func label(_ dimension: StarDimension) -> String {
        switch dimension {
        case .purchaseFrequency: "frequency"
        case .basketSize: "basket"
        case .premiumPreference: "premium"
        case .channelLoyalty: "loyalty"
        case .socialInfluence: "referrals"
        case .growthTrend: "growth"
        }
    }

    static func standing(_ s: TierStanding) -> String {
        s.tier.rawValue + " " + (s.stars.map { String(repeating: "★", count: $0) } ?? "unscored")
    }

    static func standingJSON(_ s: TierStanding) -> JSONValue {
        .object(["tier": .string(s.tier.rawValue), "stars": s.stars.map { .integer(Int64($0)) } ?? .null])
    }

    static func movesJSON(_ moves: [Retiering.Move]) -> JSONValue {
        .array(
            moves.map {
                .object(["id": .string($0.id), "from": standingJSON($0.previous), "to": standingJSON($0.current)])
            })
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "as_of": .string(asOf.description), "customers": .integer(Int64(customers)),
            "scored": .integer(Int64(scored)), "unscored": .integer(Int64(unscored)),
            "suspended": suspended.json,
            "stars": .object(
                Dictionary(
                    uniqueKeysWithValues: (1...5).map { ("\($0)", JSONValue.integer(Int64(starCounts[$0 - 1]))) })),
            "growth_levels": .object([
                "silver": .integer(Int64(starCounts[2])), "gold": .integer(Int64(starCounts[3])),
                "diamond": .integer(Int64(starCounts[4])),
            ]),
            "mean_percentiles_by_stars": .object(
                Dictionary(
                    uniqueKeysWithValues: (1...5).map { stars in
                        (
                            "\(stars)",
                            JSONValue.object(
                                Dictionary(
                                    uniqueKeysWithValues: meanPercentiles[stars - 1].map {
                                        ($0.key.rawValue, JSONValue.number($0.value))
                                    }))
                        )
                    })),
            "run": .object(["id": .integer(recorded.id), "run_at": .string(recorded.runAt)]),
        ]
        if let previous, let retiering {
            object["retiering"] = .object([
                "previous_run": .object([
                    "id": .integer(previous.id), "as_of": .string(previous.asOf), "run_at": .string(previous.runAt),
                ]),
                "moved_up": .integer(Int64(retiering.movedUp.count)),
                "moved_down": .integer(Int64(retiering.movedDown.count)),
                "unchanged": .integer(Int64(retiering.unchanged)), "entered": .integer(Int64(retiering.entered.count)),
                "left": .integer(Int64(retiering.left.count)),
                "up": Self.movesJSON(Array(retiering.movedUp.prefix(limit))),
                "down": Self.movesJSON(Array(retiering.movedDown.prefix(limit))),
            ])
        } else {
            object["retiering"] = .null
        }
        return .object(object)
    }

    public var text: String {
        var out = "Star scores as of \(asOf): \(Readable.count(scored)) customers scored, "
        out += "\(Readable.count(unscored)) without orders (unscored)"
        out += suspended.count > 0 ? ", \(Readable.count(suspended.count)) suspended\n\n" : "\n\n"
        let header = ["stars", "level", "customers", "share"] + StarDimension.allCases.map(Self.label)
        var table = TextTable(header: header, rightAligned: Set(2..<header.count))
        for stars in (1...5).reversed() {
            table.add(
                [
                    String(repeating: "★", count: stars), GrowthLevel(stars: stars)?.rawValue ?? "",
                    Readable.count(starCounts[stars - 1]),
                    Readable.percent(Double(starCounts[stars - 1]) / Double(max(scored, 1))),
                ]
                    + StarDimension.allCases.map { dimension in
                        starCounts[stars - 1] == 0
                            ? "-" : Readable.decimal(meanPercentiles[stars - 1][dimension] ?? 0, places: 0)
                    })
        }
        out += table.render() + "\n(dimension columns: mean percentile 0-100 on this node)\n\n"
        if suspended.count > 0 { out += suspended.text + "\n\n" }
        guard let previous, let retiering else {
            return out + "re-tiering: first recorded run (\(recorded.runAt)); the next run will show who moved"
        }
        out += "re-tiering since the run of \(previous.runAt) (as of \(previous.asOf)): "
        out += "\(Readable.count(retiering.movedUp.count)) up, \(Readable.count(retiering.movedDown.count)) down, "
        out += "\(Readable.count(retiering.unchanged)) unchanged, \(Readable.count(retiering.entered.count)) new, "
        out += "\(Readable.count(retiering.left.count)) gone"
        let moves =
            retiering.movedUp.prefix(limit).map { ("up", $0) } + retiering.movedDown.prefix(limit).map { ("down", $0) }
        if !moves.isEmpty {
            var table = TextTable(header: ["move", "id", "from", "to"])
            for (direction, move) in moves {
                table.add([direction, move.id, Self.standing(move.previous), Self.standing(move.current)])
            }
            out += "\n\n" + table.render()
        }
        return out
    }
}
