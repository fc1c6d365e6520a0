import Analytics
import Foundation
import GRDB
import Replica

/// Campaigns and their members, written through the replica so every change is captured and replicated: a draft
/// is created anywhere, launched once (by headquarters or the creating node) into member rows with their
/// deterministic holdout group, and contacts are recorded on any node, offline, as cell edits of member rows.
///
/// ```swift
/// let book = CampaignBook(replica: replica)
/// let draft = try book.create(name: "Spring", segment: "east-vip", holdoutPercent: 10,
///                             startsOn: CalendarDay("2026-03-01")!, endsOn: CalendarDay("2026-03-31")!)
/// let launch = try book.launch(draft.id, asOf: CalendarDay("2026-03-01")!)
/// ```
public struct CampaignBook {
    public let replica: Replica

    public init(replica: Replica) { self.replica = replica }

    /// Longest contact note, in UTF-8 bytes.
    public static let maxNoteBytes = CRMVocabulary.maxDescriptionBytes

    /// Saves a draft campaign and returns it (its id is new and random).
    @discardableResult
    public func create(
        name: String, segment: String, holdoutPercent: Double, startsOn: CalendarDay, endsOn: CalendarDay,
        region: String? = nil, goal: CampaignGoal = .anyOrder, attributionDays: Int = 30, channel: String? = nil,
        id: String? = nil
    ) throws -> Campaign {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(trimmed.count) else { throw CampaignError.invalidName(name) }
        guard try SegmentBook(replica: replica).definition(named: segment) != nil else {
            throw CampaignError.unknownSegment(segment)
        }
        guard startsOn <= endsOn else {
            throw CampaignError.datesOutOfOrder(starts: startsOn.description, ends: endsOn.description)
        }
        guard holdoutPercent.isFinite, (1...50).contains(holdoutPercent) else {
            throw CampaignError.holdoutOutOfRange(holdoutPercent)
        }
        guard (0...365).contains(attributionDays) else { throw CampaignError.invalidAttributionDays(attributionDays) }
        if let channel, !CRMVocabulary.campaignChannels.contains(channel) {
            throw CampaignError.invalidChannel(channel)
        }
        if let id {
            // The id is hashed into every bucket and typed in commands: keep it plain, like a segment name.
            do {
                _ = try SegmentBook.checkedName(id)
            } catch {
                throw CampaignError.invalidID(id)
            }
            guard try campaign(id) == nil else { throw CampaignError.duplicateID(id) }
        }
        let id = id ?? "cmp-" + UUID().uuidString.lowercased().prefix(8)
        var values: [String: DatabaseValue] = [
            "name": trimmed.databaseValue, "segment": segment.databaseValue,
            "starts_on": startsOn.description.databaseValue, "ends_on": endsOn.description.databaseValue,
            "holdout_pct": holdoutPercent.databaseValue, "status": "draft".databaseValue,
            "goal": goal.description.databaseValue, "attribution_days": attributionDays.databaseValue,
            "created_by": replica.identity.name.databaseValue,
        ]
        if let region, !region.isEmpty { values["region"] = region.databaseValue }
        if let channel { values["channel"] = channel.databaseValue }
        try replica.write { try $0.insert(.campaigns, key: [id], values: values) }
        guard let saved = try campaign(id) else { throw CampaignError.unknownCampaign(id) }
        return saved
    }

    /// The campaign with `id`, or nil.
    public func campaign(_ id: String) throws -> Campaign? {
        try replica.reader.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM campaigns WHERE id = ?", arguments: [id]).flatMap(Campaign.init)
        }
    }

    /// The campaign with `id`, or an error naming it.
    public func existing(_ id: String) throws -> Campaign {
        guard let found = try campaign(id) else { throw CampaignError.unknownCampaign(id) }
        return found
    }

    /// Every campaign, newest first, with its member counts (targets, controls, contacted targets).
    public func list() throws -> [(campaign: Campaign, targets: Int, controls: Int, contacted: Int)] {
        try replica.reader.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT c.*,
                        (SELECT COUNT(*) FROM campaign_members m WHERE m.campaign_id = c.id
                            AND m.member_group = 'target') AS n_target,
                        (SELECT COUNT(*) FROM campaign_members m WHERE m.campaign_id = c.id
                            AND m.member_group = 'control') AS n_control,
                        (SELECT COUNT(*) FROM campaign_members m WHERE m.campaign_id = c.id
                            AND m.member_group = 'target' AND m.contacted_at IS NOT NULL) AS n_contacted
                    FROM campaigns c ORDER BY c.created_at DESC, c.id
                    """
            ).compactMap { row in
                Campaign(row: row).map { ($0, row["n_target"], row["n_control"], row["n_contacted"]) }
            }
        }
    }

    /// Freezes the audience: the campaign's segment evaluated on this replica as of `asOf`, limited to its
    /// region, without customers suspended from the star programme (``ComplianceGate``, `suspensionDays` back) or
    /// lacking marketing consent, written as member rows with bucket and group.
    public func launch(
        _ id: String, asOf: CalendarDay, suspensionDays: Int = ComplianceGate.defaultSuspensionDays
    ) throws -> CampaignLaunch {
        let campaign = try existing(id)
        if let launchedOn = campaign.launchedOn {
            throw CampaignError.alreadyLaunched(id: id, on: launchedOn.description)
        }
        let identity = replica.identity
        guard identity.role == .hq || identity.name == campaign.createdBy else {
            throw CampaignError.notAllowedToLaunch(node: identity.name, creator: campaign.createdBy)
        }
        guard let segment = try SegmentBook(replica: replica).definition(named: campaign.segment) else {
            throw CampaignError.unknownSegment(campaign.segment)
        }
        let rule = try SegmentBook.rule(segment.expression)
        var analytics = try AnalyticsRun.extract(from: replica, asOf: asOf)
        analytics.compliance.suspensionDays = suspensionDays
        let matched = try rule.matchingIDs(analytics.features, context: analytics.ruleContext(for: [rule]))
        let suspended = Set(analytics.compliance.suspended.keys.map { analytics.features.ids[$0] })
        return try replica.write { writer in
            // Re-checked inside the write: a second launch racing this one on the same node is refused.
            if let status = try writer.read({
                try String.fetchOne($0, sql: "SELECT status FROM campaigns WHERE id = ?", arguments: [id])
            }), status == "launched" {
                throw CampaignError.alreadyLaunched(id: id, on: asOf.description)
            }
            let rows = try writer.read { db in
                let lookup = try db.makeStatement(sql: "SELECT region, marketing_consent FROM customers WHERE id = ?")
                return try matched.map { try Row.fetchOne(lookup, arguments: [$0]) }
            }
            var launch = CampaignLaunch(campaign: campaign, matched: 0, targets: 0, controls: 0, withoutConsent: 0)
            let now = writer.nowISO()
            for (customer, row) in zip(matched, rows) {
                guard let row else { continue }
                if let region = campaign.region, row["region"] != region { continue }
                launch.matched += 1
                if suspended.contains(customer) {
                    launch.suspended += 1
                    continue
                }
                guard (row["marketing_consent"] as Int?) == 1 else {
                    launch.withoutConsent += 1
                    continue
                }
                let bucket = CampaignBucket.bucket(campaign: id, customer: customer)
                let control = CampaignBucket.isControl(bucket: bucket, holdoutPercent: campaign.holdoutPercent)
                if control { launch.controls += 1 } else { launch.targets += 1 }
                _ = try writer.upsert(
                    .campaignMembers, key: [id, customer],
                    values: [
                        "member_group": (control ? "control" : "target").databaseValue,
                        "bucket": bucket.databaseValue, "assigned_at": now.databaseValue,
                    ])
            }
            try writer.update(
                .campaigns, key: [id],
                values: [
                    "status": "launched".databaseValue, "launched_on": asOf.description.databaseValue,
                    "launched_at": now.databaseValue, "launched_by": identity.name.databaseValue,
                ])
            launch.campaign.launchedOn = asOf
            launch.campaign.launchedAt = now
            launch.campaign.launchedBy = identity.name
            return launch
        }
    }

    /// Members whose stored group or bucket disagrees with the one re-derived from the ids and the holdout.
    public func verify(_ id: String) throws -> (checked: Int, mismatches: [CampaignMember]) {
        let campaign = try existing(id)
        let all = try members(id)
        let wrong = all.filter { member in
            let bucket = CampaignBucket.bucket(campaign: id, customer: member.customerID)
            return member.bucket != bucket
                || member.isControl != CampaignBucket.isControl(bucket: bucket, holdoutPercent: campaign.holdoutPercent)
        }
        return (all.count, wrong)
    }

    /// Members in customer-id order; only one group when `controls` is given; only `region`'s when given.
    public func members(_ id: String, controls: Bool? = nil, region: String? = nil) throws -> [CampaignMember] {
        _ = try existing(id)
        return try replica.reader.read { db in
            var sql = """
                SELECT m.customer_id, c.name, c.region, c.phone, m.member_group, m.bucket, m.contacted_at, m.outcome,
                    m.note
                FROM campaign_members m LEFT JOIN customers c ON c.id = m.customer_id
                WHERE m.campaign_id = ?
                """
            var arguments: StatementArguments = [id]
            if let controls {
                sql += " AND m.member_group = ?"
                arguments += [controls ? "control" : "target"]
            }
            if let region {
                sql += " AND c.region = ?"
                arguments += [region]
            }
            sql += " ORDER BY m.customer_id"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                CampaignMember(
                    customerID: row[0], name: row[1] ?? "", region: row[2] ?? "", phone: row[3] ?? "",
                    isControl: row[4] == "control", bucket: row[5], contactedAt: row[6], outcome: row[7],
                    note: row[8])
            }
        }
    }

    /// The call list: target members in this node's scope (its regions on an office, everything at headquarters);
    /// never control members.
    public func callList(_ id: String) throws -> [CampaignMember] {
        let campaign = try existing(id)
        guard campaign.launchedOn != nil else { throw CampaignError.notLaunched(id) }
        let scope = replica.identity.scope
        return try members(id, controls: false).filter { scope.contains($0.region) }
    }

    /// Records a contact with a target member: its outcome, when, and an optional note (each a replicated cell,
    /// so concurrent edits on two nodes resolve per field).
    public func contact(_ id: String, customer: String, outcome: String, note: String? = nil) throws {
        let campaign = try existing(id)
        guard campaign.launchedOn != nil else { throw CampaignError.notLaunched(id) }
        let values = try Self.contactValues(outcome: outcome, note: note)
        try replica.write { writer in try Self.recordContact(writer, campaign: id, customer: customer, values: values) }
    }

    static func contactValues(outcome: String, note: String?) throws(CampaignError) -> [String: DatabaseValue] {
        guard CRMVocabulary.contactOutcomes.contains(outcome) else { throw .invalidOutcome(outcome) }
        var values: [String: DatabaseValue] = ["outcome": outcome.databaseValue]
        if let note, !note.isEmpty {
            guard note.utf8.count <= maxNoteBytes else {
                throw .noteTooLong(bytes: note.utf8.count, limit: maxNoteBytes)
            }
            values["note"] = note.databaseValue
        }
        return values
    }

    static func recordContact(
        _ writer: LocalWriter, campaign: String, customer: String, values: [String: DatabaseValue]
    ) throws {
        guard
            let group = try writer.read({
                try String.fetchOne(
                    $0, sql: "SELECT member_group FROM campaign_members WHERE campaign_id = ? AND customer_id = ?",
                    arguments: [campaign, customer])
            })
        else { throw CampaignError.notMember(campaign: campaign, customer: customer) }
        guard group == "target" else { throw CampaignError.controlMember(campaign: campaign, customer: customer) }
        var values = values
        values["contacted_at"] = writer.nowISO().databaseValue
        try writer.update(.campaignMembers, key: [campaign, customer], values: values)
    }
}
