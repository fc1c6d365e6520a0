import Analytics
import CRM
import Replica

/// `outpost analytics churn`: the learned warning (probability of no purchase in the next N days, flagged at a
/// threshold) with the seed rules as stated reasons, and optionally its back-test beside the recency and P(alive)
/// baselines at the same number flagged.
public struct LearnedChurnReport: Sendable {
    public var asOf: CalendarDay
    public var withOrders: Int
    public var population: Int
    public var learned: LearnedChurn
    public var flagged: Int
    public var reasonCounts: [ChurnReason: Int]
    public var listed: [Line]
    public var backtest: ChurnComparison?
    public var usesProbabilityAlive: Bool

    /// One flagged customer.
    public struct Line: Sendable {
        public var id: String
        public var region: String
        /// nil when the rules decided (no model).
        public var probability: Double?
        public var reasons: [ChurnReason]
        /// Model inputs that raise the probability most.
        public var drivers: [String]
        public var spend365: Double
        public var recency: Double
        public var orderDays90: Double
        public var orderDaysPrev90: Double
    }

    public static func run(
        _ run: AnalyticsRun, replica: Replica, horizonDays: Int, threshold: Double, limit: Int, backtest: Bool
    ) throws -> LearnedChurnReport {
        let learned = try run.learnedChurn(replica: replica, horizonDays: horizonDays, threshold: threshold)
        let f = run.features
        let flagged = learned.flagged(f, policy: run.churnPolicy)
        var counts: [ChurnReason: Int] = [:]
        var lines: [Line] = []
        for i in flagged {
            let reasons = learned.reasons(f, i, policy: run.churnPolicy)
            for reason in reasons { counts[reason, default: 0] += 1 }
            lines.append(
                Line(
                    id: f.ids[i], region: f.regions[i], probability: learned.probabilities[i], reasons: reasons,
                    drivers: learned.drivers(f, i, policy: run.churnPolicy), spend365: f.spend365[i],
                    recency: f.recencyDays[i], orderDays90: f.orderDays90[i], orderDaysPrev90: f.orderDaysPrev90[i]))
        }
        // Most at risk first; equal probabilities (or the rules) by spend, then id.
        lines.sort {
            ($0.probability ?? Double($0.reasons.count), $0.spend365, $1.id)
                > ($1.probability ?? Double($1.reasons.count), $1.spend365, $0.id)
        }
        return LearnedChurnReport(
            asOf: run.asOf, withOrders: run.customersWithOrders, population: run.churnPopulation.count,
            learned: learned, flagged: flagged.count, reasonCounts: counts, listed: Array(lines.prefix(max(limit, 0))),
            backtest: backtest
                ? try ChurnComparison(run: run, learned: learned, days: horizonDays, replica: replica) : nil,
            usesProbabilityAlive: learned.probabilityAlive != nil)
    }

    static func optional(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "as_of": .string(asOf.description), "customers_with_orders": .integer(Int64(withOrders)),
            "population": .integer(Int64(population)), "flagged": .integer(Int64(flagged)),
            "horizon_days": .integer(Int64(learned.horizonDays)), "threshold": .number(learned.threshold),
            "probability_alive_used": .bool(usesProbabilityAlive), "uses_rules": .bool(learned.usesRules),
            "fit_warning": learned.fitWarning.map { .string($0.message) } ?? .null,
            "training_days": .array(learned.trainingDays.map { .string($0.description) }),
            "reasons": .object(
                Dictionary(
                    uniqueKeysWithValues: ChurnReason.allCases.map {
                        ($0.rawValue, JSONValue.integer(Int64(reasonCounts[$0] ?? 0)))
                    })),
            "customers": .array(
                listed.map { line in
                    .object([
                        "id": .string(line.id), "region": .string(line.region),
                        "probability": Self.optional(line.probability),
                        "reasons": .array(line.reasons.map { .string($0.rawValue) }),
                        "drivers": .array(line.drivers.map { .string($0) }), "spend_365": .number(line.spend365),
                        "recency_days": .number(line.recency), "order_days_90": .number(line.orderDays90),
                        "order_days_prev_90": .number(line.orderDaysPrev90),
                    ])
                }),
        ]
        if let model = learned.model {
            let r = model.regression
            object["model"] = .object([
                "kind": .string("logistic regression, L2"), "penalty": .number(r.penalty),
                "examples": .integer(Int64(model.trainingExamples)),
                "examples_stopped": .integer(Int64(model.trainingStopped)),
                "iterations": .integer(Int64(r.iterations)), "converged": .bool(r.converged),
                "intercept": .number(r.intercept),
                "coefficients": .object(
                    Dictionary(
                        uniqueKeysWithValues: zip(ChurnModel.inputNames, r.coefficients).map { ($0, .number($1)) })),
            ])
        } else {
            object["model"] = .null
        }
        if let b = backtest { object["backtest"] = Self.json(b) }
        return .object(object)
    }

    static func json(_ b: ChurnComparison) -> JSONValue {
        .object([
            "days": .integer(Int64(b.days)), "population": .integer(Int64(b.population)),
            "flagged": .integer(Int64(b.outcome.truePositives + b.outcome.falsePositives)),
            "stopped": .integer(Int64(b.stopped)), "base_rate": optional(b.baseRate),
            "true_positives": .integer(Int64(b.outcome.truePositives)),
            "false_positives": .integer(Int64(b.outcome.falsePositives)),
            "false_negatives": .integer(Int64(b.outcome.falseNegatives)),
            "precision": optional(b.outcome.precision), "recall": optional(b.outcome.recall),
            "data_covers_period": .bool(b.dataCoversPeriod),
            "rankings": .array(
                b.rankings.map { r in
                    .object([
                        "name": .string(r.name), "flagged": .integer(Int64(r.flagged)),
                        "true_positives": .number(r.truePositives), "precision": optional(r.precision),
                        "recall": optional(r.recall), "lift": optional(r.lift),
                    ])
                }),
            "calibration": .array(
                b.calibration.map { bin in
                    .object([
                        "lower": .number(bin.lower), "upper": .number(bin.upper),
                        "customers": .integer(Int64(bin.customers)), "mean_predicted": optional(bin.meanPredicted),
                        "observed": optional(bin.observed),
                    ])
                }),
            "brier_score": optional(b.brierScore),
        ])
    }
}
