import Analytics
import CRM
import Foundation
import Replica

/// Text and JSON of the campaign commands other than the report.
public enum CampaignView {
    /// A campaign's stored fields and its state on `day`.
    public static func fields(_ c: Campaign, on day: CalendarDay) -> [String: JSONValue] {
        func text(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
        return [
            "id": .string(c.id), "name": .string(c.name), "segment": .string(c.segment), "channel": text(c.channel),
            "starts_on": .string(c.startsOn.description), "ends_on": .string(c.endsOn.description),
            "holdout_pct": .number(c.holdoutPercent), "region": text(c.region), "goal": .string(c.goal.description),
            "attribution_days": .integer(Int64(c.attributionDays)), "created_at": .string(c.createdAt),
            "created_by": .string(c.createdBy), "launched_on": text(c.launchedOn?.description),
            "launched_at": text(c.launchedAt), "launched_by": text(c.launchedBy),
            "status": .string(c.state(on: day).rawValue),
        ]
    }

    public static func listJSON(
        _ list: [(campaign: Campaign, targets: Int, controls: Int, contacted: Int)], on day: CalendarDay
    ) -> JSONValue {
        .array(list.map { itemJSON($0, on: day) })
    }

    /// One campaign with its member and contact counts, as `show --json` prints it and `list --json` lists them.
    public static func itemJSON(
        _ item: (campaign: Campaign, targets: Int, controls: Int, contacted: Int), on day: CalendarDay
    ) -> JSONValue {
        var object = fields(item.campaign, on: day)
        object["targets"] = .integer(Int64(item.targets))
        object["controls"] = .integer(Int64(item.controls))
        object["contacted"] = .integer(Int64(item.contacted))
        return .object(object)
    }

    public static func listText(
        _ list: [(campaign: Campaign, targets: Int, controls: Int, contacted: Int)], on day: CalendarDay
    ) -> String {
        guard !list.isEmpty else { return "no campaigns (create one with `outpost campaign create`)" }
        var table = TextTable(
            header: [
                "id", "name", "status", "segment", "starts", "ends", "holdout", "targets", "controls", "contacted",
            ],
            rightAligned: [6, 7, 8, 9])
        for item in list {
            let c = item.campaign
            table.add([
                c.id, c.name, c.state(on: day).rawValue, c.segment, c.startsOn.description, c.endsOn.description,
                CampaignReport.number(c.holdoutPercent) + "%", Readable.count(item.targets),
                Readable.count(item.controls), Readable.count(item.contacted),
            ])
        }
        return table.render()
    }

    public static func showText(
        _ item: (campaign: Campaign, targets: Int, controls: Int, contacted: Int), on day: CalendarDay
    ) -> String {
        let c = item.campaign
        var lines = [
            "campaign \(c.id): \(c.name)", "status:    \(c.state(on: day).rawValue)",
            "segment:   \(c.segment)" + (c.region.map { " (region \($0))" } ?? ""),
            "dates:     \(c.startsOn) to \(c.endsOn), attribution \(c.attributionDays) days",
            "goal:      \(c.goal)", "holdout:   \(CampaignReport.number(c.holdoutPercent))%",
            "channel:   \(c.channel ?? "-")", "created:   \(c.createdAt) by \(c.createdBy)",
        ]
        if let launched = c.launchedOn {
            lines.append("launched:  as of \(launched) by \(c.launchedBy ?? "?") at \(c.launchedAt ?? "?")")
            lines.append(
                "members:   \(Readable.count(item.targets)) targets (\(Readable.count(item.contacted)) contacted), "
                    + "\(Readable.count(item.controls)) controls")
        }
        return lines.joined(separator: "\n")
    }

    public static func launchJSON(_ launch: CampaignLaunch) -> JSONValue {
        .object([
            "id": .string(launch.campaign.id), "as_of": .string(launch.campaign.launchedOn?.description ?? ""),
            "matched": .integer(Int64(launch.matched)), "targets": .integer(Int64(launch.targets)),
            "controls": .integer(Int64(launch.controls)), "without_consent": .integer(Int64(launch.withoutConsent)),
            "suspended": .integer(Int64(launch.suspended)),
        ])
    }

    public static func launchText(_ launch: CampaignLaunch) -> String {
        "launched \(launch.campaign.id) as of \(launch.campaign.launchedOn?.description ?? "?"): "
            + "\(Readable.count(launch.targets)) targets, \(Readable.count(launch.controls)) controls; "
            + "\(Readable.count(launch.withoutConsent)) of \(Readable.count(launch.matched)) matched customers left "
            + "out without marketing consent, \(Readable.count(launch.suspended)) suspended (compliance)"
    }

    public static func memberJSON(_ m: CampaignMember) -> JSONValue {
        func text(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
        return .object([
            "customer_id": .string(m.customerID), "name": .string(m.name), "region": .string(m.region),
            "group": .string(m.isControl ? "control" : "target"),
            "bucket": m.bucket.map { .integer(Int64($0)) } ?? .null,
            "contacted_at": text(m.contactedAt), "outcome": text(m.outcome), "note": text(m.note),
        ])
    }

    public static func membersText(_ members: [CampaignMember]) -> String {
        var table = TextTable(header: ["customer", "name", "region", "group", "bucket", "contacted", "outcome"])
        table.rightAligned = [4]
        for m in members {
            table.add([
                m.customerID, m.name, m.region, m.isControl ? "control" : "target", m.bucket.map(String.init) ?? "-",
                m.contactedAt ?? "-", m.outcome ?? "-",
            ])
        }
        return table.render() + "\n\(Readable.count(members.count)) members"
    }

    public static func importJSON(_ summary: ContactImportSummary) -> JSONValue {
        .object([
            "recorded": .integer(Int64(summary.recorded)),
            "rejected": .array(
                summary.rejected.map { .object(["line": .integer(Int64($0.line)), "reason": .string($0.reason)]) }),
        ])
    }

    public static func importText(_ summary: ContactImportSummary) -> String {
        var lines = ["recorded \(Readable.count(summary.recorded)) contacts"]
        if !summary.rejected.isEmpty {
            lines[0] += ", rejected \(summary.rejected.count) rows"
            lines += summary.rejected.map { "  line \($0.line): \($0.reason)" }
        }
        return lines.joined(separator: "\n")
    }
}
