import Analytics
import GRDB
import Replica

extension AnalyticsRun {
    /// The days whose purchases decide whether a customer "stopped" after a snapshot at the start of `day`, as
    /// `from ..< until`: the `days` days from `day` on, [D, D + days). The churn label, the back-test and
    /// `analytics tree --target churned:N` all use this one definition.
    public static func outcomePeriod(after day: CalendarDay, days: Int) -> (from: CalendarDay, until: CalendarDay) {
        (day, day.adding(days: days))
    }

    /// Ids of the customers with a purchase (amount > 0) in `from ..< until`.
    static func buyers(_ db: Database, from: CalendarDay, until: CalendarDay) throws -> Set<String> {
        var buyers = Set<String>()
        let cursor = try String.fetchCursor(
            db,
            sql: """
                SELECT DISTINCT customer_id FROM orders
                WHERE amount > 0 AND ordered_at >= ? AND ordered_at < ? AND customer_id IS NOT NULL
                """,
            arguments: [from.startTimestamp, until.startTimestamp])
        while let id = try cursor.next() { buyers.insert(id) }
        return buyers
    }

    /// Positions of the customers a churn warning or back-test covers: those with an order day in the window.
    public var churnPopulation: [Int] { (0..<features.count).filter { features.frequency[$0] > 0 } }

    /// Who of `population` made no purchase in the `days` days after `day`, read from `db`.
    static func stopped(
        _ features: CustomerFeatures, population: [Int], after day: CalendarDay, days: Int, db: Database
    ) throws -> [Bool] {
        let period = outcomePeriod(after: day, days: days)
        let buyers = try buyers(db, from: period.from, until: period.until)
        return population.map { !buyers.contains(features.ids[$0]) }
    }

    /// The past days the churn model of a run as of `asOf` trains on: `asOf − k·days` for k = 1, 2, … while
    /// k·days ≤ 365 (at least one, at most 12). Each day's outcome period ends by `asOf`, so training reads no
    /// order after the run's own snapshot.
    public static func churnTrainingDays(asOf: CalendarDay, horizonDays days: Int) -> [CalendarDay] {
        let count = min(12, max(1, 365 / days))
        return (1...count).map { asOf.adding(days: -$0 * days) }
    }

    /// BG/NBD P(alive) of every customer when the run uses it and the fit shows dropout (nil otherwise), and the
    /// fit's warning. A fit that cannot tell whether anyone drops out gives P(alive) ≡ 1: left out, and said so.
    func usableProbabilityAlive() -> (alive: [Double]?, fitWarning: BGNBDFitWarning?) {
        let purchases = usesProbabilityAlive ? purchaseModel() : nil
        let usable = purchases.map { $0.fitWarning?.dropoutUndetermined != true } ?? false
        return (usable ? purchases?.probabilityAlive(features) : nil, purchases?.fitWarning)
    }

    /// Fits the learned churn warning for `horizonDays` from this node's history before this run's day, then
    /// scores this run's customers. Snapshots with no customer to learn from are skipped. With
    /// ``usesProbabilityAlive``, BG/NBD is fitted at every training snapshot too, so the input `p_alive` means
    /// the same in training as in scoring (1 wherever the fit shows no dropout).
    public func learnedChurn(
        replica: Replica, horizonDays: Int, threshold: Double = 0.5, penalty: Double = 1, windowDays: Int = 365
    ) throws -> LearnedChurn {
        precondition(horizonDays >= 1)
        var snapshots: [ChurnModel.Snapshot] = []
        var used: [CalendarDay] = []
        for day in Self.churnTrainingDays(asOf: asOf, horizonDays: horizonDays) {
            var past = try AnalyticsRun.extract(from: replica, asOf: day, windowDays: windowDays)
            past.usesProbabilityAlive = usesProbabilityAlive
            let population = past.churnPopulation
            guard !population.isEmpty else { continue }
            let stopped = try replica.reader.read { db in
                try Self.stopped(past.features, population: population, after: day, days: horizonDays, db: db)
            }
            snapshots.append(
                ChurnModel.Snapshot(
                    features: past.features, population: population, stopped: stopped,
                    probabilityAlive: past.usableProbabilityAlive().alive))
            used.append(day)
        }
        let model = ChurnModel.fit(snapshots, penalty: penalty, policy: churnPolicy)
        let (alive, fitWarning) = usableProbabilityAlive()
        var probabilities = [Double?](repeating: nil, count: features.count)
        if let model {
            for i in churnPopulation {
                probabilities[i] = model.probability(
                    features, i, policy: churnPolicy, probabilityAlive: alive?[i] ?? 1)
            }
        }
        return LearnedChurn(
            horizonDays: horizonDays, threshold: threshold, trainingDays: used, model: model,
            probabilities: probabilities, probabilityAlive: alive, fitWarning: fitWarning)
    }
}
