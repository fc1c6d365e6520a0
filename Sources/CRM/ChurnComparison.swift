import Analytics
import GRDB
import Replica

/// The churn warning's back-test beside two baselines at the same number flagged: ranking by recency (longest
/// since the last order first) and by BG/NBD P(alive) (lowest first), with precision, recall and lift, plus a
/// reliability table of the warning's probabilities.
public struct ChurnComparison: Sendable {
    /// Length of the period after the as-of day.
    public var days: Int
    /// Customers with an order day in the feature window at the as-of day.
    public var population: Int
    /// Of the population, no purchase in the period.
    public var stopped: Int
    /// `warning`, `recency`, and `p_alive` when the run fitted BG/NBD; each flags as many as the warning.
    public var rankings: [RankedFlagging]
    /// The warning's flags against the outcome (exact counts).
    public var outcome: ChurnBacktest
    /// Reliability of the warning's probabilities (empty when the rules decided).
    public var calibration: [CalibrationBin]
    public var brierScore: Double?
    /// False when the replica's newest order is before the period's last day, so "stopped" may only mean
    /// "not imported yet".
    public var dataCoversPeriod: Bool

    /// stopped / population; nil for an empty population.
    public var baseRate: Double? { population > 0 ? Double(stopped) / Double(population) : nil }

    /// Back-tests `learned` (computed by `run`) against the orders `replica` holds after the run's day.
    public init(run: AnalyticsRun, learned: LearnedChurn, days: Int, replica: Replica) throws {
        precondition(days >= 1)
        let f = run.features
        let population = run.churnPopulation
        let period = AnalyticsRun.outcomePeriod(after: run.asOf, days: days)
        let (stopped, lastOrder) = try replica.reader.read { db in
            (
                try AnalyticsRun.stopped(f, population: population, after: run.asOf, days: days, db: db),
                try String.fetchOne(db, sql: "SELECT MAX(ordered_at) FROM orders")
            )
        }
        let flaggedSet = Set(learned.flagged(f, policy: run.churnPolicy))
        let k = flaggedSet.count
        // The warning's own flags as a 0/1 score, so ties never arise inside the flagged set.
        let flagScores = population.map { flaggedSet.contains($0) ? 1.0 : 0.0 }
        var rankings = [
            RankedFlagging(name: "warning", scores: flagScores, stopped: stopped, count: k),
            RankedFlagging(
                name: "recency", scores: population.map { f.recencyDays[$0] }, stopped: stopped, count: k),
        ]
        if let alive = learned.probabilityAlive {
            rankings.append(
                RankedFlagging(name: "p_alive", scores: population.map { -alive[$0] }, stopped: stopped, count: k))
        }
        self.days = days
        self.population = population.count
        self.stopped = stopped.filter { $0 }.count
        self.rankings = rankings
        let stoppedIDs = Set(zip(population, stopped).filter(\.1).map { f.ids[$0.0] })
        outcome = ChurnBacktest(flagged: Set(flaggedSet.map { f.ids[$0] }), stopped: stoppedIDs)
        if learned.usesRules {
            calibration = []
            brierScore = nil
        } else {
            let p = population.map { learned.probabilities[$0] ?? 0 }
            calibration = CalibrationBin.table(probabilities: p, outcomes: stopped)
            brierScore = CalibrationBin.brierScore(probabilities: p, outcomes: stopped)
        }
        let observedThrough = lastOrder.flatMap { CalendarDay(String($0.prefix(10))) }
        dataCoversPeriod = observedThrough.map { $0 >= period.until.adding(days: -1) } ?? false
    }
}
