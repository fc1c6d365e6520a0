import Analytics
import CRM
import Foundation
import Replica

/// `outpost campaign report`: the uplift of a launched campaign, pooled and per region, from replicated orders.
/// Every node holding the same rows prints the same report (nothing in it depends on the node).
public struct CampaignReport: Sendable {
    public var campaign: Campaign
    public var asOf: CalendarDay
    public var pooled: UpliftAnalysis
    /// Per region, in name order (empty unless asked for).
    public var regions: [(region: String, analysis: UpliftAnalysis)]

    public init(campaign id: String, in replica: Replica, asOf: CalendarDay, byRegion: Bool) throws {
        let book = CampaignBook(replica: replica)
        campaign = try book.existing(id)
        self.asOf = asOf
        let outcomes = try book.outcomes(id, asOf: asOf)
        let share = campaign.holdoutPercent / 100
        pooled = UpliftAnalysis(outcomes.map(\.outcome), controlShare: share)
        regions = []
        if byRegion {
            let grouped = Dictionary(grouping: outcomes, by: \.region)
            regions = grouped.keys.sorted().map {
                ($0, UpliftAnalysis(grouped[$0]!.map(\.outcome), controlShare: share))
            }
        }
    }

    // MARK: - JSON

    public var json: JSONValue {
        var fields = CampaignView.fields(campaign, on: asOf)
        fields["as_of"] = .string(asOf.description)
        fields["pooled"] = .object(Self.fields(pooled))
        fields["regions"] = .array(
            regions.map { item in
                var object = Self.fields(item.analysis)
                object["region"] = .string(item.region)
                return .object(object)
            })
        return .object(fields)
    }

    static func fields(_ a: UpliftAnalysis) -> [String: JSONValue] {
        func number(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
        func interval(_ value: UpliftStatistics.Interval?) -> JSONValue {
            value.map { .array([.number($0.lower), .number($0.upper)]) } ?? .null
        }
        return [
            "targets": .integer(Int64(a.targets)), "controls": .integer(Int64(a.controls)),
            "contacted_targets": .integer(Int64(a.contactedTargets)), "contacted_share": number(a.contactedShare),
            "target_conversions": .integer(Int64(a.targetConversions)),
            "control_conversions": .integer(Int64(a.controlConversions)),
            "target_rate": number(a.targetRate), "control_rate": number(a.controlRate),
            "lift": number(a.lift), "lift_ci95": interval(a.liftInterval), "relative_uplift": number(a.relativeUplift),
            "z": number(a.z), "p_value": number(a.pValue), "incremental_conversions": number(a.incrementalConversions),
            "target_revenue": .number(a.targetRevenue), "control_revenue": .number(a.controlRevenue),
            "revenue_per_member_lift": number(a.revenuePerMemberLift),
            "revenue_per_member_lift_ci95": interval(a.revenuePerMemberInterval),
            "incremental_revenue": number(a.incrementalRevenue), "cuped_lift": number(a.cupedLift),
            "cuped_lift_ci95": interval(a.cupedLiftInterval), "cuped_theta": number(a.cupedTheta),
            "srm_chi_square": .number(a.srmChiSquare), "srm_p": .number(a.srmP),
            "mde_80": number(a.minimumDetectableEffect), "verdict": .string(a.verdict.rawValue),
        ]
    }

    // MARK: - Text

    public var text: String {
        let c = campaign
        var out = "Campaign \(c.id) \"\(c.name)\": segment \(c.segment), goal \(c.goal), holdout "
        out += "\(Self.number(c.holdoutPercent))%" + (c.region.map { ", region \($0)" } ?? "") + "\n"
        if let window = c.conversionWindow, let launched = c.launchedOn {
            out += "Launched as of \(launched) by \(c.launchedBy ?? "?"); conversions \(window.lowerBound) to "
            out += "\(window.upperBound) (ends \(c.endsOn) + \(c.attributionDays) days); report as of \(asOf)"
            out += asOf < window.upperBound ? " (window still open)\n\n" : "\n\n"
        }
        var table = TextTable(
            header: [
                "region", "targets", "controls", "contacted", "conv target", "conv control", "lift (95% CI)",
                "p", "MDE 80%", "SRM p", "verdict",
            ], rightAligned: [1, 2, 3, 4, 5, 7, 8, 9])
        for (name, analysis) in regions { table.add(Self.row(name, analysis)) }
        table.add(Self.row(regions.isEmpty ? "all" : "all (pooled)", pooled))
        out += table.render() + "\n\n"
        let p = pooled
        out += "Pooled: relative uplift \(p.relativeUplift.map(Self.signedPercent) ?? "-")"
        out += ", incremental conversions \(p.incrementalConversions.map { Readable.decimal($0, places: 1) } ?? "-")\n"
        out += "Revenue per member: \(Self.signed(p.revenuePerMemberLift)) CNY "
        out += "\(Self.interval(p.revenuePerMemberInterval, Self.signed)) (Welch), incremental revenue "
        out += "\(p.incrementalRevenue.map(Readable.amount) ?? "-") CNY\n"
        out += "CUPED lift (90-day pre-launch spend): \(p.cupedLift.map(Self.points) ?? "-") "
        out += "\(Self.interval(p.cupedLiftInterval, Self.points)) beside raw \(p.lift.map(Self.points) ?? "-")\n"
        out += "SRM: χ² \(Readable.decimal(p.srmChiSquare, places: 2)), p \(Self.pValue(p.srmP)) "
        out += p.srmP < UpliftPolicy().srmAlpha ? "(assignment broken)\n" : "(split as configured)\n"
        out += "Verdict: \(p.verdict.rawValue)"
        if p.verdict == .notEnoughData, let mde = p.minimumDetectableEffect {
            out += " (the smallest effect this sample detects with 80% power is \(Self.magnitude(mde)))"
        }
        return out
    }

    static func row(_ name: String, _ a: UpliftAnalysis) -> [String] {
        [
            name, Readable.count(a.targets), Readable.count(a.controls), a.contactedShare.map(Readable.percent) ?? "-",
            a.targetRate.map(Readable.percent) ?? "-", a.controlRate.map(Readable.percent) ?? "-",
            (a.lift.map(points) ?? "-") + " " + interval(a.liftInterval, points), a.pValue.map(pValue) ?? "-",
            a.minimumDetectableEffect.map(magnitude) ?? "-", pValue(a.srmP), a.verdict.rawValue,
        ]
    }

    /// A difference of proportions in percentage points: `+2.1 pp`.
    static func points(_ value: Double) -> String { String(format: "%+.1f pp", value * 100) }

    /// A size in percentage points, unsigned: `2.1 pp`.
    static func magnitude(_ value: Double) -> String { String(format: "%.1f pp", value * 100) }

    static func signedPercent(_ value: Double) -> String { String(format: "%+.1f%%", value * 100) }

    static func signed(_ value: Double?) -> String {
        guard let value else { return "-" }
        return (value >= 0 ? "+" : "") + Readable.decimal(value, places: 1)
    }

    static func signed(_ value: Double) -> String { signed(Optional(value)) }

    static func interval(_ value: UpliftStatistics.Interval?, _ format: (Double) -> String) -> String {
        guard let value else { return "" }
        return "[\(format(value.lower)), \(format(value.upper))]"
    }

    static func pValue(_ p: Double) -> String { p < 0.0001 ? "<0.0001" : String(format: "%.4f", p) }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
