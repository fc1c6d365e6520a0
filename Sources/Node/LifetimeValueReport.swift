import Analytics
import CRM

/// `outpost analytics clv`: fitted BG/NBD and Gamma-Gamma parameters with log-likelihoods, totals, and the most
/// valuable customers.
public struct LifetimeValueReport: Sendable {
    public var asOf: CalendarDay
    public var unit: TimeUnit
    public var horizon: CLVHorizon
    /// Nil when no customer has a repeat purchase (nothing to fit).
    public var fit: LifetimeValues?
    public var top: [CustomerLifetimeValue]
    public var regions: [String: String]
    /// Customers with order rows but no purchase (every amount ≤ 0): left out of the fits and of CLV.
    public var withoutPurchases: Int

    public init(_ run: AnalyticsRun, unit: TimeUnit, horizon: CLVHorizon, limit: Int, withoutPurchases: Int = 0) {
        asOf = run.asOf
        self.unit = unit
        self.horizon = horizon
        self.withoutPurchases = withoutPurchases
        fit = run.lifetimeValues(unit: unit, horizon: horizon)
        top = Array((fit?.values ?? []).sorted { ($0.value, $1.id) > ($1.value, $0.id) }.prefix(max(limit, 0)))
        regions = Dictionary(uniqueKeysWithValues: top.map { ($0.id, run.features.regions[$0.index]) })
    }

    var total: Double { fit?.values.reduce(0) { $0 + ($1.value.isFinite ? $1.value : 0) } ?? 0 }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "as_of": .string(asOf.description), "unit": .string(unit.rawValue),
            "horizon": .object([
                "periods": .integer(Int64(horizon.periods)), "period_days": .number(horizon.periodDays),
                "discount_rate": .number(horizon.discountRate),
            ]),
            "left_out_without_purchases": .integer(Int64(withoutPurchases)),
        ]
        guard let fit else {
            object["error"] = .string("no customer with a repeat purchase: nothing to fit")
            return .object(object)
        }
        let p = fit.purchases
        let g = fit.spend
        object["bgnbd"] = .object([
            "r": .number(p.r), "alpha": .number(p.alpha), "a": .number(p.a), "b": .number(p.b),
            "log_likelihood": .number(p.logLikelihood),
            "fit_warning": p.fitWarning.map { .string($0.message) } ?? .null,
        ])
        object["gamma_gamma"] = .object([
            "p": .number(g.p), "q": .number(g.q), "gamma": .number(g.gamma), "log_likelihood": .number(g.logLikelihood),
        ])
        object["customers"] = .integer(Int64(fit.values.count))
        object["total_clv"] = .number(total)
        object["top"] = .array(
            top.map { v in
                .object([
                    "id": .string(v.id), "region": .string(regions[v.id] ?? ""),
                    "probability_alive": .number(v.probabilityAlive),
                    "expected_purchases": .number(v.expectedPurchases),
                    "expected_spend": .number(v.expectedSpend), "clv": .number(v.value),
                ])
            })
        return .object(object)
    }

    public var text: String {
        var out =
            "CLV as of \(asOf): \(horizon.periods) periods of \(Readable.decimal(horizon.periodDays, places: 0)) days, "
        out += "discount \(Readable.percent(horizon.discountRate)) per period, model unit \(unit.rawValue)\n"
        if withoutPurchases > 0 {
            out += "\(Readable.count(withoutPurchases)) customers with order rows but no purchase (every amount ≤ 0) "
            out += "left out\n"
        }
        guard let fit else { return out + "no customer with a repeat purchase: nothing to fit" }
        let p = fit.purchases
        let g = fit.spend
        var models = TextTable(header: ["model", "parameters", "log-likelihood"], rightAligned: [2])
        models.add([
            "BG/NBD",
            "r \(Self.short(p.r)), alpha \(Self.short(p.alpha)), a \(Self.short(p.a)), b \(Self.short(p.b))",
            Readable.decimal(p.logLikelihood, places: 1),
        ])
        models.add([
            "Gamma-Gamma", "p \(Self.short(g.p)), q \(Self.short(g.q)), gamma \(Self.short(g.gamma))",
            Readable.decimal(g.logLikelihood, places: 1),
        ])
        out += "\n" + models.render() + "\n\n"
        if let warning = p.fitWarning { out += "warning: \(warning.message)\n\n" }
        out += "\(Readable.count(fit.values.count)) customers, total CLV \(Readable.amount(total)) CNY, "
        out += "mean \(Readable.amount(total / Double(max(fit.values.count, 1)))) CNY\n"
        if !top.isEmpty {
            var table = TextTable(
                header: ["id", "region", "P(alive)", "purchases", "spend/purchase", "CLV (CNY)"],
                rightAligned: [2, 3, 4, 5])
            for v in top {
                table.add([
                    v.id, regions[v.id] ?? "", Readable.percent(v.probabilityAlive),
                    Readable.decimal(v.expectedPurchases, places: 1), Readable.amount(v.expectedSpend),
                    Readable.amount(v.value),
                ])
            }
            out += "\ntop \(top.count) by CLV\n" + table.render()
        }
        return out
    }

    /// Four significant digits: parameters span orders of magnitude.
    static func short(_ value: Double) -> String { String(format: "%.4g", value) }
}
