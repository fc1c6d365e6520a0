import Analytics
import CRM

/// The customers an analytics run leaves out of the star programme because of a compliance violation: counted,
/// and the first of them listed with the violation that suspends each (`analytics tiers` and `stars`).
public struct SuspensionSummary: Sendable {
    public var suspensionDays: Int
    public var count: Int
    /// At most the limit, newest violation first (ties by id): (id, region, violation).
    public var listed: [(id: String, region: String, violation: ComplianceViolation)]

    public init(_ run: AnalyticsRun, limit: Int) {
        let suspended = run.compliance.suspended
        let f = run.features
        suspensionDays = run.compliance.suspensionDays
        count = suspended.count
        listed = suspended.sorted { ($1.value.at, f.ids[$0.key]) < ($0.value.at, f.ids[$1.key]) }
            .prefix(max(limit, 0)).map { (f.ids[$0.key], f.regions[$0.key], $0.value) }
    }

    public var json: JSONValue {
        .object([
            "suspension_days": .integer(Int64(suspensionDays)), "customers": .integer(Int64(count)),
            "listed": .array(
                listed.map {
                    .object([
                        "id": .string($0.id), "region": .string($0.region),
                        "violation": .object([
                            "kind": .string($0.violation.kind), "at": .string($0.violation.at.description),
                            "note": $0.violation.note.map(JSONValue.string) ?? .null,
                        ]),
                    ])
                }),
        ])
    }

    /// Empty when nobody is suspended.
    public var text: String {
        guard count > 0 else { return "" }
        var out = "suspended (compliance violation in the \(suspensionDays) days before the as-of day): "
        out += "\(Readable.count(count)) customers, not tiered or scored"
        var table = TextTable(header: ["id", "region", "violation", "on"])
        for row in listed { table.add([row.id, row.region, row.violation.kind, row.violation.at.description]) }
        return out + (listed.isEmpty ? "" : "\n" + table.render())
    }
}
