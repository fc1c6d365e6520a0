import Analytics
import CRM

/// `outpost analytics programme`: the star programme at the last quarter ends — customers per tier, the
/// programme's KPIs and the migration matrix into each quarter end — for all customers and, when asked, per
/// region.
public struct ProgrammeReport: Sendable {
    public var run: ProgrammeRun

    public init(_ run: ProgrammeRun) { self.run = run }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "as_of": .string(run.asOf.description),
            "thresholds": .object([
                "value": .number(run.thresholds.value), "potential": .number(run.thresholds.potential),
            ]),
            "quarters": Self.json(run.whole, suspended: run.suspended),
            "suspension_days": .integer(Int64(run.suspensionDays)),
        ]
        if !run.regions.isEmpty {
            object["regions"] = .object(
                Dictionary(
                    uniqueKeysWithValues: run.regions.map {
                        ($0.region, Self.json($0.programme, suspended: run.regionSuspended[$0.region] ?? []))
                    }))
        }
        return .object(object)
    }

    /// `suspended`: customers suspended at each quarter end (none when empty).
    static func json(_ programme: StarProgramme, suspended: [Int]) -> JSONValue {
        .array(
            programme.quarters.enumerated().map { q, quarter in
                let k = quarter.kpis
                return .object([
                    "quarter": .string(quarter.end.label),
                    "suspended": .integer(Int64(q < suspended.count ? suspended[q] : 0)),
                    "boundary": .string(CalendarDay(daysSinceEpoch: quarter.end.boundary).description),
                    "customers": .integer(Int64(quarter.customers)),
                    "tiers": .object(
                        Dictionary(
                            uniqueKeysWithValues: quarter.levels.map { level in
                                (
                                    level.tier.rawValue,
                                    JSONValue.object([
                                        "customers": .integer(Int64(level.customers)),
                                        "spend_365": .number(level.spend), "spend_share": .number(level.spendShare),
                                    ])
                                )
                            })),
                    "kpis": .object([
                        "potential_cohort": .integer(Int64(k.potentialCohort)),
                        "potential_to_value_4q": k.potentialToValue.map(JSONValue.number) ?? .null,
                        "value_at_start": .integer(Int64(k.valueAtStart)),
                        "value_retention": k.valueRetention.map(JSONValue.number) ?? .null,
                        "value_churn": k.valueChurn.map(JSONValue.number) ?? .null,
                        "new_value": .integer(Int64(k.newValue)), "lost_value": .integer(Int64(k.lostValue)),
                    ]),
                    "migration": migrationJSON(quarter.migration),
                ])
            })
    }

    static func migrationJSON(_ migration: ProgrammeMigration) -> JSONValue {
        .object([
            "from": .string(migration.from), "to": .string(migration.to),
            "counts": .object(
                Dictionary(
                    uniqueKeysWithValues: ProgrammeMigration.rows.map { row in
                        (
                            row.rawValue,
                            JSONValue.object(
                                Dictionary(
                                    uniqueKeysWithValues: ProgrammeMigration.columns.map {
                                        ($0.rawValue, JSONValue.integer(Int64(migration.count(row, $0))))
                                    }))
                        )
                    })),
        ])
    }

    public var text: String {
        var out = "Star programme as of \(run.asOf): tiers at the last \(run.whole.quarters.count) quarter ends, "
        out += "by spend over the 365 days before each (value ≥ \(Readable.amount(run.thresholds.value)), "
        out += "potential ≥ \(Readable.amount(run.thresholds.potential)) CNY)\n"
        out += "\n" + Self.text(run.whole, suspended: run.suspended)
        for (region, programme) in run.regions {
            out += "\n\nregion \(region)\n" + Self.text(programme, suspended: run.regionSuspended[region] ?? [])
        }
        out += "\n\nsuspended: customers with a compliance violation in the \(run.suspensionDays) days before the "
        out += "quarter end (counted in their tier too)"
        return out
    }

    static func text(_ programme: StarProgramme, suspended: [Int]) -> String {
        func share(_ value: Double?) -> String { value.map(Readable.percent) ?? "-" }
        var tiers = TextTable(
            header: [
                "quarter", "value", "potential", "basic", "value spend", "potential→value 4q", "value kept",
                "value churn", "new value", "lost value", "suspended",
            ], rightAligned: Set(1...10))
        for (q, quarter) in programme.quarters.enumerated() {
            let k = quarter.kpis
            tiers.add([
                quarter.end.label, Readable.count(quarter.level(.value).customers),
                Readable.count(quarter.level(.potential).customers), Readable.count(quarter.level(.basic).customers),
                Readable.percent(quarter.level(.value).spendShare), share(k.potentialToValue),
                share(k.valueRetention), share(k.valueChurn), Readable.count(k.newValue), Readable.count(k.lostValue),
                Readable.count(q < suspended.count ? suspended[q] : 0),
            ])
        }
        var out = tiers.render()
        for quarter in programme.quarters {
            let migration = quarter.migration
            var matrix = TextTable(
                header: ["\(migration.from) → \(migration.to)"] + ProgrammeMigration.columns.map(\.rawValue),
                rightAligned: Set(1...ProgrammeMigration.columns.count))
            for row in ProgrammeMigration.rows {
                matrix.add(
                    [row.rawValue]
                        + ProgrammeMigration.columns.map { column in
                            let count = migration.count(row, column)
                            guard count > 0, let share = migration.share(row, column) else { return "0" }
                            return "\(Readable.count(count)) (\(Readable.percent(share)))"
                        })
            }
            out += "\n\n" + matrix.render()
        }
        return out
    }
}
