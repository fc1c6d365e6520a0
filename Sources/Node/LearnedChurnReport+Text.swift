import Analytics
import CRM

extension LearnedChurnReport {
    public var text: String {
        let percent = { (v: Double?) in v.map(Readable.percent) ?? "n/a" }
        let horizon = learned.horizonDays
        var out = "Churn warning as of \(asOf): \(Readable.count(flagged)) of \(Readable.count(population)) "
        out += "customers with an order in the window flagged"
        if let model = learned.model {
            out += " (P(no purchase in the next \(horizon) days) ≥ \(Readable.decimal(learned.threshold)))"
            let days = learned.trainingDays
            out += "\nmodel: logistic regression (L2, λ = \(Readable.decimal(model.regression.penalty))) trained on "
            out += "\(days.count) past snapshot\(days.count == 1 ? "" : "s")"
            if let first = days.last, let last = days.first { out += " (\(first) … \(last))" }
            out += ", \(Readable.count(model.trainingExamples)) examples, "
            out += "\(percent(Double(model.trainingStopped) / Double(model.trainingExamples))) stopped"
        } else {
            out += " by the rules: the history holds no past snapshot to learn from"
        }
        if let warning = learned.fitWarning {
            out += usesProbabilityAlive ? "\n\(warning.message)" : "\nBG/NBD P(alive) not used: \(warning.message)"
        } else if !usesProbabilityAlive {
            out += "\n(BG/NBD P(alive) not used)"
        }
        var reasons = TextTable(header: ["stated reason (flagged customers)", "customers"], rightAligned: [1])
        for reason in ChurnReason.allCases {
            reasons.add([reason.rawValue, Readable.count(reasonCounts[reason] ?? 0)])
        }
        out += "\n\n" + reasons.render()
        if let b = backtest { out += "\n\n" + Self.text(b) }
        if !listed.isEmpty {
            var table = TextTable(
                header: [
                    "id", "region", "P(stop)", "spend 365 d", "recency", "days 90", "prev 90", "reasons", "drivers",
                ],
                rightAligned: [2, 3, 4, 5, 6])
            for line in listed {
                table.add([
                    line.id, line.region, line.probability.map { Readable.decimal($0, places: 3) } ?? "-",
                    Readable.amount(line.spend365), Readable.decimal(line.recency, places: 0),
                    Readable.decimal(line.orderDays90, places: 0), Readable.decimal(line.orderDaysPrev90, places: 0),
                    line.reasons.map(\.rawValue).joined(separator: ", "), line.drivers.joined(separator: ", "),
                ])
            }
            out += "\n\n\(listed.count) of \(Readable.count(flagged)) flagged, most at risk first\n"
            out += table.render()
        }
        return out
    }

    static func text(_ b: ChurnComparison) -> String {
        let percent = { (v: Double?) in v.map(Readable.percent) ?? "n/a" }
        var out = "back-test, next \(b.days) days: \(Readable.count(b.stopped)) of \(Readable.count(b.population)) "
        out += "customers stopped buying (base rate \(percent(b.baseRate))); each ranking flags as many as the warning"
        var table = TextTable(
            header: ["ranking", "flagged", "caught", "precision", "recall", "lift"], rightAligned: [1, 2, 3, 4, 5])
        let labels = ["warning": "warning", "recency": "recency rank", "p_alive": "P(alive) rank"]
        for r in b.rankings {
            table.add([
                labels[r.name] ?? r.name, Readable.count(r.flagged), Readable.decimal(r.truePositives, places: 1),
                percent(r.precision), percent(r.recall), r.lift.map { Readable.decimal($0) } ?? "n/a",
            ])
        }
        out += "\n" + table.render()
        if !b.calibration.isEmpty {
            var bins = TextTable(
                header: ["P(stop)", "customers", "mean predicted", "observed"], rightAligned: [1, 2, 3])
            for bin in b.calibration where bin.customers > 0 {
                bins.add([
                    "\(Readable.decimal(bin.lower, places: 1))–\(Readable.decimal(bin.upper, places: 1))",
                    Readable.count(bin.customers), percent(bin.meanPredicted), percent(bin.observed),
                ])
            }
            out += "\ncalibration (Brier score \(b.brierScore.map { Readable.decimal($0, places: 3) } ?? "n/a")):\n"
            out += bins.render()
        }
        if !b.dataCoversPeriod { out += "\nwarning: the replica has no orders through the end of that period" }
        return out
    }
}
